// The engine with a real Redis: whole turns (lock, state read, NLU, flows, atomic commit) over a
// realistic script of customer messages across many conversations. One at a time for latency,
// and with several conversations in flight for throughput (one process, one core).
import { openShopDirectory, SAMPLE_SHOP_DIR } from '../../src/commerce/index.js';
import { createEngine } from '../../src/engine/index.js';
import { loadNlu } from '../../src/nlu/index.js';
import { connectRedis, createRedisBackend } from '../../src/state/index.js';
import { startRedisServer } from '../../test/support/redis-server.js';
import { heapUsed, now, quantile } from '../measure.js';
import type { Section } from '../section.js';
import { fixed, formatTable, thousands } from '../table.js';

const SCRIPT = [
  'سلام',
  'قیمت مانتو کتان چنده؟',
  'سایز M مشکیش موجوده؟',
  'هزینه ارسال به شیراز چقدره؟',
  'سفارش ۱۰۴۰۱ کجاست؟',
  '09123847561',
  'mersi kheili mamnun',
];

export interface EngineResult {
  turns: number;
  p50Ms: number;
  p99Ms: number;
  sequentialPerSecond: number;
  concurrentPerSecond: number;
  concurrency: number;
}

export const P99_TURN_BUDGET_MS = 5;
export const TURNS_PER_SECOND_TARGET = 2000;
const CONVERSATIONS = 300;
const CONCURRENCY = 16;

export const engineSection: Section = {
  id: 'engine',
  async run() {
    const redis = await startRedisServer();
    const state = createRedisBackend(connectRedis(redis.url), { prefix: 'bench:' });
    const commerce = openShopDirectory(SAMPLE_SHOP_DIR, { watch: false });
    const engine = createEngine({ nlu: loadNlu(), commerce, state });
    let seq = 0;
    const turn = (conversation: string, text: string) =>
      engine.process({ type: 'message', id: `b${seq++}`, channelId: 'bench', from: { id: conversation }, conversation: { id: conversation }, text });
    try {
      // Warm-up: JIT and Redis scripts; then the garbage of training and loading is collected
      // (with --expose-gc, as npm run bench runs), not on the measured turns' clock.
      for (const text of SCRIPT) await turn('warm', text);
      heapUsed();

      const samples: number[] = [];
      const start = now();
      for (let c = 0; c < CONVERSATIONS; c++) {
        for (const text of SCRIPT) {
          const t0 = now();
          await turn(`s${c}`, text);
          samples.push(now() - t0);
        }
      }
      const sequentialSeconds = (now() - start) / 1000;
      samples.sort((a, b) => a - b);

      let next = 0;
      const concurrentStart = now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (let c = next++; c < CONVERSATIONS; c = next++) for (const text of SCRIPT) await turn(`p${c}`, text);
        }),
      );
      const concurrentSeconds = (now() - concurrentStart) / 1000;

      const result: EngineResult = {
        turns: samples.length,
        p50Ms: quantile(samples, 0.5),
        p99Ms: quantile(samples, 0.99),
        sequentialPerSecond: samples.length / sequentialSeconds,
        concurrentPerSecond: samples.length / concurrentSeconds,
        concurrency: CONCURRENCY,
      };
      const text = [
        formatTable(
          ['', 'turns', 'p50 ms', 'p99 ms', 'turns/s'],
          [
            ['one at a time', thousands(result.turns), fixed(result.p50Ms, 2), fixed(result.p99Ms, 2), thousands(result.sequentialPerSecond)],
            [`${CONCURRENCY} conversations in flight`, thousands(result.turns), '', '', thousands(result.concurrentPerSecond)],
          ],
        ),
        '',
        `  ${CONVERSATIONS} conversations × ${SCRIPT.length} messages (price, stock, FAQ, order lookup with verification, Finglish)`,
        '  each turn: lock, state read, NLU, flow, atomic state+history commit, on a local redis-server',
      ].join('\n');
      return { title: 'Engine turns with Redis', text, json: result };
    } finally {
      commerce.close();
      await state.close();
      await redis.stop();
    }
  },
};
