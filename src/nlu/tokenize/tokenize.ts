// Tokens of a matching key (see normalize/key.ts): words in any script, numbers (with a decimal
// part), and the question and exclamation marks, which carry intent in short chat messages.
const TOKEN = /[\p{L}\p{M}]+|\d+(?:\.\d+)?|[?!]/gu;

export function tokenize(key: string): string[] {
  return key.match(TOKEN) ?? [];
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
