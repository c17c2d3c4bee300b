import { wordsToNumber } from '@persian-tools/persian-tools';
import { toKey } from '../normalize/index.js';
import { wordStartScanner } from './scan.js';
import type { Entity } from './types.js';

// Written as the matching key spells them (عدد → عد).
const alternation = (words: string) => `(?:${words.split(' ').map(toKey).join('|')})`;
const UNIT = alternation('تا عدد دونه دانه جفت بسته ta adad done');
const COUNT_WORDS = 'یک یه دو سه چهار پنج شش شیش هفت هشت نه ده یازده دوازده بیست سی yek ye do se chahar panj shish';
const COUNT_WORD = alternation(COUNT_WORDS);
// Every quantity ends in a unit word: a plain search rules most messages out.
const MAY_HAVE_UNIT = new RegExp(UNIT);
// («دوتاش»، «سه تاشو»: that many of it.)
const QUANTITY = new RegExp(`(?<![\\p{L}\\d])(\\d{1,4}|${COUNT_WORD})\\s?${UNIT}(?:ش|شو|شون|شم)?(?![\\p{L}])`, 'gu');
/** Where QUANTITY is read: only from a digit or a count word's first letter, not after a letter. */
export const QUANTITY_SCAN = wordStartScanner(QUANTITY, [...'0123456789', ...COUNT_WORDS.split(' ').map(toKey)]);

const SPOKEN: Readonly<Record<string, number>> = {
  یه: 1, یک: 1, شیش: 6, yek: 1, ye: 1, do: 2, se: 3, chahar: 4, panj: 5, shish: 6,
};
const countOf = (word: string) => SPOKEN[word] ?? wordsToNumber(word);
// QUANTITY's count is digits or one of COUNT_WORDS: each word's number is read once here, not by
// persian-tools at every message that has one (its code, cold after other work, cost tens of µs).
const COUNT_OF = new Map(COUNT_WORDS.split(' ').map(toKey).map((w) => [w, countOf(w)] as const));

/** Counts: "دو تا", "۲ عدد", "یه دونه", "se ta". */
export function findQuantities(key: string): Entity[] {
  const found: Entity[] = [];
  if (!MAY_HAVE_UNIT.test(key)) return found;
  for (const m of QUANTITY_SCAN.matches(key)) {
    const word = m[1] ?? '';
    const n = /^\d+$/.test(word) ? Number(word) : COUNT_OF.has(word) ? COUNT_OF.get(word) : countOf(word);
    if (typeof n !== 'number' || !(n > 0)) continue;
    found.push({ type: 'quantity', value: String(n), text: m[0], start: m.index, end: m.index + m[0].length, score: 1 });
  }
  return found;
}
