// Tokens of a matching key (see normalize/key.ts): words in any script, numbers (with a decimal
// part), and the question and exclamation marks, which carry intent in short chat messages.
const TOKEN = /[\p{L}\p{M}]+|\d+(?:\.\d+)?|[?!]/gu;

export function tokenize(key: string): string[] {
  return key.match(TOKEN) ?? [];
}
