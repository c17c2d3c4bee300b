// The product matcher as it was before the index (commit f92fe5f): it walks every name and alias
// of the catalog for each message and sorts every product that shares a word with it. Kept only
// as the reference the index must agree with (test/nlu/product-index.test.ts); never used by pasokh.
import { buildFinglishIndex } from '../../src/nlu/finglish/index.js';
import { toKey } from '../../src/nlu/normalize/index.js';
import { tokenize, tokenizeWithOffsets, type Token } from '../../src/nlu/tokenize/index.js';
import { spokenBases } from '../../src/nlu/entities/spoken-forms.js';

import type { CatalogEntry, ProductMatch } from '../../src/nlu/index.js';

interface LinearMatcher {
  match(key: string): ProductMatch[];
  productsOf(word: string): string[];
  onlyQualifies(word: string): boolean;
}

interface Phrase {
  productId: string;
  tokens: string[];
  weight: number;
}

const TYPO_SCORE = 0.8;
const MIN_FINGLISH_SCORE = 0.4;
// A three-letter Latin word is a particle as often as a name («dar» read «اداری»): only a close reading.
const SHORT_FINGLISH = 3;
const MIN_SHORT_FINGLISH_SCORE = 0.6;
const LOOKUP_CACHE_SIZE = 20_000;
const MIN_TYPO_LENGTH = 4;
// Words that ask about a product rather than name one: never product evidence by themselves.
const STOP = new Set(
  ['و', 'با', 'از', 'به', 'برای', 'مدل', 'رنگ', 'رنگی', 'رنگا', 'رنگای', 'رنگایی', 'سایز', 'سایزی', 'این', 'اون', 'یه', 'یک',
    'قیمت', 'موجود', 'جنس', 'دارین', 'دارید', 'داری',
    // Everyday words one typo away from a product's word («اینکه» → «اینک» of «مت اینک»).
    'اینکه', 'اینو', 'اونو', 'که', 'یا', 'نه', 'هم',
    'کد', 'کدش', 'کدشو', 'کدتون', 'کدتونو', 'کدا', 'کدای', 'کدها',
    'دوش', 'دوشو', 'دوشون', 'دوتاش', 'دوتاشو',
    'است', 'هست', 'نیست', 'هستند', 'باشد', 'بود'],
);

const LONE_LETTER = /^\p{L}$/u;
// The prefix of a present-tense verb («میپوشم»، «نمیخوام»), never the first half of two glued words.
const VERB_PREFIX = /^ن?می$/;
// «ساعت ۷»، «ساعت کاری»، «چند ساعت»: the time of day, not the watch the shop sells.
const TIME_AFTER = /^(?:\d|چند|کار|کاری|دیگه|بعد|قبل)/;
const TIME_BEFORE = /^(?:چند|یک|یه|دو|سه|نیم|تا)$/;
// One short word that is neither a product's head noun nor a whole name or alias («مام»، «نیم») is an
// everyday word far more often than the product it is part of: alone it is weak evidence.
const SHORT_WORD = 3;
const LONE_SHORT_WORD_FACTOR = 0.5;
// Coverage of a name or alias that counts as the whole of it (typos cost a little).
const COMPLETE = 0.99;

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

