// Patterns that begin «not after a letter» and then one of a few known characters, such as
// /(?<![\p{L}])(اس|ام|ال)…/gu, are tried by a global scan at every character of every message,
// lookbehind first. A scanner runs the same pattern (sticky) only where it can start: at one of its
// first characters not preceded by a letter. Everywhere else the global scan fails anyway, so the
// matches are exactly key.matchAll(pattern)'s, found at a fraction of the cost.

/** The matches of a word-start pattern, as key.matchAll(pattern) yields them. */
export interface WordStartScanner {
  /** The global pattern (exported for the tests that compare the two). */
  readonly pattern: RegExp;
  matches(key: string): RegExpExecArray[];
}

// Whether each UTF-16 code unit is a letter (\p{L}; surrogates are not), filled 256 at a time.
const LETTER = /\p{L}/u;
const isLetterUnit = new Uint8Array(0x10000);
const blockReady = new Uint8Array(0x100);

/** Whether a UTF-16 code unit is a letter (\\p{L}); surrogate halves are not. */
export function isLetter(code: number): boolean {
  const block = code >> 8;
  if (blockReady[block] === 0) {
    for (let c = block << 8, end = c + 0x100; c < end; c++) isLetterUnit[c] = LETTER.test(String.fromCharCode(c)) ? 1 : 0;
    blockReady[block] = 1;
  }
  return isLetterUnit[code] === 1;
}

/** A table with a 1 at each of these code units (as long as the largest needs). */
export function startTable(codes: readonly number[]): Uint8Array {
  const table = new Uint8Array(Math.max(-1, ...codes) + 1);
  for (const c of codes) table[c] = 1;
  return table;
}

/**
 * A scanner for `pattern` (global, unicode), which must begin with a lookbehind that fails after any
 * letter and can only match from a character in `firsts` (the first characters of its alternatives).
 */
export function wordStartScanner(pattern: RegExp, firsts: Iterable<string>): WordStartScanner {
  const starts = startTable([...firsts].map((s) => s.charCodeAt(0)));
  const sticky = new RegExp(pattern.source, `${pattern.flags.replace('g', '')}y`);
  return {
    pattern,
    matches(key) {
      const found: RegExpExecArray[] = [];
      for (let i = 0; i < key.length; i++) {
        const code = key.charCodeAt(i);
        if (code >= starts.length || starts[code] === 0 || (i > 0 && isLetter(key.charCodeAt(i - 1)))) continue;
        sticky.lastIndex = i;
        const m = sticky.exec(key);
        if (!m) continue;
        found.push(m);
        // Go on where the match ends, as a global scan does (a match is never empty here).
        i = Math.max(i, m.index + m[0].length - 1);
      }
      return found;
    },
  };
}
