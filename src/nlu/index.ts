// The Persian language layer as one object: normalize, classify and extract entities in one call.
import { packagePath } from '../package-root.js';
import { cachedClassifier, cachedClassifierAsync, type Alternative, type ClassifierOptions, type IntentClassifier, type ModelCache } from './classify/index.js';
import { extractEntities, productEntities, WEAK_MATCH, type Entity, type ProductMatch, type ProductMatcher } from './entities/index.js';
import { detectScript, type Script } from './finglish/index.js';
import { loadIntents, type IntentData } from './intents/index.js';
import { normalize, type Normalized } from './normalize/index.js';

export { normalize, toKey, toDisplay } from './normalize/index.js';
export { loadIntents, IntentsError, FAQ_KEY_INTENTS, SHOP_FAQ_PREFIX, faqIntentName, withFaqQuestions, type IntentData } from './intents/index.js';
export { OUT_OF_SCOPE, SURELY_OUTSIDE, createModelCache, type ModelCache, type Prediction, type Alternative } from './classify/index.js';
export { spokenBases } from './entities/spoken-forms.js';
export { findColours } from './entities/colour.js';
export { buildProductMatcher, createProductIndex, findCities, MAX_MATCHES, WEAK_MATCH, type Entity, type CatalogEntry, type MatchOptions, type ProductIndex, type ProductMatch, type ProductMatcher } from './entities/index.js';
export { evaluate, atGranularityOf, parentsOf, type Evaluation, type Labelled } from './evaluate.js';

/** The intents that ship with pasokh. */
export const DEFAULT_INTENTS_DIR = packagePath('intents/fa');

export interface Understanding {
  text: string;
  /** Display form of the message. */
  normalized: string;
  /** Matching key. */
  key: string;
  script: Script;
  /** What the classifier read: the key, and for Finglish its Persian transliteration too. */
  classified: string;
  intent: string;
  confidence: number;
  alternatives: Alternative[];
  /** The classifier's out_of_scope probability (see SURELY_OUTSIDE). */
  outside: number;
  entities: Entity[];
  /** Every product the message may refer to, best first (empty without a catalog). */
  productMatches: ProductMatch[];
  /** The key products were matched on (colours and sizes blanked), to match again among a few. */
  productKey: string;
}

export interface Nlu {
  /** The classifier now in service (retrain() replaces it). */
  readonly classifier: IntentClassifier;
  readonly intents: readonly IntentData[];
  /**
   * Trains on new intents (e.g. the shop's FAQ questions added) and serves the new model from the
   * next message on. Synchronous: seconds for the bundled intents (unless the cache has the model).
   */
  retrain(intents: readonly IntentData[]): void;
  /**
   * retrain() without blocking: trains in short steps while messages are still answered by the
   * current model, which is replaced when training ends (unless a later retrain came first).
   * Resolves true when this model went into service.
   */
  retrainInBackground(intents: readonly IntentData[]): Promise<boolean>;
  /** `normalized`: the message's normalize() result, when the caller has it already. */
  understand(text: string, products?: ProductMatcher, normalized?: Normalized): Understanding;
}

