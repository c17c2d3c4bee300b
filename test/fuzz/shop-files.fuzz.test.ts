// The shop's own files on arbitrary content: CSV and JSON rows, products, orders and shop.yaml
// give problems with file and line, or a catalog — never an exception, and never a hang.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openShopDirectory, ShopFilesError, type Product } from '../../src/commerce/index.js';
import { parseOrders } from '../../src/commerce/orders.js';
import { parseProducts } from '../../src/commerce/products.js';
import { readCsv, readJsonArray } from '../../src/commerce/rows.js';
import { anyJson, anyText, chatText, nestedJson } from './arbitraries.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function shopDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pasokh-fuzz-shop-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const PRODUCT_COLUMNS = ['id', 'name', 'aliases', 'category', 'price', 'sale_price', 'size', 'colour', 'stock', 'image', 'url', 'description'];
const ORDER_COLUMNS = ['id', 'phone', 'status', 'items', 'total', 'created_at', 'updated_at', 'tracking_code', 'carrier', 'city'];

/** A cell as shop owners (and spreadsheets) write them, or anything at all. */
const cell = fc.oneof(
  fc.constantFrom('', 'manto-1', 'hoodie_2', '۱٬۸۵۰٬۰۰۰', '450000', '0', '-5', '1e9', '99999999999999999999', 'S', 'مشکی', 'delivered', 'shipped', '09123847561', '2026-10-01T10:42:00+03:30', 'manto-1:2:M:مشکی;x:1', 'a|b|', 'NaN'),
  chatText(30),
  anyText(30),
);
const csvField = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
const csv = (columns: readonly string[]) =>
  fc
    .tuple(fc.shuffledSubarray([...columns]), fc.array(fc.array(cell, { maxLength: columns.length + 2 }), { maxLength: 12 }), fc.boolean(), fc.constantFrom('\n', '\r\n'))
    .map(([header, rows, quoted, eol]) => [header, ...rows].map((r) => r.map((v) => (quoted ? csvField(v) : v)).join(',')).join(eol));

/** JSON values shaped like product or order rows, with wrong types and odd values mixed in. */
const nestedItem = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.string({ maxLength: 5 }),
  fc.dictionary(fc.constantFrom('stock', 'size', 'colour', 'product_id', 'quantity'), fc.oneof(cell, anyJson), { maxKeys: 4 }),
);
const jsonRow = (columns: readonly string[]) =>
  fc.dictionary(fc.oneof(fc.constantFrom(...columns, 'variants', 'items'), anyText(10)), fc.oneof(cell, anyJson, fc.array(nestedItem, { maxLength: 4 })), { maxKeys: 8 });

function checkProducts(products: readonly Product[]) {
  for (const p of products) {
    expect(p.id).toMatch(/^[\w.-]+$/);
    expect(p.name.length).toBeGreaterThan(0);
    expect(Number.isInteger(p.price) && p.price >= 0).toBe(true);
    for (const v of p.variants) expect(Number.isInteger(v.stock)).toBe(true);
  }
}

