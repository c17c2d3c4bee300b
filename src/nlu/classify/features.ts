// Features of a short, noisy message: words, their stems, word pairs, and character n-grams inside
// word boundaries (which survive typos, missing half-spaces and spoken endings). Each feature is a
// 32-bit FNV-1a hash computed straight from the characters, so no feature string is ever built:
// classification stays in microseconds. Collisions at 32 bits are rare enough to ignore.
import { stem, tokenize, type Lexicon } from '../tokenize/index.js';

const MIN_GRAM = 2;
const MAX_GRAM = 4;
const CHAR_GRAM_WEIGHT = 0.5;

/** Feature hash → count. */
export type FeatureCounts = Map<number, number>;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
// Each kind of feature starts from its own seed, so "w:x" and "c:x" never share a hash.
const SEED = { word: 1, stem: 2, pair: 3, char: 4, entity: 5, flag: 6, ask: 7 } as const;

function mix(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME) >>> 0;
}

function hashString(seed: number, text: string, from = 0, to = text.length): number {
  let h = mix(FNV_OFFSET, seed);
  for (let i = from; i < to; i++) h = mix(h, text.charCodeAt(i));
  return h;
}

function add(counts: FeatureCounts, feature: number, weight = 1): void {
  counts.set(feature, (counts.get(feature) ?? 0) + weight);
}

const SPACE = 0x20;
const WORD_BOUNDARY = 0x7c; // between the two words of a pair

/** Features of a matching key (and its Persian transliteration), plus the kinds of entity found. */
export function extractFeatures(key: string, lexicon?: Lexicon, entityTypes: readonly string[] = []): FeatureCounts {
  const counts: FeatureCounts = new Map();
  for (const type of entityTypes) add(counts, hashString(SEED.entity, type));
  const tokens = tokenize(key);
  const words = tokens.filter((t) => t !== '?' && t !== '!');
  if (tokens.includes('?')) add(counts, hashString(SEED.flag, '?'));
  if (words.length <= 2) add(counts, hashString(SEED.flag, `len${words.length}`));

  let previous = hashString(SEED.pair, '^');
  for (const token of words) {
    const isNumber = /^\d/.test(token);
    const word = isNumber ? (token.length >= 5 ? '#longnum' : '#num') : token;
    add(counts, hashString(SEED.word, word));
    if (!isNumber) {
      const s = stem(word, lexicon);
      if (s !== word) add(counts, hashString(SEED.stem, s));
      addCharGrams(counts, word);
    }
    add(counts, mix(mix(previous, WORD_BOUNDARY), hashString(SEED.word, word)));
    previous = hashString(SEED.pair, word);
  }
  add(counts, mix(mix(previous, WORD_BOUNDARY), hashString(SEED.flag, '$')));
  addAskFeatures(counts, key, lexicon);
  return counts;
}

// In a long message the request is usually the last sentence (or the one with a question mark):
// "I saw your story yesterday, my skin is sensitive… is this cream good for oily skin?". Its
// words count once more, as features of their own.
const SENTENCE = /[^.!?؟\n،,]+[.!?؟]*/g;
const MIN_WORDS_FOR_ASK = 8;

function addAskFeatures(counts: FeatureCounts, key: string, lexicon?: Lexicon): void {
  const sentences = key.match(SENTENCE)?.map((s) => s.trim()).filter(Boolean) ?? [];
  if (sentences.length < 2 || tokenize(key).length < MIN_WORDS_FOR_ASK) return;
  const ask = [...sentences].reverse().find((s) => /[?؟]/.test(s)) ?? sentences[sentences.length - 1]!;
  for (const token of tokenize(ask)) {
    if (token === '?' || token === '!' || /^\d/.test(token)) continue;
    add(counts, hashString(SEED.ask, stem(token, lexicon)));
  }
}

/** n-grams of " word " for n in MIN_GRAM..MAX_GRAM, hashed incrementally from each start. */
function addCharGrams(counts: FeatureCounts, word: string): void {
  const length = word.length + 2;
  const codeAt = (i: number) => (i === 0 || i === length - 1 ? SPACE : word.charCodeAt(i - 1));
  for (let start = 0; start + MIN_GRAM <= length; start++) {
    let h = mix(FNV_OFFSET, SEED.char);
    for (let n = 1; n <= MAX_GRAM && start + n <= length; n++) {
      h = mix(h, codeAt(start + n - 1));
      if (n >= MIN_GRAM) add(counts, h, CHAR_GRAM_WEIGHT);
    }
  }
}
