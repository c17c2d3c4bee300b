// Sizes as customers write them. Each way of writing a size is one named rule with the reason it
// exists and the examples it must read (test/nlu/sizes.test.ts runs every rule's table), in the
// shape of hazm's normalizer steps. Rules run in order; a span the first rule took is not read again.
import { findColours } from './colour.js';
import { wordStartScanner } from './scan.js';
import { spanSet } from './spans.js';
import type { Entity } from './types.js';

/** One way customers write sizes. */
export interface SizeRule {
  name: string;
  /** Why the rule exists. */
  why: string;
  /** Sizes in a matching key, as [value, start, matched text, score]. */
  find(key: string): Array<[string, number, string, number]>;
  /** Messages (as typed) and the sizes they name: the rule's test table. */
  examples: ReadonlyArray<readonly [string, readonly string[]]>;
}

const canonicalLetter = (s: string) => {
  const upper = s.toUpperCase();
  const m = /^([2-5])XL$/.exec(upper);
  return m ? `${'X'.repeat(Number(m[1]))}L` : upper;
};

// Persian-letter spellings of letter sizes, as the matching key spells them (no ZWNJ).
const SPOKEN: ReadonlyArray<readonly [string, string]> = [
  ['سه ایکس لارج', 'XXXL'], ['سه ایکس ال', 'XXXL'], ['سه ایکسال', 'XXXL'], ['تری ایکس ال', 'XXXL'],
  ['دو ایکس لارج', 'XXL'], ['دو ایکس ال', 'XXL'], ['دو ایکسال', 'XXL'], ['دوایکسال', 'XXL'], ['ایکس ایکس لارج', 'XXL'],
  ['ایکس ایکس ال', 'XXL'], ['ایکس لارج', 'XL'], ['ایکس ال', 'XL'], ['ایکسال', 'XL'], ['اکسترا لارج', 'XL'],
  ['ایکس اسمال', 'XS'], ['ایکس اس', 'XS'], ['لارج', 'L'], ['مدیوم', 'M'], ['متوسط', 'M'], ['اسمال', 'S'],
  ['فری سایز', 'FREE'], ['فریسایز', 'FREE'], ['تک سایز', 'FREE'], ['medium', 'M'], ['large', 'L'], ['small', 'S'],
  ['free size', 'FREE'], ['freesize', 'FREE'],
];
const SPOKEN_PATTERN = new RegExp(`(?<![\\p{L}])(${SPOKEN.map(([w]) => w).join('|')})(?:ش|شو|ه|م)?(?![\\p{L}])`, 'gu');
const SPOKEN_VALUE = new Map(SPOKEN);
const SPOKEN_SCAN = wordStartScanner(SPOKEN_PATTERN, SPOKEN.map(([w]) => w));

const SIZE_WORD = '(?:سایز|سایزم|سایزش|سایزای|size|saiz|sayz)';
// One Persian letter name alone (اس، ام، ال) is also a word or a clitic: only after «سایز», or as a
// whole short message, or right before «چی/هم/هست/دارین» (a follow-up like «ال چی؟»).
// «سایز ل»، «سایز م» (the letter alone, as typed in a hurry) only with a space: «سایزم» is «my size».
const LETTER_NAMES: Readonly<Record<string, string>> = { اس: 'S', ام: 'M', ال: 'L', اسمال: 'S', ل: 'L', م: 'M' };
const LETTER_AFTER_KEYWORD = new RegExp(`${SIZE_WORD}(?:\\s?(اس|ام|ال)|\\s(ل|م))(?![\\p{L}])`, 'gu');
const LETTER_WORD = /(?<![\p{L}])(اس|ام|ال)(?![\p{L}])/gu;
const LETTER_WORD_SCAN = wordStartScanner(LETTER_WORD, ['ا']);
const ASKS_AFTER = /^\s(?:هم\s)?(?:دارین|دارید|داری|داره|دارن|موجوده|موجود|هست|هستش|میخوام|میخواستم)(?![\p{L}])/u;
const LETTER_ALONE = /^\s*(?:سایز\s)?(اس|ام|ال)(?:ش|شم|م)?\s*(?:چی|چطور|چطوره|هم|هست|هستش|دارین|دارید|داری|موجوده|موجود|داره)?\s*[?!.]*\s*$/u;

