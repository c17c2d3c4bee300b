// Tokens of a matching key (see normalize/key.ts): words in any script, numbers (with a decimal
// part), and the question and exclamation marks, which carry intent in short chat messages.
const TOKEN = /[\p{L}\p{M}]+|\d+(?:\.\d+)?|[?!]/gu;

// Whether each UTF-16 code unit is a letter or mark (\p{L}\p{M}), filled 256 code units at a time
// as they first occur: a scan of a message reads a table instead of running a Unicode regex.
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;
const letterOrMark = new Uint8Array(0x10000);
const blockReady = new Uint8Array(0x100);
const SURROGATE = /[\uD800-\uDFFF]/;

function isLetterOrMark(code: number): boolean {
  const block = code >> 8;
  if (blockReady[block] === 0) {
    for (let c = block << 8, end = c + 0x100; c < end; c++) letterOrMark[c] = LETTER_OR_MARK.test(String.fromCharCode(c)) ? 1 : 0;
    blockReady[block] = 1;
  }
  return letterOrMark[code] === 1;
}

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

/** Tokens of a key; the same as matching TOKEN, by a scan (text with astral characters takes the regex). */
export function tokenize(key: string): string[] {
  // One scan for both readers: the spans, then their strings.
  tokenSpans(key, scratch);
  const tokens = new Array<string>(scratch.length);
  for (let k = 0; k < scratch.length; k++) tokens[k] = key.slice(scratch.starts[k], scratch.ends[k]);
  return tokens;
}

/**
 * Where the tokens of a key are, in order: token k is key.slice(starts[k], ends[k]). A pair of
 * growable arrays reused from message to message, for a caller that reads the tokens in place.
 */
export class TokenSpans {
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  length = 0;

  push(start: number, end: number): void {
    if (this.length === this.starts.length) {
      const starts = new Int32Array(this.length * 2);
      const ends = new Int32Array(this.length * 2);
      starts.set(this.starts);
      ends.set(this.ends);
      this.starts = starts;
      this.ends = ends;
    }
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.length += 1;
  }
}

// tokenize's spans, reused from call to call (a call is synchronous and reads them before returning).
const scratch = new TokenSpans();

/** The tokens of a key as tokenize reads them, as spans in `out` (cleared first): no strings. */
export function tokenSpans(key: string, out: TokenSpans): void {
  out.length = 0;
  if (SURROGATE.test(key)) {
    for (const m of key.matchAll(TOKEN)) out.push(m.index, m.index + m[0].length);
    return;
  }
  const n = key.length;
  let i = 0;
  while (i < n) {
    const c = key.charCodeAt(i);
    if (isLetterOrMark(c)) {
      let j = i + 1;
      while (j < n && isLetterOrMark(key.charCodeAt(j))) j++;
      out.push(i, j);
      i = j;
    } else if (isDigit(c)) {
      let j = i + 1;
      while (j < n && isDigit(key.charCodeAt(j))) j++;
      if (j + 1 < n && key.charCodeAt(j) === 0x2e && isDigit(key.charCodeAt(j + 1))) {
        j += 2;
        while (j < n && isDigit(key.charCodeAt(j))) j++;
      }
      out.push(i, j);
      i = j;
    } else {
      if (c === 0x3f || c === 0x21) out.push(i, i + 1);
      i++;
    }
  }
}

export interface Token {
  text: string;
  start: number;
  end: number;
}

/** Tokens with their place in the key, for entities that point back into the text. */
export function tokenizeWithOffsets(key: string): Token[] {
  return [...key.matchAll(TOKEN)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}
