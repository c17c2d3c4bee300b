// Fuzzy product mentions: the catalog's names and aliases are indexed by token (product-index.ts);
// a message's tokens find them exactly, with one typo, glued or split differently (ضدافتاب /
// ضد افتاب), or in Finglish through the consonant-skeleton index. Tokens shared by many products
// (مانتو) weigh less than the ones that tell products apart (کتان), so "مانتو" alone matches every
// manto equally.
import { createProductIndex, type CatalogEntry, type ProductIndex, type ProductMatch, type ProductMatcher } from './product-index.js';
import type { Entity } from './types.js';

export { createProductIndex, MAX_MATCHES, WEAK_MATCH, type CatalogEntry, type MatchOptions, type ProductIndex, type ProductMatch, type ProductMatcher } from './product-index.js';

/** A matcher over these products; it is a ProductIndex, so products can be changed one at a time. */
export function buildProductMatcher(catalog: readonly CatalogEntry[]): ProductIndex {
  return createProductIndex(catalog);
}

/** Product mentions as entities, best first; weak matches (a generic word alone) are left out. */
export function findProducts(key: string, matcher: ProductMatcher, minScore = 0.5): Entity[] {
  return productEntities(key, matcher.match(key), minScore);
}

/** Entities of product matches already made. */
export function productEntities(key: string, matches: readonly ProductMatch[], minScore = 0.5): Entity[] {
  return matches
    .filter((m) => m.score >= minScore)
    .slice(0, 5)
    .map((m) => ({
      type: 'product' as const,
      value: m.productId,
      text: key.slice(m.start, m.end),
      start: m.start,
      end: m.end,
      score: Math.round(m.score * 100) / 100,
    }));
}
