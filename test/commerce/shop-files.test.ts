import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatJalali,
  formatToman,
  openShopDirectory,
  SAMPLE_SHOP_DIR,
  ShopFilesError,
  type CommerceSource,
} from '../../src/commerce/index.js';

const SHOP_YAML = 'name: فروشگاه آزمایشی\n';
const PRODUCTS_HEADER = 'id,name,aliases,category,price,sale_price,size,colour,stock,image,url,description';

function shopDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pasokh-shop-'));
  for (const [name, text] of Object.entries({ 'shop.yaml': SHOP_YAML, ...files })) writeFileSync(join(dir, name), text);
  return dir;
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; i < 500 && !condition(); i++) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the sample shop', () => {
  it('loads without problems', async () => {
    const source = openShopDirectory(SAMPLE_SHOP_DIR, { watch: false });
    expect(source.problems()).toEqual([]);
    expect(source.catalog().products.length).toBeGreaterThanOrEqual(35);
    expect(source.shop().name.length).toBeGreaterThan(0);
    const order = await source.findOrder('10401');
    expect(order?.phone).toMatch(/^09\d{9}$/);
    expect(order?.items.length).toBeGreaterThan(0);
    for (const item of order?.items ?? []) expect(source.catalog().product(item.productId)).toBeDefined();
  });
});

describe('CSV products', () => {
  it('groups variant rows under their product and reads Persian digits and separators', () => {
    const dir = shopDir({
      'products.csv': [
        PRODUCTS_HEADER,
        'manto-1,مانتو کتان,مانتو لینن|manto katan,مانتو,"۱٬۸۵۰٬۰۰۰",,S,مشکی,۳,,,',
        'manto-1,,,,,,M,مشکی,0,,,',
        'lip-1,رژ لب مات,,آرایشی,450000,390000,,,12,,,',
      ].join('\n'),
    });
    const source = openShopDirectory(dir, { watch: false });
    expect(source.problems()).toEqual([]);
    const manto = source.catalog().product('manto-1');
    expect(manto?.price).toBe(1850000);
    expect(manto?.aliases).toEqual(['مانتو لینن', 'manto katan']);
    expect(manto?.variants).toEqual([
      { size: 'S', colour: 'مشکی', stock: 3 },
      { size: 'M', colour: 'مشکی', stock: 0 },
    ]);
    expect(source.catalog().product('lip-1')?.salePrice).toBe(390000);
  });

  it('reports every bad row with file and line, and serves the good ones', () => {
    const dir = shopDir({
      'products.csv': [
        PRODUCTS_HEADER,
        'ok-1,کیف دوشی,,کیف,900000,,,,4,,,',
        ',بی‌شناسه,,,100,,,,1,,,',
        'bad-price,کفش,,کفش,ارزان,,,,1,,,',
        'bad-stock,شال,,شال,300000,,,,چند,,,',
        'ok-2,شال نخی,,شال,350000,,,,2,,,',
      ].join('\n'),
    });
    const source = openShopDirectory(dir, { watch: false });
    const problems = source.problems().map((p) => `${p.line}: ${p.message}`);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^3: id is empty/);
    expect(problems[1]).toMatch(/^4: bad-price: price "ارزان"/);
    expect(problems[2]).toMatch(/^5: stock "چند"/);
    expect(source.problems().every((p) => p.file === join(dir, 'products.csv'))).toBe(true);
    expect(source.catalog().products.map((p) => p.id)).toEqual(['ok-1', 'bad-stock', 'ok-2']);
  });

  it('refuses to start without shop.yaml or products, naming what is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pasokh-empty-'));
    expect(() => openShopDirectory(dir, { watch: false })).toThrow(ShopFilesError);
    expect(() => openShopDirectory(dir, { watch: false })).toThrow(/shop\.yaml.*\n.*products\.csv/s);
  });
});

