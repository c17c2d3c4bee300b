export { tokenize, tokenizeWithOffsets, tokenSpans, TokenSpans, type Token } from './tokenize.js';
export { stem, type Lexicon } from './stem.js';
