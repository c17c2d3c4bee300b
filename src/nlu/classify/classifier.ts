// Intent classifier: TF-IDF weighted word, stem, word-pair and character n-gram features of the
// matching key, a softmax linear model, and a confidence threshold below which the answer is
// out_of_scope. Finglish messages are classified on their Latin text and its Persian
// transliteration together, so Persian-only training examples teach Finglish too.
import { buildFinglishIndex, detectScript, transliterate, type FinglishIndex } from '../finglish/index.js';
import { extractEntities } from '../entities/index.js';
import type { IntentData } from '../intents/index.js';
import { toKey } from '../normalize/index.js';
import { tokenize } from '../tokenize/index.js';
import { extractFeatures, type FeatureCounts } from './features.js';
import { logits, softmax, trainSoftmax, type SoftmaxModel, type SparseVector } from './softmax.js';

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
  threshold: 0.4,
  epochs: 8,
  learningRate: 0.5,
  l2: 1e-5,
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
}

export function trainClassifier(data: readonly IntentData[], options: Partial<ClassifierOptions> = {}): IntentClassifier {
  const opts = { ...DEFAULT_CLASSIFIER_OPTIONS, ...options };
  const intents = data.map((d) => d.intent);
  const keys = data.map((d) => d.examples.map(toKey));

  const persianWords = keys.flat().flatMap((k) => tokenize(k)).filter((t) => /^\p{Script=Arabic}+$/u.test(t));
  const lexicon = new Set(persianWords);
  const finglish: FinglishIndex = buildFinglishIndex(persianWords);
  const prepareKey = (key: string) => {
    const script = detectScript(key);
    return script === 'finglish' || script === 'mixed' ? `${key} ${transliterate(key, finglish)}` : key;
  };

  // Numbers tell little by their digits and much by their kind: an order number, a phone, a size.
  const entityTypesOf = (prepared: string) => [...new Set(extractEntities(prepared).map((e) => e.type))];
  const counted = keys.map((list) =>
    list.map((key) => {
      const prepared = prepareKey(key);
      return extractFeatures(prepared, lexicon, entityTypesOf(prepared));
    }),
  );
  const documentFrequency = new Map<number, number>();
  for (const f of counted.flat()) for (const name of f.keys()) documentFrequency.set(name, (documentFrequency.get(name) ?? 0) + 1);
  const total = counted.flat().length;
  const index = new Map<number, number>();
  const idf: number[] = [];
  for (const [name, df] of documentFrequency) {
    if (df < opts.minDocumentFrequency) continue;
    index.set(name, idf.length);
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
      // Sublinear counts; char n-grams count half, so a lone one is 0.5 → 1 + log(1.5).
      const value = (1 + Math.log(count < 1 ? count + 1 : count)) * idf[i]!;
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
  const model: SoftmaxModel = trainAveraged(xs, ys, intents.length, idf.length, opts);
  const outOfScope = intents.indexOf(OUT_OF_SCOPE);
  // Finer intents share their parent's probability mass («تخفیف دارین؟» is split between
  // discount_code and haggle): the threshold is met by the family of the best intent, the parent
  // and its children together, so adding a finer intent never makes the bot less sure it is a
  // price question. A child of out_of_scope (bot_identity…) is a family of its own.
  const family = familiesOf(data);
  const familyOf = intents.map((intent) => family(intent));

  return {
    intents,
    threshold: opts.threshold,
    vocabulary: lexicon,
    prepareKey,
    classify(text, top = 3) {
      const prepared = prepareKey(toKey(text));
      return this.classifyPrepared(prepared, entityTypesOf(prepared), top);
    },
    classifyPrepared(prepared, entityTypes, top = 3) {
      const probabilities = softmax(logits(model, vectorize(extractFeatures(prepared, lexicon, entityTypes))));
      const ranked = [...probabilities]
        .map((confidence, c) => ({ intent: intents[c]!, confidence }))
        .sort((a, b) => b.confidence - a.confidence);
      const alternatives = ranked.filter((a) => a.intent !== OUT_OF_SCOPE).slice(0, top);
      const best = ranked[0]!;
      const outside = outOfScope >= 0 ? probabilities[outOfScope]! : 0;
      if (best.intent === OUT_OF_SCOPE) return { intent: OUT_OF_SCOPE, confidence: best.confidence, alternatives, outside };
      const bestFamily = family(best.intent);
      let familyMass = 0;
      for (let c = 0; c < probabilities.length; c++) if (familyOf[c] === bestFamily) familyMass += probabilities[c]!;
      if (familyMass < opts.threshold) {
        return { intent: OUT_OF_SCOPE, confidence: Math.max(outside, 1 - best.confidence), alternatives, outside };
      }
      return { intent: best.intent, confidence: best.confidence, alternatives, outside };
    },
  };
}

/** trainSoftmax over opts.shuffles seeds, weights averaged (a linear model: averaging is cheap). */
function trainAveraged(xs: SparseVector[], ys: number[], classes: number, features: number, opts: ClassifierOptions): SoftmaxModel {
  const model = trainSoftmax(xs, ys, classes, features, opts);
  const runs = Math.max(1, Math.floor(opts.shuffles));
  for (let k = 1; k < runs; k++) {
    const next = trainSoftmax(xs, ys, classes, features, { ...opts, seed: opts.seed + k });
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
