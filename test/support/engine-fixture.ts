// An engine on the sample shop and a real Redis, for conversation tests. The NLU is trained once
// and then read from a model cache.
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { faqEntries, openShopDirectory, SAMPLE_SHOP_DIR, type CommerceSource } from '../../src/commerce/index.js';
import { createEngine, type Engine, type EngineOptions } from '../../src/engine/index.js';
import { createModelCache, createNlu, DEFAULT_INTENTS_DIR, loadIntents, withFaqQuestions, type Nlu } from '../../src/nlu/index.js';
import { connectRedis, createRedisBackend, type StateBackend } from '../../src/state/index.js';

let sharedNlu: Nlu | undefined;
// Trained once for every test file (and run) with the same training data, as a start of the app
// reads its model: test/nlu/model-cache.test.ts holds a cached model to a fresh one.
const MODEL_CACHE = join(tmpdir(), 'pasokh-test-model-cache');
/** The bundled intents with the sample shop's own FAQ questions trained in, as the app does. */
export const nlu = () =>
  (sharedNlu ??= createNlu(withFaqQuestions(loadIntents(DEFAULT_INTENTS_DIR), faqEntries(sampleShop())), {}, createModelCache(MODEL_CACHE)));

function sampleShop() {
  const source = openShopDirectory(SAMPLE_SHOP_DIR, { watch: false });
  const shop = source.shop();
  source.close();
  return shop;
}

export interface Fixture {
  engine: Engine;
  commerce: CommerceSource;
  state: StateBackend;
  prefix: string;
  close(): Promise<void>;
}

export interface FixtureOptions {
  now?: () => Date;
  engine?: Partial<EngineOptions>;
  /** Share another fixture's keys: a second server instance on the same Redis. */
  prefix?: string;
}

export function engineFixture(redisUrl: string, options: FixtureOptions = {}): Fixture {
  const prefix = options.prefix ?? `conv-${randomUUID().slice(0, 8)}:`;
  const state = createRedisBackend(connectRedis(redisUrl), { prefix });
  const commerce = openShopDirectory(SAMPLE_SHOP_DIR, { watch: false });
  const engine = createEngine({ nlu: nlu(), commerce, state, now: options.now, options: options.engine });
  return {
    engine,
    commerce,
    state,
    prefix,
    async close() {
      commerce.close();
      await state.close();
    },
  };
}
