// One taught example is too little for the softmax classifier: right after the owner wrote an FAQ
// answer from one missed message, a customer asking in other words («شلوارمو کوتاه میکنید؟») was
// still read as a refund or a product question. This matcher compares a message with the learned
// examples themselves (the FAQ answers' questions and the labelled messages) by their content
// words: stems, weighted by how rare they are in the whole training data (IDF), so «کوتاه» and
// «شلوار» count and «میکنید»، «دارید» hardly do. The score is a weighted cosine between the two
// bags of stems. It is consulted only when the classifier's reading is weak (see learnedReading),
// so a message the bot already understands is never taken from it.
import type { Middleware, TurnContext } from '../engine/index.js';
import { notCarried, onlyDescribes } from '../engine/flows/not-carried.js';
import { OUT_OF_SCOPE, toKey, type IntentData, type Understanding } from '../nlu/index.js';
import { stem, tokenize } from '../nlu/tokenize/index.js';
import { LOW_CONFIDENCE } from './review.js';

/** A learned example close to a message: the intent it teaches, and how close (0–1). */
export interface LearnedMatch {
  intent: string;
  score: number;
  example: string;
}

/** Finds the learned example closest to a message's matching key. */
export interface ExampleMatcher {
  match(key: string): LearnedMatch | undefined;
}

/** A message at least this close to a learned example is taken to ask what it asks. */
export const SIMILAR_ENOUGH = 0.55;

/**
 * Words that carry no topic of their own, as the matching key spells them: particles and the
 * light verbs customers wrap every question in. IDF lowers the rest of the common words.
 */
const FUNCTION_WORDS = new Set(
  [
    'هم', 'رو', 'را', 'و', 'به', 'از', 'با', 'برای', 'برام', 'که', 'یه', 'یک', 'این', 'اون', 'اینو', 'اونو', 'من', 'ما', 'شما',
    'در', 'تو', 'توی', 'اگه', 'اگر', 'یا', 'هست', 'است', 'هستش', 'میشه', 'میشود', 'بشه', 'چی', 'چیه', 'ایا', 'ای', 'بله', 'نه',
    'انجام', 'کردن', 'کرد', 'کن', 'کنید', 'کنین', 'کنی', 'دار', 'دارید', 'دارین', 'داری', 'داره', 'د', 'ده', 'شو', 'لطفا',
  ].map(toKey),
);

/** Content stems of a matching key. */
function stemsOf(key: string, lexicon: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const token of tokenize(key)) {
    if (token === '?' || token === '!' || /^\d/.test(token)) continue;
    const s = stem(token, lexicon);
    if (s.length >= 2 && !FUNCTION_WORDS.has(s) && !FUNCTION_WORDS.has(token)) out.add(s);
  }
  return out;
}

/** How rare each stem is in a body of training data, and its words (the stemmer's lexicon). */
export interface WordWeights {
  readonly lexicon: ReadonlySet<string>;
  readonly df: ReadonlyMap<string, number>;
  readonly documents: number;
}

/**
 * The word weights of the training data: computed once per version of it (a few hundred ms for
 * the bundled intents), not per change of what was learned.
 */
export function wordWeights(corpus: readonly IntentData[]): WordWeights {
  const documents = corpus.flatMap((i) => i.examples).map(toKey);
  const lexicon = new Set(documents.flatMap((d) => tokenize(d)));
  const df = new Map<string, number>();
  for (const d of documents) for (const s of stemsOf(d, lexicon)) df.set(s, (df.get(s) ?? 0) + 1);
  return { lexicon, df, documents: documents.length };
}

/**
 * A matcher over `examples` (what was learned), with word weights from the training data (as
 * intents, or their `wordWeights`); the examples themselves count as training data too.
 *
 * @example learnedMatcher([{ text: 'کوتاه کردن شلوار هم انجام میدید؟', intent: 'faq_learned_1' }], intents).match(toKey('شلوارمو کوتاه میکنید؟'))
 */
export function learnedMatcher(examples: ReadonlyArray<{ text: string; intent: string }>, corpus: readonly IntentData[] | WordWeights): ExampleMatcher {
  if (examples.length === 0) return { match: () => undefined };
  const base = 'df' in corpus ? corpus : wordWeights(corpus);
  const keys = examples.map((e) => toKey(e.text));
  const lexicon = new Set([...base.lexicon, ...keys.flatMap((k) => tokenize(k))]);
  const df = new Map(base.df);
  for (const k of keys) for (const s of stemsOf(k, lexicon)) df.set(s, (df.get(s) ?? 0) + 1);
  const n = base.documents + keys.length;
  // A stem never seen in training is as telling as the rarest one.
  const idf = (s: string) => Math.log((n + 1) / ((df.get(s) ?? 0) + 1)) + 1;
  const norm = (stems: Set<string>) => Math.sqrt([...stems].reduce((sum, s) => sum + idf(s) ** 2, 0));
  const taught = examples.map((e, i) => {
    const stems = stemsOf(keys[i]!, lexicon);
    return { ...e, stems, norm: norm(stems) };
  });
  return {
    match(key) {
      const stems = stemsOf(key, lexicon);
      if (stems.size === 0) return undefined;
      const own = norm(stems);
      let best: LearnedMatch | undefined;
      for (const e of taught) {
        if (e.norm === 0) continue;
        let shared = 0;
        let words = 0;
        for (const s of stems) if (e.stems.has(s)) (shared += idf(s) ** 2), (words += 1);
        // One word in common is no paraphrase: «کوتاهش چی؟» about a product is not «کوتاه کردن شلوار».
        if (words < Math.min(2, e.stems.size)) continue;
        const score = shared / (own * e.norm);
        if (score > (best?.score ?? 0)) best = { intent: e.intent, score, example: e.text };
      }
      return best && best.score >= SIMILAR_ENOUGH ? best : undefined;
    },
  };
}

const PRODUCT_INTENTS = new Set(['product_price', 'product_availability', 'product_info']);

/**
 * Whether the classifier's reading is one a learned example may replace: nothing understood
 * (the fallback), an unsure intent, or a product question the product flow would answer with
 * "not found" (no product named well enough) or "we don't carry «…»" (notCarried, the flow's
 * own test, read here before the dialogs run).
 */
export function weakReading(ctx: TurnContext, u: Understanding): boolean {
  if (u.intent === OUT_OF_SCOPE || u.confidence < LOW_CONFIDENCE) return true;
  if (!PRODUCT_INTENTS.has(u.intent)) return false;
  // A match on a describing word alone («کوتاه») names no product, as the product flow reads it.
  const key = u.productKey ?? u.key;
  return !u.productMatches.some((p) => p.score >= ctx.services.options.productMinScore && !onlyDescribes(key.slice(p.start, p.end))) || notCarried(ctx) !== undefined;
}

/**
 * Engine middleware after the NLU stage: a weak reading of a message close to a learned example
 * becomes that example's intent, so the dialogs answer it with the taught FAQ answer (or the
 * labelled intent). `matcher` is read on every turn: what was learned a moment ago counts.
 */
export function learnedReading(matcher: () => ExampleMatcher): Middleware {
  return async (ctx, next) => {
    const u = ctx.understanding;
    // The match first: it is cheap, and most messages are close to nothing taught.
    const found = u ? matcher().match(u.classified) : undefined;
    if (u && found && found.intent !== u.intent && weakReading(ctx, u)) {
      ctx.understanding = {
        ...u,
        intent: found.intent,
        confidence: found.score,
        alternatives: [{ intent: found.intent, confidence: found.score }, ...u.alternatives.filter((a) => a.intent !== found.intent)],
      };
    }
    await next();
  };
}
