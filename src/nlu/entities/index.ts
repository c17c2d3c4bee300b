import { findOrderNumbers, findTrackingCodes } from './codes.js';
import { findColours } from './colour.js';
import { findPhones } from './phone.js';
import { findQuantities } from './quantity.js';
import { findSizes } from './size.js';
import type { Entity } from './types.js';

export type { Entity, EntityType } from './types.js';
export { buildProductMatcher, findProducts, productEntities, type CatalogEntry, type ProductMatch, type ProductMatcher } from './product.js';
export { findPhones, phoneOf } from './phone.js';
export { findOrderNumbers, findTrackingCodes } from './codes.js';
export { findQuantities } from './quantity.js';
export { findSizes } from './size.js';
export { findColours, COLOUR_NAMES } from './colour.js';

const overlapsAny = (e: Entity, others: readonly Entity[]) => others.some((o) => e.start < o.end && o.start < e.end);

/**
 * Every entity in a matching key but product mentions, which need a catalog (ProductMatcher).
 * Numbers are claimed in order of certainty: phones, tracking codes, then order numbers; a size
 * or count never reuses digits already claimed.
 */
export function extractEntities(key: string): Entity[] {
  const phones = findPhones(key);
  const tracking = findTrackingCodes(key).filter((e) => !overlapsAny(e, phones));
  const claimed = [...phones, ...tracking];
  const orders = findOrderNumbers(key, claimed);
  claimed.push(...orders);
  const quantities = findQuantities(key).filter((e) => !overlapsAny(e, claimed));
  claimed.push(...quantities);
  const sizes = findSizes(key).filter((e) => !overlapsAny(e, claimed));
  const colours = findColours(key);
  return [...claimed, ...sizes, ...colours].sort((a, b) => a.start - b.start || b.score - a.score);
}
