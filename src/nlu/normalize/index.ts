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

/** The matching key of raw text. */
export function toKey(text: string): string {
  return keyFromDisplay(toDisplay(text));
}
