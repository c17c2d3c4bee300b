// Features of a short, noisy message: words, their stems, word pairs, and character n-grams inside
// word boundaries (which survive typos, missing half-spaces and spoken endings). Counts are
// sublinear; the model's vocabulary decides which features exist.
import { stem, tokenize, type Lexicon } from '../tokenize/index.js';

const MIN_GRAM = 2;
const MAX_GRAM = 4;

export type FeatureCounts = Map<string, number>;

function add(counts: FeatureCounts, feature: string, weight = 1): void {
  counts.set(feature, (counts.get(feature) ?? 0) + weight);
}

/** Features of a matching key (and its Persian transliteration), plus the kinds of entity found. */
export function extractFeatures(key: string, lexicon?: Lexicon, entityTypes: readonly string[] = []): FeatureCounts {
  const counts: FeatureCounts = new Map();
  for (const type of entityTypes) add(counts, `E:${type}`);
  const tokens = tokenize(key);
  const words = tokens.filter((t) => t !== '?' && t !== '!');
  if (tokens.includes('?')) add(counts, 'Q');
  if (words.length <= 2) add(counts, `LEN${words.length}`);

  let previous = '^';
  for (const token of words) {
    const isNumber = /^\d/.test(token);
    const word = isNumber ? (token.length >= 5 ? '#LONGNUM' : '#NUM') : token;
    add(counts, `w:${word}`);
    if (!isNumber) {
      const s = stem(word, lexicon);
      if (s !== word) add(counts, `s:${s}`);
      const padded = ` ${word} `;
      for (let n = MIN_GRAM; n <= MAX_GRAM; n++) {
        for (let i = 0; i + n <= padded.length; i++) add(counts, `c:${padded.slice(i, i + n)}`, 0.5);
      }
    }
    add(counts, `b:${previous}|${word}`);
    previous = word;
  }
  add(counts, `b:${previous}|$`);
  return counts;
}