/** `cache`: trained models kept on disk by a hash of their training data (see createModelCache). */
export function createNlu(intents: readonly IntentData[], options: Partial<ClassifierOptions> = {}, cache?: ModelCache): Nlu {
  let classifier = cachedClassifier(intents, options, cache);
  let trainedOn = intents;
  let generation = 0;
  return {
    get classifier() {
      return classifier;
    },
    get intents() {
      return trainedOn;
    },
    retrain(next) {
      generation += 1;
      classifier = cachedClassifier(next, options, cache);
      trainedOn = next;
    },
    async retrainInBackground(next) {
      const mine = ++generation;
      const trained = await cachedClassifierAsync(next, options, cache);
      if (mine !== generation) return false;
      classifier = trained;
      trainedOn = next;
      return true;
    },
    understand(text, products, normalized) {
      const { display, key } = normalized ?? normalize(text);
      const classified = classifier.prepareKey(key);
      // Entities are read from the transliteration too, so Finglish product names are found.
      const found = dedupe(extractEntities(classified));
      const prediction = classifier.classifyPrepared(classified, [...new Set(found.map((e) => e.type))]);
      // A colour or size is not product evidence: «ایکس ال کرم» asks for a cream colour, not a cream.
      let productKey = maskDismissed(maskAmounts(maskVariants(classified, found, key)));
      let productMatches = products ? products.match(productKey, { words: classifier.vocabulary, minScore: WEAK_MATCH }) : [];
      let variants = found;
      // «کرم سراوی»: a colour word that starts a product's name or alias written whole is that
      // product, not the colour (masked, the name could not be found).
      // (Matched again only when a colour word heads some product's name: «کرم», not «مشکی».)
      if (products && found.some((e) => e.type === 'colour' && products.headedBy(e.text).length > 0)) {
        const unmasked = maskDismissed(maskAmounts(maskVariants(classified, found.filter((e) => e.type !== 'colour'), key)));
        const whole = products.match(unmasked, { words: classifier.vocabulary, minScore: WEAK_MATCH });
        // (Only a colour word that starts the name, as «کرم» does «کرم سراوی»: «کتونی سفید» is a white sneaker.)
        const covered = (e: Entity) => whole.some((m) => m.complete && m.start === e.start && e.end < m.end);
        if (found.some((e) => e.type === 'colour' && covered(e))) {
          variants = found.filter((e) => !(e.type === 'colour' && covered(e)));
          productKey = maskDismissed(maskAmounts(maskVariants(classified, variants, key)));
          productMatches = products.match(productKey, { words: classifier.vocabulary, minScore: WEAK_MATCH });
        }
      }
      const entities = products ? [...variants, ...productEntities(classified, productMatches)].sort((a, b) => a.start - b.start) : found;
      return { text, normalized: display, key, script: detectScript(key), classified, ...prediction, entities, productMatches, productKey };
    },
  };
}

// An amount said in words («یک میلیون و سیصد و پنجاه»، «پونصد تومن») names no product, though
// «سیصد» is a typo away from «سفید» and «میلیون» from «میبلین».
const AMOUNT_UNIT = /(?<!\p{L})(?:صد|یکصد|دویست|سیصد|چهارصد|پانصد|پونصد|ششصد|هفتصد|هشتصد|نهصد|هزار|میلیون|ملیون|میلیونه|تومن|تومان|تومنه|تومانه)(?!\p{L})/u;
const AMOUNT_WORDS =
  /(?<!\p{L})(?:یک|یه|دو|سه|چهار|پنج|شش|شیش|هفت|هشت|نه|ده|بیست|سی|چهل|پنجاه|شصت|هفتاد|هشتاد|نود|صد|یکصد|دویست|سیصد|چهارصد|پانصد|پونصد|ششصد|هفتصد|هشتصد|نهصد|هزار|میلیون|ملیون|میلیونه|تومن|تومان|تومنه|تومانه|و|نیم)(?:\s+(?:یک|یه|دو|سه|چهار|پنج|شش|شیش|هفت|هشت|نه|ده|بیست|سی|چهل|پنجاه|شصت|هفتاد|هشتاد|نود|صد|یکصد|دویست|سیصد|چهارصد|پانصد|پونصد|ششصد|هفتصد|هشتصد|نهصد|هزار|میلیون|ملیون|میلیونه|تومن|تومان|تومنه|تومانه|و|نیم))*(?!\p{L})/gu;

