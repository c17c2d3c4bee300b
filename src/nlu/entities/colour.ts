import { toKey } from '../normalize/index.js';
import { isLetter, startTable } from './scan.js';
import type { Entity } from './types.js';

// Colour names as the matching key spells them (ZWNJ removed, repeated letters folded), with the
// canonical display name. Finglish spellings map to the same colours.
const COLOURS: Readonly<Record<string, readonly string[]>> = {
  'مشکی': ['مشکی', 'سیاه', 'meshki', 'meshky', 'siah', 'siyah', 'black'],
  'سفید': ['سفید', 'sefid', 'sefeed', 'white'],
  'سرمه‌ای': ['سرمهای', 'سرمه ای', 'sormei', 'sormeei', 'sormeii', 'sormeyi', 'sormehi', 'navy'],
  'آبی': ['ابی', 'abi', 'blue'],
  'آبی آسمانی': ['ابی اسمانی', 'ابی اسمونی'],
  'قرمز': ['قرمز', 'ghermez', 'qermez', 'ghermz', 'red'],
  // «شرابی»، «آلبالویی»، «جگری»: the same wine red as shops label it «زرشکی».
  'زرشکی': ['زرشکی', 'شرابی', 'البالویی', 'جگری', 'zereshki', 'sharabi', 'maroon', 'burgundy'],
  'صورتی': ['صورتی', 'surati', 'sorati', 'soorati', 'sooraty', 'pink'],
  'سبز': ['سبز', 'sabz', 'green'],
  'زرد': ['زرد', 'zard', 'yellow'],
  'نارنجی': ['نارنجی', 'narenji', 'orange'],
  'بنفش': ['بنفش', 'banafsh', 'purple'],
  'طوسی': ['طوسی', 'توسی', 'موشی', 'نوک مدادی', 'tosi', 'tusi', 'toosi', 'grey', 'gray'],
  'خاکستری': ['خاکستری', 'khakestari'],
  'کرم': ['کرم', 'کرمی', 'cream'],
  'بژ': ['بژ', 'bej', 'bezh', 'beige'],
  'قهوه‌ای': ['قهوهای', 'قهوه ای', 'ghahvei', 'ghahveii', 'ghahveyi', 'ghahvehi', 'qahvei', 'brown'],
  'شیری': ['شیری', 'shiri'],
  'یاسی': ['یاسی', 'yasi'],
  'نقره‌ای': ['نقرهای', 'noghrei', 'noghreii', 'noghreyi', 'silver'],
  'طلایی': ['طلایی', 'talayi', 'talaei', 'talaii', 'gold'],
  'گلبهی': ['گلبهی', 'golbehi'],
  'یشمی': ['یشمی', 'yashmi'],
  'فیروزه‌ای': ['فیروزهای', 'firuzei'],
  'نسکافه‌ای': ['نسکافهای', 'neskafei'],
  'زیتونی': ['زیتونی', 'زیتنی', 'zeytuni', 'olive'],
  'کالباسی': ['کالباسی'],
  'لیمویی': ['لیمویی'],
  'عسلی': ['عسلی', 'asali'],
  'استخوانی': ['استخوانی', 'استخونی'],
  'شکلاتی': ['شکلاتی', 'shokolati'],
  'بادمجانی': ['بادمجانی', 'بادمجونی'],
  'آبی نفتی': ['ابی نفتی', 'نفتی'],
  'آبی کاربنی': ['ابی کاربنی', 'کاربنی'],
  'آبی فیروزه‌ای': ['ابی فیروزهای'],
  'سبز یشمی': ['سبز یشمی'],
  'سبز ارتشی': ['سبز ارتشی', 'ارتشی'],
  'سبز لجنی': ['سبز لجنی', 'لجنی'],
  'صورتی چرک': ['صورتی چرک'],
  'قرمز آجری': ['قرمز اجری', 'اجری'],
  'مشکی مات': ['مشکی مات'],
};

// Compound names belong to a family: a shop that has «آبی» can offer it for «آبی نفتی».
const FAMILY: Readonly<Record<string, string>> = {
  'آبی نفتی': 'آبی', 'آبی کاربنی': 'آبی', 'آبی فیروزه‌ای': 'آبی', 'آبی آسمانی': 'آبی', 'سبز یشمی': 'سبز', 'سبز ارتشی': 'سبز',
  'سبز لجنی': 'سبز', 'یشمی': 'سبز', 'زیتونی': 'سبز', 'صورتی چرک': 'صورتی', 'گلبهی': 'صورتی', 'قرمز آجری': 'قرمز',
  'زرشکی': 'قرمز', 'مشکی مات': 'مشکی', 'سرمه‌ای': 'آبی', 'طوسی': 'خاکستری', 'خاکستری': 'طوسی', 'شیری': 'کرم',
  'استخوانی': 'کرم', 'نسکافه‌ای': 'قهوه‌ای', 'شکلاتی': 'قهوه‌ای', 'عسلی': 'قهوه‌ای', 'یاسی': 'بنفش', 'بادمجانی': 'بنفش',
};
// «سرمه‌ای تیره»، «آبی روشن»: a shade word after a colour is part of what the customer asks for.
const SHADE_WORDS = ['تیره', 'روشن', 'پررنگ', 'کمرنگ', 'براق', 'مات'];

