import { toDisplay } from './display.js';
import { keyFromDisplay } from './key.js';

export { toDisplay } from './display.js';
export * as steps from './display.js';

export interface Normalized {
  /** Correct written Persian, the user's digits kept: for showing text back. */
  display: string;
  /** Folded form for matching: ASCII digits, no ZWNJ, no repeated letters, lower-case Latin. */
  key: string;
}

export function normalize(text: string): Normalized {
  const display = toDisplay(text);
  return { display, key: keyFromDisplay(display) };
}

// A turn folds the same shop strings again and again (variant colours and sizes, FAQ questions,
// product names): on the webhook path toKey was ~5 % of the process's CPU, two thirds of it on
// strings it had folded before. The fold is pure, so short inputs are remembered; the bound keeps a
// stream of distinct customer messages from growing it. Two generations, not oldest-first deletes:
// deleting a Map's first entry over and over makes each next one slower (a 100k-product catalog's
// names spent 1.7 s there), while a full generation is simply set aside and what is still in use
// comes back from it.
const KEY_CACHE_LIMIT = 20_000;
const KEY_CACHE_MAX_LENGTH = 120;
let keyCache = new Map<string, string>();
let olderKeys = new Map<string, string>();

/** The matching key of raw text. */
export function toKey(text: string): string {
  if (text.length > KEY_CACHE_MAX_LENGTH) return keyFromDisplay(toDisplay(text));
  const known = keyCache.get(text);
  if (known !== undefined) return known;
  const key = olderKeys.get(text) ?? keyFromDisplay(toDisplay(text));
  if (keyCache.size >= KEY_CACHE_LIMIT) {
    olderKeys = keyCache;
    keyCache = new Map();
  }
  keyCache.set(text, key);
  return key;
}
