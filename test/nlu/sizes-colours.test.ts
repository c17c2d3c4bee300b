// Each size rule's own table (the hazm shape: a name, the why, examples), then colours as customers
// write them: words that are also products, compounds with a family, shades and shade numbers.
import { describe, expect, it } from 'vitest';
import { extractEntities, findCities, SIZE_RULES } from '../../src/nlu/entities/index.js';
import { toKey } from '../../src/nlu/normalize/index.js';

const entitiesOf = (text: string, type: string) =>
  extractEntities(toKey(text))
    .filter((e) => e.type === type)
    .map((e) => e.value);

describe.each(SIZE_RULES.map((r) => [r.name, r] as const))('size rule %s', (_name, rule) => {
  it.each(rule.examples.map(([text, sizes]) => [text, sizes] as const))('%s → %j', (text, sizes) => {
    expect(entitiesOf(text, 'size')).toEqual(sizes);
  });
});

describe('colours as customers write them', () => {
  it.each([
    ['سرمه‌ای تیره دارین؟', 'سرمه‌ای تیره', 'سرمه‌ای'],
    ['آبی نفتی', 'آبی نفتی', 'آبی'],
    ['نقره‌ای موجوده', 'نقره‌ای', undefined],
    ['طلاییش', 'طلایی', undefined],
    ['شیری رنگ', 'شیری', 'کرم'],
    ['قرمزشم هست؟', 'قرمز', undefined],
    ['کرمشم هست', 'کرم', undefined],
    ['قهوه ایش چی', 'قهوه‌ای', undefined],
  ])('%s', (text, value, family) => {
    const colour = extractEntities(toKey(text)).find((e) => e.type === 'colour');
    expect(colour?.value).toBe(value);
    expect(colour?.family).toBe(family);
  });
  it('does not take a cream for a colour', () => {
    expect(entitiesOf('کرم پودر فیت می', 'colour')).toEqual([]);
    expect(entitiesOf('کرم آبرسان دارین', 'colour')).toEqual([]);
  });
  it('reads a shade number, which is never an order number', () => {
    expect(entitiesOf('کرم پودر شماره ۱۲۰ دارین؟', 'shade')).toEqual(['120']);
    expect(entitiesOf('کرم پودر شماره ۱۲۰ دارین؟', 'order_number')).toEqual([]);
    expect(entitiesOf('رژ رنگ ۱۰۵', 'shade')).toEqual(['105']);
    expect(entitiesOf('سفارش ۱۰۴۰۱', 'shade')).toEqual([]);
  });
});

describe('cities', () => {
  it.each([
    ['من از اصفهانم', ['اصفهان']],
    ['به کرج هم میفرستین؟', ['کرج']],
    ['ارسال به بندر عباس و کرمانشاه', ['بندرعباس', 'کرمانشاه']],
    ['ersal be shiraz', ['شیراز']],
    ['کرمپودر دارین', []],
  ])('%s', (text, cities) => {
    expect(findCities(toKey(text))).toEqual(cities);
  });
});
