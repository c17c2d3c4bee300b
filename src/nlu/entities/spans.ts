// Which characters of a key are already part of an entity. Asking each new match against every
// entity found so far is quadratic: a long message full of numbers (the CLI takes any length)
// took minutes. One flag per character keeps every check as short as the match itself.
import type { Entity } from './types.js';

export interface SpanSet {
  /** True when any character of [start, end) is taken. */
  overlaps(span: { start: number; end: number }): boolean;
  add(span: { start: number; end: number }): void;
}

/**
 * An empty set over a key of `length` characters, optionally with `taken` entities in it.
 *
 * @example const spans = spanSet(key.length, phones); if (!spans.overlaps(m)) spans.add(m);
 */
export function spanSet(length: number, taken: readonly Entity[] = []): SpanSet {
  const used = new Uint8Array(length);
  const set: SpanSet = {
    overlaps: ({ start, end }) => used.subarray(Math.max(0, start), Math.min(length, end)).includes(1),
    add: ({ start, end }) => void used.fill(1, Math.max(0, start), Math.min(length, end)),
  };
  for (const e of taken) set.add(e);
  return set;
}
