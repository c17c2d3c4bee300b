// Intent classifier: TF-IDF weighted word, stem, word-pair and character n-gram features of the
// matching key, a softmax linear model, and a confidence threshold below which the answer is
// out_of_scope. Finglish messages are classified on their Latin text and its Persian
// transliteration together, so Persian-only training examples teach Finglish too.
import { buildFinglishIndex, detectScript, FINGLISH_EXTRA_PERSIAN, transliterate, type FinglishIndex } from '../finglish/index.js';
import { extractEntities } from '../entities/index.js';
import type { IntentData } from '../intents/index.js';
import { toKey } from '../normalize/index.js';
import { tokenize } from '../tokenize/index.js';
import { createFeatureExtractor, FeatureBuffer, type FeatureCounts } from './features.js';
import { softmax, trainSoftmaxSteps, type SoftmaxModel, type SparseVector } from './softmax.js';

export const OUT_OF_SCOPE = 'out_of_scope';

export interface Alternative {
  intent: string;
  confidence: number;
}

export interface Prediction {
  /** The best intent, or out_of_scope when the model is not confident enough. */
  intent: string;
  confidence: number;
  /** The best in-scope intents, most likely first (the top intent included). */
  alternatives: Alternative[];
  /** Probability of the explicit out_of_scope class (0 without one): how sure the model is that the message is about something else. */
  outside: number;
}

/**
 * From this out_of_scope probability on, a message is about something else (an alarm, the
 * weather): callers should not reinterpret it as a product mention.
 */
export const SURELY_OUTSIDE = 0.9;
// Words that ask what a shop answers: price, stock, an order, sending, paying, returns, a discount.
const SHOP_CUE = /قیمت|چند|چنده|دارین|دارید|داری|موجود|سفارش|ارسال|پرداخت|تخفیف|هزینه|ثبت ?نام|مرجوع|تعویض|price|order|darid|darin|gheymat|chande|ersal/;
// How sure the best shop intent must be for such a word to carry the message back into scope.
const SHOP_CUE_RUNNER_UP = 0.2;

export interface ClassifierOptions {
  /** Below this probability the answer is out_of_scope. */
  threshold: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** Features seen in fewer training examples are dropped. */
  minDocumentFrequency: number;
  /**
   * Models trained on differently shuffled orders (seeds seed, seed+1, …) whose weights are
   * averaged: the same cost per message, less chance for a borderline one to flip.
   */
  shuffles: number;
}

export const DEFAULT_CLASSIFIER_OPTIONS: ClassifierOptions = {
  threshold: 0.35,
  epochs: 8,
  learningRate: 0.5,
  l2: 3e-6,
  seed: 7,
  minDocumentFrequency: 1,
  shuffles: 3,
};

export interface IntentClassifier {
  readonly intents: readonly string[];
  readonly threshold: number;
  /** Persian words of the training examples (matching-key form). */
  readonly vocabulary: ReadonlySet<string>;
  classify(text: string, top?: number): Prediction;
  /** The text the model sees from a matching key: the key, plus a transliteration for Finglish. */
  prepareKey(key: string): string;
  /**
   * Classifies prepared text (see prepareKey) given the kinds of entity found in it; lets a caller
   * that already extracted entities avoid doing it twice.
   */
  classifyPrepared(prepared: string, entityTypes: readonly string[], top?: number): Prediction;
  /** The trained model, as the model cache stores it. */
  readonly model: ClassifierModel;
}

/**
 * Everything a trained classifier is made of, as plain data and typed arrays: what the model
 * cache stores (model-cache.ts), so a start with unchanged training data does not train again.
 */
export interface ClassifierModel {
  intents: string[];
  /** The family (counts_as root) of each intent. */
  families: string[];
  threshold: number;
  /** The training examples' Persian words (matching-key form), first seen first, and how often each occurs. */
  words: string[];
  wordCounts: number[];
  /** Feature i's hash (see features.ts). */
  featureHashes: Uint32Array;
  idf: Float64Array;
  /** features × classes, row-major by feature: weights[f * classes + c]. */
  weights: Float32Array;
  bias: Float64Array;
}

