// The learning loop of issue 14, proved on two server instances sharing one real Redis: customers
// on instance A ask about something the bot does not know (having trousers taken up), those
// messages land in the owner's review queue (masked, counted once per wording), the owner writes
// one FAQ answer from the first and labels three more with it — and new customers on instance B,
// asking in words the bot was never shown, get that answer within seconds, with no restart.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hashPassword } from '../../src/handoff/index.js';
import type { Running } from '../../src/server/serve.js';
import { connectRedis } from '../../src/state/index.js';
import { dumpKeys, signIn, webCustomer, type AgentClient } from '../handoff/support.js';
import { testServer } from '../support/server.js';
import { waitFor } from '../support/wait.js';
import { ask, reviewQueue, type QueueItem } from './support.js';

const PREFIX = `learn-${randomUUID().slice(0, 6)}:`;
const ANSWER = 'بله، کوتاه کردن قد شلوار و آستین را در کارگاه خودمان رایگان انجام می‌دهیم؛ اندازه را در توضیحات سفارش بنویسید.';
/** Missed messages of one kind, as customers wrote them. */
const MISSED = ['کوتاه کردن شلوار هم انجام میدید؟', 'شلوار رو برام کوتاه میکنید؟', 'قد شلوار رو کم میکنید؟', 'میشه شلوار رو کوتاه کنید برام؟'];
/** New wordings of the same question, never given to the bot. */
const NEW_WORDINGS = ['سرویس کوتاه کردن قد شلوار دارید؟', 'شلوارمو کوتاه میکنید؟', 'اگه شلوار بلند بود کوتاهش میکنید؟'];

let a: Running;
let b: Running;
let redis: Redis;
let boss: AgentClient;
let maryam: AgentClient;

beforeAll(async () => {
  const shared = {
    REDIS_PREFIX: PREFIX,
    WIDGET_SECRET: 'learn-widget-secret-0123456789',
    AGENT_SECRET: 'learn-agent-secret-0123456789',
    AGENTS: `boss:${hashPassword('s3cret-b')}:admin,maryam:${hashPassword('s3cret-m')}`,
  };
  [a, b] = await Promise.all([testServer(shared), testServer(shared)]);
  redis = connectRedis(inject('redisUrl'));
  [boss, maryam] = await Promise.all([signIn(a.url, 'boss', 's3cret-b'), signIn(a.url, 'maryam', 's3cret-m')]);
}, 90_000);
afterAll(async () => {
  redis?.disconnect();
  await Promise.all([a?.stop(), b?.stop()]);
});

