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
  if (SURROGATE.test(key)) return key.match(TOKEN) ?? [];
  const tokens: string[] = [];
  const n = key.length;
  let i = 0;
  while (i < n) {
    const c = key.charCodeAt(i);
    if (isLetterOrMark(c)) {
      let j = i + 1;
      while (j < n && isLetterOrMark(key.charCodeAt(j))) j++;
      tokens.push(key.slice(i, j));
      i = j;
    } else if (isDigit(c)) {
      let j = i + 1;
      while (j < n && isDigit(key.charCodeAt(j))) j++;
      if (j + 1 < n && key.charCodeAt(j) === 0x2e && isDigit(key.charCodeAt(j + 1))) {
        j += 2;
        while (j < n && isDigit(key.charCodeAt(j))) j++;
      }
      tokens.push(key.slice(i, j));
      i = j;
    } else {
      if (c === 0x3f || c === 0x21) tokens.push(c === 0x3f ? '?' : '!');
      i++;
    }
  }
  return tokens;
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
