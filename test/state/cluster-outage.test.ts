// A Redis Cluster master dies (SIGKILL) under a running pasokh: the widget's API answers 503 with
// Retry-After, never a 500 and without waiting long, and /healthz says 503; when the master is back (from its append-only
// file) the resent message is answered once and the conversation goes on from its history.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRedisBackend, openRedis } from '../../src/state/index.js';
import { webCustomer } from '../handoff/support.js';
import { startPasokhProcess, type PasokhProcess } from '../support/pasokh-process.js';
import { startRedisCluster, type RedisCluster } from '../support/redis-cluster.js';
import { waitFor } from '../support/wait.js';

const PREFIX = `clout-${randomUUID().slice(0, 6)}:`;
let cluster: RedisCluster;
let pasokh: PasokhProcess;
const cleanup: Array<() => Promise<void>> = [];

beforeAll(async () => {
  cluster = await startRedisCluster({ masters: 3, appendOnly: true });
  pasokh = await startPasokhProcess('outage', { REDIS_CLUSTER_NODES: cluster.env, REDIS_PREFIX: PREFIX, WIDGET_SECRET: 'w'.repeat(32) }, { cleanup });
}, 120_000);
afterAll(async () => {
  await Promise.all(cleanup.map((stop) => stop()));
  await cluster?.stop();
});

it('answers 503 with Retry-After while a master is down, and goes on once it is back', async () => {
  const customer = await webCustomer(pasokh.url);
  expect((await customer.say('سفارش ۱۰۴۰۱ کجاست؟')).status).toBe(200);
  const port = await cluster.masterOf(`${PREFIX}conv:{${customer.conversation}}:state`);
  await cluster.kill(port);

  const clientMessageId = randomUUID();
  const send = () =>
    fetch(`${pasokh.url}/api/web/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${customer.token}` },
      body: JSON.stringify({ clientMessageId, text: '09123847561' }),
      signal: AbortSignal.timeout(15_000),
    });
  const down = await send();
  expect(down.status).toBe(503);
  expect(down.headers.get('retry-after')).toBeTruthy();

  // Once the other nodes see the master gone, health says so (they still answer PING).
  await waitFor('/healthz answers 503', async () => (await fetch(`${pasokh.url}/healthz`)).status === 503, 15_000, 200);

  await cluster.restart(port);
  await cluster.ready();
  await waitFor('/healthz answers 200 again', async () => (await fetch(`${pasokh.url}/healthz`)).status === 200, 15_000, 200);
  const statuses: number[] = [];
  for (let attempt = 0; attempt < 20 && statuses.at(-1) !== 200; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 500));
    const answer = await send();
    statuses.push(answer.status);
    if (answer.status !== 200) expect(answer.headers.get('retry-after')).toBeTruthy();
  }
  expect(statuses.at(-1)).toBe(200);
  expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);

  // The order question before the outage and the phone after it: verified, and answered once.
  const state = createRedisBackend(openRedis({ kind: 'cluster', nodes: cluster.nodes }), { prefix: PREFIX });
  try {
    const history = (await state.history.read(customer.conversation, { count: 50 })).map((e) => JSON.parse(e.data) as { from: string; text?: string });
    expect(history.filter((e) => e.from === 'bot' && e.text?.includes('تحویل داده شده'))).toHaveLength(1);
  } finally {
    await state.close();
  }
});
