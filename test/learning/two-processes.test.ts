// The learning loop across real `pasokh serve` processes (each its own event loop, as in
// production) on one redis-server: what the owner teaches on one is answered on the other within
// seconds, and a process started afterwards knows it from its start (labels are durable).
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { hashPassword } from '../../src/handoff/index.js';
import { connectRedis } from '../../src/state/index.js';
import { signIn } from '../handoff/support.js';
import { startPasokhProcess, type PasokhProcess } from '../support/pasokh-process.js';
import { waitFor } from '../support/wait.js';
import { ask, reviewQueue } from './support.js';

const PREFIX = `learn2-${randomUUID().slice(0, 6)}:`;
const ANSWER = 'بله، کوتاه کردن قد شلوار و آستین در کارگاه خودمان رایگان است.';
const MISSED = ['کوتاه کردن شلوار هم انجام میدید؟', 'شلوار رو برام کوتاه میکنید؟', 'قد شلوار رو کم میکنید؟', 'میشه شلوار رو کوتاه کنید برام؟'];
const env = {
  REDIS_URL: inject('redisUrl'),
  REDIS_PREFIX: PREFIX,
  WIDGET_SECRET: 'w'.repeat(32),
  AGENT_SECRET: 'a'.repeat(32),
  AGENTS: `boss:${hashPassword('s3cret-b')}:admin`,
};
const cleanup: Array<() => Promise<void>> = [];
let one: PasokhProcess;
let two: PasokhProcess;
let redis: Redis;

beforeAll(async () => {
  [one, two] = await Promise.all([startPasokhProcess('one', env, { cleanup }), startPasokhProcess('two', env, { cleanup })]);
  redis = connectRedis(inject('redisUrl'));
}, 120_000);
afterAll(async () => {
  redis?.disconnect();
  await Promise.all(cleanup.map((stop) => stop()));
});

it('teaches on one process, is answered on the other within seconds, and by a process started later', async () => {
  expect(await ask(two.url, redis, PREFIX, 'شلوارمو کوتاه میکنید؟')).not.toContain(ANSWER);
  for (const text of MISSED) await ask(one.url, redis, PREFIX, text);
  const boss = await signIn(one.url, 'boss', 's3cret-b');
  const items = await waitFor('the misses queued', async () => {
    const queued = (await reviewQueue(boss)).items;
    return MISSED.every((t) => queued.some((i) => i.text === t)) ? queued : undefined;
  }, 10_000);
  const idOf = (text: string) => items.find((i) => i.text === text)!.id;
  expect((await boss.post(`/agent/api/review/${idOf(MISSED[0]!)}/faq`, { answer: ANSWER, title: 'کوتاه کردن شلوار' })).status).toBe(200);
  const intent = `faq_${(await reviewQueue(boss)).learned.faqs[0]!.key}`;
  for (const text of MISSED.slice(1)) expect((await boss.post(`/agent/api/review/${idOf(text)}/label`, { intent })).status).toBe(200);

  const taught = Date.now();
  await waitFor('answered on the other process', async () => (await ask(two.url, redis, PREFIX, 'شلوارمو کوتاه میکنید؟')).includes(ANSWER) || undefined, 60_000, 500);
  // Seconds, not a restart (a busy two-core machine trains slower than a quiet one).
  expect(Date.now() - taught).toBeLessThan(60_000);

  await two.stop();
  const three = await startPasokhProcess('three', env, { cleanup });
  await waitFor('known to a process started afterwards', async () => (await ask(three.url, redis, PREFIX, 'سرویس کوتاه کردن قد شلوار دارید؟')).includes(ANSWER) || undefined, 60_000, 500);
}, 240_000);