// «بیخیال سامبا، ایرفورس ۴۰ چی؟»، «سامبا رو ولش کن»: the thing let go is no longer asked about.
const DISMISSED_AFTER = /(?<!\p{L})(?<!(?:رو|را)\s)(?:بیخیال|بی خیال|ولش کن|ول کن)\s+((?:\p{L}+)(?:\s(?!رو|را)\p{L}+)?)(?=\s*(?:[,،.!؟?]|$|\sرو|\sرا))/gu;
const DISMISSED_BEFORE = /(?<!\p{L})((?:\p{L}+\s)?\p{L}+)\s(?:رو|را)\s(?:بیخیال|بی خیال|ولش کن|ول کن)(?!\p{L})/gu;

/** The key with what the customer lets go of («بیخیال سامبا») blanked out (same length). */
function maskDismissed(key: string): string {
  if (!/بیخیال|بی خیال|ول ?کن|ولش/.test(key)) return key;
  const blank = (run: string, thing: string) => run.replace(thing, ' '.repeat(thing.length));
  return key.replace(DISMISSED_BEFORE, blank).replace(DISMISSED_AFTER, blank);
}

/** The key with amounts said in words blanked out (same length), when a word of amount is in it. */
function maskAmounts(key: string): string {
  if (!AMOUNT_UNIT.test(key)) return key;
  return key.replace(AMOUNT_WORDS, (run) => (AMOUNT_UNIT.test(run) ? ' '.repeat(run.length) : run));
}

/**
 * The key with colour and size mentions blanked out (same length, so offsets hold). A Finglish
 * message is classified as its Latin text and then its transliteration (`original`, a space, the
 * same text with each Latin word replaced): a colour found in the transliteration blanks the Latin
 * word it came from too («sefidesh» of «سفیدش»), or the Latin word would still name a product.
 */
function maskVariants(classified: string, entities: readonly Entity[], original: string): string {
  let masked = classified;
  const blank = (from: number, to: number) => (masked = masked.slice(0, from) + ' '.repeat(to - from) + masked.slice(to));
  const twins = classified.startsWith(`${original} `) ? latinTwins(original, classified.slice(original.length + 1), original.length + 1) : [];
  for (const e of entities) {
    if (e.type !== 'colour' && e.type !== 'size') continue;
    blank(e.start, e.end);
    for (const t of twins) {
      if (t.at < e.end && e.start < t.at + t.length) blank(t.latin, t.latin + t.latinLength);
      // …and a size found in the Latin word («m») blanks its reading («مام», a typo of «مامی»).
      else if (t.latin < e.end && e.start < t.latin + t.latinLength) blank(t.at, t.at + t.length);
    }
  }
  return masked;
}

/** Each Latin word of `original` (offset, length) beside where its replacement stands in `transliterated` (shifted by `offset`). */
function latinTwins(original: string, transliterated: string, offset: number): Array<{ latin: number; latinLength: number; at: number; length: number }> {
  const words = [...original.matchAll(/[A-Za-z]+/g)];
  const twins: Array<{ latin: number; latinLength: number; at: number; length: number }> = [];
  let read = 0; // where `original` is copied from, verbatim between the Latin words
  let pointer = 0; // the same place in `transliterated`
  for (let k = 0; k < words.length; k++) {
    const word = words[k]!;
    pointer += word.index - read;
    // The replacement runs until the verbatim text after the word starts again.
    const after = original.slice(word.index + word[0].length, words[k + 1]?.index ?? original.length);
    const end = after ? transliterated.indexOf(after, pointer) : transliterated.length;
    if (end < pointer) return twins;
    twins.push({ latin: word.index, latinLength: word[0].length, at: offset + pointer, length: end - pointer });
    pointer = end;
    read = word.index + word[0].length;
  }
  return twins;
}

/** One entity per kind and value: a Finglish message's transliteration repeats its numbers. */
function dedupe(entities: Entity[]): Entity[] {
  const seen = new Set<string>();
  return entities.filter((e) => {
    const id = `${e.type}:${e.value}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

export function loadNlu(dir = DEFAULT_INTENTS_DIR, options: Partial<ClassifierOptions> = {}, cache?: ModelCache): Nlu {
  return createNlu(cache ? cache.loadIntents(dir) : loadIntents(dir), options, cache);
}
