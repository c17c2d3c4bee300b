// The product-matching quality set (test/data/product-mentions.jsonl): customer messages with the
// sample shop's product they name, the few products they leave open (a choice), or none. A message
// is read as the engine reads it (nlu.understand with the catalog), and resolved with the product
// flow's rule: the confident matches (score ≥ 0.5) within the ambiguity margin of the best one, or the
// one whose whole name or alias the message holds when it is the only one of its kind.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Catalog } from '../src/commerce/index.js';
import { DEFAULT_ENGINE_OPTIONS } from '../src/engine/context.js';
import { toKey, type Nlu, type ProductMatch } from '../src/nlu/index.js';

export interface MentionCase {
  text: string;
  /** One product id, the ids of a choice (any order), or null for no product. */
  expect: string | string[] | null;
  kind: string;
}

export interface MentionMiss {
  text: string;
  expected: string;
  got: string;
}

export interface MentionScore {
  cases: number;
  right: number;
  misses: MentionMiss[];
}

export const MENTIONS_FILE = fileURLToPath(new URL('../test/data/product-mentions.jsonl', import.meta.url));

export function loadMentionCases(file = MENTIONS_FILE): MentionCase[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as MentionCase);
}

/** What the product flow would take a message's matches to mean: no product, one, or a choice. */
export function resolveMatches(matches: readonly ProductMatch[], catalog: Catalog): string[] {
  const { productMinScore, productAmbiguityMargin } = DEFAULT_ENGINE_OPTIONS;
  const strong = matches.filter((m) => m.score >= productMinScore && catalog.product(m.productId));
  const top = strong[0];
  if (!top) return [];
  const close = strong.filter((m) => top.score - m.score < productAmbiguityMargin);
  const whole = close.filter((m) => m.complete);
  const head = (id: string) => toKey(catalog.product(id)!.name).split(' ')[0];
  const sameKind = whole.length === 1 && close.some((m) => m !== whole[0] && head(m.productId) === head(whole[0]!.productId));
  if (close.length > 1 && whole.length === 1 && !sameKind) return [whole[0]!.productId];
  return close.map((m) => m.productId);
}

const describe = (ids: readonly string[]) => (ids.length === 0 ? 'none' : [...ids].sort().join(' | '));

export function scoreMentions(nlu: Nlu, catalog: Catalog, cases: readonly MentionCase[] = loadMentionCases()): MentionScore {
  const misses: MentionMiss[] = [];
  for (const c of cases) {
    const got = resolveMatches(nlu.understand(c.text, catalog.matcher).productMatches, catalog);
    const expected = c.expect === null ? [] : typeof c.expect === 'string' ? [c.expect] : c.expect;
    if (describe(got) !== describe(expected)) misses.push({ text: c.text, expected: describe(expected), got: describe(got) });
  }
  return { cases: cases.length, right: cases.length - misses.length, misses };
}
