// The owner's daily figures as the engine and the handoff service record them, on the memory store
// (the demo) and on a real Redis alike: conversations counted once a Tehran day, automation, the
// fallbacks and what went unanswered (masked, grouped), handoffs by reason, ratings, the waits.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openShopDirectory, SAMPLE_SHOP_DIR } from '../../src/commerce/index.js';
import { createEngine, type Engine } from '../../src/engine/index.js';
import {
  buildReport,
  createMemoryInsightsStore,
  createRedisInsightsStore,
  insightsMiddleware,
  insightsObserver,
  MISSED_PER_DAY,
  type InsightsStore,
} from '../../src/insights/index.js';
import { connectRedis, createMemoryBackend, scanKeys } from '../../src/state/index.js';
import { nlu } from '../support/engine-fixture.js';

const RETENTION = 400 * 86_400;
// 00:15 in Tehran on 2 December: still 1 December in UTC.
const NIGHT = new Date('2026-12-01T20:45:00Z');
const DAY = '2026-12-02';
const commerce = openShopDirectory(SAMPLE_SHOP_DIR, { watch: false });
const redis = connectRedis(inject('redisUrl'));
afterAll(() => {
  commerce.close();
  redis.disconnect();
});

interface Setup {
  store: InsightsStore;
  prefix: string;
}
const BACKENDS: Record<string, () => Setup> = {
  memory: () => ({ store: createMemoryInsightsStore({ retentionSeconds: RETENTION }), prefix: '' }),
  redis: () => {
    const prefix = `ins-${randomUUID().slice(0, 8)}:`;
    return { store: createRedisInsightsStore(redis, prefix, { retentionSeconds: RETENTION }), prefix };
  },
};

function chat(engine: Engine, conversation: string, name?: string) {
  let n = 0;
  return (text: string, value?: unknown) =>
    engine.process({ type: 'message', id: `${conversation}-${n++}`, text, value, channelId: 'web', conversation: { id: conversation }, from: { id: `u-${conversation}`, name } });
}