// Numbers spoken as words after «سایز»: «سایز سی و هشت».
const TENS: Readonly<Record<string, number>> = { سی: 30, چهل: 40 };
// As the matching key spells them: «شش» folds to «ش».
const UNITS: Readonly<Record<string, number>> = { یک: 1, یه: 1, دو: 2, سه: 3, چهار: 4, پنج: 5, ش: 6, شش: 6, شیش: 6, هفت: 7, هشت: 8, نه: 9 };
const WORD_NUMBER = new RegExp(`${SIZE_WORD}\\s?(سی|چهل)(?:\\s?و\\s?(${Object.keys(UNITS).join('|')}))?(?![\\p{L}])`, 'gu');

const BARE_WORD_NUMBER = new RegExp(`(?<![\\p{L}])(سی|چهل)(?:\\s?و\\s?(${Object.keys(UNITS).join('|')}))?(?![\\p{L}])`, 'gu');
// «وزنم چهل و پنج»، «سنم سی و هشت»: a number of the body, not a size.
const BODY_BEFORE = /(?:وزن|وزنم|وزنش|قد|قدم|قدش|سن|سنم|سنش|سال|کیلو)\s*$/;
const MAY_HAVE_SPOKEN_TENS = /سی|چهل/;

// Cheap tests that most messages fail, each implied by the patterns of the rules that use it.
const MAY_HAVE_SIZE_WORD = /سایز|size|saiz|sayz|شماره/;
const MAY_HAVE_SPOKEN = /ایکس|لارج|مدیوم|متوسط|اسمال|سایز|medium|large|small|free/;
const MAY_HAVE_LETTER = /[a-z]/;
const MAY_HAVE_SIZE_NUMBER = /[34]\d/;
const MAY_HAVE_LETTER_WORD = /اس|ام|ال/;

