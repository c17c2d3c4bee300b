// The catalog's product names and aliases as an inverted index, so a message costs what its own
// words cost, not what the catalog's size costs. Each catalog word keeps the sorted list of the
// products that use it; a message's words (as written, with one typo, glued or split, or in
// Finglish through the consonant skeletons) find their lists, the evidence is summed in typed arrays
// over just those products, and only the best few are scored in full and returned.
//
// Scores are exactly those of a walk over the whole catalog: a token's weight is log(1 + N / df)
// (tokens shared by many products weigh less), a product's evidence is the weight of the message
// words it explains over the weight of all message words that name any product, and its coverage of
// its own best name or alias breaks ties. Products are added, replaced and removed by id, so a
// source that learns of one changed product (a shop file saved, a store's webhook) updates the index
// in time proportional to that product, not rebuilds it.
import { buildFinglishIndex, type FinglishIndex } from '../finglish/index.js';
import { toKey } from '../normalize/index.js';
import { tokenize, tokenizeWithOffsets, type Token } from '../tokenize/index.js';
import { spokenBases } from './spoken-forms.js';

export interface CatalogEntry {
  id: string;
  name: string;
  aliases?: readonly string[];
}

export interface ProductMatch {
  productId: string;
  /** 0–1: the weighted share of the message's product words this product explains. */
  score: number;
  start: number;
  end: number;
  /** The message holds one of the product's names or aliases whole («کمربند» for the belt). */
  complete?: boolean;
}

export interface MatchOptions {
  /** Only these products are scored (the few offered in a choice); scores are the same as without. */
  among?: readonly string[];
  /** At most this many matches, best first (default MAX_MATCHES). */
  limit?: number;
  /**
   * Only matches scoring at least this (default 0). A floor spares scoring the thousands of
   * products of a large catalog that hold one common word of the message and cannot reach it.
   */
  minScore?: number;
  /**
   * Words of the language customers write (the classifier's vocabulary): one of them that the
   * catalog lacks means itself, and is not read as a typo of a catalog word («کتاب» is no «کتان»).
   */
  words?: ReadonlySet<string>;
}

/** What productsOf may take a word for (see MatchOptions.words). */
export interface WordOptions {
  words?: ReadonlySet<string>;
}

export interface ProductMatcher {
  /**
   * The products a matching key may refer to, best first: at most `limit` (ties in score are
   * ordered by product id), each product that explains any of its words once.
   */
  match(key: string, options?: MatchOptions): ProductMatch[];
  /** The products one message word may name (as written, with a clitic or a typo, or in Finglish), in catalog order. */
  productsOf(word: string, options?: WordOptions): string[];
  /** Whether productsOf(word) holds any product (without making the list: a common word's is long). */
  names(word: string, options?: WordOptions): boolean;
  /** Whether productsOf of one of these forms of a message word holds this product. */
  namedBy(forms: readonly string[], productId: string, options?: WordOptions): boolean;
  /**
   * Whether one product is named by every group: each group holds the forms one message word may
   * take («مانتو»، «مانتوش»), and the product is in productsOf of one form of each. Stops at the first.
   */
  shareProduct(groups: readonly (readonly string[])[], options?: WordOptions): boolean;
  /** Of productsOf(word), those whose name or an alias begins with that very word («کتونی …» for «کتونی»). */
  headedBy(word: string): string[];
  /** Whether headedBy(word) holds this product. */
  isHeadedBy(word: string, productId: string): boolean;
  /**
   * Whether a message word only ever qualifies another in the catalog («لپتاپ» of «کوله لپتاپ»):
   * in no product's name, and first in none of its aliases.
   */
  onlyQualifies(word: string): boolean;
}

/** A matcher whose products can be added, replaced and removed one at a time, keyed by id. */
export interface ProductIndex extends ProductMatcher {
  /** Adds a product, or replaces the one with the same id. */
  add(entry: CatalogEntry): void;
  /** Replaces the product with this id (adds it when the index does not have it). */
  update(entry: CatalogEntry): void;
  /** Removes a product; false when the index did not have it. */
  remove(id: string): boolean;
  /**
   * Makes the index hold exactly these products, touching only those added, removed or renamed
   * since the last call (a reloaded shop file). Returns how many products changed.
   */
  sync(entries: readonly CatalogEntry[]): number;
  has(id: string): boolean;
  readonly size: number;
}

/** A choice of more than a few products helps no one: a message's matches stop here. */
export const MAX_MATCHES = 50;
/** Below this a match is no sign of the product at all: not even offered as "did you mean". */
export const WEAK_MATCH = 0.25;

const TYPO_SCORE = 0.8;
// «کرپه»، «شالش»: the catalog word under a spoken clitic, as sure as the word itself.
const CLITIC_SCORE = 1;
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
    // «کدتون»، «کدش» (your code, its code) are one letter from «کتون»، «کتان».
    'کد', 'کدش', 'کدشو', 'کدتون', 'کدتونو', 'کدا', 'کدای', 'کدها',
    // «هر دوش»، «دوتاشو»: both of them, one letter from «دوشی» of «کیف دوشی».
    'دوش', 'دوشو', 'دوشون', 'دوتاش', 'دوتاشو',
    // The copula and its kin of formal writing («… موجود است؟»), one letter from «استی» of «سوپراستی».
    'است', 'هست', 'نیست', 'هستند', 'باشد', 'بود',
    // «کلا هفت تا شد»، «دو عدد» (folded «عد»)، «جمعش»: in all, counts and sums, one letter from «کلاه»، «دودی».
    'کلا', 'کلش', 'کلشو', 'دو', 'عد', 'جمع', 'جمعش', 'همش'],
);

