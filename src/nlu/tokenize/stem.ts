// A light stemmer for Persian chat words in matching-key form (no ZWNJ, so suffixes are glued).
// Chained suffix stripping turns real words into fragments (قیمت → قیم, سلام → سلا), so a suffix
// comes off only when what remains is long enough and, for the short clitics, is a word the caller
// knows (the vocabulary of the training data or the catalog).

import { toKey } from '../normalize/index.js';
import { VERB_BODY } from '../normalize/verb-stems.js';

export type Lexicon = ReadonlySet<string>;

const OBJECT_MARKERS = ['رو', 'و']; // سفارشمو، اینو، مانتورو (spoken را)
const PRONOUNS = new Set(['این', 'اون', 'اینا', 'اونا', 'همین', 'همون']);
const PLURALS = ['هایی', 'های', 'ها', 'ان'];
const LONG_CLITICS = ['مون', 'تون', 'شون', 'ام', 'ات', 'اش'];
const SHORT_CLITICS = ['م', 'ت', 'ش', 'ی'];
const SPOKEN_PLURAL = 'ا'; // رنگا، سفارشامون
const VERB = new RegExp(`^(?:ن?می)(?:${VERB_BODY})$`);

const MIN_STEM = 2;
// Words whose ending only looks like a suffix.
const NOT_SUFFIXED = new Set(
  [
  'تومان', 'ایران', 'تهران', 'ارزان', 'گران', 'کتان', 'جوان', 'میزان', 'زمستان', 'تابستان',
  'خیابان', 'استان', 'داستان', 'اسمان', 'پایان', 'ارسال', 'جلو', 'نیرو', 'راهرو', 'سلام', 'تمام',
  'کدام', 'قیمت', 'مدت', 'ساعت', 'کفش', 'ارزش', 'فروش', 'سفارش', 'پوشش', 'خواهش', 'لباس', 'ممنون',
  'چطوری', 'مرسی', 'خیلی', 'مانتو', 'پالتو', 'بو', 'رو', 'تو', 'او', 'دارو', 'کالا', 'بالا', 'کجا',
  ].map(toKey), // as the matching key spells them: ممنون → منون
);

function strip(word: string, suffixes: readonly string[], minStem: number): string | undefined {
  for (const suffix of suffixes) {
    if (word.length - suffix.length >= minStem && word.endsWith(suffix)) {
      return word.slice(0, -suffix.length);
    }
  }
  return undefined;
}

/**
 * Stem of one token: the می/نمی verb prefix and personal ending, object marker, possessive clitics
 * and plural off. Without a lexicon only the unambiguous multi-letter suffixes come off.
 */
export function stem(word: string, lexicon?: Lexicon): string {
  if (word.length <= MIN_STEM + 1 || NOT_SUFFIXED.has(word) || !/^\p{Script=Arabic}+$/u.test(word)) {
    return word;
  }
  const verb = VERB.exec(word);
  if (verb) return verb[1] ?? verb[2] ?? word;

  const known = (w: string) => NOT_SUFFIXED.has(w) || (lexicon?.has(w) ?? false);
  let current = word;

  const withoutMarker = strip(current, OBJECT_MARKERS, 3);
  if (
    withoutMarker &&
    (current.endsWith('رو') || PRONOUNS.has(withoutMarker) || known(withoutMarker) || /[متش]$/.test(withoutMarker))
  ) {
    current = withoutMarker;
  }
  if (PRONOUNS.has(current)) return current;

  const withoutClitic = strip(current, LONG_CLITICS, 3);
  if (withoutClitic && (current.length >= 5 || known(withoutClitic))) current = withoutClitic;
  else {
    const withoutShort = strip(current, SHORT_CLITICS, 3);
    if (withoutShort && known(withoutShort)) current = withoutShort;
  }
  if (known(current)) return current;

  const spokenPlural = strip(current, [SPOKEN_PLURAL], 3);
  if (spokenPlural && known(spokenPlural)) return spokenPlural;

  const withoutPlural = strip(current, PLURALS, 3);
  if (withoutPlural) {
    const isAn = current.endsWith('ان') && !current.endsWith('هان');
    if (!isAn || known(withoutPlural) || withoutPlural.length >= 4) current = withoutPlural;
  }
  return current;
}
