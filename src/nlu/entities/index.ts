import { findOrderNumbers, findTrackingCodes } from './codes.js';
import { findColours, findShades } from './colour.js';
import { findPhones } from './phone.js';
import { findQuantities } from './quantity.js';
import { findSizes } from './size.js';
import { spanSet, type SpanSet } from './spans.js';
import type { Entity } from './types.js';

export type { Entity, EntityType } from './types.js';
export { buildProductMatcher, createProductIndex, findProducts, productEntities, MAX_MATCHES, WEAK_MATCH, type CatalogEntry, type MatchOptions, type ProductIndex, type ProductMatch, type ProductMatcher } from './product.js';
export { findPhones, phoneOf } from './phone.js';
export { findOrderNumbers, findTrackingCodes } from './codes.js';
export { findQuantities } from './quantity.js';
export { findSizes, SIZE_RULES, type SizeRule } from './size.js';
export { findColours, findShades, COLOUR_NAMES, COLOUR_PATTERN } from './colour.js';
export { findCities } from './city.js';

/**
 * Every entity in a matching key but product mentions, which need a catalog (ProductMatcher).
 * Numbers are claimed in order of certainty: phones, tracking codes, then order numbers; a size
 * or count never reuses digits already claimed. A shade number («شماره ۱۲۰») is never an order
 * number; it may still be a size («شماره ۴۲» of a shoe): the product decides.
 */
export function extractEntities(key: string): Entity[] {
  const phones = findPhones(key);
  const claimed = spanSet(key.length, phones);
  const tracking = unclaimed(findTrackingCodes(key), claimed);
  for (const e of tracking) claimed.add(e);
  const shades = unclaimed(findShades(key), claimed);
  const orders = findOrderNumbers(key, phones.length + tracking.length + shades.length === 0 ? [] : [...phones, ...tracking, ...shades]);
  for (const e of orders) claimed.add(e);
  const quantities = unclaimed(findQuantities(key), claimed);
  for (const e of quantities) claimed.add(e);
  const sizes = unclaimed(findSizes(key), claimed);
  const colours = findColours(key);
  // Most messages name no entity at all: no concatenation and sort of seven empty lists then.
  if (phones.length + tracking.length + orders.length + quantities.length + shades.length + sizes.length + colours.length === 0) return [];
  return [...phones, ...tracking, ...orders, ...quantities, ...shades, ...sizes, ...colours].sort((a, b) => a.start - b.start || b.score - a.score);
}

// Most finders find nothing in most messages: the empty list is kept, not filtered into a new one.
const unclaimed = (found: Entity[], claimed: SpanSet) => (found.length === 0 ? found : found.filter((e) => !claimed.overlaps(e)));