// «قهوه ای» folds to «قهوهای» in the key, but «قهوه ایش» (with a clitic) stays apart: both spellings.
const withSplitEzafe = (key: string) => (key.endsWith('های') ? [key, `${key.slice(0, -3)}ه ای`] : [key]);
const ENTRIES = Object.entries(COLOURS)
  .flatMap(([name, spellings]) => spellings.flatMap((s) => withSplitEzafe(toKey(s)).map((k) => [k, name] as const)))
  .sort((a, b) => b[0].length - a[0].length);
// A colour may carry a clitic: مشکیش (its black one), مشکیه (it's black).
const PATTERN = new RegExp(
  `(?<![\\p{L}])(${ENTRIES.map(([s]) => s).join('|')})(?:ش|شو|ه|شم|شه|م)?(?:\\s(${SHADE_WORDS.join('|')})(?:ش|شو|ه|شم)?)?(?![\\p{L}])`,
  'gu',
);
const NAME_OF = new Map(ENTRIES);

/**
 * The colour pattern, global: what findColours reads, found by a faster scan (colourMatches). Exported
 * only so that a test can check the scan against key.matchAll(COLOUR_PATTERN).
 */
export const COLOUR_PATTERN: RegExp = PATTERN;

// کرم is a colour and a cosmetic: "کرم ضدافتاب" is the product, "کرم ۳۸" the colour.
const COSMETIC_AFTER = /^\s?(?:ضد|مرطوب|پودر|دور|دست|صورت|پوست|ابرسان|شب|روز|اب|کننده|کنند|موبر|ترمیم|لایه)/;

// Where a colour can start: its first two code units (a name of one would be matched by its first).
// Scanning for these and running the pattern only there (sticky) finds exactly what a global scan
// finds, since the global scan fails everywhere else, at a fraction of the cost: the alternation
// with its lookbehind was tried at every character of every message.
// Only where no letter comes before (PATTERN's lookbehind), at a first character of a name, and then
// only at the first two of one.
const pairOf = (text: string, i: number) => (text.charCodeAt(i) << 16) | text.charCodeAt(i + 1);
const FIRSTS = startTable(ENTRIES.map(([s]) => s.charCodeAt(0)));
const STARTS = new Set(ENTRIES.filter(([s]) => s.length >= 2).map(([s]) => pairOf(s, 0)));
const SINGLE_STARTS = new Set(ENTRIES.filter(([s]) => s.length === 1).map(([s]) => s.charCodeAt(0)));
const PATTERN_AT = new RegExp(PATTERN.source, 'uy');

const mayStartAt = (key: string, i: number) => {
  const code = key.charCodeAt(i);
  if (code >= FIRSTS.length || FIRSTS[code] === 0 || (i > 0 && isLetter(key.charCodeAt(i - 1)))) return false;
  return STARTS.has(pairOf(key, i)) || SINGLE_STARTS.has(code);
};

/** The matches of PATTERN in key, in order, as key.matchAll(PATTERN) yields them. */
function colourMatches(key: string): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  for (let i = 0; i < key.length; ) {
    if (!mayStartAt(key, i)) {
      i += 1;
      continue;
    }
    PATTERN_AT.lastIndex = i;
    const m = PATTERN_AT.exec(key);
    if (m) {
      found.push(m);
      i = m.index + m[0].length; // never empty: every name has a letter
    } else i += 1;
  }
  return found;
}

/** Colour names in Persian, Finglish or English. */
export function findColours(key: string): Entity[] {
  const matches = colourMatches(key).filter(
    (m) => m[1] !== 'کرم' || !COSMETIC_AFTER.test(key.slice(m.index + m[0].length)),
  );
  return matches.map((m) => {
    const base = NAME_OF.get(m[1] ?? '') ?? m[0];
    const shade = m[2];
    return {
      type: 'colour' as const,
      value: shade ? `${base} ${shade}` : base,
      text: m[0],
      start: m.index,
      end: m.index + m[0].length,
      score: 1,
      ...(shade || FAMILY[base] ? { family: shade ? base : FAMILY[base] } : {}),
    };
  });
}

// Cosmetics name a shade by its number: «شماره ۱۲۰»، «رنگ ۶۵»، «کد ۱۱۵».
const SHADE_NUMBER = /(?:شماره|شمار|رنگ|کد رنگ|کد|شید|shade|no)\s?\.?\s?(\d{2,3})(?!\d)/g;
const TWO_DIGITS = /\d\d/;

/** Shade numbers of cosmetics («شماره ۱۲۰»); whether one is a shade or a shoe size is the product's call. */
export function findShades(key: string): Entity[] {
  if (!TWO_DIGITS.test(key)) return [];
  return [...key.matchAll(SHADE_NUMBER)].map((m) => {
    const digits = m[1] ?? '';
    const start = m.index + m[0].length - digits.length;
    return { type: 'shade' as const, value: digits, text: digits, start, end: start + digits.length, score: 1 };
  });
}

export const COLOUR_NAMES: readonly string[] = Object.keys(COLOURS);
