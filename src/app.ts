// The composition root: config in, the running parts out. The CLI's chat and serve both start here.
import { openShopDirectory, formatProblem, type CommerceSource } from './commerce/index.js';
import type { Config } from './config.js';
import { createEngine, type Engine } from './engine/index.js';
import { loadNlu, type Nlu } from './nlu/index.js';
import { createStateBackend, type StateBackend } from './state/index.js';

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export interface App {
  config: Config;
  nlu: Nlu;
  commerce: CommerceSource;
  state: StateBackend;
  engine: Engine;
  close(): Promise<void>;
}

export function createApp(config: Config, log: Logger, options: { watchShop?: boolean } = {}): App {
  const nlu = loadNlu(config.intentsDir);
  const commerce = openShopDirectory(config.shopDir, {
    watch: options.watchShop ?? true,
    onLoad: (problems) => {
      for (const p of problems) log.warn(`shop file problem: ${formatProblem(p)}`);
    },
  });
  const state = createStateBackend({ redisUrl: config.redisUrl, prefix: config.redisPrefix, ttlSeconds: config.retentionSeconds });
  const engine = createEngine({ nlu, commerce, state });
  return {
    config,
    nlu,
    commerce,
    state,
    engine,
    async close() {
      commerce.close();
      await state.close();
    },
  };
}
