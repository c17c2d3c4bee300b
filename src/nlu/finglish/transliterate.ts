// Finglish → Persian script. Every Finglish word has many possible spellings, so instead of
// generating them all, each word is looked up by consonant skeleton in a vocabulary of Persian
// words the caller cares about (the intents' words, the catalog's names) and the closest one wins.
import { foldRepeats } from './lexicon.js';
import { renderFinglish } from './render.js';
import { latinSkeleton, persianSkeleton } from './skeleton.js';

export interface Candidate {
  word: string;
  /** Similarity to the rule-based spelling, less a penalty per consonant of difference; about 0–1. */
  score: number;
  /** True when the candidate is the rule-based spelling itself, not a vocabulary word. */
  rendered: boolean;
}

export interface FinglishIndex {
  /** Persian candidates for one Finglish word, best first (at most `limit`). */
  candidates(word: string, limit?: number): string[];
  /** The same, with scores. */
  scored(word: string, limit?: number): Candidate[];
}

const LATIN_WORD = /^[a-z]+$/;
const MIN_SKELETON_FOR_TYPO = 3;
// Customers repeat the same few hundred words: remember the answers.
const CACHE_SIZE = 10_000;

function deletions(skeleton: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < skeleton.length; i++) out.push(skeleton.slice(0, i) + skeleton.slice(i + 1));
  return out;
}

function bigrams(word: string): Set<string> {
  const padded = ` ${word} `;
  const out = new Set<string>();
  for (let i = 0; i < padded.length - 1; i++) out.add(padded.slice(i, i + 2));
  return out;
}

function dice(x: ReadonlySet<string>, y: ReadonlySet<string>): number {
  let shared = 0;
  for (const g of x) if (y.has(g)) shared += 1;
  return (2 * shared) / (x.size + y.size);
}

/** Index a vocabulary of Persian words (matching-key form); frequencies break ties. */
export function buildFinglishIndex(vocabulary: Iterable<string>): FinglishIndex {
  const frequency = new Map<string, number>();
  for (const word of vocabulary) frequency.set(word, (frequency.get(word) ?? 0) + 1);

  const exact = new Map<string, string[]>();
  const near = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, word: string) => {
    const list = map.get(key);
    if (list) {
      if (!list.includes(word)) list.push(word);
    } else map.set(key, [word]);
  };
  for (const word of frequency.keys()) {
    const skeleton = persianSkeleton(word);
    if (skeleton.length === 0) continue;
    add(exact, skeleton, word);
    if (skeleton.length >= MIN_SKELETON_FOR_TYPO) for (const d of deletions(skeleton)) add(near, d, word);
  }

  const bigramsOf = new Map<string, Set<string>>();
  const cachedBigrams = (word: string) => {
    let set = bigramsOf.get(word);
    if (!set) bigramsOf.set(word, (set = bigrams(word)));
    return set;
  };

  function rank(word: string): Candidate[] {
    const rendered = renderFinglish(word);
    const renderedBigrams = bigrams(rendered);
    const skeleton = latinSkeleton(word);
    const scored = new Map<string, number>();
    const score = (candidate: string, distance: number) => {
      const s = dice(renderedBigrams, cachedBigrams(candidate)) - distance * 0.5 + Math.log1p(frequency.get(candidate) ?? 0) * 0.01;
      if (s > (scored.get(candidate) ?? -Infinity)) scored.set(candidate, s);
    };
    for (const c of exact.get(skeleton) ?? []) score(c, 0);
    // Only when no word shares the skeleton: one consonant more, less or different.
    if (scored.size === 0 && skeleton.length >= MIN_SKELETON_FOR_TYPO) {
      for (const c of near.get(skeleton) ?? []) score(c, 1);
      for (const d of deletions(skeleton)) {
        for (const c of exact.get(d) ?? []) score(c, 1);
        for (const c of near.get(d) ?? []) score(c, 1.5);
      }
    }
    const best = [...scored].sort((a, b) => b[1] - a[1]).map(([c, score]) => ({ word: c, score, rendered: false }));
    if (!best.some((c) => c.word === rendered)) best.push({ word: rendered, score: 0, rendered: true });
    return best;
  }

  // Two generations (see toKey's cache): a full one is set aside rather than emptied one entry at a time.
  let cache = new Map<string, Candidate[]>();
  let older = new Map<string, Candidate[]>();
  const scoredCandidates = (raw: string, limit = 3): Candidate[] => {
    const word = foldRepeats(raw.toLowerCase());
    if (!LATIN_WORD.test(word)) return [];
    let ranked = cache.get(word);
    if (!ranked) {
      ranked = older.get(word) ?? rank(word);
      if (cache.size >= CACHE_SIZE) {
        older = cache;
        cache = new Map();
      }
      cache.set(word, ranked);
    }
    return ranked.slice(0, limit);
  };
  return {
    scored: scoredCandidates,
    candidates: (raw, limit = 3) => scoredCandidates(raw, limit).map((c) => c.word),
  };
}

// Short function words whose consonants many content words share: by the letters alone «dar»
// reads «دار» (has), «ba» «با» or «با» (…), so they are read as the word they nearly always are.
const PARTICLES: Readonly<Record<string, string>> = { dar: 'در', az: 'از', be: 'به', ke: 'که', va: 'و', ta: 'تا', ro: 'رو', ra: 'را', ye: 'یه', ba: 'با', ham: 'هم', ya: 'یا' };

/** A Finglish message in Persian script: each Latin word replaced by its best candidate. */
export function transliterate(text: string, index: FinglishIndex): string {
  return text.replace(/[A-Za-z]+/g, (word) => PARTICLES[word.toLowerCase()] ?? index.candidates(word, 1)[0] ?? word);
}