const LONE_LETTER = /^\p{L}$/u;
// The prefix of a present-tense verb («میپوشم»، «نمیخوام»), never the first half of two glued words.
const VERB_PREFIX = /^ن?می$/;
// «ساعت ۷»، «ساعت کاری»، «چند ساعت»: the time of day, not the watch the shop sells.
const TIME_AFTER = /^(?:\d|چند|کار|کاری|دیگه|بعد|قبل)/;
// («تا چه ساعتی»، «چه ساعتی باز هستید»: a time asked.)
const TIME_BEFORE = /^(?:چند|یک|یه|دو|سه|نیم|تا|چه|کدوم|کدام|همون|همین)$/;
// «نیم ساعته منتظرم»: the hour with a clitic is still the hour.
const HOUR_WORD = /^ساعت(?:ه|ی|ها)?$/;
// One short word that is neither a product's head noun nor a whole name or alias («مام»، «نیم») is an
// everyday word far more often than the product it is part of: alone it is weak evidence. (Given the
// words customers write, only one of them is: «بوت», written so and opening the boot's alias «بوت
// چرم», is no everyday word but the boot's; a number, a longer word read as it by a typo («boutique»),
// or a word that only qualifies a product («کرپ» of «شلوار پالازو کرپ») is still weak.)
const SHORT_WORD = 3;
// The least letters of each half of two catalog words glued, for them to be read apart.
const MIN_SPLIT_PART = 3;
const LONE_SHORT_WORD_FACTOR = 0.5;
const LETTERS_ONLY = /^\p{L}+$/u;
const LATIN_WORD = /^[a-z]+$/;
// Coverage of a name or alias that counts as the whole of it (typos cost a little).
const COMPLETE = 0.99;

