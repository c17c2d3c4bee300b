// One catalog size of the catalog benchmark, in its own process (so its memory is its own):
// `node --import tsx bench/catalog-turns.ts SHOP_DIR`. Opens the shop files, trains the NLU, and
// plays whole engine turns on a local redis-server: greetings, and product questions asked as
// customers ask them (a name, a typo, Finglish, a brand, a thing the shop does not sell). Also times
// building the product index alone and changing one product in it. Prints one JSON line.
import { openShopDirectory } from '../src/commerce/index.js';
import { createEngine } from '../src/engine/index.js';
import { createProductIndex, loadNlu, toKey, type ProductMatcher } from '../src/nlu/index.js';
import { connectRedis, createRedisBackend } from '../src/state/index.js';
import { buildLinearMatcher } from '../test/support/linear-product-matcher.js';
import { startRedisServer } from '../test/support/redis-server.js';
import { now, quantile } from './measure.js';
import { scoreMentions } from './product-quality.js';

/** The product questions of the benchmark, the same at every catalog size. */
export const PRODUCT_TURNS = [
  'قیمت مانتو کتان چنده؟',
  'کتونی نایک ایرفورس موجوده؟',
  'salam, gheymate hoodie dors chande?',
  'ضداقتاب سینره دارین',
  'کیف پول چرم مردانه قیمتش چنده',
  'رژ لب مایع میبلین دارین؟',
  'کتونی نایک جردن دارین؟',
  'سایز ۴۴ کتونی ایرفورس سفید',
  'شال گردن بافت زمستونی دارین',
  'کرم سراوه قیمتش چقدره',
];
const GREETING = 'سلام';
const CONVERSATIONS = 60;
const WARM_UP = 20;

export interface CatalogTurnsResult {
  products: number;
  /** Opening the shop files: reading products.csv and building the catalog and its index. */
  openMs: number;
  trainMs: number;
  /** Building the product index alone from the loaded products. */
  indexBuildMs: number;
  /** Changing one product's name in the index, adding one and removing one (µs each, mean). */
  updateUs: number;
  addRemoveUs: number;
  productP50Ms: number;
  productP99Ms: number;
  /** CPU time of a product turn (less disturbed by other processes on the machine than wall time). */
  productCpuP50Ms: number;
  greetingP50Ms: number;
  greetingCpuP50Ms: number;
  turns: number;
  rssMb: number;
  heapMb: number;
  /** Matching the product questions alone, CPU µs per message (median of passes): the index, and
   *  the walk over every name that it replaced (test/support/linear-product-matcher.ts), same run. */
  matchUs: number;
  linearMatchUs: number;
  /** The product-matching quality set, on the sample shop only. */
  quality?: { cases: number; right: number };
}

async function main(dir: string): Promise<CatalogTurnsResult> {
  let t = now();
  const commerce = openShopDirectory(dir, { watch: false });
  const openMs = now() - t;
  t = now();
  const nlu = loadNlu();
  const trainMs = now() - t;
  const redis = await startRedisServer();
  const state = createRedisBackend(connectRedis(redis.url), { prefix: 'catalog-bench:' });
  const engine = createEngine({ nlu, commerce, state });
  const catalog = commerce.catalog();
  let seq = 0;
  const turn = async (conversation: string, text: string) => {
    const c0 = process.cpuUsage();
    const t0 = now();
    await engine.process({ type: 'message', id: `c${seq++}`, channelId: 'bench', from: { id: conversation }, conversation: { id: conversation }, text });
    const cpu = process.cpuUsage(c0);
    return { wall: now() - t0, cpu: (cpu.user + cpu.system) / 1000 };
  };
  try {
    for (let c = 0; c < WARM_UP; c++) {
      await turn(`w${c}`, GREETING);
      await turn(`w${c}`, PRODUCT_TURNS[c % PRODUCT_TURNS.length]!);
    }
    const product: number[] = [];
    const productCpu: number[] = [];
    const greeting: number[] = [];
    const greetingCpu: number[] = [];
    for (let c = 0; c < CONVERSATIONS; c++) {
      const hello = await turn(`s${c}`, GREETING);
      greeting.push(hello.wall);
      greetingCpu.push(hello.cpu);
      for (let k = 0; k < 2; k++) {
        const asked = await turn(`s${c}`, PRODUCT_TURNS[(c * 2 + k) % PRODUCT_TURNS.length]!);
        product.push(asked.wall);
        productCpu.push(asked.cpu);
      }
    }
    for (const list of [product, productCpu, greeting, greetingCpu]) list.sort((a, b) => a - b);
    const memory = process.memoryUsage();

    const entries = catalog.products.map(({ id, name, aliases }) => ({ id, name, aliases }));
    t = now();
    const index = createProductIndex(entries);
    const indexBuildMs = now() - t;
    const OPS = 200;
    t = now();
    for (let k = 0; k < OPS; k++) {
      const e = entries[(k * 7919) % entries.length]!;
      index.update({ ...e, name: `${e.name} ${k % 2 ? 'جدید' : 'ویژه'}` });
    }
    const updateUs = ((now() - t) * 1000) / OPS;
    t = now();
    for (let k = 0; k < OPS; k++) {
      index.add({ id: `bench-new-${k}`, name: `مانتو کتان مدل تازه ${k}`, aliases: ['مانتو تازه'] });
      index.remove(`bench-new-${k}`);
    }
    const addRemoveUs = ((now() - t) * 1000) / (2 * OPS);

    const keys = PRODUCT_TURNS.map((text) => toKey(text));
    const cpuPerMessage = (matcher: Pick<ProductMatcher, 'match'>, passes: number) => {
      const perPass: number[] = [];
      for (let pass = 0; pass < passes; pass++) {
        const c0 = process.cpuUsage();
        for (const key of keys) matcher.match(key);
        const cpu = process.cpuUsage(c0);
        perPass.push((cpu.user + cpu.system) / keys.length);
      }
      return quantile(perPass.sort((a, b) => a - b), 0.5);
    };
    const matchUs = cpuPerMessage(catalog.matcher, 40);
    const linear = buildLinearMatcher(entries);
    const linearMatchUs = cpuPerMessage(linear, catalog.products.length > 20_000 ? 5 : 15);

    const quality = catalog.products.length <= 42 ? scoreMentions(nlu, catalog) : undefined;
    return {
      products: catalog.products.length,
      openMs,
      trainMs,
      indexBuildMs,
      updateUs,
      addRemoveUs,
      matchUs,
      linearMatchUs,
      productP50Ms: quantile(product, 0.5),
      productP99Ms: quantile(product, 0.99),
      productCpuP50Ms: quantile(productCpu, 0.5),
      greetingP50Ms: quantile(greeting, 0.5),
      greetingCpuP50Ms: quantile(greetingCpu, 0.5),
      turns: product.length,
      rssMb: memory.rss / 2 ** 20,
      heapMb: memory.heapUsed / 2 ** 20,
      ...(quality ? { quality: { cases: quality.cases, right: quality.right } } : {}),
    };
  } finally {
    commerce.close();
    await state.close();
    await redis.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node --import tsx bench/catalog-turns.ts SHOP_DIR');
    process.exit(2);
  }
  console.log(`CATALOG_TURNS ${JSON.stringify(await main(dir))}`);
}
