import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalize, steps, toDisplay, toKey } from '../../src/nlu/normalize/index.js';

interface Case {
  rule: string;
  source: string;
  input: string;
  display: string;
  note?: string;
}
const cases: Case[] = JSON.parse(
  readFileSync(new URL('../data/hazm-normalizer-cases.json', import.meta.url), 'utf8'),
);

describe('display form: hazm documented examples and chat cases', () => {
  it.each(cases.map((c) => [`${c.rule}: ${c.input}`, c] as const))('%s', (_name, c) => {
    expect(toDisplay(c.input)).toBe(c.display);
  });
});

describe('display steps', () => {
  it('unifies Arabic keyboard letters and presentation forms', () => {
    expect(steps.unifyCharacters('كيف مي')).toBe('کیف می');
    expect(steps.unifyCharacters('ﻻ ﷼')).toBe('لا ریال');
  });
  it('removes diacritics and superscript alef', () => {
    expect(steps.removeDiacritics('کِتابٌ هٰذا')).toBe('کتاب هذا');
  });
  it('keeps a ZWNJ only between two Persian letters', () => {
    expect(steps.fixSpacing('\u200Cکتاب\u200C\u200Cها \u200C')).toBe('کتاب\u200Cها');
    expect(steps.fixSpacing('سلام\u00A0\u00A0 دنیا\u200B')).toBe('سلام دنیا');
  });
  it('joins می and نمی to verb stems only', () => {
    expect(steps.joinVerbPrefix('میخوام نمی دونم')).toBe('می\u200Cخوام نمی\u200Cدونم');
    expect(steps.joinVerbPrefix('میوه میدان میلیون میگو')).toBe('میوه میدان میلیون میگو');
  });
  it('joins separated plural and comparative suffixes', () => {
    expect(steps.joinSuffixes('کفش ها بزرگ تر')).toBe('کفش\u200Cها بزرگ\u200Cتر');
  });
  it('joins clitics after a final he', () => {
    expect(steps.joinHeClitics('خسته ای؟ خانهها')).toBe('خسته\u200Cای؟ خانه\u200Cها');
  });
  it('spaces punctuation without breaking numbers, times and links', () => {
    expect(steps.fixPunctuation('سلام ، خوبی ?بله')).toBe('سلام، خوبی? بله');
    expect(steps.fixPunctuation('ساعت 22:00 قیمت ۱۲.۵')).toBe('ساعت 22:00 قیمت ۱۲.۵');
    expect(steps.fixPunctuation('سایز۳۸')).toBe('سایز ۳۸');
  });
  it('squeezes stretched letters but leaves laughter and doubled letters', () => {
    expect(steps.squeezeStretched('سلاااام مرسیییی')).toBe('سلام مرسی');
    expect(steps.squeezeStretched('خخخخخ ممنون')).toBe('خخخخخ ممنون');
  });
});

describe('matching key', () => {
  it('folds digits, ZWNJ, hamza forms, question marks and repeats', () => {
    expect(toKey('می‌خوام ۱۲۳ تا مسئول؟')).toBe('میخوام 123 تا مسیول?');
    expect(toKey('آیا مؤمن')).toBe('ایا مومن');
    expect(toKey('ممنووووون')).toBe('منون');
  });
  it('joins an affix that folding uncovers, as the key of the key would (ئ → ی after ه)', () => {
    expect(toKey('اه ئ')).toBe('اهی');
    expect(toKey(toKey('اه ئ'))).toBe(toKey('اه ئ'));
    expect(toKey('اة هأ')).toBe(toKey(toKey('اة هأ')));
  });
  it('removes thousands separators in numbers', () => {
    expect(toKey('۱٬۲۵۰٬۰۰۰ تومان و 1,250,000')).toBe('1250000 تومان و 1250000');
  });
  it('keeps links and handles intact', () => {
    expect(toKey('www.Shop.ir @pasokh_bot')).toBe('www.shop.ir @pasokh_bot');
  });
  it('returns both forms from normalize()', () => {
    expect(normalize('مي خوام')).toEqual({ display: 'می\u200Cخوام', key: 'میخوام' });
  });
});

// Characters that exercise every rule: Persian and Arabic letters, the affixes' letters, digits in
// three scripts, punctuation, every kind of space and zero-width character, Latin and emoji.
const alphabet = [
  ...'ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكىةأإؤئآۀ',
  ...'۰۱۲۳۴۵۶۷۸۹٠١٢٣0123456789',
  ...'.,:;!?،؛؟«»()[]{}"\'@/#-_',
  ' ', ' ', ' ', '\n', '\u200C', '\u200C', '\u200B', '\u200D', '\u00A0', '\u0640', '\u064E', '\u0670',
  ...'abcxyzABC', '😀', 'ﻻ', '﷼', 'می', 'نمی', 'ها', 'تر', 'ای', 'ه', 'ام', 'https://a.ir/x', 'a@b.co',
];
const chatText = fc
  .array(fc.constantFrom(...alphabet), { maxLength: 40 })
  .map((parts) => parts.join(''));

describe('properties', () => {
  it('display form is idempotent', () => {
    fc.assert(fc.property(chatText, (s) => toDisplay(toDisplay(s)) === toDisplay(s)), { numRuns: 3000 });
  });
  it('matching key is idempotent', () => {
    fc.assert(fc.property(chatText, (s) => toKey(toKey(s)) === toKey(s)), { numRuns: 3000 });
  });
  it('plain ASCII text without punctuation passes through unchanged', () => {
    const ascii = fc.stringMatching(/^[A-Za-z0-9]+( [A-Za-z0-9]+)*$/);
    fc.assert(fc.property(ascii, (s) => toDisplay(s) === s));
  });
  it('keeps every digit of a number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (n) => toKey(`سفارش ${n.toLocaleString('fa-IR')}`) === `سفارش ${n}`),
    );
  });
});
