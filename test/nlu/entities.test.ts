import { describe, expect, it } from 'vitest';
import { buildProductMatcher, extractEntities, findProducts } from '../../src/nlu/entities/index.js';
import { toKey } from '../../src/nlu/normalize/index.js';

const entitiesOf = (text: string, type: string) =>
  extractEntities(toKey(text))
    .filter((e) => e.type === type)
    .map((e) => e.value);

describe('mobile numbers', () => {
  it.each([
    ['شمارم ۰۹۱۲۳۴۵۶۷۸۹ هست', '09123456789'],
    ['+989123456789', '09123456789'],
    ['00989123456789', '09123456789'],
    ['989123456789', '09123456789'],
    ['٠٩١٢ ٣٤٥ ٦٧٨٩', '09123456789'],
    ['0912-345-6789', '09123456789'],
  ])('%s', (text, phone) => {
    expect(entitiesOf(text, 'phone')).toEqual([phone]);
  });
  it('rejects numbers that are not Iranian mobiles', () => {
    expect(entitiesOf('09403456789', 'phone')).toEqual([]);
    expect(entitiesOf('02188776655', 'phone')).toEqual([]);
  });
  it('does not read a phone as an order number', () => {
    expect(entitiesOf('شماره من ۰۹۱۲۳۴۵۶۷۸۹', 'order_number')).toEqual([]);
  });
});

describe('order numbers', () => {
  it.each([
    ['سفارش ۱۰۴۵۲ کجاست', '10452'],
    ['کد سفارش: ١٠٤٥٢', '10452'],
    ['#10452', '10452'],
    ['sefaresham 10452 kojast', '10452'],
    ['10452', '10452'],
  ])('%s', (text, order) => {
    expect(entitiesOf(text, 'order_number')).toEqual([order]);
  });
  it('does not take prices, counts, postal codes or sizes for order numbers', () => {
    expect(entitiesOf('۲۵۰۰۰۰ تومان', 'order_number')).toEqual([]);
    expect(entitiesOf('کد پستی ۱۲۳۴۵۶۷۸۹۰', 'order_number')).toEqual([]);
    expect(entitiesOf('سایز ۳۸', 'order_number')).toEqual([]);
  });
});

describe('tracking codes', () => {
  it('finds post parcel ids and codes after a tracking keyword', () => {
    expect(entitiesOf('کد رهگیری ۱۲۳۴۵۶۷۸۹۰۱۲۳۴۵۶۷۸۹۰۱۲۳۴', 'tracking_code')).toEqual(['123456789012345678901234']);
    expect(entitiesOf('rahgiri RR123456789IR', 'tracking_code')).toEqual(['RR123456789IR']);
  });
});

describe('quantities, sizes, colours', () => {
  it('reads counts in digits and words', () => {
    expect(entitiesOf('دو تا میخوام', 'quantity')).toEqual(['2']);
    expect(entitiesOf('۳ عدد', 'quantity')).toEqual(['3']);
    expect(entitiesOf('یه دونه', 'quantity')).toEqual(['1']);
  });
  it('reads letter, spoken and numeric sizes', () => {
    expect(entitiesOf('XL دارین؟', 'size')).toEqual(['XL']);
    expect(entitiesOf('سایز لارج', 'size')).toEqual(['L']);
    expect(entitiesOf('مدیوم', 'size')).toEqual(['M']);
    expect(entitiesOf('کفش سایز۴۰', 'size')).toEqual(['40']);
    expect(entitiesOf('2xl', 'size')).toEqual(['XXL']);
  });
  it('does not read a price or a count as a size', () => {
    expect(entitiesOf('۴۰ تومن', 'size')).toEqual([]);
    expect(entitiesOf('۴۰ تا', 'size')).toEqual([]);
  });
  it('reads colours with or without ZWNJ, in Finglish too', () => {
    expect(entitiesOf('سرمه‌ای', 'colour')).toEqual(['سرمه‌ای']);
    expect(entitiesOf('سرمه ای و مشكي', 'colour')).toEqual(['سرمه‌ای', 'مشکی']);
    expect(entitiesOf('rang meshki', 'colour')).toEqual(['مشکی']);
  });
  it('does not take a cosmetic cream for a colour', () => {
    expect(entitiesOf('کرم ضد آفتاب', 'colour')).toEqual([]);
    expect(entitiesOf('رنگ کرم', 'colour')).toEqual(['کرم']);
  });
});

describe('product mentions', () => {
  const matcher = buildProductMatcher([
    { id: 'manto-katan', name: 'مانتو کتان بلند', aliases: ['مانتو لینن'] },
    { id: 'manto-crepe', name: 'مانتو مجلسی کرپ' },
    { id: 'sunscreen', name: 'کرم ضد آفتاب سینره', aliases: ['cinere'] },
    { id: 'hoodie', name: 'هودی اورسایز' },
    { id: 'lipstick', name: 'رژ لب مات' },
  ]);
  const products = (text: string) => findProducts(toKey(text), matcher).map((e) => e.value);
  it('finds a product by name, alias, with a typo, glued or in Finglish', () => {
    expect(products('مانتو کتان دارین؟')[0]).toBe('manto-katan');
    expect(products('مانتو لینن')[0]).toBe('manto-katan');
    expect(products('ضداقتاب سینره')[0]).toBe('sunscreen');
    expect(products('هودی اورسایز مشکی')[0]).toBe('hoodie');
    expect(products('hoodie oversize')[0]).toBe('hoodie');
    expect(products('rezh lab mat')[0]).toBe('lipstick');
    expect(products('CINERE')[0]).toBe('sunscreen');
  });
  it('matches every product a generic word fits, equally, so the bot can ask which one', () => {
    const found = matcher.match(toKey('مانتو'));
    expect(found.map((m) => m.productId).sort()).toEqual(['manto-crepe', 'manto-katan']);
    expect(Math.abs(found[0]!.score - found[1]!.score)).toBeLessThan(0.1);
    const specific = matcher.match(toKey('مانتو کتان'));
    expect(specific[0]?.productId).toBe('manto-katan');
    expect(specific[0]!.score - specific[1]!.score).toBeGreaterThan(0.3);
  });
});