async function queued(texts: readonly string[]): Promise<QueueItem[]> {
  let seen: string[] = [];
  return waitFor(
    `${texts.join(', ')} in the review queue`,
    async () => {
      const { items } = await reviewQueue(boss);
      seen = items.map((i) => `${i.text} (${i.why})`);
      const found = texts.map((t) => items.find((i) => i.text === t));
      return found.every(Boolean) ? (found as QueueItem[]) : undefined;
    },
    10_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; the queue had: ${seen.join(' | ') || 'nothing'}`);
  });
}

describe('the review queue', () => {
  it('is the owner’s: an agent is refused with PASOKH_ERR_ADMIN_ONLY, the page asks for a sign-in', async () => {
    const answer = await maryam.get('/agent/api/review');
    expect(answer.status).toBe(403);
    expect(((await answer.json()) as { code: string }).code).toBe('PASOKH_ERR_ADMIN_ONLY');
    expect((await maryam.post('/agent/api/review/whatever/dismiss')).status).toBe(403);
    expect((await maryam.get('/agent/api/review/export')).status).toBe(403);
    expect((await fetch(`${a.url}/agent/api/review/export`)).status).toBe(401);
    expect((await fetch(`${a.url}/agent/api/review`)).status).toBe(401);
    const page = await fetch(`${a.url}/agent/review`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/agent/review.js');
  });

  it('keeps a missed message masked, once per wording, with how often and when it came', async () => {
    // Answered by the bot (it asks for the order's phone), then a person asked for: a miss.
    const customer = await webCustomer(a.url, { name: 'نیلوفر' });
    await ask(a.url, redis, PREFIX, 'سلام نیلوفر هستم، سفارش ۱۰۴۰۱ کی میرسه؟ شماره‌ام ۰۹۱۲۳۸۴۷۵۶۱', customer);
    await ask(a.url, redis, PREFIX, 'میخوام با پشتیبان صحبت کنم', customer);
    const masked = 'سلام … هستم، سفارش ***** کی میرسه؟ شماره‌ام ***********';
    const [item] = await queued([masked]);
    expect(item).toMatchObject({ why: 'handoff_after_answer', guess: 'order_status', count: 1 });
    // The same words written another way (Arabic letters, two spaces) by a customer on the other instance: one item, counted again.
    await ask(b.url, redis, PREFIX, 'گیگلی ویگلی');
    const [twice] = await queued(['گیگلی ویگلی']);
    await ask(b.url, redis, PREFIX, 'گيگلي  ويگلي');
    await waitFor('counted twice', async () => (await reviewQueue(boss)).items.find((i) => i.id === twice!.id)?.count === 2 || undefined, 10_000);
    const seen = (await reviewQueue(boss)).items.find((i) => i.id === twice!.id)!;
    expect(Date.parse(seen.lastSeen)).toBeGreaterThanOrEqual(Date.parse(seen.firstSeen));
    // Nothing of the customer in the learning keys: no name, number, phone or conversation.
    const dump = JSON.stringify(await dumpKeys(redis, `${PREFIX}{learn}`));
    for (const needle of ['نیلوفر', '۱۰۴۰۱', '۰۹۱۲۳۸۴۷۵۶۱', '9123847561', customer.visitorId]) expect(dump).not.toContain(needle);
    expect((await boss.post(`/agent/api/review/${item!.id}/dismiss`)).status).toBe(200);
    expect((await reviewQueue(boss)).items.map((i) => i.id)).not.toContain(item!.id);
    const again = await boss.post(`/agent/api/review/${item!.id}/dismiss`);
    expect(again.status).toBe(404);
    expect(((await again.json()) as { code: string }).code).toBe('PASOKH_ERR_REVIEW_ITEM_GONE');
  });
});

describe('teaching from the review queue', () => {
  it('labels a few missed messages; new, differently worded ones are then answered right on the other instance', async () => {
    // Before: the bot does not know the topic.
    for (const text of NEW_WORDINGS) expect(await ask(b.url, redis, PREFIX, text)).not.toContain(ANSWER);
    for (const text of MISSED) await ask(a.url, redis, PREFIX, text);
    const items = await queued(MISSED);
    for (const item of items) expect(['fallback', 'low_confidence']).toContain(item.why);

    // One new FAQ answer, the first message its first example...
    expect((await boss.post(`/agent/api/review/${items[0]!.id}/faq`, { answer: ANSWER, title: 'کوتاه کردن شلوار' })).status).toBe(200);
    const { intents, learned } = await reviewQueue(boss);
    const choice = intents.find((c) => c.label.includes('کوتاه کردن شلوار'));
    expect(choice?.intent).toMatch(/^faq_learned_/);
    // shop.yaml's own FAQ entry by its first question, never its English key.
    expect(intents).toContainEqual({ intent: 'faq_gift_wrap', label: 'پرسش متداول: کادوپیچ هم میکنین؟' });
    expect(intents.filter((c) => /[a-z]/i.test(c.label))).toEqual([]);
    expect(learned.faqs).toEqual([expect.objectContaining({ title: 'کوتاه کردن شلوار', answer: ANSWER, questions: [MISSED[0]] })]);
    // ...and the other three labelled with it, one click each.
    for (const item of items.slice(1)) expect((await boss.post(`/agent/api/review/${item.id}/label`, { intent: choice!.intent })).status).toBe(200);
    const unknown = await boss.post(`/agent/api/review/${(await reviewQueue(boss)).items[0]?.id ?? 'x'}/label`, { intent: 'no_such_intent' });
    expect(unknown.status).toBe(400);

    // Instance B heard of it on the bus and re-trained in the background: new wordings are understood.
    const started = Date.now();
    for (const text of NEW_WORDINGS) {
      await waitFor(`«${text}» answered with the new FAQ answer on instance B`, async () => (await ask(b.url, redis, PREFIX, text)).includes(ANSWER) || undefined, 60_000, 500);
    }
    expect(Date.now() - started).toBeLessThan(60_000);
    // Instance A too, and what the bot knew before is still answered as before.
    expect(await ask(a.url, redis, PREFIX, NEW_WORDINGS[0]!)).toContain(ANSWER);
    expect(await ask(b.url, redis, PREFIX, 'قیمت مانتو کتان چنده؟')).toContain('تومان');

    // The labels are durable (no TTL, a documented lifecycle); the queue expires by itself.
    const dump = await dumpKeys(redis, `${PREFIX}{learn}`);
    const ttl = (what: string) => dump.find((k) => k.key === `${PREFIX}{learn}:${what}`)?.ttl;
    // The page's «خروجی YAML»: what was taught, as `pasokh suggest --export` writes it.
    const exported = await boss.get('/agent/api/review/export');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toContain('yaml');
    expect(exported.headers.get('content-disposition')).toContain('attachment');
    const yaml = await exported.text();
    expect(yaml).toContain(ANSWER);
    for (const text of MISSED) expect(yaml).toContain(text);
    expect(ttl('labels')).toBe(-1);
    expect(ttl('faq')).toBe(-1);
    expect(ttl('review')).toBeGreaterThan(0);
    expect(dump.find((k) => k.key.endsWith(':labels'))!.content).toContain(MISSED[3]!.slice(0, 8));
  }, 180_000);
});