describe('orders', () => {
  const products = `${PRODUCTS_HEADER}\nmanto-1,مانتو,,مانتو,1000000,,M,مشکی,3,,,\n`;
  it('reads CSV orders and reports bad ones by line', async () => {
    const dir = shopDir({
      'products.csv': products,
      'orders.csv': [
        'id,phone,status,items,total,created_at,updated_at,tracking_code,carrier,city',
        '۱۰۴۰۱,۰۹۱۲ ۳۴۵ ۶۷۸۹,shipped,manto-1:1:M:مشکی,1085000,2026-11-01T10:00:00+03:30,,123456789012345678901234,post,شیراز',
        '10402,12345,shipped,manto-1:1,1000000,2026-11-01T10:00:00+03:30,,,,',
        '10403,09123456789,lost,manto-1:1,1000000,2026-11-01T10:00:00+03:30,,,,',
        '10404,09123456789,processing,ghost-9:1,1000000,2026-11-01T10:00:00+03:30,,,,',
        '10405,09123456789,processing,manto-1:1,1000000,yesterday,,,,',
      ].join('\n'),
    });
    const source = openShopDirectory(dir, { watch: false });
    expect(await source.findOrder('10401')).toMatchObject({ phone: '09123456789', status: 'shipped', carrier: 'post' });
    expect(source.problems().map((p) => p.line)).toEqual([3, 4, 5, 6]);
    expect(source.problems().map((p) => p.message).join('\n')).toMatch(/phone.*\n.*status.*\n.*unknown product "ghost-9".*\n.*created_at/s);
    expect(await source.findOrder('10402')).toBeUndefined();
  });

  it('reads JSON products and orders', async () => {
    const dir = shopDir({
      'products.json': JSON.stringify([{ id: 'p1', name: 'هودی', price: 900000, variants: [{ size: 'L', stock: 2 }] }], null, 2),
      'orders.json': JSON.stringify(
        [{ id: 20001, phone: '+989123456789', status: 'processing', items: [{ product_id: 'p1', quantity: 1 }], created_at: '2026-11-01' }],
        null,
        2,
      ),
    });
    const source = openShopDirectory(dir, { watch: false });
    expect(source.problems()).toEqual([]);
    expect(source.catalog().product('p1')?.variants).toEqual([{ size: 'L', colour: undefined, stock: 2 }]);
    expect((await source.findOrder('20001'))?.phone).toBe('09123456789');
  });
});

describe('reloading', () => {
  it('picks up a change, and keeps the last good data when the new file is broken', async () => {
    const dir = shopDir({ 'products.csv': `${PRODUCTS_HEADER}\np1,هودی,,هودی,900000,,L,,2,,,\n` });
    const loads: number[] = [];
    const source: CommerceSource = openShopDirectory(dir, { onLoad: (problems) => loads.push(problems.length) });
    try {
      writeFileSync(join(dir, 'products.csv'), `${PRODUCTS_HEADER}\np1,هودی,,هودی,950000,,L,,2,,,\n`);
      await until(() => source.catalog().product('p1')?.price === 950000);

      writeFileSync(join(dir, 'products.csv'), `${PRODUCTS_HEADER}\np1,هودی,,هودی,گران,,L,,2,,,\n`);
      await until(() => source.problems().length > 0);
      expect(source.problems()[0]).toMatchObject({ line: 2 });
      expect(source.catalog().product('p1')?.price).toBe(950000);
    } finally {
      source.close();
    }
  });
});

describe('Persian formatting', () => {
  it('writes Toman with Persian digits and separators, dates in the Jalali calendar', () => {
    expect(formatToman(1850000)).toBe('۱٬۸۵۰٬۰۰۰ تومان');
    expect(formatJalali('2026-10-01T10:42:00+03:30')).toBe('۹ مهر ۱۴۰۵');
  });
});

it('the sample catalog is written with Persian letters, not Arabic ones', () => {
  const text = readFileSync(join(SAMPLE_SHOP_DIR, 'products.csv'), 'utf8');
  expect(text).not.toMatch(/[يك]/);
});