const LETTER_SIZE = /(?<![a-z\d])(xs|s|m|l|xl|xxl|xxxl|[2-5]xl|x{2,3}l)(?![a-z\d])/g;
const FINGLISH_COLOURS = 'meshki|mehski|sefid|siah|siyah|sormei|sormeii|abi|ghermez|qermez|sabz|zard|tosi|toosi|khakestari|krem|kerem|bej|ghahvei|ghahveii|ghahve|soorati|sorati|banafsh|nokrei|noghrei|talaei|talaii|zereshki|yasi';
// A lone letter after «size»/a colour, or before «hast»/«dari»/a colour: a size in Finglish.
const FINGLISH_BEFORE = new RegExp(`(?:^|\\s)(?:size|saiz|sayz|sayze|saize|${FINGLISH_COLOURS})\\s$`);
const FINGLISH_AFTER = new RegExp(`^\\s(?:hast|hastesh|dari|darin|darid|dare|mikham|mojoode|mojood|chi|ham|${FINGLISH_COLOURS})(?:\\s|$|[?!.,])`);
const SIZE_KEYWORD = new RegExp(`(?:${SIZE_WORD}|شماره|شماره ی)\\s?(\\d{2}(?:\\.5)?|x{0,3}[sml]|[2-5]xl)(?![\\da-z])`, 'g');
const BARE_NUMBER = /(?<![\d.,:#])(3[4-9]|4[0-8])(?![\d.,:])/g;
const NOT_A_SIZE_AFTER = /\s*(?:تا|عدد|تومان|تومن|هزار|میلیون|روز|ساعت|درصد|سال|کیلو|ta|%)/y;
// Sticky, read where the number ends: no copy of the rest of the text per number (megabyte inputs).
const sizeWordFollows = (key: string, at: number) => ((NOT_A_SIZE_AFTER.lastIndex = at), NOT_A_SIZE_AFTER.test(key));

/** The scanners the rules read (for the tests that compare them with their global patterns). */
export const SIZE_SCANNERS = [SPOKEN_SCAN, LETTER_WORD_SCAN] as const;

export const SIZE_RULES: readonly SizeRule[] = [
  {
    name: 'after-size-word',
    why: '«سایز ۳۸»، «سایز xl»: the word سایز makes any number or letter after it a size.',
    find: (key) =>
      !MAY_HAVE_SIZE_WORD.test(key) ? [] : [...key.matchAll(SIZE_KEYWORD)].map((m) => {
        const size = m[1] ?? '';
        const value = /\d/.test(size.charAt(0)) ? size : canonicalLetter(size);
        return [value, m.index + m[0].length - size.length, size, 1];
      }),
    examples: [['سایز ۳۸ دارین', ['38']], ['کفش سایز۴۰', ['40']], ['سایز xl', ['XL']], ['شماره ۴۲ هست؟', ['42']]],
  },
  {
    name: 'spoken-number',
    why: 'Voice typing writes numbers as words: «سایز سی و هشت».',
    find: (key) =>
      !MAY_HAVE_SIZE_WORD.test(key) ? [] : [...key.matchAll(WORD_NUMBER)].map((m) => [String((TENS[m[1] ?? ''] ?? 0) + (UNITS[m[2] ?? ''] ?? 0)), m.index, m[0], 1]),
    examples: [['سایز سی و هشت', ['38']], ['سایز چهل دارین', ['40']], ['سایز سی و شش مشکی', ['36']]],
  },
  {
    name: 'bare-spoken-number',
    why: 'Voice typing says a size alone as words («پس چهل مشکیشو دارین؟»، «سی و نه هست؟»); like a bare number, 34–48 unless a price, count or time word follows, or it is a height, weight or age.',
    find: (key) =>
      !MAY_HAVE_SPOKEN_TENS.test(key) ? [] : [...key.matchAll(BARE_WORD_NUMBER)]
        .map((m) => [String((TENS[m[1] ?? ''] ?? 0) + (UNITS[m[2] ?? ''] ?? 0)), m.index, m[0]] as const)
        .filter(([value, at, text]) => Number(value) >= 34 && Number(value) <= 48 && !sizeWordFollows(key, at + text.length) && !BODY_BEFORE.test(key.slice(Math.max(0, at - 8), at)))
        .map(([value, at, text]) => [value, at, text, 0.6]),
    examples: [['پس چهل مشکیشو دارین؟', ['40']], ['سی و نه هست؟', ['39']], ['چهل تومن', []], ['وزنم چهل و پنج', []], ['سی و هشت روز', []]],
  },
  {
    name: 'persian-letters',
    why: 'Letter sizes spelled in Persian: «ایکس‌ال»، «دو ایکس ال»، «لارج»، «فری‌سایز».',
    find: (key) =>
      !MAY_HAVE_SPOKEN.test(key) ? [] : SPOKEN_SCAN.matches(key).map((m) => [SPOKEN_VALUE.get(m[1] ?? '') ?? '', m.index, m[1] ?? '', 1]),
    examples: [
      ['ایکس‌ال دارین؟', ['XL']], ['دو ایکس‌ال چی', ['XXL']], ['سایز لارج', ['L']], ['مدیوم', ['M']],
      ['فری‌سایزه؟', ['FREE']], ['ایکس اسمال', ['XS']],
    ],
  },
  {
    name: 'persian-letter-name',
    why: 'One letter spelled out (اس، ام، ال) is also an ordinary word; it is a size after «سایز» or as a short follow-up.',
    find: (key) => {
      const found: Array<[string, number, string, number]> = !MAY_HAVE_SIZE_WORD.test(key) ? [] : [...key.matchAll(LETTER_AFTER_KEYWORD)].map((m) => {
        const letter = m[1] ?? m[2] ?? '';
        return [LETTER_NAMES[letter] ?? '', m.index + m[0].length - letter.length, letter, 1];
      });
      const alone = LETTER_ALONE.exec(key);
      if (alone?.[1]) found.push([LETTER_NAMES[alone[1]] ?? '', key.indexOf(alone[1]), alone[1], 0.9]);
      return found;
    },
    examples: [
      ['سایز ام مشکی دارین؟', ['M']], ['ال چی؟', ['L']], ['اسش هست', ['S']], ['خسته ام', []], ['اس ام اس بدید', []],
      ['مانتو مشکی سایز ل', ['L']], ['سایزم چنده', []],
    ],
  },
  {
    name: 'persian-letter-by-colour',
    why: 'In «هودی ال طوسی»، «سرمه‌ای تیره ال دارین»، «ام کرم دارین» the letter stands by a colour or right before «دارین»: a size, not a word.',
    find: (key) => {
      // Most messages have no letter word: no need to look for colours (a scan of its own) then.
      const letters = MAY_HAVE_LETTER_WORD.test(key) ? LETTER_WORD_SCAN.matches(key) : [];
      if (letters.length === 0) return [];
      const colours = findColours(key);
      return letters
        .filter((m) => {
          const end = m.index + m[0].length;
          return colours.some((c) => c.end + 1 === m.index || c.start === end + 1) || ASKS_AFTER.test(key.slice(end));
        })
        .map((m) => [LETTER_NAMES[m[1] ?? ''] ?? '', m.index, m[0], 0.9]);
    },
    examples: [
      ['هودی دورس ال طوسی هست؟', ['L']], ['سرمه ای تیره ال دارین', ['L']], ['ام کرم دارین', ['M']], ['اس هم دارین؟', ['S']],
      ['اس ام اس بدید', []], ['ال سی دی دارین', []],
    ],
  },
  {
    name: 'latin-letters',
    why: 'S…XXXL and 2XL as written; a lone s or m counts only in Persian text, where it cannot be an English word.',
    find: (key) => {
      if (!MAY_HAVE_LETTER.test(key)) return [];
      // Most Latin text has no letter size: the text without them is only looked at when it has one.
      const letters = [...key.matchAll(LETTER_SIZE)];
      if (letters.length === 0) return [];
      const latinText = /[a-z]{3,}/.test(key.replace(LETTER_SIZE, ''));
      // «cargo meshki M hast?»: in Finglish a lone letter beside a colour, «size», or «hast» is a size.
      const finglishSize = (m: RegExpMatchArray) => {
        const end = m.index! + m[0].length;
        return FINGLISH_BEFORE.test(key.slice(0, m.index)) || FINGLISH_AFTER.test(key.slice(end));
      };
      return letters.filter((m) => !(latinText && m[0].length === 1) || finglishSize(m)).map((m) => [canonicalLetter(m[0]), m.index, m[0], 1]);
    },
    examples: [['XL دارین؟', ['XL']], ['2xl', ['XXL']], ['i am here', []], ['cargo meshki m hast?', ['M']], ['size s darin?', ['S']], ['i am a student', []]],
  },
  {
    name: 'bare-number',
    why: 'Shoe and clothing numbers 34–48 alone are sizes unless a price, count or time word follows.',
    find: (key) =>
      !MAY_HAVE_SIZE_NUMBER.test(key) ? [] : [...key.matchAll(BARE_NUMBER)].filter((m) => !sizeWordFollows(key, m.index + m[0].length)).map((m) => [m[0], m.index, m[0], 0.6]),
    examples: [['۴۰ مشکی هست؟', ['40']], ['۴۰ تومن', []], ['۴۰ تا', []], ['۴۰ روز', []]],
  },
];

/** Sizes: letter sizes (S…XXXL, FREE) in Latin or Persian letters, and numbers 34–48. */
export function findSizes(key: string): Entity[] {
  const found: Entity[] = [];
  const spans = spanSet(key.length);
  for (const rule of SIZE_RULES) {
    const sizes = rule.find(key);
    for (let i = 0; i < sizes.length; i++) {
      const [value, start, text, score] = sizes[i]!;
      const span = { start, end: start + text.length };
      if (!value || spans.overlaps(span)) continue;
      found.push({ type: 'size', value, text, ...span, score });
      spans.add(span);
    }
  }
  return found.length < 2 ? found : found.sort((a, b) => a.start - b.start);
}
