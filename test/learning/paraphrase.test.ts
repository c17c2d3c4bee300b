// One taught FAQ answer reaches customers who ask in other words (the QA finding: one example was
// too little for the classifier, so «شلوارمو کوتاه میکنید؟» still got the refund answer). Two
// instances on one real Redis: the owner teaches ONE answer from ONE missed message on instance A,
// and on instance B, as soon as the bus told it, three questions worded in ways the bot was never
// shown get that answer — while a price question and a shipping question keep their own answers.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { hashPassword } from '../../src/handoff/index.js';
import type { Running } from '../../src/server/serve.js';
import { connectRedis } from '../../src/state/index.js';
import { signIn, type AgentClient } from '../handoff/support.js';
import { testServer } from '../support/server.js';
import { waitFor } from '../support/wait.js';
import { ask, reviewQueue } from './support.js';

const PREFIX = `para-${randomUUID().slice(0, 6)}:`;
const ANSWER = 'بله، قد شلوار را در کارگاه خودمان رایگان کوتاه می‌کنیم؛ اندازه را در توضیحات سفارش بنویسید.';
const MISSED = 'کوتاه کردن شلوار هم انجام میدید؟';
/** Worded unlike the taught message (and unlike README's examples). */
const PARAPHRASES = ['امکان کوتاه کردن پاچه شلوار هست؟', 'شلوار خریدم بلنده، کوتاهش میکنید؟', 'دوخت و کوتاه کردن شلوار دارین؟'];
/** The QA pass's own wordings, which got a refund answer, "we don't carry it" and "not found". */
const README_WORDINGS = ['شلوارمو کوتاه میکنید؟', 'سرویس کوتاه کردن قد شلوار دارید؟', 'قد شلوار رو کوتاه میکنید؟'];

let a: Running;
let b: Running;
let redis: Redis;
let boss: AgentClient;

beforeAll(async () => {
  const shared = {
    REDIS_PREFIX: PREFIX,
    WIDGET_SECRET: 'para-widget-secret-0123456789',
    AGENT_SECRET: 'para-agent-secret-0123456789',
    AGENTS: `boss:${hashPassword('s3cret-b')}:admin`,
  };
  [a, b] = await Promise.all([testServer(shared), testServer(shared)]);
  redis = connectRedis(inject('redisUrl'));
  boss = await signIn(a.url, 'boss', 's3cret-b');
}, 90_000);
afterAll(async () => {
  redis?.disconnect();
  await Promise.all([a?.stop(), b?.stop()]);
});

it('one FAQ answer taught from one missed message answers differently worded questions, and nothing else', async () => {
  for (const text of PARAPHRASES) expect(await ask(b.url, redis, PREFIX, text)).not.toContain(ANSWER);
  await ask(a.url, redis, PREFIX, MISSED);
  const item = await waitFor('the missed message in the queue', async () => (await reviewQueue(boss)).items.find((i) => i.text === MISSED), 10_000);
  expect((await boss.post(`/agent/api/review/${item.id}/faq`, { answer: ANSWER, title: 'کوتاه کردن شلوار' })).status).toBe(200);

  // Instance B reads what was learned when the bus tells it; the matcher needs no re-training.
  let lastAnswer = '';
  const learned = async () => (lastAnswer = await ask(b.url, redis, PREFIX, PARAPHRASES[0]!)).includes(ANSWER) || undefined;
  await waitFor('instance B answers the first paraphrase', learned, 30_000, 200).catch((error: Error) => {
    throw new Error(`${error.message}; its last answer: ${lastAnswer}`);
  });
  for (const text of [...PARAPHRASES, ...README_WORDINGS]) expect(await ask(b.url, redis, PREFIX, text), text).toContain(ANSWER);
  expect(await ask(a.url, redis, PREFIX, PARAPHRASES[1]!)).toContain(ANSWER);
  // Read as a sure price question of a product the shop does not carry («کردن شلوار»): the taught answer instead.
  expect(await ask(b.url, redis, PREFIX, 'قیمت کوتاه کردن شلوار چنده؟')).toContain(ANSWER);

  // Questions about something else keep their answers, trousers named or not.
  const price = await ask(b.url, redis, PREFIX, 'قیمت مانتو کتان چنده؟');
  expect(price).toContain('تومان');
  expect(price).not.toContain(ANSWER);
  const shipping = await ask(b.url, redis, PREFIX, 'ارسال به شیراز چند روز طول میکشه؟');
  expect(shipping).toContain('شیراز');
  expect(shipping).not.toContain(ANSWER);
  for (const text of ['قیمت شلوار جین چنده؟', 'شلوار جین دارید؟', 'شلوار رو پس بدم؟']) expect(await ask(b.url, redis, PREFIX, text), text).not.toContain(ANSWER);
}, 120_000);
