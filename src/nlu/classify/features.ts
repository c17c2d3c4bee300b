// Features of a short, noisy message: words, their stems, word pairs, and character n-grams inside
// word boundaries (which survive typos, missing half-spaces and spoken endings). Each feature is a
// 32-bit FNV-1a hash computed straight from the characters, so no feature string is ever built:
// classification stays in microseconds. Collisions at 32 bits are rare enough to ignore.
import { stem, tokenize, tokenSpans, TokenSpans, type Lexicon } from '../tokenize/index.js';

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

const SPACE = 0x20;
const WORD_BOUNDARY = 0x7c; // between the two words of a pair
const QUESTION_FLAG = hashString(SEED.flag, '?');
const LENGTH_FLAGS = [hashString(SEED.flag, 'len0'), hashString(SEED.flag, 'len1'), hashString(SEED.flag, 'len2')];
const FIRST_PAIR = hashString(SEED.pair, '^');
const LAST_WORD = hashString(SEED.flag, '$');
const NUMBER_WORDS = { short: hashString(SEED.word, '#num'), long: hashString(SEED.word, '#longnum') };
const NUMBER_PAIRS = { short: hashString(SEED.pair, '#num'), long: hashString(SEED.pair, '#longnum') };

/**
 * Features of one message (hashes, or what the extractor resolved them to), in the order they were
 * found (one may repeat): a growable pair of typed arrays reused for every message, so a call
 * allocates nothing.
 */
export class FeatureBuffer {
  hashes = new Uint32Array(256);
  weights = new Float64Array(256);
  length = 0;

  push(hash: number, weight: number): void {
    if (this.length === this.hashes.length) {
      const hashes = new Uint32Array(this.length * 2);
      const weights = new Float64Array(this.length * 2);
      hashes.set(this.hashes);
      weights.set(this.weights);
      this.hashes = hashes;
      this.weights = weights;
    }
    this.hashes[this.length] = hash;
    this.weights[this.length] = weight;
    this.length += 1;
  }

  /** Appends hashes[i] with weights[i] for every i: one copy, not a push per feature. */
  append(hashes: Uint32Array, weights: Float64Array): void {
    const length = this.length + hashes.length;
    if (length > this.hashes.length) {
      let size = this.hashes.length * 2;
      while (size < length) size *= 2;
      const grownHashes = new Uint32Array(size);
      const grownWeights = new Float64Array(size);
      grownHashes.set(this.hashes.subarray(0, this.length));
      grownWeights.set(this.weights.subarray(0, this.length));
      this.hashes = grownHashes;
      this.weights = grownWeights;
    }
    this.hashes.set(hashes, this.length);
    this.weights.set(weights, this.length);
    this.length = length;
  }
}

/** What one word contributes, whatever message it is in. */
interface WordFeatures {
  token: string;
  /** Its word hash; the pair feature joins the previous word's `pairSeed` with it. */
  word: number;
  pairSeed: number;
  /** Resolved (see createFeatureExtractor): its word feature, the stem (when it differs) and the character n-grams with their weights, and its feature in the asking sentence of a long message. */
  wordFeature: number;
  own: Uint32Array;
  ownWeights: Float64Array;
  ask: number;
}

// Customers repeat the same few thousand words: what a word contributes is computed once.
const WORD_CACHE_SIZE = 20_000;

/**
 * The words remembered, found by their word hash straight from the message's characters (no
 * string per token and no Map hashing of it), the word itself compared to tell collisions apart.
 */
class WordTable {
  // Open addressing with room to spare: slot → entry index + 1, 0 when empty.
  private readonly slots = new Int32Array(1 << 15);
  private readonly entries: WordFeatures[] = [];

  get size(): number {
    return this.entries.length;
  }

  /** The entry of key.slice(from, to), whose word hash is `hash`. */
  get(hash: number, key: string, from: number, to: number): WordFeatures | undefined {
    const mask = this.slots.length - 1;
    for (let s = (hash ^ (hash >>> 15)) & mask; ; s = (s + 1) & mask) {
      const e = this.slots[s]!;
      if (e === 0) return undefined;
      const entry = this.entries[e - 1]!;
      if (entry.word === hash && entry.token.length === to - from && key.startsWith(entry.token, from)) return entry;
    }
  }

  add(entry: WordFeatures): void {
    const mask = this.slots.length - 1;
    let s = (entry.word ^ (entry.word >>> 15)) & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.entries.push(entry);
    this.slots[s] = this.entries.length;
  }

  clear(): void {
    this.slots.fill(0);
    this.entries.length = 0;
  }
}

/** Extracts features with one lexicon (the stemmer's), remembering each word's share. */
export interface FeatureExtractor {
  /** Appends the features of a matching key (and its transliteration) to `out`, after clearing it. */
  extract(key: string, entityTypes: readonly string[], out: FeatureBuffer): void;
}

/**
 * `resolve` maps a feature's hash to what `extract` emits, or to -1 to drop it: a model's index of
 * the feature, so words remembered by the extractor carry their indices and are never looked up
 * again. By default the hash itself.
 */
