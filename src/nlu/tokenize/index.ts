export { tokenize, tokenizeWithOffsets, type Token } from './tokenize.js';
export { stem, type Lexicon } from './stem.js';
