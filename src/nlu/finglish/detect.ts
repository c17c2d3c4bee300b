import { ENGLISH_WORDS, FINGLISH_SHAPE, FINGLISH_WORDS, foldRepeats } from './lexicon.js';

export type Script = 'persian' | 'finglish' | 'english' | 'mixed' | 'none';

const PERSIAN_LETTERS = /\p{Script=Arabic}/gu;
const LATIN_WORDS = /[a-z][a-z0-9']*/g;
const HAS_LATIN = /[a-z]/;
const HAS_PERSIAN = /\p{Script=Arabic}/u;

/**
 * Which writing a message is in. Latin text is Finglish or English by word lists and word shapes;
 * when the evidence is even, Finglish wins, since pasokh's customers write Persian.
 */
export function detectScript(text: string): Script {
  const lower = text.toLowerCase();
  // Most messages have no Latin letter at all: two tests, no arrays.
  if (!HAS_LATIN.test(lower)) return HAS_PERSIAN.test(lower) ? 'persian' : 'none';
  const persian = lower.match(PERSIAN_LETTERS)?.length ?? 0;
  const words = lower.match(LATIN_WORDS) ?? [];
  const latin = words.reduce((n, w) => n + w.length, 0);
  if (persian === 0 && latin === 0) return 'none';
  if (latin === 0) return 'persian';
  if (persian > 0) return persian >= latin * 2 ? 'persian' : 'mixed';

  let finglish = 0;
  let english = 0;
  for (const raw of words) {
    const word = foldRepeats(raw);
    if (FINGLISH_WORDS.has(word)) finglish += 1;
    else if (ENGLISH_WORDS.has(word)) english += 1;
    else if (FINGLISH_SHAPE.test(word)) finglish += 0.5;
  }
  if (finglish === 0 && english === 0) return 'english';
  return finglish >= english ? 'finglish' : 'english';
}
