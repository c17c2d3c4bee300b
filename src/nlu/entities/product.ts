// Fuzzy product mentions: the catalog's names and aliases are indexed by token; a message's tokens
// find them exactly, with one typo, glued or split differently (ضدافتاب / ضد افتاب), or in Finglish
// through the consonant-skeleton index. Tokens shared by many products (مانتو) weigh less than the
// ones that tell products apart (کتان), so "مانتو" alone matches every manto weakly.
import { buildFinglishIndex } from '../finglish/index.js';
import { toKey } from '../normalize/index.js';
import { tokenize, tokenizeWithOffsets, type Token } from '../tokenize/index.js';
import type { Entity } from './types.js';

export interface CatalogEntry {
  id: string;
  name: string;
  aliases?: readonly string[];
}

export interface ProductMatch {
  productId: string;
  /** 0–1: the weighted share of the best-matching name or alias that the message covers. */
  score: number;
  start: number;
  end: number;
}

export interface ProductMatcher {
  match(key: string): ProductMatch[];
}

interface Phrase {
  productId: string;
  tokens: string[];
  weight: number;
}

const TYPO_SCORE = 0.8;
const MIN_TYPO_LENGTH = 4;
const STOP = new Set(['و', 'با', 'از', 'به', 'برای', 'مدل', 'رنگ', 'سایز', 'این', 'اون', 'یه', 'یک']);

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

export function buildProductMatcher(catalog: readonly CatalogEntry[]): ProductMatcher {
  const phrases: Phrase[] = [];
  const documentFrequency = new Map<string, Set<string>>();
  for (const product of catalog) {
    for (const text of [product.name, ...(product.aliases ?? [])]) {
      const tokens = tokenize(toKey(text)).filter((t) => !STOP.has(t));
      if (tokens.length === 0) continue;
      phrases.push({ productId: product.id, tokens, weight: 0 });
      for (const t of tokens) {
        const ids = documentFrequency.get(t) ?? new Set<string>();
        ids.add(product.id);
        documentFrequency.set(t, ids);
      }
    }
  }
  const products = Math.max(1, catalog.length);
  const tokenWeight = new Map<string, number>();
  for (const [token, ids] of documentFrequency) tokenWeight.set(token, Math.log(1 + products / ids.size));
  for (const p of phrases) p.weight = p.tokens.reduce((sum, t) => sum + (tokenWeight.get(t) ?? 0), 0);

  // Vocabulary token → itself, its glued neighbours, and its one-deletion variants for typos.
  const vocabulary = [...documentFrequency.keys()];
  const byDeletion = new Map<string, Set<string>>();
  for (const word of vocabulary) {
    if (word.length < MIN_TYPO_LENGTH) continue;
    for (const d of [word, ...deletions(word)]) {
      const set = byDeletion.get(d) ?? new Set<string>();
      set.add(word);
      byDeletion.set(d, set);
    }
  }
  const finglish = buildFinglishIndex(vocabulary);

  /** Vocabulary words a query word may stand for, with how sure we are. */
  function lookup(word: string): Map<string, number> {
    const found = new Map<string, number>();
    const offer = (w: string, s: number) => {
      if (s > (found.get(w) ?? 0)) found.set(w, s);
    };
    if (documentFrequency.has(word)) offer(word, 1);
    if (word.length >= MIN_TYPO_LENGTH) {
      for (const d of [word, ...deletions(word)]) for (const w of byDeletion.get(d) ?? []) offer(w, TYPO_SCORE);
    }
    if (/^[a-z]+$/.test(word)) {
      for (const w of finglish.candidates(word, 2)) if (documentFrequency.has(w)) offer(w, 0.9);
    }
    return found;
  }

  return {
    match(key) {
      const tokens = tokenizeWithOffsets(key).filter((t) => !STOP.has(t.text));
      const hits = new Map<string, { score: number; token: Token }>();
      const record = (word: string, score: number, token: Token) => {
        const prev = hits.get(word);
        if (!prev || score > prev.score) hits.set(word, { score, token });
      };
      tokens.forEach((token, i) => {
        for (const [w, s] of lookup(token.text)) record(w, s, token);
        // A message word may be two catalog words glued (ضدافتاب for ضد افتاب), typos included …
        if (!documentFrequency.has(token.text)) {
          for (let cut = 2; cut <= token.text.length - 2; cut++) {
            const left = lookup(token.text.slice(0, cut));
            const right = lookup(token.text.slice(cut));
            if (left.size === 0 || right.size === 0) continue;
            for (const [w, s] of left) record(w, s, token);
            for (const [w, s] of right) record(w, s, token);
          }
        }
        // … or two message words one catalog word.
        const next = tokens[i + 1];
        if (next && next.start - token.end <= 1) {
          const glued = { text: token.text + next.text, start: token.start, end: next.end };
          for (const [w, s] of lookup(glued.text)) record(w, s, glued);
        }
      });
      if (hits.size === 0) return [];

      const best = new Map<string, ProductMatch>();
      for (const phrase of phrases) {
        let covered = 0;
        let start = Infinity;
        let end = -Infinity;
        for (const t of phrase.tokens) {
          const hit = hits.get(t);
          if (!hit) continue;
          covered += (tokenWeight.get(t) ?? 0) * hit.score;
          start = Math.min(start, hit.token.start);
          end = Math.max(end, hit.token.end);
        }
        if (covered === 0) continue;
        const score = phrase.weight > 0 ? covered / phrase.weight : 0;
        const prev = best.get(phrase.productId);
        if (!prev || score > prev.score) best.set(phrase.productId, { productId: phrase.productId, score, start, end });
      }
      return [...best.values()].sort((a, b) => b.score - a.score);
    },
  };
}

/** Product mentions as entities, best first; weak matches (a generic word alone) are left out. */
export function findProducts(key: string, matcher: ProductMatcher, minScore = 0.5): Entity[] {
  return matcher
    .match(key)
    .filter((m) => m.score >= minScore)
    .slice(0, 5)
    .map((m) => ({
      type: 'product' as const,
      value: m.productId,
      text: key.slice(m.start, m.end),
      start: m.start,
      end: m.end,
      score: Math.round(m.score * 100) / 100,
    }));
}