/** Trains a classifier (synchronously: seconds for the bundled intents; see trainClassifierAsync). */
export function trainClassifier(data: readonly IntentData[], options: Partial<ClassifierOptions> = {}): IntentClassifier {
  const steps = trainModel(data, { ...DEFAULT_CLASSIFIER_OPTIONS, ...options });
  for (;;) {
    const step = steps.next();
    if (step.done) return classifierFromModel(step.value);
  }
}

/**
 * The same model as trainClassifier, trained in short steps with `pause()` awaited between them,
 * so a server keeps answering while it re-trains.
 */
export async function trainClassifierAsync(
  data: readonly IntentData[],
  options: Partial<ClassifierOptions> = {},
  pause: () => Promise<void> = () => new Promise((resolve) => setImmediate(resolve)),
): Promise<IntentClassifier> {
  const steps = trainModel(data, { ...DEFAULT_CLASSIFIER_OPTIONS, ...options });
  for (;;) {
    const step = steps.next();
    if (step.done) return classifierFromModel(step.value);
    await pause();
  }
}

// Examples prepared between two pauses of a step-wise training.
const EXAMPLES_PER_STEP = 256;

function* trainModel(data: readonly IntentData[], opts: ClassifierOptions): Generator<void, ClassifierModel> {
  const intents = data.map((d) => d.intent);
  const keys: string[][] = [];
  let done = 0;
  for (const d of data) {
    const list: string[] = [];
    for (const example of d.examples) {
      list.push(toKey(example));
      if (++done % EXAMPLES_PER_STEP === 0) yield;
    }
    keys.push(list);
  }

  const persianWords = keys.flat().flatMap((k) => tokenize(k)).filter((t) => PERSIAN_WORD.test(t));
  const wordCounts = new Map<string, number>();
  for (const w of persianWords) wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
  const lexicon = new Set(persianWords);
  const prepareKey = preparer(() => buildFinglishIndex([...persianWords, ...FINGLISH_EXTRA_PERSIAN]));
  const extractor = createFeatureExtractor(lexicon);
  const buffer = new FeatureBuffer();

  const counted: FeatureCounts[][] = [];
  for (const list of keys) {
    const features: FeatureCounts[] = [];
    for (const key of list) {
      const prepared = prepareKey(key);
      extractor.extract(prepared, entityTypesOf(prepared), buffer);
      const counts: FeatureCounts = new Map();
      for (let i = 0; i < buffer.length; i++) counts.set(buffer.hashes[i]!, (counts.get(buffer.hashes[i]!) ?? 0) + buffer.weights[i]!);
      features.push(counts);
      if (++done % EXAMPLES_PER_STEP === 0) yield;
    }
    counted.push(features);
  }
  const documentFrequency = new Map<number, number>();
  for (const f of counted.flat()) for (const name of f.keys()) documentFrequency.set(name, (documentFrequency.get(name) ?? 0) + 1);
  const total = counted.flat().length;
  const index = new Map<number, number>();
  const hashes: number[] = [];
  const idf: number[] = [];
  for (const [name, df] of documentFrequency) {
    if (df < opts.minDocumentFrequency) continue;
    index.set(name, idf.length);
    hashes.push(name);
    idf.push(Math.log((1 + total) / (1 + df)) + 1);
  }

  const vectorize = (counts: FeatureCounts): SparseVector => {
    const indices = new Int32Array(counts.size);
    const values = new Float64Array(counts.size);
    let n = 0;
    let norm = 0;
    for (const [name, count] of counts) {
      const i = index.get(name);
      if (i === undefined) continue;
      const value = tfidf(count, idf[i]!);
      indices[n] = i;
      values[n] = value;
      norm += value * value;
      n += 1;
    }
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < n; k++) values[k]! /= norm;
    return { indices: indices.subarray(0, n), values: values.subarray(0, n) };
  };

  const xs: SparseVector[] = [];
  const ys: number[] = [];
  counted.forEach((list, c) => list.forEach((f) => (xs.push(vectorize(f)), ys.push(c))));
  const model: SoftmaxModel = yield* trainAveraged(xs, ys, intents.length, idf.length, opts);
  // Finer intents share their parent's probability mass («تخفیف دارین؟» is split between
  // discount_code and haggle): the threshold is met by the family of the best intent, the parent
  // and its children together, so adding a finer intent never makes the bot less sure it is a
  // price question. A child of out_of_scope (bot_identity…) is a family of its own.
  const family = familiesOf(data);
  return {
    intents,
    families: intents.map((intent) => family(intent)),
    threshold: opts.threshold,
    words: [...wordCounts.keys()],
    wordCounts: [...wordCounts.values()],
    featureHashes: Uint32Array.from(hashes),
    idf: Float64Array.from(idf),
    // Single precision is plenty for weights and halves what each message reads from memory.
    weights: Float32Array.from(model.weights),
    bias: model.bias,
  };
}