describe.each(Object.keys(BACKENDS))('insights on the %s store', (kind) => {
  it('counts each conversation once a Tehran day, and as automated only when no person had it', async () => {
    const { store } = BACKENDS[kind]!();
    let now = NIGHT;
    const engine = createEngine({ nlu: nlu(), commerce, state: createMemoryBackend({}), now: () => now, middleware: [insightsMiddleware(store)] });
    const bot = chat(engine, 'a');
    await bot('سلام');
    await bot('قیمت مانتو کتان چنده؟');
    await bot('qwzx plorb');
    const person = chat(engine, 'b');
    await person('هزینه ارسال چقدره؟');
    await person('میخوام با پشتیبان صحبت کنم');
    // While a person has it, messages count, but the bot answered no intent.
    await person('سلام؟ کسی هست؟');
    // The agent closes; the customer rates.
    await engine.process({ type: 'event', name: 'handoff.status', value: { state: 'completed' }, channelId: 'web', conversation: { id: 'b' }, from: { id: 'u-b' } });
    await person('⭐⭐⭐⭐', { do: 'rate', score: 4 });

    const [day] = await store.read([DAY]);
    const report = buildReport([day!]);
    expect(report.messages).toBe(7);
    expect(report.automation).toEqual({ count: 1, of: 2, rate: 0.5 });
    expect(report.fallback).toEqual({ count: 1, of: 7, rate: 1 / 7 });
    expect(report.handoffs).toEqual([{ key: 'requested', label: 'درخواست مشتری', count: 1 }]);
    expect(report.satisfaction).toEqual({ count: 1, mean: 4, counts: [0, 0, 0, 1, 0] });
    expect(report.intents.map((i) => i.key)).toEqual(expect.arrayContaining(['greeting', 'product_price', 'shipping_info']));
    expect(report.intents.reduce((a, i) => a + i.count, 0)).toBe(4);
    expect(report.hours[0]).toBe(7);
    // 2 December 2026 is a Wednesday: the fifth day of the Iranian week (Saturday first).
    expect(report.weekdays[4]).toBe(7);
    expect(report.channels).toEqual([{ key: 'web', label: 'وب‌سایت', count: 7 }]);
    expect(report.unanswered).toEqual([{ text: 'qwzx plorb', count: 1, variants: [] }]);

    // The next Tehran day, the same conversation counts again, and is automated that day.
    now = new Date('2026-12-02T21:00:00Z');
    await person('ساعت کاری فروشگاه؟');
    const next = buildReport(await store.read([DAY, '2026-12-03']));
    expect(next.daily.map((d) => [d.day, d.conversations, d.automated])).toEqual([
      [DAY, 2, 1],
      ['2026-12-03', 1, 1],
    ]);
    expect(next.automation.rate).toBe(2 / 3);
  });

  it('stores unanswered texts with numbers masked and the customer\'s name out, and groups similar ones', async () => {
    const { store } = BACKENDS[kind]!();
    const engine = createEngine({ nlu: nlu(), commerce, state: createMemoryBackend({}), now: () => NIGHT, middleware: [insightsMiddleware(store)] });
    await chat(engine, 'c', 'فرشته')('برای عروسی خواهرم چه رنگی بپوشم؟');
    await chat(engine, 'd')('واسه عروسی خواهرم چه رنگی بپوشم بهتره');
    await chat(engine, 'e', 'فرشته کیانی')('فرشته هستم qwzx ۰۹۱۲۷۶۵۴۳۲۱ plorb');
    const [day] = await store.read([DAY]);
    const stored = JSON.stringify(day!.missed);
    for (const secret of ['فرشته', '۰۹۱۲۷۶۵۴۳۲۱', '9127654321', '۴۳۲۱']) expect(stored).not.toContain(secret);
    const groups = buildReport([day!]).unanswered;
    expect(groups[0]).toMatchObject({ count: 2 });
    expect([groups[0]!.text, ...groups[0]!.variants].sort()).toEqual(['برای عروسی خواهرم چه رنگی بپوشم؟', 'واسه عروسی خواهرم چه رنگی بپوشم بهتره'].sort());
    expect(groups[1]!.text).toBe('… هستم qwzx *** plorb');
  });

  it('keeps the most frequent unanswered texts of a day, up to the cap', async () => {
    const { store } = BACKENDS[kind]!();
    await store.add(DAY, {}, 'پرسش پرتکرار');
    await store.add(DAY, {}, 'پرسش پرتکرار');
    for (let i = 0; i < MISSED_PER_DAY + 20; i++) await store.add(DAY, {}, `پرسش شماره ${'ابپتثجچحخد'[i % 10]}${i}`);
    const [day] = await store.read([DAY]);
    expect(day!.missed.length).toBe(MISSED_PER_DAY);
    expect(day!.missed[0]).toEqual({ text: 'پرسش پرتکرار', count: 2 });
  });

  it('times the wait for a person\'s first reply and the handling, from the handoff\'s steps', async () => {
    const { store } = BACKENDS[kind]!();
    let now = new Date('2026-12-02T08:00:00Z');
    const observe = insightsObserver(store, () => now);
    const queuedAt = now.getTime();
    await observe({ type: 'queued', item: { conversationId: 'web:x', channelId: 'web', reason: 'complaint', priority: 2, since: queuedAt } });
    const agent = { id: 'maryam', name: 'مریم', passwordHash: '' };
    now = new Date(queuedAt + 90_000);
    await observe({ type: 'claimed', conversationId: 'web:x', agent });
    now = new Date(queuedAt + 150_000);
    await observe({ type: 'agent', conversationId: 'web:x', agent, text: 'سلام' });
    now = new Date(queuedAt + 200_000);
    await observe({ type: 'agent', conversationId: 'web:x', agent, text: 'بفرمایید' });
    now = new Date(queuedAt + 90_000 + 600_000);
    await observe({ type: 'closed', conversationId: 'web:x', agent });
    // Another nobody took: counted as timed out, never timed.
    await observe({ type: 'queued', item: { conversationId: 'web:y', channelId: 'web', reason: 'requested', priority: 1, since: now.getTime() } });
    await observe({ type: 'ended', conversationId: 'web:y', why: 'timeout' });
    const report = buildReport(await store.read([DAY]));
    expect(report.firstReply).toMatchObject({ count: 1, meanSeconds: 150, counts: [0, 1, 0, 0, 0, 0] });
    expect(report.handling).toMatchObject({ count: 1, meanSeconds: 600, counts: [0, 0, 1, 0, 0, 0] });
    expect(report.timedOut).toBe(1);
  });

  if (kind === 'redis') {
    it('keeps every key in one hash slot with a TTL, and none names a conversation', async () => {
      const { store, prefix } = BACKENDS[kind]!();
      await store.add(DAY, { messages: 1 }, 'پرسش');
      await store.queued('web:visitor-123', Date.now());
      const keys = await scanKeys(redis, `${prefix}*`);
      expect(keys.length).toBe(3);
      for (const key of keys) {
        expect(key).toContain('{insights}');
        expect(key).not.toContain('visitor-123');
        expect(await redis.ttl(key)).toBeGreaterThan(0);
      }
      expect(await redis.ttl(`${prefix}{insights}:day:${DAY}`)).toBeGreaterThan(RETENTION - 60);
      await store.dropped('web:visitor-123');
      expect((await scanKeys(redis, `${prefix}*`)).length).toBe(2);
    });
  }
});
