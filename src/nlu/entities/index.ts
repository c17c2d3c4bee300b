import { findOrderNumbers, findTrackingCodes } from './codes.js';
import { findColours } from './colour.js';
import { findPhones } from './phone.js';
import { findQuantities } from './quantity.js';
import { findSizes } from './size.js';
import { spanSet } from './spans.js';
import type { Entity } from './types.js';

export type { Entity, EntityType } from './types.js';
export { buildProductMatcher, findProducts, productEntities, type CatalogEntry, type ProductMatch, type ProductMatcher } from './product.js';
export { findPhones, phoneOf } from './phone.js';
export { findOrderNumbers, findTrackingCodes } from './codes.js';
export { findQuantities } from './quantity.js';
export { findSizes } from './size.js';
export { findColours, COLOUR_NAMES } from './colour.js';

/**
 * Every entity in a matching key but product mentions, which need a catalog (ProductMatcher).
 * Numbers are claimed in order of certainty: phones, tracking codes, then order numbers; a size
 * or count never reuses digits already claimed.
 */
export function extractEntities(key: string): Entity[] {
  const phones = findPhones(key);
  const claimed = spanSet(key.length, phones);
  const tracking = findTrackingCodes(key).filter((e) => !claimed.overlaps(e));
  for (const e of tracking) claimed.add(e);
  const orders = findOrderNumbers(key, [...phones, ...tracking]);
  for (const e of orders) claimed.add(e);
  const quantities = findQuantities(key).filter((e) => !claimed.overlaps(e));
  for (const e of quantities) claimed.add(e);
  const sizes = findSizes(key).filter((e) => !claimed.overlaps(e));
  const colours = findColours(key);
  return [...phones, ...tracking, ...orders, ...quantities, ...sizes, ...colours].sort((a, b) => a.start - b.start || b.score - a.score);
}
