// The product index must find what the linear walk over the catalog found (same products, scores,
// spans, order), stay right as products are added, renamed and removed one at a time, score the
// few offered products however many others a message fits, and keep the quality set's score.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCatalog } from '../../bench/catalog-generator.js';
import { loadMentionCases, scoreMentions } from '../../bench/product-quality.js';
import { openShopDirectory, SAMPLE_SHOP_DIR, type CommerceSource } from '../../src/commerce/index.js';
import { createProductIndex, loadNlu, MAX_MATCHES, toKey, type CatalogEntry } from '../../src/nlu/index.js';
import { buildLinearMatcher } from '../support/linear-product-matcher.js';

const sampleShop = openShopDirectory(SAMPLE_SHOP_DIR, { watch: false });
const sample: CatalogEntry[] = sampleShop.catalog().products.map(({ id, name, aliases }) => ({ id, name, aliases }));
sampleShop.close();
const generated: CatalogEntry[] = generateCatalog(2_000).map(({ id, name, aliases }) => ({ id, name, aliases }));

/** What customers write: the quality set, and names, aliases, parts, suffixes and typos of products. */
function messagesFor(entries: readonly CatalogEntry[]): string[] {
  const picked = entries.filter((_, k) => k % Math.max(1, Math.floor(entries.length / 80)) === 0);
  return [
    ...loadMentionCases().map((c) => c.text),
    ...picked.flatMap((e) => {
      const words = e.name.split(' ');
      return [
        e.name,
        ...(e.aliases ?? []).slice(0, 3),
        `قیمت ${words.slice(0, 2).join(' ')} چنده؟`,
        `${words[0]}ش موجوده`,
        words.slice(1).join(' '),
        e.name.replace(/.(?=.{3}$)/, ''),
      ];
    }),
    'مانتو',
    'زنانه',
    'کتونی نایک مردانه سایز ۴۲',
  ];
}

describe('the product index', () => {
  for (const [name, entries] of [
    ['the sample shop', sample],
    ['the sample shop and 2,000 generated products', [...sample, ...generated]],
  ] as const) {
    it(`finds what the walk over every name found, in ${name}`, () => {
      const linear = buildLinearMatcher(entries);
      const index = createProductIndex(entries);
      for (const text of messagesFor(entries)) {
        const key = toKey(text);
        expect(index.match(key), text).toEqual(linear.match(key).slice(0, MAX_MATCHES));
        for (const word of key.split(' ')) {
          expect(index.productsOf(word), word).toEqual(linear.productsOf(word));
          expect(index.onlyQualifies(word), word).toBe(linear.onlyQualifies(word));
        }
      }
    });
  }

  it('finds with a floor on the score what the walk finds above it, common words and all', () => {
    // A name that repeats a word is covered more than its words' weight once each would say.
    const repeats: CatalogEntry[] = [
      { id: 'r-1', name: 'کرم کرم دست', aliases: ['کرم'] },
      { id: 'r-2', name: 'شال شال شال نخی', aliases: [] },
    ];
    const entries = [...sample, ...generated, ...repeats];
    const linear = buildLinearMatcher(entries);
    const index = createProductIndex(entries);
    // Common words («کرم», «مردانه») beside a rare one are where the floor spares walking lists.
    const texts = [...messagesFor(entries), 'کرم سراوه قیمتش چقدره', 'کیف پول چرم مردانه', 'کتونی مردانه نایک ایرفورس سفید', 'مانتو زنانه کتان کرم', 'کرم دست', 'شال نخی', 'شال'];
    let spared = 0;
    for (const text of texts) {
      const key = toKey(text);
      const all = linear.match(key);
      for (const minScore of [0.25, 0.5, 0.8]) {
        const above = all.filter((m) => m.score >= minScore);
        expect(index.match(key, { minScore }), `${text} ≥ ${minScore}`).toEqual(above.slice(0, MAX_MATCHES));
        if (above.length < all.length) spared += 1;
      }
    }
    // The check is only worth something if the floor left products out.
    expect(spared).toBeGreaterThan(50);
  });

  it('answers "any product?", "this product?" and "one product for all these words?" as the lists do', () => {
    const entries = [...sample, ...generated];
    const index = createProductIndex(entries);
    const words = new Set(loadNlu().classifier.vocabulary);
    const firsts = new Map(entries.map((e) => [e.id, [e.name, ...(e.aliases ?? [])].map((t) => toKey(t).split(' ')[0])]));
    for (const text of messagesFor(entries)) {
      const key = toKey(text);
      const tokens = key.split(' ').filter((w) => w.length >= 2);
      for (const word of tokens) {
        const ids = index.productsOf(word, { words });
        expect(index.names(word, { words }), word).toBe(ids.length > 0);
        expect(index.headedBy(word), word).toEqual(index.productsOf(word).filter((id) => firsts.get(id)!.includes(word)));
        for (const id of [ids[0], ids.at(-1), sample[0]!.id].filter((x): x is string => !!x)) {
          expect(index.namedBy([word, `${word}ش`], id, { words }), `${word} ${id}`).toBe(
            ids.includes(id) || index.productsOf(`${word}ش`, { words }).includes(id),
          );
          expect(index.isHeadedBy(word, id), `${word} ${id}`).toBe(index.headedBy(word).includes(id));
        }
      }
      for (let k = 0; k + 1 < tokens.length; k++) {
        const pair = [[tokens[k]!], [tokens[k + 1]!]];
        const shared = index.productsOf(tokens[k]!, { words }).some((id) => index.productsOf(tokens[k + 1]!, { words }).includes(id));
        expect(index.shareProduct(pair, { words }), `${tokens[k]} + ${tokens[k + 1]}`).toBe(shared);
      }
    }
  });

  it('after products are added, renamed and removed one at a time, matches as one built afresh', () => {
    const final = [...sample, ...generated.slice(0, 600)];
    const index = createProductIndex([...sample.slice(10), ...generated.slice(300, 900)]);
    for (const e of generated.slice(600, 900)) expect(index.remove(e.id)).toBe(true);
    expect(index.remove('no-such-product')).toBe(false);
    for (const e of [...sample.slice(0, 10), ...generated.slice(0, 300)]) index.add(e);
    // Renamed twice: to something else, then back.
    for (const e of generated.slice(300, 400)) index.update({ ...e, name: `${e.name} ویژه`, aliases: ['کالای ویژه'] });
    for (const e of generated.slice(300, 400)) index.update(e);
    const fresh = createProductIndex(final);
    expect(index.size).toBe(final.length);
    for (const text of [...messagesFor(final), 'کالای ویژه', 'ویژه']) {
      const key = toKey(text);
      expect(index.match(key), text).toEqual(fresh.match(key));
      for (const word of key.split(' ')) expect([...index.productsOf(word)].sort(), word).toEqual([...fresh.productsOf(word)].sort());
    }
  });

  it('sync touches only the products that changed, and finds a renamed product by its new name only', () => {
    const entries = [...sample, ...generated.slice(0, 200)];
    const index = createProductIndex(entries);
    const renamed = { id: 'kamarband-charm-01', name: 'کمربند سگک‌دار چرم', aliases: ['کمربند سگکدار'] };
    const next = [...entries.filter((e) => e.id !== renamed.id && e.id !== 'saat-steel-02'), renamed, { id: 'new-1', name: 'پیراهن لینن آستین کوتاه' }];
    expect(index.sync(next)).toBe(3);
    expect(index.sync(next)).toBe(0);
    expect(index.match(toKey('کمربند سگکدار'))[0]).toMatchObject({ productId: 'kamarband-charm-01', complete: true });
    expect(index.match(toKey('belt')).map((m) => m.productId)).not.toContain('kamarband-charm-01');
    expect(index.match(toKey('ساعت مچی مردانه')).map((m) => m.productId)).not.toContain('saat-steel-02');
    expect(index.match(toKey('پیراهن لینن'))[0]?.productId).toBe('new-1');
  });

  it('scores the offered few as it would among all, even when the message fits more products than it returns', () => {
    const index = createProductIndex([...sample, ...generateCatalog(6_000).map(({ id, name, aliases }) => ({ id, name, aliases }))]);
    const key = toKey('مانتو');
    const all = index.match(key, { limit: 10_000 });
    expect(all.length).toBeGreaterThan(MAX_MATCHES);
    expect(index.match(key)).toHaveLength(MAX_MATCHES);
    const offered = [all[all.length - 1]!.productId, all[MAX_MATCHES + 3]!.productId];
    expect(index.match(key).map((m) => m.productId)).not.toContain(offered[0]);
    const among = index.match(key, { among: offered });
    expect(among).toEqual(all.filter((m) => offered.includes(m.productId)));
  });

  it('credits an offered product only with the words its names hold', () => {
    // Offered products are checked word by word in the index's own phrase list, where each phrase's
    // length precedes its words: a length must never be taken for a word the product has.
    const index = createProductIndex(sample);
    const offered = sample.filter((_, k) => k % 3 === 0).map((e) => e.id);
    for (const text of messagesFor(sample)) {
      const key = toKey(text);
      const all = index.match(key, { limit: 10_000 });
      expect(index.match(key, { among: offered }), text).toEqual(all.filter((m) => offered.includes(m.productId)).slice(0, MAX_MATCHES));
    }
  });
});

