// The matching key: everything that does not change meaning is folded, so classification, entity
// extraction and fuzzy search compare like with like. Built from the display form.
import { KEY_CHAR_MAP } from './chars.js';
import { joinAffixes } from './display.js';
import { protectSpans, restoreSpans } from './protect.js';

// Thousands separators inside numbers: 1,250,000 and ۱٬۲۵۰٬۰۰۰ both become 1250000.
const DIGIT_GROUP_SEPARATOR = /(?<=\d)[,\u066C](?=\d{3}(?!\d))/g;
const HAS_GROUPED_NUMBER = /\d[,\u066C]\d/;
// ٫ is a decimal point only between digits; elsewhere it stays, since a "." there would be spaced
// as punctuation by the display form and the key of the key would differ from the key.
const EZAFE_AFTER_HE = /ه\u200cی(?![\p{L}\u200c])/gu;
const DECIMAL_SEPARATOR = /(?<=\d)\u066B(?=\d)/g;

// One pass does the character folding and squeezes repeated letters; digits never squeeze (order
// numbers, phones). The table is indexed by UTF-16 code unit.
// FOLD[code]: the folded code unit, DROP for a code unit the key leaves out, or KEEP (every value of
// KEY_CHAR_MAP is one code unit or none): a typed table read per character instead of a Map lookup.
const KEEP = -1;
const DROP = -2;
const FOLD = new Int32Array(Math.max(...Object.keys(KEY_CHAR_MAP).map((k) => k.charCodeAt(0))) + 1).fill(KEEP);
for (const [k, v] of Object.entries(KEY_CHAR_MAP)) FOLD[k.charCodeAt(0)] = v === '' ? DROP : v.charCodeAt(0);
const isLatinVowel = (c: number) => c === 0x61 || c === 0x65 || c === 0x69 || c === 0x6f || c === 0x75 || c === 0x79 || c === 0x68;
const isPersianLetter = (c: number) => (c >= 0x0621 && c <= 0x064a) || (c >= 0x0671 && c <= 0x06d3);
// Letters the key folds into an affix's letter (ۀ ة → ه، ئ → ی، أ إ آ ٱ → ا، ؤ → و): the display
// form saw «اه ئ» as two words, the key sees «اه ی», an ezafe the display form joins («اه‌ی»).
const FOLDS_INTO_AFFIX_LETTER = new Set([0x06c0, 0x0629, 0x0626, 0x0623, 0x0625, 0x0622, 0x0671, 0x0624]);
// Latin doubles are often real (xxl, RR…IR codes, mamnoon): only a vowel stretched to three or
// more copies (salaaam, mersiii) is squeezed.
const STRETCHED_LATIN_VOWEL = /([aeiouyh])\1{2,}/g;

/**
 * `stretched`: a Latin vowel occurs three or more times in a row in the output, i.e. whether
 * STRETCHED_LATIN_VOWEL has anything to replace (most messages: no, and no regex scan is needed).
 */
function foldCharacters(text: string): { folded: string; uncovers: boolean; stretched: boolean } {
  // The output is text with some code units dropped or replaced: it is built from the runs kept as
  // they are (slices), not one character at a time.
  let out = '';
  let kept = 0; // text[kept, i) is kept as it is and not yet in out
  let previous = -1;
  let run = 0; // copies of `previous` at the end of the output
  let uncovers = false;
  let stretched = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const mapped = code < FOLD.length ? FOLD[code]! : KEEP;
    if (mapped === DROP) {
      uncovers = true; // a dropped ZWNJ can leave an affix standing alone («ه‌ا» → «ها»)
      out += text.slice(kept, i);
      kept = i + 1;
      continue;
    }
    const c = mapped === KEEP ? code : mapped;
    if (c === previous && isPersianLetter(c)) {
      uncovers = true;
      out += text.slice(kept, i);
      kept = i + 1;
      continue;
    }
    if (mapped !== KEEP) {
      if (FOLDS_INTO_AFFIX_LETTER.has(code)) uncovers = true;
      out += text.slice(kept, i) + String.fromCharCode(c);
      kept = i + 1;
    }
    run = c === previous ? run + 1 : 1;
    if (run >= 3 && isLatinVowel(c)) stretched = true;
    previous = c;
  }
  return { folded: kept === 0 ? text : out + text.slice(kept), uncovers, stretched };
}

export function keyFromDisplay(display: string): string {
  const lowered = display.toLowerCase();
  // «عمده‌ی شال»، «هزینه‌ی ارسال»: the ezafe after a silent «ه» joins the next word, it is not part of the word.
  const { text, spans } = protectSpans(lowered.includes('\u200cی') ? lowered.replace(EZAFE_AFTER_HE, 'ه') : lowered);
  let { folded, uncovers, stretched } = foldCharacters(text);
  if (stretched) folded = folded.replace(STRETCHED_LATIN_VOWEL, '$1');
  if (folded.includes('\u066B')) folded = folded.replace(DECIMAL_SEPARATOR, '.');
  if (HAS_GROUPED_NUMBER.test(folded)) folded = folded.replace(DIGIT_GROUP_SEPARATOR, '');
  // Folding can uncover an affix (هاا → ها، ۀ → ه، ئ → ی): join it as the display form would have.
  // Folding again drops the ZWNJ and squeezes a letter doubled by the join («اه‌ها» → «اها»), as the
  // first fold does across a ZWNJ.
  if (uncovers) folded = foldCharacters(joinAffixes(folded)).folded;
  return restoreSpans(folded, spans);
}