const PERSIAN_WORD = /^\p{Script=Arabic}+$/u;

// Sublinear counts; char n-grams count half, so a lone one is 0.5 → 1 + log(1.5).
const tfidf = (count: number, idf: number) => (1 + Math.log(count < 1 ? count + 1 : count)) * idf;
// A message's counts are sums of 1s and 0.5s, mostly small: their sublinear term, computed once
// by the same expression (so the same double), indexed by twice the count.
const SUBLINEAR = Float64Array.from({ length: 64 }, (_, twice) => tfidf(twice / 2, 1));
const tfidfOfCount = (count: number, idf: number) => {
  const twice = count * 2;
  return twice < 64 && twice === Math.floor(twice) ? SUBLINEAR[twice]! * idf : tfidf(count, idf);
};

// Numbers tell little by their digits and much by their kind: an order number, a phone, a size.
// (Each kind once, in order of first occurrence, as a Set would list them; a message has a few.)
const entityTypesOf = (prepared: string): string[] => {
  const types: string[] = [];
  for (const e of extractEntities(prepared)) if (!types.includes(e.type)) types.push(e.type);
  return types;
};

/**
 * The text the model sees from a matching key: the key, plus a transliteration for Finglish. The
 * Finglish index is built at the first Finglish message, not when a cached model is loaded.
 */
function preparer(buildIndex: () => FinglishIndex): (key: string) => string {
  let finglish: FinglishIndex | undefined;
  return (key) => {
    const script = detectScript(key);
    if (script !== 'finglish' && script !== 'mixed') return key;
    finglish ??= buildIndex();
    return `${key} ${transliterate(key, finglish)}`;
  };
}

/** Each word as often as it occurred, in first-seen order (as buildFinglishIndex saw them when training). */
function* repeated(words: readonly string[], counts: readonly number[]): Generator<string> {
  for (let i = 0; i < words.length; i++) for (let k = 0; k < (counts[i] ?? 1); k++) yield words[i]!;
}

/** Open addressing from a feature's hash to its index: no Map lookups of heap numbers per feature. */
function featureTable(hashes: Uint32Array): (hash: number) => number {
  let size = 1;
  while (size < hashes.length * 2) size *= 2;
  const mask = size - 1;
  const keys = new Uint32Array(size);
  const slots = new Int32Array(size).fill(-1);
  const slotOf = (hash: number) => (hash ^ (hash >>> 15)) & mask;
  hashes.forEach((hash, i) => {
    let s = slotOf(hash);
    while (slots[s] !== -1) s = (s + 1) & mask;
    keys[s] = hash;
    slots[s] = i;
  });
  return (hash) => {
    for (let s = slotOf(hash); ; s = (s + 1) & mask) {
      const i = slots[s]!;
      if (i === -1 || keys[s] === hash) return i;
    }
  };
}

