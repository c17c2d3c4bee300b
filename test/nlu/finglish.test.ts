import { describe, expect, it } from 'vitest';
import { buildFinglishIndex, detectScript, latinSkeleton, persianSkeleton, transliterate } from '../../src/nlu/finglish/index.js';
import { toKey } from '../../src/nlu/normalize/index.js';

describe('detectScript', () => {
  it.each([
    ['salam, gheymatesh chande?', 'finglish'],
    ['sefaresham kojast', 'finglish'],
    ['mersiii kheili mamnoon', 'finglish'],
    ['what is the price of this', 'english'],
    ['where is my order', 'english'],
    ['سلام خوبی', 'persian'],
    ['سلام mersi مرسی ممنون', 'persian'],
    ['12345', 'none'],
  ])('%s → %s', (text, script) => {
    expect(detectScript(toKey(text))).toBe(script);
  });
});

describe('consonant skeletons', () => {
  it('match between Finglish and Persian spellings', () => {
    expect(latinSkeleton('gheymatesh')).toBe(persianSkeleton('قیمتش'));
    expect(latinSkeleton('chandeh')).toBe(persianSkeleton('چنده'));
    expect(latinSkeleton('khodahafez')).toBe(persianSkeleton('خداحافظ'));
    expect(latinSkeleton('qeymat')).toBe(latinSkeleton('ghimat'));
  });
});

describe('transliterate', () => {
  const vocabulary = ['سلام', 'قیمتش', 'قیمت', 'چنده', 'چند', 'سفارشم', 'کجاست', 'موجوده', 'مرسی', 'خیلی', 'ممنون', 'ارسال', 'شیراز', 'پشتیبانی'];
  const index = buildFinglishIndex(vocabulary);
  it.each([
    ['salam gheymatesh chande', 'سلام قیمتش چنده'],
    ['sefaresham kojast', 'سفارشم کجاست'],
    ['sefaresham kojas', 'سفارشم کجاست'],
    ['mojoode', 'موجوده'],
    ['mersi kheyli mamnun', 'مرسی خیلی ممنون'],
    ['poshtibany', 'پشتیبانی'],
  ])('%s → %s', (latin, persian) => {
    expect(transliterate(latin, index)).toBe(persian);
  });
  it('falls back to a rule-based spelling for words outside the vocabulary', () => {
    expect(transliterate('kafsh', index)).toBe('کفش');
  });
  it('leaves Persian text and digits alone', () => {
    expect(transliterate('سلام 123', index)).toBe('سلام 123');
  });
});
