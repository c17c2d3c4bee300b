// The entity extractors' fast paths against the plain code they replaced, on generated messages
// made of what matters to them (colour names and their clitics, shade words, letter sizes, «سایز»,
// the words asked after a size) mixed with any chat text: every entity must be the same.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COLOUR_NAMES, COLOUR_PATTERN, extractEntities, findColours, findQuantities, findSizes, SIZE_RULES } from '../../src/nlu/entities/index.js';
import { QUANTITY_SCAN } from '../../src/nlu/entities/quantity.js';
import { SIZE_SCANNERS } from '../../src/nlu/entities/size.js';
import { toKey } from '../../src/nlu/normalize/index.js';
import { chatText } from '../fuzz/arbitraries.js';

// What findColours did before colourMatches: every match of the global pattern.
const COSMETIC_AFTER = /^\s?(?:ضد|مرطوب|پودر|دور|دست|صورت|پوست|ابرسان|شب|روز|اب|کننده|کنند|موبر|ترمیم|لایه)/;
const matchesBefore = (key: string) =>
  [...key.matchAll(COLOUR_PATTERN)]
    .filter((m) => m[1] !== 'کرم' || !COSMETIC_AFTER.test(key.slice(m.index + m[0].length)))
    .map((m) => [m.index, m[0], m[1], m[2]]);

// What the persian-letter-by-colour size rule did before it looked for a letter word first.
const LETTER_NAMES: Readonly<Record<string, string>> = { اس: 'S', ام: 'M', ال: 'L', اسمال: 'S' };
const LETTER_WORD = /(?<![\p{L}])(اس|ام|ال)(?![\p{L}])/gu;
const ASKS_AFTER = /^\s(?:هم\s)?(?:دارین|دارید|داری|داره|دارن|موجوده|موجود|هست|هستش|میخوام|میخواستم)(?![\p{L}])/u;
const byColourBefore = (key: string) => {
  const colours = findColours(key);
  return [...key.matchAll(LETTER_WORD)]
    .filter((m) => {
      const end = m.index + m[0].length;
      return colours.some((c) => c.end + 1 === m.index || c.start === end + 1) || ASKS_AFTER.test(key.slice(end));
    })
    .map((m) => [LETTER_NAMES[m[1] ?? ''] ?? '', m.index, m[0], 0.9]);
};

const WORDS = [
  ...COLOUR_NAMES, 'سرمه ای', 'قهوه ای', 'قهوه‌ایش', 'ابی', 'abi', 'meshki', 'black', 'کرم', 'کرمی', 'کرم پودر', 'کرم ضدافتاب', 'بژ',
  'تیره', 'روشن', 'پررنگ', 'مات', 'ش', 'شو', 'ه', 'شم', 'م', 'اس', 'ام', 'ال', 'اسمال', 'سایز', 'هودی', 'دارین', 'هم', 'هست', 'میخوام',
  'لارج', 'ایکس', 'xl', 's', '۴۰', '۳۸ تا', 'شماره', 'سی و هشت', '؟', '!', '.', 'رنگ', 'مشکیش', 'ابیه', '𝐀', 'ـ',
];
const message = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...WORDS) }, { weight: 1, arbitrary: chatText(6) }), { maxLength: 12 })
  .chain((parts) => fc.array(fc.constantFrom(' ', ' ', ' ', '', '\u200C', '  ', '\n'), { minLength: parts.length, maxLength: parts.length }).map((gaps) => parts.map((p, i) => p + gaps[i]).join('')));
// Keys as the extractor sees them, and raw text too: findColours must agree on any string.
const key = fc.oneof(message.map(toKey), message, chatText(60));

const byColour = SIZE_RULES.find((r) => r.name === 'persian-letter-by-colour')!;

describe('entity fast paths', () => {
  it('findColours finds what the global pattern finds', () => {
    fc.assert(
      fc.property(key, (k) => {
        expect(findColours(k).map((e) => [e.start, e.text])).toEqual(matchesBefore(k).map(([start, text]) => [start, text]));
      }),
      { numRuns: 3000 },
    );
  });
  it('the by-colour size rule reads what it read before', () => {
    fc.assert(
      fc.property(key, (k) => {
        expect(byColour.find(k)).toEqual(byColourBefore(k));
      }),
      { numRuns: 3000 },
    );
  });
  it('agrees on the messages the rules were written for', () => {
    for (const text of ['هودی دورس ال طوسی هست؟', 'سرمه ای تیره ال دارین', 'ام کرم دارین', 'اس هم دارین؟', 'قهوه ایش چی', 'ابی نفتی روشنش', 'کرم پودر شماره ۱۲۰']) {
      const k = toKey(text);
      expect(findColours(k).map((e) => [e.start, e.text])).toEqual(matchesBefore(k).map(([start, text]) => [start, text]));
      expect(byColour.find(k)).toEqual(byColourBefore(k));
    }
    expect(findSizes(toKey('هودی دورس ال طوسی هست؟')).map((e) => e.value)).toEqual(['L']);
    expect(extractEntities(toKey('سرمه‌ای تیره ال دارین')).map((e) => [e.type, e.value])).toEqual([['colour', 'سرمه‌ای تیره'], ['size', 'L']]);
  });
});

describe('word-start scanners', () => {
  const scanners = [...SIZE_SCANNERS, QUANTITY_SCAN];
  const scanned = fc.oneof(
    key,
    fc.array(fc.constantFrom('اس', 'ام', 'ال', 'اسمال', 'لارج', 'ایکس ال', 'مدیوم', 'medium', 'free size', 'دو تا', '۲ عدد', '12ta', 'یه دونه', 'se ta', 'سه', 'تا', 'ش', 'م', 'ه', ' ', 'ب', 'a', '۱', '𝐀', ...'0123456789', '۹', '۴۵'), { maxLength: 14 }).map((p) => toKey(p.join(''))),
  );
  it.each(scanners.map((s) => [s.pattern.source.slice(0, 40), s] as const))('%s… matches as the global pattern does', (_name, scanner) => {
    fc.assert(
      fc.property(scanned, (k) => {
        expect(scanner.matches(k).map((m) => [m.index, ...m])).toEqual([...k.matchAll(scanner.pattern)].map((m) => [m.index, ...m]));
      }),
      { numRuns: 3000 },
    );
  });
  it('quantities and sizes still read as before', () => {
    expect(findQuantities(toKey('دو تا مشکی و ۳ عدد سفید'))).toMatchObject([{ value: '2' }, { value: '3' }]);
    expect(findSizes(toKey('ایکس ال و مدیوم')).map((e) => e.value)).toEqual(['XL', 'M']);
  });
});
