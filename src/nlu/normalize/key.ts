// The matching key: everything that does not change meaning is folded, so classification, entity
// extraction and fuzzy search compare like with like. Built from the display form.
import { KEY_CHAR_MAP } from './chars.js';
import { joinAffixes } from './display.js';
import { protectSpans, restoreSpans } from './protect.js';

const KEY_CHARS = new RegExp(`[${Object.keys(KEY_CHAR_MAP).join('')}]`, 'g');
// Thousands separators inside numbers: 1,250,000 and ۱٬۲۵۰٬۰۰۰ both become 1250000.
const DIGIT_GROUP_SEPARATOR = /(?<=\d)[,\u066C](?=\d{3}(?!\d))/g;
// Repeated letters, in any script, fold to one; digits never do (order numbers, phones).
const ZWNJ = /\u200C/g;
const REPEATED_LETTER = /(\p{L})\1+/gu;

export function keyFromDisplay(display: string): string {
  const { text, spans } = protectSpans(display.toLowerCase());
  const folded = text
    .replace(KEY_CHARS, (ch) => KEY_CHAR_MAP[ch] ?? ch)
    .replace(DIGIT_GROUP_SEPARATOR, '')
    .replace(REPEATED_LETTER, '$1');
  // Folding can uncover an affix (هاا → ها، ۀ → ه): join it as the display form would have.
  return restoreSpans(joinAffixes(folded).replace(ZWNJ, ''), spans);
}
