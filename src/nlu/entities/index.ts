import { findOrderNumbers, findTrackingCodes } from './codes.js';
import { findColours } from './colour.js';
import { findPhones } from './phone.js';
import { findProducts, type ProductMatcher } from './product.js';
import { findQuantities } from './quantity.js';
import { findSizes } from './size.js';
import type { Entity } from './types.js';

export type { Entity, EntityType } from './types.js';
export { buildProductMatcher, findProducts, productEntities, type CatalogEntry, type ProductMatch, type ProductMatcher } from './product.js';
export { findPhones } from './phone.js';
export { findOrderNumbers, findTrackingCodes } from './codes.js';
export { findQuantities } from './quantity.js';
export { findSizes } from './size.js';
export { findColours, COLOUR_NAMES } from './colour.js';

const overlapsAny = (e: Entity, others: readonly Entity[]) => others.some((o) => e.start < o.end && o.start < e.end);

/**
 * Every entity in a matching key. Numbers are claimed in order of certainty: phones, tracking
 * codes, then order numbers; a size or count never reuses digits already claimed.
 */
export function extractEntities(key: string, products?: ProductMatcher): Entity[] {
  const phones = findPhones(key);
  const tracking = findTrackingCodes(key).filter((e) => !overlapsAny(e, phones));
  const claimed = [...phones, ...tracking];
  const orders = findOrderNumbers(key, claimed);
  claimed.push(...orders);
  const quantities = findQuantities(key).filter((e) => !overlapsAny(e, claimed));
  claimed.push(...quantities);
  const sizes = findSizes(key).filter((e) => !overlapsAny(e, claimed));
  const colours = findColours(key);
  const found = [...claimed, ...sizes, ...colours];
  if (products) found.push(...findProducts(key, products));
  return found.sort((a, b) => a.start - b.start || b.score - a.score);
}