/** A classifier serving a trained (or cached) model. */
export function classifierFromModel(model: ClassifierModel): IntentClassifier {
  const { intents, families: familyOf, threshold, weights, bias } = model;
  const classes = intents.length;
  const lexicon = new Set(model.words);
  const prepareKey = preparer(() => buildFinglishIndex([...repeated(model.words, model.wordCounts), ...FINGLISH_EXTRA_PERSIAN]));
  const outOfScope = intents.indexOf(OUT_OF_SCOPE);
  const indexOf = featureTable(model.featureHashes);
  const extractor = createFeatureExtractor(lexicon, indexOf);
  // Scratch space reused by every call (classification is synchronous): no allocation per message
  // but the answer itself.
  const buffer = new FeatureBuffer();
  // Feature i's count in the message at [2i] (0 outside a call), its idf at [2i + 1]: both are read
  // for each feature of a message, from one cache line instead of one in each of two arrays.
  const countAndIdf = new Float64Array(model.featureHashes.length * 2);
  model.idf.forEach((idf, i) => (countAndIdf[2 * i + 1] = idf));
  let touched = new Int32Array(256);
  let values = new Float64Array(256);
  const scores = new Float64Array(classes);
  let rows = new Int32Array(256); // touched[k] * classes: where feature k's weights start

  /** The message's L2-normalized TF-IDF vector as touched[0..n) / values[0..n), in first-seen order. */
  const vectorize = (): number => {
    let n = 0;
    for (let k = 0; k < buffer.length; k++) {
      const i = buffer.hashes[k]!; // a feature index: the extractor resolved it
      if (countAndIdf[2 * i] === 0) {
        if (n === touched.length) {
          const grown = new Int32Array(n * 2);
          grown.set(touched);
          touched = grown;
          values = new Float64Array(n * 2);
        }
        touched[n++] = i;
      }
      countAndIdf[2 * i]! += buffer.weights[k]!;
    }
    let norm = 0;
    for (let k = 0; k < n; k++) {
      const i = touched[k]!;
      const value = tfidfOfCount(countAndIdf[2 * i]!, countAndIdf[2 * i + 1]!);
      countAndIdf[2 * i] = 0;
      values[k] = value;
      norm += value * value;
    }
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < n; k++) values[k]! /= norm;
    return n;
  };

  /**
   * scores = bias + Σ values[k] · weights[touched[k]], eight classes at a time in local variables:
   * each class's sum is still added up in the same order (bias, then feature by feature), so every
   * score is bit for bit what the plain loop gives, in about half the time (no load and store of
   * scores[c] per feature and class).
   */
  const dot = (n: number): void => {
    if (rows.length < n) rows = new Int32Array(touched.length);
    for (let k = 0; k < n; k++) rows[k] = touched[k]! * classes;
    let c = 0;
    for (; c + 8 <= classes; c += 8) {
      let s0 = bias[c]!, s1 = bias[c + 1]!, s2 = bias[c + 2]!, s3 = bias[c + 3]!;
      let s4 = bias[c + 4]!, s5 = bias[c + 5]!, s6 = bias[c + 6]!, s7 = bias[c + 7]!;
      for (let k = 0; k < n; k++) {
        const w = rows[k]! + c;
        const v = values[k]!;
        s0 += weights[w]! * v;
        s1 += weights[w + 1]! * v;
        s2 += weights[w + 2]! * v;
        s3 += weights[w + 3]! * v;
        s4 += weights[w + 4]! * v;
        s5 += weights[w + 5]! * v;
        s6 += weights[w + 6]! * v;
        s7 += weights[w + 7]! * v;
      }
      scores[c] = s0; scores[c + 1] = s1; scores[c + 2] = s2; scores[c + 3] = s3;
      scores[c + 4] = s4; scores[c + 5] = s5; scores[c + 6] = s6; scores[c + 7] = s7;
    }
    for (; c < classes; c++) {
      let s = bias[c]!;
      for (let k = 0; k < n; k++) s += weights[rows[k]! + c]! * values[k]!;
      scores[c] = s;
    }
  };

  return {
    intents,
    threshold,
    vocabulary: lexicon,
    model,
    prepareKey,
    classify(text, top = 3) {
      const prepared = prepareKey(toKey(text));
      return this.classifyPrepared(prepared, entityTypesOf(prepared), top);
    },
    classifyPrepared(prepared, entityTypes, top = 3) {
      extractor.extract(prepared, entityTypes, buffer);
      const n = vectorize();
      dot(n);
      const probabilities = softmax(scores);
      // The best classes by selection, ties to the first class (as a stable sort would rank them).
      const bestIndex = argmax(probabilities);
      const alternatives: Alternative[] = [];
      let floor = Infinity;
      let after = -1;
      while (alternatives.length < top) {
        const c = nextBelow(probabilities, floor, after, outOfScope);
        if (c < 0) break;
        alternatives.push({ intent: intents[c]!, confidence: probabilities[c]! });
        floor = probabilities[c]!;
        after = c;
      }
      const best = { intent: intents[bestIndex]!, confidence: probabilities[bestIndex]! };
      const outside = outOfScope >= 0 ? probabilities[outOfScope]! : 0;
      // «دسته گل رز ۲۰ شاخه چند میشه؟»: a shopping question about goods the training never named
      // leans out of scope by its words; with a word that asks price, stock, an order or sending and
      // a shop intent close behind, it is that intent (the unrelated requests rarely carry both).
      const runnerUp = alternatives[0];
      if (bestIndex === outOfScope && runnerUp && runnerUp.confidence >= SHOP_CUE_RUNNER_UP && SHOP_CUE.test(prepared)) {
        return { intent: runnerUp.intent, confidence: runnerUp.confidence, alternatives, outside };
      }
      if (bestIndex === outOfScope) return { intent: OUT_OF_SCOPE, confidence: best.confidence, alternatives, outside };
      const bestFamily = familyOf[bestIndex];
      let familyMass = 0;
      for (let c = 0; c < classes; c++) if (familyOf[c] === bestFamily) familyMass += probabilities[c]!;
      if (familyMass < threshold) {
        return { intent: OUT_OF_SCOPE, confidence: Math.max(outside, 1 - best.confidence), alternatives, outside };
      }
      return { intent: best.intent, confidence: best.confidence, alternatives, outside };
    },
  };
}