export function buildLinearMatcher(catalog: readonly CatalogEntry[]): LinearMatcher {
  const phrases: Phrase[] = [];
  // First words of product names (مانتو، شال، هودی) and one-word names or aliases (سامبا، ریمل).
  const heads = new Set<string>();
  // Words of names, and first words of aliases: the ones that can name a product by themselves.
  const naming = new Set<string>();
  const documentFrequency = new Map<string, Set<string>>();
  for (const product of catalog) {
    for (const text of [product.name, ...(product.aliases ?? [])]) {
      const tokens = tokenize(toKey(text)).filter((t) => !STOP.has(t));
      if (tokens.length === 0) continue;
      if (text === product.name || tokens.length === 1) heads.add(tokens[0]!);
      if (text === product.name) for (const t of tokens) naming.add(t);
      naming.add(tokens[0]!);
      phrases.push({ productId: product.id, tokens, weight: 0 });
      for (const t of tokens) {
        const ids = documentFrequency.get(t) ?? new Set<string>();
        ids.add(product.id);
        documentFrequency.set(t, ids);
      }
    }
  }
  const products = Math.max(1, catalog.length);
  const tokenWeight = new Map<string, number>();
  for (const [token, ids] of documentFrequency) tokenWeight.set(token, Math.log(1 + products / ids.size));
  for (const p of phrases) p.weight = p.tokens.reduce((sum, t) => sum + (tokenWeight.get(t) ?? 0), 0);

  // Vocabulary token → itself, its glued neighbours, and its one-deletion variants for typos.
  const vocabulary = [...documentFrequency.keys()];
  const byDeletion = new Map<string, Set<string>>();
  for (const word of vocabulary) {
    if (word.length < MIN_TYPO_LENGTH) continue;
    for (const d of [word, ...deletions(word)]) {
      const set = byDeletion.get(d) ?? new Set<string>();
      set.add(word);
      byDeletion.set(d, set);
    }
  }
  const finglish = buildFinglishIndex(vocabulary);

  // Customers repeat the same words all day: a word's candidates are worked out once.
  const cache = new Map<string, Map<string, number>>();
  function lookup(word: string): Map<string, number> {
    let found = cache.get(word);
    if (!found) {
      found = lookupUncached(word);
      if (cache.size >= LOOKUP_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(word, found);
    }
    return found;
  }

  /** Vocabulary words a query word may stand for, with how sure we are. */
  function lookupUncached(word: string): Map<string, number> {
    const found = new Map<string, number>();
    const offer = (w: string, s: number) => {
      if (s > (found.get(w) ?? 0)) found.set(w, s);
    };
    // A word the catalog knows is taken as written: هودی is not a typo of دودی.
    if (documentFrequency.has(word)) {
      offer(word, 1);
      return found;
    }
    for (const base of spokenBases(word)) if (documentFrequency.has(base)) offer(base, 1);
    if (found.size > 0) return found;
    if (word.length >= MIN_TYPO_LENGTH) {
      // People rarely mistype a word's first letter; requiring it keeps چنده from becoming کنده.
      for (const d of [word, ...deletions(word)]) {
        for (const w of byDeletion.get(d) ?? []) if (w.charAt(0) === word.charAt(0)) offer(w, TYPO_SCORE);
      }
    }
    // Finglish: only a close match of a word of three letters or more; short Latin tokens (m, xl)
    // are sizes and codes far more often than product names.
    if (/^[a-z]{3,}$/.test(word)) {
      for (const c of finglish.scored(word, 2)) {
        if (!c.rendered && c.score >= (word.length <= SHORT_FINGLISH ? MIN_SHORT_FINGLISH_SCORE : MIN_FINGLISH_SCORE) && documentFrequency.has(c.word)) offer(c.word, 0.9);
      }
    }
    return found;
  }

  // A whole three-letter message word may be a catalog word missing a letter («کتن» for «کتان»).
  function wordLookup(word: string): Map<string, number> {
    const found = lookup(word);
    if (found.size > 0 || word.length !== MIN_TYPO_LENGTH - 1) return found;
    const missing = new Map<string, number>();
    for (const w of byDeletion.get(word) ?? []) if (w.length === MIN_TYPO_LENGTH && w.charAt(0) === word.charAt(0)) missing.set(w, TYPO_SCORE);
    return missing;
  }

  return {
    onlyQualifies(word) {
      const words = [...lookup(word).keys()];
      return words.length > 0 && words.every((w) => !naming.has(w));
    },
    productsOf(word) {
      return [...new Set([...wordLookup(word).keys()].flatMap((w) => [...(documentFrequency.get(w) ?? [])]))];
    },
    match(key) {
      const all = tokenizeWithOffsets(key);
      const tokens = all.filter((t, i) => {
        if (STOP.has(t.text)) return false;
        // A letter alone («الش» split by a size, the key's «شش») is a clitic or a slip, never a name.
        if (LONE_LETTER.test(t.text)) return false;
        if (!/^ساعت(?:ه|ی|ها)?$/.test(t.text)) return true;
        // («یه ساعت مچی»: a watch, whatever «یه» before it says of an hour.)
        if (/^مچی/.test(all[i + 1]?.text ?? '')) return true;
        return !TIME_AFTER.test(all[i + 1]?.text ?? '') && !TIME_BEFORE.test(all[i - 1]?.text ?? '');
      });
      // One slot per message word: the catalog words it may stand for, and how surely.
      const slots = tokens.flatMap((token, i) => {
        const words = new Map<string, { score: number; token: Token }>();
        const record = (word: string, score: number, at: Token) => {
          const prev = words.get(word);
          if (!prev || score > prev.score) words.set(word, { score, token: at });
        };
        // «شالنخی»: two catalog words glued at one place only, each as written, are two message words.
        if (!documentFrequency.has(token.text) && lookup(token.text).size === 0) {
          const cuts: number[] = [];
          for (let cut = 3; cut <= token.text.length - 3; cut++) {
            const left = token.text.slice(0, cut);
            if (!VERB_PREFIX.test(left) && documentFrequency.has(left) && documentFrequency.has(token.text.slice(cut))) cuts.push(cut);
          }
          if (cuts.length === 1) {
            const cut = cuts[0]!;
            const left = { text: token.text.slice(0, cut), start: token.start, end: token.start + cut };
            const right = { text: token.text.slice(cut), start: token.start + cut, end: token.end };
            return [left, right].map((part) => new Map([[part.text, { score: 1, token: part }]]));
          }
        }
        for (const [w, s] of wordLookup(token.text)) record(w, s, token);
        // A message word may be two catalog words glued (ضدافتاب for ضد افتاب), typos included …
        if (!documentFrequency.has(token.text)) {
          // (A Latin word's halves only as written.)
          const latin = /^[a-z]+$/.test(token.text);
          const half = (text: string) => (latin ? (documentFrequency.has(text) ? new Map([[text, 1]]) : new Map<string, number>()) : lookup(text));
          for (let cut = 2; cut <= token.text.length - 2; cut++) {
            // «میپوشم» is a verb: its «می» is no catalog word («فیت‌می») glued to a typo of another.
            if (VERB_PREFIX.test(token.text.slice(0, cut))) continue;
            const left = half(token.text.slice(0, cut));
            const right = half(token.text.slice(cut));
            if (left.size === 0 || right.size === 0) continue;
            for (const [w, s] of left) record(w, s, token);
            for (const [w, s] of right) record(w, s, token);
          }
        }
        // … or two message words one catalog word.
        const next = tokens[i + 1];
        if (next && next.start - token.end <= 1) {
          const glued = { text: token.text + next.text, start: token.start, end: next.end };
          for (const [w, s] of lookup(glued.text)) record(w, s, glued);
        }
        return [words];
      });

      // Evidence for a product: the weight of the message words it explains, over the weight of
      // all message words that name any product. "رژ لب" explains both lipsticks equally (ambiguous);
      // "مانتو کتان" explains the linen manto better than the others.
      let total = 0;
      const evidence = new Map<string, { weight: number; start: number; end: number; words: Set<string> }>();
      for (const words of slots) {
        let slotBest = 0;
        const perProduct = new Map<string, { weight: number; token: Token; word: string }>();
        for (const [word, { score, token }] of words) {
          const weight = (tokenWeight.get(word) ?? 0) * score;
          slotBest = Math.max(slotBest, weight);
          for (const productId of documentFrequency.get(word) ?? []) {
            const prev = perProduct.get(productId);
            if (!prev || weight > prev.weight) perProduct.set(productId, { weight, token, word });
          }
        }
        total += slotBest;
        for (const [productId, { weight, token, word }] of perProduct) {
          const e = evidence.get(productId) ?? { weight: 0, start: Infinity, end: -Infinity, words: new Set<string>() };
          e.words.add(word);
          e.weight += weight;
          e.start = Math.min(e.start, token.start);
          e.end = Math.max(e.end, token.end);
          evidence.set(productId, e);
        }
      }
      if (total === 0) return [];

      // Ties break on how much of a product's own name or alias the message covers.
      const coverage = new Map<string, number>();
      const hitScore = (word: string) => Math.max(0, ...slots.map((s) => s.get(word)?.score ?? 0));
      for (const phrase of phrases) {
        if (!evidence.has(phrase.productId) || phrase.weight === 0) continue;
        const covered = phrase.tokens.reduce((sum, t) => sum + (tokenWeight.get(t) ?? 0) * hitScore(t), 0) / phrase.weight;
        coverage.set(phrase.productId, Math.max(coverage.get(phrase.productId) ?? 0, covered));
      }
      return [...evidence]
        .map(([productId, e]) => {
          const [only] = e.words;
          const lone = e.words.size === 1 && only !== undefined && only.length <= SHORT_WORD && !heads.has(only);
          return { productId, e, factor: lone ? LONE_SHORT_WORD_FACTOR : 1 };
        })
        .map(({ productId, e, factor }) => ({
          productId,
          ...((coverage.get(productId) ?? 0) >= COMPLETE ? { complete: true } : {}),
          score: factor * Math.min(1, (0.9 * e.weight) / total + 0.1 * (coverage.get(productId) ?? 0)),
          start: e.start,
          end: e.end,
        }))
        .sort((a, b) => b.score - a.score || a.productId.localeCompare(b.productId));
    },
  };
}