export function createFeatureExtractor(lexicon?: Lexicon, resolve: (hash: number) => number = (hash) => hash): FeatureExtractor {
  const cache = new WordTable();
  const spans = new TokenSpans();
  const scratch = new FeatureBuffer();
  const own = new FeatureBuffer();
  const emit = (out: FeatureBuffer, hash: number, weight: number) => {
    const resolved = resolve(hash);
    if (resolved !== -1) out.push(resolved, weight);
  };

  /** The features of key.slice(from, to), a word. */
  const wordAt = (key: string, from: number, to: number): WordFeatures => {
    const word = hashString(SEED.word, key, from, to);
    return cache.get(word, key, from, to) ?? computeWord(key.slice(from, to), word);
  };
  const wordFeatures = (token: string): WordFeatures => wordAt(token, 0, token.length);

  const computeWord = (token: string, word: number): WordFeatures => {
    scratch.length = 0;
    const s = stem(token, lexicon);
    if (s !== token) scratch.push(hashString(SEED.stem, s), 1);
    addCharGrams(scratch, token);
    own.length = 0;
    for (let i = 0; i < scratch.length; i++) emit(own, scratch.hashes[i]!, scratch.weights[i]!);
    const computed: WordFeatures = {
      token,
      word,
      wordFeature: resolve(word),
      pairSeed: hashString(SEED.pair, token),
      own: own.hashes.slice(0, own.length),
      ownWeights: own.weights.slice(0, own.length),
      ask: resolve(hashString(SEED.ask, s)),
    };
    if (cache.size >= WORD_CACHE_SIZE) cache.clear();
    cache.add(computed);
    return computed;
  };

  return {
    extract(key, entityTypes, out) {
      out.length = 0;
      for (const type of entityTypes) emit(out, hashString(SEED.entity, type), 1);
      // The tokens are read where they are in the key; one that starts with ? or ! is that mark alone.
      tokenSpans(key, spans);
      const { starts, ends, length: tokens } = spans;
      let words = 0;
      let question = false;
      for (let k = 0; k < tokens; k++) {
        const c = key.charCodeAt(starts[k]!);
        if (c === QUESTION) question = true;
        else if (c !== EXCLAMATION) words += 1;
      }
      if (question) emit(out, QUESTION_FLAG, 1);
      if (words <= 2) emit(out, LENGTH_FLAGS[words]!, 1);

      let previous = FIRST_PAIR;
      for (let k = 0; k < tokens; k++) {
        const from = starts[k]!;
        const to = ends[k]!;
        const c = key.charCodeAt(from);
        if (c === QUESTION || c === EXCLAMATION) continue;
        if (isDigit(c)) {
          const long = to - from >= 5;
          const word = long ? NUMBER_WORDS.long : NUMBER_WORDS.short;
          emit(out, word, 1);
          emit(out, mix(mix(previous, WORD_BOUNDARY), word), 1);
          previous = long ? NUMBER_PAIRS.long : NUMBER_PAIRS.short;
          continue;
        }
        const f = wordAt(key, from, to);
        if (f.wordFeature !== -1) out.push(f.wordFeature, 1);
        out.append(f.own, f.ownWeights);
        emit(out, mix(mix(previous, WORD_BOUNDARY), f.word), 1);
        previous = f.pairSeed;
      }
      emit(out, mix(mix(previous, WORD_BOUNDARY), LAST_WORD), 1);
      if (tokens >= MIN_WORDS_FOR_ASK) addAskFeatures(out, key, wordFeatures);
    },
  };
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const QUESTION = 0x3f;
const EXCLAMATION = 0x21;

/** Features of a matching key (and its Persian transliteration), plus the kinds of entity found. */
export function extractFeatures(key: string, lexicon?: Lexicon, entityTypes: readonly string[] = []): FeatureCounts {
  const buffer = new FeatureBuffer();
  createFeatureExtractor(lexicon).extract(key, entityTypes, buffer);
  const counts: FeatureCounts = new Map();
  for (let i = 0; i < buffer.length; i++) counts.set(buffer.hashes[i]!, (counts.get(buffer.hashes[i]!) ?? 0) + buffer.weights[i]!);
  return counts;
}

// In a long message the request is usually the last sentence (or the one with a question mark):
// "I saw your story yesterday, my skin is sensitive… is this cream good for oily skin?". Its
// words count once more, as features of their own.
const SENTENCE = /[^.!?؟\n،,]+[.!?؟]*/g;
const MIN_WORDS_FOR_ASK = 8;

function addAskFeatures(out: FeatureBuffer, key: string, wordFeatures: (token: string) => WordFeatures): void {
  const sentences = key.match(SENTENCE)?.map((s) => s.trim()).filter(Boolean) ?? [];
  if (sentences.length < 2) return;
  const ask = [...sentences].reverse().find((s) => /[?؟]/.test(s)) ?? sentences[sentences.length - 1]!;
  for (const token of tokenize(ask)) {
    if (token === '?' || token === '!' || isDigit(token.charCodeAt(0))) continue;
    const ask = wordFeatures(token).ask;
    if (ask !== -1) out.push(ask, 1);
  }
}

/** n-grams of " word " for n in MIN_GRAM..MAX_GRAM, hashed incrementally from each start. */
function addCharGrams(out: FeatureBuffer, word: string): void {
  const length = word.length + 2;
  for (let start = 0; start + MIN_GRAM <= length; start++) {
    let h = mix(FNV_OFFSET, SEED.char);
    for (let n = 1; n <= MAX_GRAM && start + n <= length; n++) {
      const i = start + n - 1;
      h = mix(h, i === 0 || i === length - 1 ? SPACE : word.charCodeAt(i - 1));
      if (n >= MIN_GRAM) out.push(h, CHAR_GRAM_WEIGHT);
    }
  }
}
