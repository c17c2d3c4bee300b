export { detectScript, type Script } from './detect.js';
export { buildFinglishIndex, transliterate, type Candidate, type FinglishIndex } from './transliterate.js';
export { latinSkeleton, persianSkeleton } from './skeleton.js';
export { renderFinglish } from './render.js';
export { FINGLISH_EXTRA_PERSIAN } from './lexicon.js';
