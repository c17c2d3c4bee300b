import { buildProductMatcher } from '../nlu/index.js';
import type { Catalog, Product } from './types.js';

export function createCatalog(products: readonly Product[]): Catalog {
  const byId = new Map(products.map((p) => [p.id, p]));
  return {
    products,
    product: (id) => byId.get(id),
    matcher: buildProductMatcher(products.map(({ id, name, aliases }) => ({ id, name, aliases }))),
  };
}

export const totalStock = (p: Product) => p.variants.reduce((sum, v) => sum + v.stock, 0);
export const effectivePrice = (p: Product) => p.salePrice ?? p.price;
