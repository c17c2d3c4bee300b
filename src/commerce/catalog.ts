import { createProductIndex, type CatalogEntry } from '../nlu/index.js';
import type { Catalog, Product } from './types.js';

const entryOf = ({ id, name, aliases }: Product): CatalogEntry => ({ id, name, aliases });

/**
 * The catalog of these products. `previous`: the catalog they replace (a reloaded shop file); its
 * product index is updated in place, touching only the products added, removed or renamed, instead
 * of being built again. A turn still holding the previous catalog then matches on the new names.
 */
export function createCatalog(products: readonly Product[], previous?: Catalog): Catalog {
  const byId = new Map(products.map((p) => [p.id, p]));
  const entries = products.map(entryOf);
  const matcher = previous?.matcher ?? createProductIndex(entries);
  if (previous) matcher.sync(entries);
  return {
    products,
    product: (id) => byId.get(id),
    matcher,
  };
}

export const totalStock = (p: Product) => p.variants.reduce((sum, v) => sum + v.stock, 0);
export const effectivePrice = (p: Product) => p.salePrice ?? p.price;