/** The first class with the highest probability. */
function argmax(p: Float64Array): number {
  let best = -1;
  for (let c = 0; c < p.length; c++) if (best < 0 || p[c]! > p[best]!) best = c;
  return best;
}

/**
 * The class ranked right after the one with probability `floor` and index `after` in a stable
 * descending sort: the highest probability below floor, or equal to it at a later index.
 */
function nextBelow(p: Float64Array, floor: number, after: number, skip: number): number {
  let best = -1;
  for (let c = 0; c < p.length; c++) {
    if (c === skip) continue;
    const q = p[c]!;
    if (q > floor || (q === floor && c <= after)) continue;
    if (best < 0 || q > p[best]!) best = c;
  }
  return best;
}

/** trainSoftmax over opts.shuffles seeds, weights averaged (a linear model: averaging is cheap). */
function* trainAveraged(xs: SparseVector[], ys: number[], classes: number, features: number, opts: ClassifierOptions): Generator<void, SoftmaxModel> {
  const model = yield* trainSoftmaxSteps(xs, ys, classes, features, opts);
  const runs = Math.max(1, Math.floor(opts.shuffles));
  for (let k = 1; k < runs; k++) {
    const next = yield* trainSoftmaxSteps(xs, ys, classes, features, { ...opts, seed: opts.seed + k });
    for (let i = 0; i < model.weights.length; i++) model.weights[i]! += next.weights[i]!;
    for (let c = 0; c < classes; c++) model.bias[c]! += next.bias[c]!;
  }
  for (let i = 0; i < model.weights.length; i++) model.weights[i]! /= runs;
  for (let c = 0; c < classes; c++) model.bias[c]! /= runs;
  return model;
}

/** The root of each intent's counts_as chain, out_of_scope's children kept apart. */
function familiesOf(data: readonly IntentData[]): (intent: string) => string {
  const parent = new Map(data.filter((d) => d.counts_as).map((d) => [d.intent, d.counts_as!]));
  return (intent) => {
    let root = intent;
    for (let hops = 0; parent.has(root) && parent.get(root) !== OUT_OF_SCOPE && hops < 4; hops++) root = parent.get(root)!;
    return root;
  };
}