describe('matching quality', () => {
  it('keeps the quality set at least at its score before the index (114 of 124)', { timeout: 180_000 }, () => {
    const source = openShopDirectory(SAMPLE_SHOP_DIR, { watch: false });
    try {
      const score = scoreMentions(loadNlu(), source.catalog());
      expect(score.right, JSON.stringify(score.misses, null, 1)).toBeGreaterThanOrEqual(114);
    } finally {
      source.close();
    }
  });
});

describe('a reloaded shop file', () => {
  let dir: string;
  let source: CommerceSource;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pasokh-index-'));
    cpSync(SAMPLE_SHOP_DIR, dir, { recursive: true });
    source = openShopDirectory(dir);
  });
  afterAll(() => {
    source.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('updates the index in place: a renamed product is found by its new name, a removed one no more', async () => {
    const before = source.catalog().matcher;
    expect(before.match(toKey('کمربند چرم'))[0]?.productId).toBe('kamarband-charm-01');
    const file = join(dir, 'products.csv');
    const lines = readFileSync(file, 'utf8').split('\n');
    const edited = lines
      .filter((line) => !line.startsWith('micellar-garnier-05,'))
      .map((line) => (line.startsWith('kamarband-charm-01,کمربند') ? line.replace('کمربند چرم طبیعی مردانه', 'کمربند سگک‌دار جیر') : line));
    writeFileSync(file, edited.join('\n'));
    const deadline = Date.now() + 30_000;
    for (let i = 0; i < 600 && source.catalog().product('micellar-garnier-05') && Date.now() < deadline; i++) await new Promise((r) => setTimeout(r, 50));
    expect(source.problems()).toEqual([]);
    expect(source.catalog().product('micellar-garnier-05')).toBeUndefined();
    expect(source.catalog().matcher).toBe(before);
    expect(source.catalog().matcher.match(toKey('کمربند سگکدار جیر'))[0]).toMatchObject({ productId: 'kamarband-charm-01', complete: true });
    expect(source.catalog().matcher.match(toKey('میسلار واتر گارنیر')).map((m) => m.productId)).not.toContain('micellar-garnier-05');
  });
});
