// The part of a shop's FAQ answer that concerns the product asked about. Shops write one answer
// for all their goods («cosmetics are original; Nike and Adidas sneakers are master copies; the
// rest is made here or in Turkey»): a customer who asked «این کرم ضدآفتاب اصله؟» or «کتونی نایک
// اصله؟» needs the one sentence about that product, not all three — the sentence about the other
// goods can even read as the wrong answer.
import type { Product } from '../../commerce/index.js';
import { toKey } from '../../nlu/index.js';

// Words of product names that say nothing of what the product is.
const PLAIN = new Set(['زنانه', 'مردانه', 'یونیسکس', 'دخترانه', 'پسرانه', 'بچگانه', 'ساده', 'طرح', 'طرحدار', 'مدل', 'جدید']);
const MIN_WORD = 3;
// A word of the name with a plural or clitic ending («کتونی‌های» for «کتونی»), not another word that starts the same («کیفیت» is no «کیف»).
const SUFFIX = /^(?:ها|های|هایی|ی|یی|ای|ش|شان|تان|مان|هاش)$/;

// Whole sentences only: the halves of a sentence joined by «؛» are one thought («بله، …؛ اندازه را …»).
const sentences = (text: string) => text.split(/(?<=[.!؟?])\s+|\n+/).map((s) => s.trim()).filter(Boolean);

const wordsOf = (text: string) => toKey(text).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= MIN_WORD && !PLAIN.has(w));

/** How much a sentence is about the product: its name's words count twice, its category's once. */
function relevance(sentenceWords: readonly string[], product: Product): number {
  const mentions = (word: string) => sentenceWords.some((w) => w === word || (w.startsWith(word) && SUFFIX.test(w.slice(word.length))));
  let score = 0;
  for (const word of new Set(wordsOf(product.name))) if (mentions(word)) score += 2;
  for (const word of new Set(wordsOf(product.category ?? ''))) if (mentions(word)) score += 1;
  return score;
}

/**
 * The sentences of `answer` about `products` (each product's best-matching sentences), in the
 * answer's order, or undefined when the answer is one sentence or a product is named by none of
 * its sentences (then all of it is the answer).
 */
export function answerForProducts(answer: string, products: readonly Product[]): string | undefined {
  const parts = sentences(answer);
  if (parts.length < 2 || products.length === 0) return undefined;
  const words = parts.map((s) => wordsOf(s));
  const chosen = new Set<number>();
  for (const product of products) {
    const scores = words.map((w) => relevance(w, product));
    const best = Math.max(...scores);
    // A product no sentence names: the answer does not say which part is its, so all of it.
    if (best === 0) return undefined;
    scores.forEach((score, i) => score === best && chosen.add(i));
  }
  if (chosen.size === 0 || chosen.size === parts.length) return undefined;
  return parts.filter((_, i) => chosen.has(i)).join(' ');
}
