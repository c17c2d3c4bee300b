export { tokenize } from './tokenize.js';
export { stem, type Lexicon } from './stem.js';
