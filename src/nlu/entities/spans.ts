// Which characters of a key are already part of an entity. Asking each new match against every
// entity found so far is quadratic: a long message full of numbers (the CLI takes any length)
// took minutes. One flag per character keeps every check as short as the match itself.
import type { Entity } from './types.js';

export interface SpanSet {
  /** True when any character of [start, end) is taken. */
  overlaps(span: { start: number; end: number }): boolean;
  add(span: { start: number; end: number }): void;
}

// Every message makes a few of these and most never take a span: a class (no closures to create
// per set) whose flags are allocated at the first add.
class Flags implements SpanSet {
  private used: Uint8Array | undefined;

  constructor(private readonly length: number) {}

  overlaps({ start, end }: { start: number; end: number }): boolean {
    const used = this.used;
    if (used === undefined) return false;
    for (let i = Math.max(0, start), to = Math.min(this.length, end); i < to; i++) if (used[i] === 1) return true;
    return false;
  }

  add({ start, end }: { start: number; end: number }): void {
    this.used ??= new Uint8Array(this.length);
    this.used.fill(1, Math.max(0, start), Math.min(this.length, end));
  }
}

/**
 * An empty set over a key of `length` characters, optionally with `taken` entities in it.
 *
 * @example const spans = spanSet(key.length, phones); if (!spans.overlaps(m)) spans.add(m);
 */
export function spanSet(length: number, taken: readonly Entity[] = []): SpanSet {
  const set = new Flags(length);
  for (const e of taken) set.add(e);
  return set;
}