/** A copy of `array` with room for `size` entries (the rest zero). */
function grown<T extends Int32Array | Float64Array>(array: T, size: number): T {
  const copy = new (array.constructor as new (n: number) => T)(size);
  copy.set(array);
  return copy;
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** What one product adds to the index (worked out again from its entry to take it away). */
interface Indexed {
  /** Each name and alias: its length, then its word numbers. */
  phrases: number[];
  /** Distinct word numbers of all its phrases. */
  words: number[];
  /** Word numbers that head a name or are a one-word alias, and those that can name the product. */
  heads: number[];
  naming: number[];
  /** First word of every name and alias as written (toKey, split on spaces). */
  firsts: string[];
}

/** The first index of an ascending list, at or after `from`, whose number is not below n. */
function lowerBound(list: readonly number[], n: number, from = 0): number {
  let lo = from;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < n) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Sorted insert into an ascending list of product numbers (no duplicates). */
function insertSorted(list: number[], n: number): void {
  if (list.length === 0 || list[list.length - 1]! < n) {
    list.push(n);
    return;
  }
  const at = lowerBound(list, n);
  if (list[at] !== n) list.splice(at, 0, n);
}

/** The numbers in every one of these ascending lists, ascending. */
function intersectAll(lists: readonly (readonly number[])[]): number[] {
  const bySize = [...lists].sort((a, b) => a.length - b.length);
  let common: readonly number[] = bySize[0]!;
  for (let k = 1; k < bySize.length && common.length > 0; k++) common = intersectTwo(common, bySize[k]!);
  return [...common];
}

/** Of ascending `few`, those in ascending `many`: a merge, or a search per number when `many` is far longer. */
function intersectTwo(few: readonly number[], many: readonly number[]): number[] {
  const out: number[] = [];
  let j = 0;
  const search = many.length > 8 * few.length;
  for (const n of few) {
    if (search) j = lowerBound(many, n, j);
    else while (j < many.length && many[j]! < n) j++;
    if (j === many.length) break;
    if (many[j] === n) out.push(n);
  }
  return out;
}

/** Whether an ascending list of product numbers holds n. */
function holds(list: readonly number[], n: number): boolean {
  return list[lowerBound(list, n)] === n;
}

function removeSorted(list: number[], n: number): void {
  const at = lowerBound(list, n);
  if (list[at] === n) list.splice(at, 1);
}

const sameNames = (a: CatalogEntry, b: CatalogEntry) =>
  a.name === b.name && (a.aliases ?? []).length === (b.aliases ?? []).length && (a.aliases ?? []).every((alias, k) => alias === b.aliases![k]);

/** An index of these products, in this order (the order productsOf keeps). */
export function createProductIndex(catalog: readonly CatalogEntry[] = []): ProductIndex {
  // Products by number; a removed one leaves a hole, so numbers (and catalog order) stay stable.
  const ids: (string | undefined)[] = [];
  // The names as indexed (the caller's strings, not copies), to tell a renamed product from an
  // unchanged one and to take it away.
  const indexedAs: (CatalogEntry | undefined)[] = [];
  // Every product's phrases in one flat list (pool[phraseStart[n] .. phraseEnd[n]]), walked in
  // product order: a match reads memory in sequence instead of chasing an object per product.
  let pool = new Int32Array(1024);
  let poolUsed = 0;
  let poolDead = 0;
  let phraseStart = new Int32Array(0);
  let phraseEnd = new Int32Array(0);
  const numberOf = new Map<string, number>();
  let live = 0;

  // Catalog words by number, with the products that use each (ascending numbers).
  const wordNumber = new Map<string, number>();
  const wordText: string[] = [];
  const postings: number[][] = [];
  // First word of a name or alias → the products with one (for headedBy).
  const firstWords = new Map<string, number[]>();
  // By word number: how many products have it as a head word, and as a naming word.
  let headCount = new Int32Array(0);
  let namingCount = new Int32Array(0);
  // Vocabulary word → itself and its one-deletion variants, for typos.
  const byDeletion = new Map<string, Set<string>>();
  let finglish: FinglishIndex | undefined;

  const lookupCache = new Map<string, Map<string, number>>();
  // Texts seen before (the same alias on many products) are not normalized again.
  const keyedTexts = new Map<string, { first: string; tokens: number[] }>();
  // A word's weight, log(1 + N / df), worked out once per catalog version.
  let version = 0;
  let weightVersion = new Int32Array(0);
  let weightCache = new Float64Array(0);

  // Product ids in collation order, as ranks: ties in score are ordered without comparing strings.
  // A few products added since the ranks were made are put in place; many are sorted afresh.
  let rank = new Int32Array(0);
  let order: number[] = [];
  let unranked: number[] = [];

  // Per-match scratch, indexed by product number; epochs spare clearing them.
  let capacity = 0;
  let slotEpoch = new Int32Array(0);
  let slotWeight = new Float64Array(0);
  let slotToken = new Int32Array(0);
  let slotWord = new Int32Array(0);
  let seenEpoch = new Int32Array(0);
  let weight = new Float64Array(0);
  let start = new Int32Array(0);
  let end = new Int32Array(0);
  let firstWord = new Int32Array(0);
  let several = new Uint8Array(0);
  let epoch = 0;
  let hitEpoch = new Int32Array(0);
  let hitScore = new Float64Array(0);
  // By product: the weight of its lightest name or alias, as of catalog version lightestVersion[n].
  let lightest = new Float64Array(0);
  let lightestVersion = new Int32Array(0);

  const nextEpoch = () => ++epoch;
  /** Called before a match or lookup: well before the stamps would overflow their Int32Array, all start over. */
  function renewStamps(): void {
    if (epoch < 2 ** 30) return;
    for (const stamps of [slotEpoch, seenEpoch, hitEpoch]) stamps.fill(0);
    epoch = 0;
  }

  function grow(needed: number): void {
    if (needed <= capacity) return;
    const next = Math.max(needed, capacity * 2, 64);
    const widen = <T extends Int32Array | Float64Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const fresh = make(next);
      fresh.set(old);
      return fresh;
    };
    const i32 = (n: number) => new Int32Array(n);
    const f64 = (n: number) => new Float64Array(n);
    slotEpoch = widen(slotEpoch, i32);
    slotWeight = widen(slotWeight, f64);
    slotToken = widen(slotToken, i32);
    slotWord = widen(slotWord, i32);
    seenEpoch = widen(seenEpoch, i32);
    weight = widen(weight, f64);
    start = widen(start, i32);
    end = widen(end, i32);
    firstWord = widen(firstWord, i32);
    several = widen(several, (n) => new Uint8Array(n));
    rank = widen(rank, i32);
    phraseStart = widen(phraseStart, i32);
    phraseEnd = widen(phraseEnd, i32);
    lightest = widen(lightest, f64);
    lightestVersion = widen(lightestVersion, i32);
    capacity = next;
  }

  function vocabularyChanged(): void {
    finglish = undefined;
    lookupCache.clear();
  }

  function wordAdded(word: string): void {
    vocabularyChanged();
    if (word.length < MIN_TYPO_LENGTH) return;
    for (const d of [word, ...deletions(word)]) {
      const set = byDeletion.get(d) ?? new Set<string>();
      set.add(word);
      byDeletion.set(d, set);
    }
  }

  function wordRemoved(word: string): void {
    vocabularyChanged();
    if (word.length < MIN_TYPO_LENGTH) return;
    for (const d of [word, ...deletions(word)]) {
      const set = byDeletion.get(d);
      set?.delete(word);
      if (set?.size === 0) byDeletion.delete(d);
    }
  }

  const inVocabulary = (word: string) => {
    const n = wordNumber.get(word);
    return n !== undefined && postings[n]!.length > 0;
  };

  function finglishIndex(): FinglishIndex {
    if (!finglish) finglish = buildFinglishIndex(wordText.filter((_, n) => postings[n]!.length > 0));
    return finglish;
  }

  // Customers repeat the same words all day: a word's candidates are worked out once (without
  // typos under a key no catalog word can have).
  function lookup(word: string, typos = true): Map<string, number> {
    const cacheKey = typos ? word : `\u0001${word}`;
    let found = lookupCache.get(cacheKey);
    if (!found) {
      found = lookupUncached(word, typos);
      if (lookupCache.size >= LOOKUP_CACHE_SIZE) lookupCache.clear();
      lookupCache.set(cacheKey, found);
    }
    return found;
  }

  /** Vocabulary words a query word may stand for, with how sure we are. */
  function lookupUncached(word: string, typos: boolean): Map<string, number> {
    const found = new Map<string, number>();
    const offer = (w: string, s: number) => {
      if (s > (found.get(w) ?? 0)) found.set(w, s);
    };
    // A word the catalog knows is taken as written: هودی is not a typo of دودی.
    if (inVocabulary(word)) {
      offer(word, 1);
      return found;
    }
    // «کرپه» is the crepe with a clitic, not a typo of «کراپ».
    for (const base of spokenBases(word)) if (inVocabulary(base)) offer(base, CLITIC_SCORE);
    if (found.size > 0) return found;
    if (typos && word.length >= MIN_TYPO_LENGTH) {
      // People rarely mistype a word's first letter; requiring it keeps چنده from becoming کنده.
      for (const d of [word, ...deletions(word)]) {
        for (const w of byDeletion.get(d) ?? []) if (w.charAt(0) === word.charAt(0)) offer(w, TYPO_SCORE);
      }
    }
    // Finglish: only a close match of a word of three letters or more; short Latin tokens (m, xl)
    // are sizes and codes far more often than product names.
    if (/^[a-z]{3,}$/.test(word)) {
      for (const c of finglishIndex().scored(word, 2)) {
        if (!c.rendered && c.score >= (word.length <= SHORT_FINGLISH ? MIN_SHORT_FINGLISH_SCORE : MIN_FINGLISH_SCORE) && inVocabulary(c.word)) offer(c.word, 0.9);
      }
    }
    return found;
  }

  /**
   * «کتن» for «کتان»: a three-letter message word may be a catalog word missing a letter (no other
   * edit). Only for whole message words, never for the parts of a glued one («کوه» of «کوهستان»).
   */
  function missingLetter(word: string): Map<string, number> {
    const found = new Map<string, number>();
    if (word.length !== MIN_TYPO_LENGTH - 1) return found;
    for (const w of byDeletion.get(word) ?? []) if (w.length === MIN_TYPO_LENGTH && w.charAt(0) === word.charAt(0)) found.set(w, TYPO_SCORE);
    return found;
  }
  const wordLookup = (word: string, typos: boolean) => {
    const found = lookup(word, typos);
    return found.size > 0 || !typos ? found : missingLetter(word);
  };

  function wordOf(word: string): number {
    let n = wordNumber.get(word);
    if (n === undefined) {
      n = wordText.length;
      wordNumber.set(word, n);
      wordText.push(word);
      postings.push([]);
      if (weightVersion.length <= n) {
        const size = Math.max(64, weightVersion.length * 2);
        weightVersion = grown(weightVersion, size);
        weightCache = grown(weightCache, size);
        headCount = grown(headCount, size);
        namingCount = grown(namingCount, size);
        hitEpoch = grown(hitEpoch, size);
        hitScore = grown(hitScore, size);
      }
    }
    return n;
  }

  function weightOf(n: number): number {
    if (weightVersion[n] !== version) {
      weightVersion[n] = version;
      weightCache[n] = Math.log(1 + Math.max(1, live) / postings[n]!.length);
    }
    return weightCache[n]!;
  }

  /**
   * A name or alias as its first word and its word numbers (numbers are never reused). Aliases are
   * remembered (the same alias on many products is normalized once); a name, nearly always its
   * product's own, is not: remembering 100k names only to forget them costs more than it saves.
   */
  function keyed(text: string, remember: boolean): { first: string; tokens: number[] } {
    let found = keyedTexts.get(text);
    if (!found) {
      const key = toKey(text);
      const space = key.indexOf(' ');
      const tokens: number[] = [];
      for (const t of tokenize(key)) if (!STOP.has(t)) tokens.push(wordOf(t));
      found = { first: space === -1 ? key : key.slice(0, space), tokens };
      if (!remember) return found;
      // Cleared when full: deleting a Map's oldest entry one at a time costs more and more.
      if (keyedTexts.size >= LOOKUP_CACHE_SIZE) keyedTexts.clear();
      keyedTexts.set(text, found);
    }
    return found;
  }

  function indexOf(entry: CatalogEntry): Indexed {
    const phrases: number[] = [];
    const words: number[] = [];
    const headWords: number[] = [];
    const namingWords: number[] = [];
    const firsts: string[] = [];
    const aliases = entry.aliases ?? [];
    // Names and aliases have a few words each: lists checked with includes beat Sets here.
    for (let k = -1; k < aliases.length; k++) {
      const text = k === -1 ? entry.name : aliases[k]!;
      const { first, tokens: phrase } = keyed(text, k !== -1);
      if (!firsts.includes(first)) firsts.push(first);
      if (phrase.length === 0) continue;
      const isName = text === entry.name;
      if (isName || phrase.length === 1) headWords.push(phrase[0]!);
      if (isName) for (const n of phrase) namingWords.push(n);
      namingWords.push(phrase[0]!);
      phrases.push(phrase.length);
      for (const n of phrase) {
        phrases.push(n);
        if (!words.includes(n)) words.push(n);
      }
    }
    return { phrases, words, heads: headWords, naming: namingWords, firsts };
  }

  function store(number: number, phrases: readonly number[]): void {
    if (poolUsed + phrases.length > pool.length) {
      const bigger = new Int32Array(Math.max(pool.length * 2, poolUsed + phrases.length));
      bigger.set(pool.subarray(0, poolUsed));
      pool = bigger;
    }
    phraseStart[number] = poolUsed;
    for (const w of phrases) pool[poolUsed++] = w;
    phraseEnd[number] = poolUsed;
  }

  /** Rewrites the pool without the phrases of removed and replaced products, in product order. */
  function compact(): void {
    const fresh = new Int32Array(Math.max(1024, poolUsed - poolDead));
    let used = 0;
    for (let n = 0; n < ids.length; n++) {
      if (ids[n] === undefined) continue;
      const from = phraseStart[n]!;
      const to = phraseEnd[n]!;
      fresh.set(pool.subarray(from, to), used);
      phraseStart[n] = used;
      used += to - from;
      phraseEnd[n] = used;
    }
    pool = fresh;
    poolUsed = used;
    poolDead = 0;
  }

  function attach(number: number, id: string, entry: CatalogEntry): void {
    const indexed = indexOf(entry);
    ids[number] = id;
    indexedAs[number] = { id, name: entry.name, aliases: [...(entry.aliases ?? [])] };
    store(number, indexed.phrases);
    for (const n of indexed.words) {
      const list = postings[n]!;
      insertSorted(list, number);
      if (list.length === 1) wordAdded(wordText[n]!);
    }
    for (const h of indexed.heads) headCount[h]! += 1;
    for (const w of indexed.naming) namingCount[w]! += 1;
    for (const f of indexed.firsts) {
      const list = firstWords.get(f) ?? [];
      insertSorted(list, number);
      firstWords.set(f, list);
    }
  }

  function detach(number: number): void {
    const indexed = indexOf(indexedAs[number]!);
    poolDead += phraseEnd[number]! - phraseStart[number]!;
    for (const n of indexed.words) {
      const list = postings[n]!;
      removeSorted(list, number);
      if (list.length === 0) wordRemoved(wordText[n]!);
    }
    for (const h of indexed.heads) headCount[h]! -= 1;
    for (const w of indexed.naming) namingCount[w]! -= 1;
    for (const f of indexed.firsts) {
      const list = firstWords.get(f);
      if (!list) continue;
      removeSorted(list, number);
      if (list.length === 0) firstWords.delete(f);
    }
    ids[number] = undefined;
    indexedAs[number] = undefined;
    if (poolDead > 4096 && poolDead * 2 > poolUsed) compact();
  }

  function put(entry: CatalogEntry): boolean {
    const existing = numberOf.get(entry.id);
    if (existing !== undefined && sameNames(indexedAs[existing]!, entry)) return false;
    version += 1;
    if (existing !== undefined) {
      // Same number: the product keeps its place in catalog order and in the ranks.
      detach(existing);
      attach(existing, entry.id, entry);
      return true;
    }
    const number = ids.length;
    ids.push(undefined);
    indexedAs.push(undefined);
    grow(ids.length);
    numberOf.set(entry.id, number);
    attach(number, entry.id, entry);
    live += 1;
    unranked.push(number);
    return true;
  }

  function drop(id: string): boolean {
    const number = numberOf.get(id);
    if (number === undefined) return false;
    detach(number);
    numberOf.delete(id);
    live -= 1;
    version += 1;
    return true;
  }

  // Product ids tie-break as they always have, by localeCompare (V8's fast path for plain ids).
  const byId = (a: number, b: number) => ids[a]!.localeCompare(ids[b]!) || a - b;
  function ensureRanks(): void {
    if (unranked.length === 0) return;
    order = order.filter((n) => ids[n] !== undefined);
    let from = 0;
    if (unranked.length > 64 || unranked.length * 4 > order.length) {
      order.push(...unranked.filter((n) => ids[n] !== undefined));
      order.sort(byId);
    } else {
      from = order.length;
      for (const n of unranked) {
        if (ids[n] === undefined) continue;
        let lo = 0;
        let hi = order.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (byId(order[mid]!, n) < 0) lo = mid + 1;
          else hi = mid;
        }
        order.splice(lo, 0, n);
        from = Math.min(from, lo);
      }
    }
    for (let r = from; r < order.length; r++) rank[order[r]!] = r;
    unranked = [];
  }

  /** How much of its best-covered name or alias the message's words cover (weighted, 0–1). */
  function coverageOf(from: number, to: number, hitOf: (w: number) => number): number {
    const phrases = pool;
    let coverage = 0;
    for (let i = from; i < to; ) {
      const end = i + 1 + phrases[i]!;
      let phraseWeight = 0;
      let covered = 0;
      for (let k = i + 1; k < end; k++) {
        const w = phrases[k]!;
        const ww = weightOf(w);
        phraseWeight += ww;
        covered += ww * hitOf(w);
      }
      i = end;
      if (phraseWeight === 0) continue;
      coverage = Math.max(coverage, covered / phraseWeight);
    }
    return coverage;
  }

  /**
   * The least, over a product's names and aliases, of a phrase's weight over the most times one
   * word repeats in it: no phrase is covered more than the weight of the message words it holds
   * over this.
   */
  function lightestPhraseOf(n: number): number {
    if (lightestVersion[n] === version) return lightest[n]!;
    let least = Infinity;
    for (let i = phraseStart[n]!, to = phraseEnd[n]!; i < to; ) {
      const next = i + 1 + pool[i]!;
      let phraseWeight = 0;
      let repeats = 1;
      for (let k = i + 1; k < next; k++) {
        phraseWeight += weightOf(pool[k]!);
        let times = 0;
        for (let j = i + 1; j < next; j++) if (pool[j] === pool[k]) times++;
        repeats = Math.max(repeats, times);
      }
      if (phraseWeight > 0) least = Math.min(least, phraseWeight / repeats);
      i = next;
    }
    lightestVersion[n] = version;
    lightest[n] = least;
    return least;
  }

  for (const entry of catalog) put(entry);
  // Ranked now, so the first customer's message does not wait for it.
  ensureRanks();

  function productsOf(word: string, options: WordOptions = {}): string[] {
    const words = [...wordLookup(word, !options.words?.has(word)).keys()];
    if (words.length === 1) return postings[wordNumber.get(words[0]!)!]!.map((n) => ids[n]!);
    renewStamps();
    nextEpoch();
    const found: string[] = [];
    for (const w of words) {
      for (const n of postings[wordNumber.get(w)!]!) {
        if (seenEpoch[n] === epoch) continue;
        seenEpoch[n] = epoch;
        found.push(ids[n]!);
      }
    }
    return found;
  }

  // The posting lists of the catalog words a message word may be (as productsOf reads it).
  const listsOf = (word: string, options: WordOptions): number[][] => {
    const lists: number[][] = [];
    for (const w of wordLookup(word, !options.words?.has(word)).keys()) lists.push(postings[wordNumber.get(w)!]!);
    return lists;
  };

  function shareProduct(groups: readonly (readonly string[])[], options: WordOptions = {}): boolean {
    const lists = groups.map((forms) => forms.flatMap((f) => listsOf(f, options)));
    if (lists.length === 0 || lists.some((l) => l.length === 0)) return false;
    const size = (ls: number[][]) => ls.reduce((sum, l) => sum + l.length, 0);
    // The fewest products are walked; each is looked up in the other groups' lists.
    lists.sort((a, b) => size(a) - size(b));
    const [fewest, ...rest] = lists;
    for (const list of fewest!) {
      for (const n of list) if (rest.every((ls) => ls.some((l) => holds(l, n)))) return true;
    }
    return false;
  }

  // The pool holds each phrase's length before its words: those are skipped, not read as words.
  const hasWord = (n: number, w: number) => {
    for (let i = phraseStart[n]!, to = phraseEnd[n]!; i < to; ) {
      const next = i + 1 + pool[i]!;
      for (let k = i + 1; k < next; k++) if (pool[k] === w) return true;
      i = next;
    }
    return false;
  };

  /**
   * The products that hold every word of a message of two or more catalog words (one each), with
   * their evidence: when at least `limit` do and a product missing even the lightest word cannot
   * reach their score, they are all the match can return, and the long lists of common words
   * («مردانه» on thousands of products) are intersected instead of walked product by product.
   * Undefined when that does not hold; the caller then credits every list.
   */
  function productsWithEveryWord(
    slots: readonly Map<string, { score: number; token: number }>[],
    spans: readonly Token[],
    limit: number,
  ): { touched: number[]; total: number } | undefined {
    const named: { w: number; weight: number; at: Token }[] = [];
    for (const words of slots) {
      if (words.size === 0) continue;
      if (words.size > 1) return undefined;
      const [word, { score, token }] = words.entries().next().value!;
      const w = wordNumber.get(word)!;
      if (named.some((x) => x.w === w)) return undefined;
      named.push({ w, weight: weightOf(w) * score, at: spans[token]! });
    }
    if (named.length < 2) return undefined;
    // Summed in message order, as the full walk sums both a product's evidence and the total.
    let total = 0;
    for (const x of named) total += x.weight;
    const lightest = Math.min(...named.map((x) => x.weight));
    // Holding every word scores at least 0.9; missing one, at most this (coverage adds up to 0.1).
    if ((0.9 * (total - lightest)) / total + 0.1 >= 0.9 - 1e-9) return undefined;
    const common = intersectAll(named.map((x) => postings[x.w]!));
    if (common.length < limit) return undefined;
    const from = Math.min(...named.map((x) => x.at.start));
    const to = Math.max(...named.map((x) => x.at.end));
    for (const n of common) {
      weight[n] = total;
      start[n] = from;
      end[n] = to;
      firstWord[n] = named[0]!.w;
      several[n] = 1;
    }
    return { touched: common, total };
  }

  /**
   * With a floor on the score, the lightest one-word slots whose weights together cannot lift a
   * product to it (a score is at most 0.9 × its share of the weight + 0.1) need not be walked: a
   * product holding only those words is below the floor anyway. Their lists («کرم» on a third of a
   * large catalog) are then only probed for the products the other slots' lists hold, which are
   * gathered here. Undefined when nothing can be spared.
   */
  function probedSlots(
    slots: readonly Map<string, { score: number; token: number }>[],
    floor: number,
  ): { words: boolean[]; candidates: number[] } | undefined {
    if (floor <= 0.1) return undefined;
    const light: { s: number; w: number; weight: number }[] = [];
    let total = 0;
    slots.forEach((words, s) => {
      let best = 0;
      for (const [word, { score }] of words) best = Math.max(best, weightOf(wordNumber.get(word)!) * score);
      total += best;
      if (words.size === 1) {
        const w = wordNumber.get(words.keys().next().value!)!;
        light.push({ s, w, weight: best });
      }
    });
    if (total === 0) return undefined;
    // Kept under the need by a margin: the bound must hold whatever order the weights are summed in.
    const need = ((floor - 0.1) * total) / 0.9 - 1e-9 * total;
    light.sort((a, b) => a.weight - b.weight);
    const words: boolean[] = [];
    let spared = 0;
    let sparedPostings = 0;
    for (const x of light) {
      if (spared + x.weight >= need) break;
      spared += x.weight;
      words[x.s] = true;
      sparedPostings += postings[x.w]!.length;
    }
    if (sparedPostings === 0) return undefined;
    const seen = nextEpoch();
    const candidates: number[] = [];
    slots.forEach((slot, s) => {
      if (words[s]) return;
      for (const word of slot.keys()) {
        for (const n of postings[wordNumber.get(word)!]!) {
          if (seenEpoch[n] === seen) continue;
          seenEpoch[n] = seen;
          candidates.push(n);
        }
      }
    });
    // Probing costs a binary search per candidate and list: not worth it unless it spares more.
    let probes = 0;
    for (const x of light) if (words[x.s]) probes += candidates.length * Math.log2(2 + postings[x.w]!.length);
    return probes < sparedPostings ? { words, candidates } : undefined;
  }

  /**
   * A message word the catalog does not know, no typo of one, that is two catalog words glued at
   * one place only («شالنخی»): those two words with their spans. Undefined otherwise.
   */
  function splitInTwo(token: Token): [Token, Token] | undefined {
    const text = token.text;
    if (inVocabulary(text) || lookup(text).size > 0) return undefined;
    let found: [Token, Token] | undefined;
    for (let cut = MIN_SPLIT_PART; cut <= text.length - MIN_SPLIT_PART; cut++) {
      const left = text.slice(0, cut);
      const right = text.slice(cut);
      if (VERB_PREFIX.test(left) || !inVocabulary(left) || !inVocabulary(right)) continue;
      if (found) return undefined;
      found = [
        { text: left, start: token.start, end: token.start + cut },
        { text: right, start: token.start + cut, end: token.end },
      ];
    }
    return found;
  }

  function match(key: string, options: MatchOptions = {}): ProductMatch[] {
    renewStamps();
    const limit = options.limit ?? MAX_MATCHES;
    const among = options.among?.map((id) => numberOf.get(id)).filter((n): n is number => n !== undefined);
    const all = tokenizeWithOffsets(key);
    const tokens = all.filter((t, i) => {
      if (STOP.has(t.text)) return false;
      // A letter alone («الش» split by a size, the key's «شش») is a clitic or a slip, never a name.
      if (LONE_LETTER.test(t.text)) return false;
      if (!HOUR_WORD.test(t.text)) return true;
      // («یه ساعت مچی»: a watch, whatever «یه» before it says of an hour.)
      if (/^مچی/.test(all[i + 1]?.text ?? '')) return true;
      return !TIME_AFTER.test(all[i + 1]?.text ?? '') && !TIME_BEFORE.test(all[i - 1]?.text ?? '');
    });
    // One slot per message word: the catalog words it may stand for, and how surely.
    const spans: Token[] = [];
    const slots = tokens.flatMap((token, i) => {
      const words = new Map<string, { score: number; token: number }>();
      const record = (word: string, score: number, at: number) => {
        const prev = words.get(word);
        if (!prev || score > prev.score) words.set(word, { score, token: at });
      };
      // «شالنخی»: two catalog words written as one, each as written, are two message words.
      const split = splitInTwo(token);
      if (split) {
        return split.map((part) => new Map([[part.text, { score: 1, token: spans.push(part) - 1 }]]));
      }
      const self = spans.push(token) - 1;
      for (const [w, s] of wordLookup(token.text, !options.words?.has(token.text))) record(w, s, self);
      // A message word may be two catalog words glued (ضدافتاب for ضد افتاب), typos included …
      if (!inVocabulary(token.text)) {
        // (A Latin word's halves only as written: guessed as Finglish, «mamoolan» was «مام» + a word
        // of the silk scarf's.)
        const latin = LATIN_WORD.test(token.text);
        const half = (text: string) => (latin ? (inVocabulary(text) ? new Map([[text, 1]]) : new Map<string, number>()) : lookup(text));
        for (let cut = 2; cut <= token.text.length - 2; cut++) {
          // «میپوشم» is a verb: its «می» is no catalog word («فیت‌می») glued to a typo of another.
          if (VERB_PREFIX.test(token.text.slice(0, cut))) continue;
          const left = half(token.text.slice(0, cut));
          const right = half(token.text.slice(cut));
          if (left.size === 0 || right.size === 0) continue;
          for (const [w, s] of left) record(w, s, self);
          for (const [w, s] of right) record(w, s, self);
        }
      }
      // … or two message words one catalog word.
      const next = tokens[i + 1];
      if (next && next.start - token.end <= 1) {
        const glued = lookup(token.text + next.text);
        if (glued.size > 0) {
          const at = spans.push({ text: token.text + next.text, start: token.start, end: next.end }) - 1;
          for (const [w, s] of glued) record(w, s, at);
        }
      }
      return [words];
    });

    // Evidence for a product: the weight of the message words it explains, over the weight of
    // all message words that name any product. "رژ لب" explains both lipsticks equally (ambiguous);
    // "مانتو کتان" explains the linen manto better than the others.
    const matchEpoch = nextEpoch();
    let touched: number[] = [];
    let total = 0;
    const slotTouched: number[] = [];
    // A product's evidence from one slot is its best word there, added once.
    const credit = (n: number, wordWeight: number, at: Token, w: number) => {
      if (seenEpoch[n] !== matchEpoch) {
        seenEpoch[n] = matchEpoch;
        touched.push(n);
        weight[n] = 0;
        start[n] = 2 ** 30;
        end[n] = -1;
        firstWord[n] = w;
        several[n] = 0;
      } else if (firstWord[n] !== w) several[n] = 1;
      weight[n]! += wordWeight;
      start[n] = Math.min(start[n]!, at.start);
      end[n] = Math.max(end[n]!, at.end);
    };
    const everyWord = among ? undefined : productsWithEveryWord(slots, spans, limit);
    const probed = everyWord || among ? undefined : probedSlots(slots, options.minScore ?? 0);
    if (everyWord) ({ touched, total } = everyWord);
    else for (let s = 0; s < slots.length; s++) {
      const words = slots[s]!;
      // Nearly every slot is one catalog word: its list is credited straight away, with no
      // per-slot bookkeeping of which word of the slot serves a product best (a list of a common
      // word in a large catalog holds thousands).
      if (words.size === 1 && !among) {
        const [word, { score, token }] = words.entries().next().value!;
        const w = wordNumber.get(word)!;
        const wordWeight = weightOf(w) * score;
        total += wordWeight;
        const at = spans[token]!;
        if (probed?.words[s]) {
          // Too light to lift a product to the floor alone: only the products the other words
          // found are looked up in its list (in message order still, so sums stay the same).
          for (const n of probed.candidates) if (holds(postings[w]!, n)) credit(n, wordWeight, at, w);
        } else for (const n of postings[w]!) credit(n, wordWeight, at, w);
        continue;
      }
      nextEpoch();
      let slotBest = 0;
      slotTouched.length = 0;
      for (const [word, { score, token }] of words) {
        const w = wordNumber.get(word)!;
        const wordWeight = weightOf(w) * score;
        slotBest = Math.max(slotBest, wordWeight);
        const consider = (n: number) => {
          if (slotEpoch[n] !== epoch) {
            slotEpoch[n] = epoch;
            slotTouched.push(n);
          } else if (!(wordWeight > slotWeight[n]!)) return;
          slotWeight[n] = wordWeight;
          slotToken[n] = token;
          slotWord[n] = w;
        };
        if (among) {
          for (const n of among) if (hasWord(n, w)) consider(n);
        } else for (const n of postings[w]!) consider(n);
      }
      total += slotBest;
      for (const n of slotTouched) credit(n, slotWeight[n]!, spans[slotToken[n]!]!, slotWord[n]!);
    }
    if (total === 0 || touched.length === 0) return [];

    let written: Set<string> | undefined;
    const writtenWords = () => (written ??= new Set(tokens.map((t) => t.text)));
    const factorOf = (n: number) => {
      const only = firstWord[n]!;
      const text = wordText[only]!;
      if (several[n] !== 0 || text.length > SHORT_WORD || headCount[only] !== 0) return 1;
      const opens = firstWords.get(text);
      return options.words && !options.words.has(text) && opens && holds(opens, n) && LETTERS_ONLY.test(text) && writtenWords().has(text) ? 1 : LONE_SHORT_WORD_FACTOR;
    };
    // Products with the same evidence (the same words, as most of a large catalog's products that
    // share any are) share a bound on their score, coverage included: groups are scored best bound
    // first, and once a group's bound is below the limit-th best score so far, no product left can
    // enter. So the thousands holding only a common word are never scored.
    const groups = new Map<number, number[]>();
    let lastBound = NaN;
    let lastGroup: number[] = [];
    for (const n of touched) {
      const bound = factorOf(n) * Math.min(1, (0.9 * weight[n]!) / total + 0.1);
      if (bound !== lastBound) {
        lastBound = bound;
        lastGroup = groups.get(bound) ?? [];
        if (lastGroup.length === 0) groups.set(bound, lastGroup);
      }
      lastGroup.push(n);
    }
    const bounds = [...groups.keys()].sort((a, b) => b - a);
    // Ties break on how much of a product's own name or alias the message covers.
    nextEpoch();
    for (const words of slots) {
      for (const [word, { score }] of words) {
        const w = wordNumber.get(word)!;
        if (hitEpoch[w] !== epoch) {
          hitEpoch[w] = epoch;
          hitScore[w] = 0;
        }
        hitScore[w] = Math.max(hitScore[w]!, score);
      }
    }
    const hitOf = (w: number) => (hitEpoch[w] === epoch ? hitScore[w]! : 0);
    // No phrase is covered by more than the message words the product holds: with its lightest
    // phrase, a bound on its coverage that spares working it out for most of a large group. When
    // every slot is one word, a product's evidence is at least those words' weight; otherwise all
    // the message's words together are the bound.
    const oneWordSlots = slots.every((words) => words.size <= 1);
    let hitWeight = 0;
    if (!oneWordSlots) {
      for (const w of new Set(slots.flatMap((words) => [...words.keys()].map((word) => wordNumber.get(word)!)))) hitWeight += weightOf(w) * hitOf(w);
    }
    const heldWeight = (n: number) => (oneWordSlots ? weight[n]! : hitWeight) * (1 + 1e-9);
    ensureRanks();
    // The best `limit` by score, then by id, kept in a small buffer: no sort of every candidate.
    const kept: { n: number; score: number; coverage: number }[] = [];
    const before = (a: { n: number; score: number }, b: { n: number; score: number }) => b.score - a.score || rank[a.n]! - rank[b.n]!;
    const floor = options.minScore ?? 0;
    for (const bound of bounds) {
      // (A hair of slack: a bound and a score are summed in different orders.)
      if (bound + 1e-12 < floor || (kept.length === limit && bound + 1e-12 < kept[limit - 1]!.score)) break;
      for (const n of groups.get(bound)!) {
        const factor = factorOf(n);
        if (kept.length === limit || floor > 0) {
          const most = factor * Math.min(1, (0.9 * weight[n]!) / total + 0.1 * Math.min(1, heldWeight(n) / lightestPhraseOf(n)));
          if (most + 1e-12 < floor || (kept.length === limit && most + 1e-12 < kept[limit - 1]!.score)) continue;
        }
        const coverage = coverageOf(phraseStart[n]!, phraseEnd[n]!, hitOf);
        const candidate = { n, score: factor * Math.min(1, (0.9 * weight[n]!) / total + 0.1 * coverage), coverage };
        if (candidate.score < floor) continue;
        if (kept.length === limit && before(candidate, kept[limit - 1]!) >= 0) continue;
        let at = kept.length;
        while (at > 0 && before(candidate, kept[at - 1]!) < 0) at--;
        kept.splice(at, 0, candidate);
        if (kept.length > limit) kept.pop();
      }
    }
    return kept.map(({ n, score, coverage }) => ({
      productId: ids[n]!,
      ...(coverage >= COMPLETE ? { complete: true } : {}),
      score,
      start: start[n]!,
      end: end[n]!,
    }));
  }

  return {
    match,
    productsOf,
    names: (word, options = {}) => wordLookup(word, !options.words?.has(word)).size > 0,
    namedBy(forms, productId, options = {}) {
      const n = numberOf.get(productId);
      return n !== undefined && forms.some((f) => listsOf(f, options).some((l) => holds(l, n)));
    },
    shareProduct,
    isHeadedBy(word, productId) {
      const n = numberOf.get(productId);
      const headed = firstWords.get(word);
      if (n === undefined || !headed || !holds(headed, n)) return false;
      return inVocabulary(word) || listsOf(word, {}).some((l) => holds(l, n));
    },
    headedBy(word) {
      const headed = firstWords.get(word);
      if (!headed) return [];
      // A catalog word is only itself: the products it heads all hold it.
      if (inVocabulary(word)) return headed.map((n) => ids[n]!);
      const lists = listsOf(word, {});
      return headed.filter((n) => lists.some((l) => holds(l, n))).map((n) => ids[n]!);
    },
    onlyQualifies(word) {
      const words = [...lookup(word).keys()];
      return words.length > 0 && words.every((w) => namingCount[wordNumber.get(w)!] === 0);
    },
    add: (entry) => void put(entry),
    update: (entry) => void put(entry),
    remove: drop,
    sync(entries) {
      let changed = 0;
      const keep = new Set(entries.map((e) => e.id));
      for (const id of [...numberOf.keys()]) if (!keep.has(id) && drop(id)) changed += 1;
      for (const entry of entries) if (put(entry)) changed += 1;
      ensureRanks();
      return changed;
    },
    has: (id) => numberOf.has(id),
    get size() {
      return live;
    },
  };
}
