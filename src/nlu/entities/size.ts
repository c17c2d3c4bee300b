import { spanSet } from './spans.js';
import type { Entity } from './types.js';

// Spoken and Finglish names of letter sizes, as the matching key spells them (no ZWNJ, no doubles).
const SIZE_WORDS: ReadonlyArray<readonly [string, string]> = [
  ['سه ایکس لارج', 'XXXL'], ['دو ایکس لارج', 'XXL'], ['ایکس ایکس لارج', 'XXL'], ['ایکس لارج', 'XL'],
  ['ایکس اسمال', 'XS'], ['اکسترا لارج', 'XL'], ['لارج', 'L'], ['مدیوم', 'M'], ['متوسط', 'M'],
  ['اسمال', 'S'], ['فری سایز', 'FREE'], ['فریسایز', 'FREE'], ['medium', 'M'], ['large', 'L'],
  ['small', 'S'], ['free size', 'FREE'], ['freesize', 'FREE'],
];
const LETTER_SIZE = /(?<![a-z\d])(xs|s|m|l|xl|xxl|xxxl|[2-5]xl|x{2,3}l)(?![a-z\d])/g;
const SIZE_KEYWORD = /(?:سایز|سایزم|سایزش|size|saiz|sayz|شماره)\s?(\d{2}|x{0,3}[sml]|[2-5]xl)(?![\da-z])/g;
const BARE_NUMBER = /(?<![\d.,:#])(3[4-9]|4[0-8])(?![\d.,:])/g;
const NOT_A_SIZE_AFTER = /\s*(?:تا|عدد|تومان|تومن|هزار|روز|ساعت|درصد|ta|%)/y;

const canonicalLetter = (s: string) => {
  const upper = s.toUpperCase();
  const m = /^([2-5])XL$/.exec(upper);
  return m ? `${'X'.repeat(Number(m[1]))}L` : upper;
};

/** Sizes: letter sizes (S…XXXL), their spoken names, and shoe/clothing numbers 34–48. */
export function findSizes(key: string): Entity[] {
  const found: Entity[] = [];
  const spans = spanSet(key.length);
  const push = (value: string, text: string, start: number, score: number) => {
    const span = { start, end: start + text.length };
    if (spans.overlaps(span)) return;
    found.push({ type: 'size', value, text, ...span, score });
    spans.add(span);
  };
  for (const m of key.matchAll(SIZE_KEYWORD)) {
    const size = m[1] ?? '';
    push(/\d/.test(size.charAt(0)) && size.length === 2 ? size : canonicalLetter(size), size, m.index + m[0].length - size.length, 1);
  }
  for (const [word, value] of SIZE_WORDS) {
    let from = key.indexOf(word);
    while (from !== -1) {
      push(value, word, from, 1);
      from = key.indexOf(word, from + word.length);
    }
  }
  // A lone "m" or "s" is too often something else in Latin text; they count only in Persian text.
  const latinText = /[a-z]{3,}/.test(key.replace(LETTER_SIZE, ''));
  for (const m of key.matchAll(LETTER_SIZE)) {
    if (latinText && m[0].length === 1) continue;
    push(canonicalLetter(m[0]), m[0], m.index, 1);
  }
  for (const m of key.matchAll(BARE_NUMBER)) {
    NOT_A_SIZE_AFTER.lastIndex = m.index + m[0].length;
    if (NOT_A_SIZE_AFTER.test(key)) continue;
    push(m[0], m[0], m.index, 0.6);
  }
  return found.sort((a, b) => a.start - b.start);
}
