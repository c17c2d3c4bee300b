// pasokh through Sentinel (REDIS_SENTINELS + REDIS_SENTINEL_NAME): it finds the master by asking
// the Sentinel, and when the master dies and the Sentinel promotes the replica, the conversation
// goes on where it was (its state was replicated), after 503s with Retry-After in between.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRedisBackend, openRedis } from '../../src/state/index.js';
import { webCustomer } from '../handoff/support.js';
import { startPasokhProcess, type PasokhProcess } from '../support/pasokh-process.js';
import { startRedisSentinel, type RedisSentinel } from '../support/redis-sentinel.js';
import { waitFor } from '../support/wait.js';

const PREFIX = `sent-${randomUUID().slice(0, 6)}:`;
let sentinel: RedisSentinel;
let pasokh: PasokhProcess;
const cleanup: Array<() => Promise<void>> = [];

beforeAll(async () => {
  sentinel = await startRedisSentinel();
  pasokh = await startPasokhProcess(
    'sentinel',
    { REDIS_SENTINELS: `${sentinel.sentinel.host}:${sentinel.sentinel.port}`, REDIS_SENTINEL_NAME: sentinel.name, REDIS_PREFIX: PREFIX, WIDGET_SECRET: 'w'.repeat(32) },
    { cleanup },
  );
}, 120_000);
afterAll(async () => {
  await Promise.all(cleanup.map((stop) => stop()));
  await sentinel?.stop();
});

it('serves through the master the Sentinel names, and goes on after it fails over to the replica', async () => {
  const customer = await webCustomer(pasokh.url);
  expect((await customer.say('سلام')).status).toBe(200);
  expect((await customer.say('سفارش ۱۰۴۰۱ کجاست؟')).status).toBe(200);
  // What pasokh wrote is on the master the Sentinel named, and on the replica before the master goes.
  const master = new Redis(sentinel.masterPort, '127.0.0.1');
  try {
    expect(await master.exists(`${PREFIX}conv:{${customer.conversation}}:state`)).toBe(1);
    expect(await master.wait(1, 5000)).toBe(1);
  } finally {
    master.disconnect();
  }

  await sentinel.killMaster();
  await waitFor('the Sentinel promoted the replica', async () => (await sentinel.master()).port === sentinel.replicaPort, 30_000, 200);

  // The widget sends the phone again (same message id) until it is answered: meanwhile only 503s.
  const clientMessageId = randomUUID();
  const statuses: number[] = [];
  for (let attempt = 0; attempt < 20 && statuses.at(-1) !== 200; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 500));
    const answer = await fetch(`${pasokh.url}/api/web/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${customer.token}` },
      body: JSON.stringify({ clientMessageId, text: '09123847561' }),
    });
    statuses.push(answer.status);
    if (answer.status !== 200) expect(answer.headers.get('retry-after')).toBeTruthy();
  }
  expect(statuses.at(-1)).toBe(200);
  expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);

  // The order verification went on from the replicated state: the new master has the answer.
  const state = createRedisBackend(openRedis({ kind: 'sentinel', sentinels: [sentinel.sentinel], name: sentinel.name }), { prefix: PREFIX });
  try {
    const history = (await state.history.read(customer.conversation, { count: 50 })).map((e) => JSON.parse(e.data) as { from: string; text?: string });
    expect(history.filter((e) => e.from === 'bot' && e.text?.includes('تحویل داده شده'))).toHaveLength(1);
  } finally {
    await state.close();
  }
});