describe('CSV', () => {
  it('reads any text as rows or a problem, and parses the rows as products and orders', () => {
    fc.assert(
      fc.property(fc.oneof(csv(PRODUCT_COLUMNS), csv(ORDER_COLUMNS), anyText(500)), (source) => {
        const read = readCsv('products.csv', source);
        const products = parseProducts(read.rows, 'products.csv');
        checkProducts(products.products);
        for (const p of [...read.problems, ...products.problems, ...parseOrders(read.rows, 'orders.csv', new Set(['manto-1'])).problems]) {
          expect(p.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 250 },
    );
  });
  it('gets through a megabyte file', () => {
    const row = 'manto-1,مانتو کتان,"مانتو, لینن",مانتو,"۱٬۸۵۰٬۰۰۰",,S,مشکی,۳,,,"توضیح ""بلند"""\n';
    const read = readCsv('products.csv', `${PRODUCT_COLUMNS.join(',')}\n${row.repeat(Math.ceil(1_000_000 / row.length))}`);
    expect(read.problems).toEqual([]);
    expect(parseProducts(read.rows, 'products.csv').products).toHaveLength(1);
  });
});

describe('JSON', () => {
  it('reads any JSON value or text as rows or a problem, and parses the rows as products and orders', () => {
    const source = fc.oneof(
      fc.array(fc.oneof(jsonRow(PRODUCT_COLUMNS), jsonRow(ORDER_COLUMNS), anyJson), { maxLength: 6 }).map((rows) => JSON.stringify(rows)),
      // Nesting thousands deep is its own case below: the YAML parser takes a second over each.
      anyJson.map((value) => JSON.stringify(value) ?? 'null'),
      anyJson.map((value) => `[${JSON.stringify(value) ?? 'null'}]`),
      anyText(300),
    );
    fc.assert(
      fc.property(source, (text) => {
        const read = readJsonArray('products.json', text);
        checkProducts(parseProducts(read.rows, 'products.json').products);
        parseOrders(read.rows, 'orders.json', new Set(['manto-1']));
      }),
      { numRuns: 250 },
    );
  });
  it('refuses rows nested 5,000 deep with a problem', () => {
    const read = readJsonArray('products.json', `[{"id": "x", "name": "x", "price": 1, "stock": 1, "description": ${nestedJson(5000)}}]`);
    expect(read.problems.length + parseProducts(read.rows, 'products.json').problems.length).toBeGreaterThan(0);
  });
});

describe('the shop directory', () => {
  it('opens with problems listed, or refuses with a ShopFilesError, whatever the files hold', () => {
    const shopYaml = fc.oneof(
      fc.constant('name: فروشگاه\n'),
      fc.dictionary(fc.constantFrom('name', 'hours', 'business_hours', 'holidays', 'faq', 'shipping', 'handoff_keywords', 'canned_replies'), anyJson, { maxKeys: 5 }).map((v) => JSON.stringify(v)),
      anyText(300),
    );
    fc.assert(
      fc.property(shopYaml, fc.oneof(csv(PRODUCT_COLUMNS), anyText(300)), fc.oneof(csv(ORDER_COLUMNS), anyText(200)), (yaml, products, orders) => {
        const dir = shopDir({ 'shop.yaml': yaml, 'products.csv': products, 'orders.csv': orders });
        try {
          const source = openShopDirectory(dir, { watch: false });
          checkProducts(source.catalog().products);
          expect(source.shop().name.length).toBeGreaterThan(0);
        } catch (error) {
          expect(error).toBeInstanceOf(ShopFilesError);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a shop.yaml whose aliases would expand without bound, and a file that is a directory', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'name: [*c, *c, *c, *c, *c, *c, *c, *c, *c]'].join('\n');
    expect(() => openShopDirectory(shopDir({ 'shop.yaml': bomb, 'products.csv': 'id,name,price,stock\nx,x,1,1' }), { watch: false })).toThrow(/shop\.yaml.*invalid YAML/);
    const dir = shopDir({ 'shop.yaml': 'name: x' });
    mkdirSync(join(dir, 'products.csv'));
    expect(() => openShopDirectory(dir, { watch: false })).toThrow(ShopFilesError);
  });

  it('keeps serving the last good files when an edit cannot be read at all', async () => {
    const dir = shopDir({ 'shop.yaml': 'name: فروشگاه\n', 'products.csv': 'id,name,price,stock\nmanto-1,مانتو,100,1\n' });
    const loads: string[][] = [];
    const source = openShopDirectory(dir, { onLoad: (problems) => void loads.push(problems.map((p) => p.message)) });
    try {
      rmSync(join(dir, 'products.csv'));
      mkdirSync(join(dir, 'products.csv'));
      for (let i = 0; i < 250 && loads.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      expect(loads.at(-1)?.join('\n')).toMatch(/cannot read the shop files/);
      expect(source.catalog().product('manto-1')?.name).toBe('مانتو');
    } finally {
      source.close();
    }
  });
});
