// The handoff's model with a real Redis and two server instances sharing it.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createHandoff, createRedisHandoffStore, type Agent, type Handoff } from '../../src/handoff/index.js';
import { connectRedis } from '../../src/state/index.js';
import { engineFixture, type Fixture } from '../support/engine-fixture.js';

const MARYAM: Agent = { id: 'maryam', name: 'مریم', passwordHash: '' };
const ALI: Agent = { id: 'ali', name: 'علی', passwordHash: '' };
const BOSS: Agent = { id: 'boss', name: 'مدیر', passwordHash: '', role: 'admin' };
const OPEN = new Date('2026-11-23T10:00:00+03:30'); // a Monday morning in Tehran

interface Instance {
  fixture: Fixture;
  handoff: Handoff;
  sent: Array<{ key: string; texts: string[] }>;
}

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

function instance(prefix?: string, now: () => Date = () => OPEN): Instance {
  const fixture = engineFixture(inject('redisUrl'), { prefix, now });
  const redis = connectRedis(inject('redisUrl'));
  const handoff = createHandoff({
    engine: fixture.engine,
    state: fixture.state,
    commerce: fixture.commerce,
    store: createRedisHandoffStore(redis, fixture.prefix),
    agents: [MARYAM, ALI, BOSS],
    options: { queueTimeoutMinutes: 10, averageHandleMinutes: 3, canned: [] },
    now,
  });
  const sent: Instance['sent'] = [];
  handoff.registerSender('test', async (key, replies) => void sent.push({ key, texts: replies.map((r) => r.text ?? '') }));
  cleanup.push(async () => {
    redis.disconnect();
    await fixture.close();
  });
  return { fixture, handoff, sent };
}

async function customerSays(i: Instance, user: string, text: string) {
  const result = await i.fixture.engine.process({ type: 'message', id: randomUUID(), channelId: 'test', from: { id: user, name: 'سارا' }, conversation: { id: user }, text });
  await i.handoff.handleEvents(result.events);
  return result;
}

describe('handoff', () => {
  it('queues a request, tells the customer their place, and exactly one of two agents gets it', async () => {
    const a = instance();
    const b = instance(a.fixture.prefix);
    await customerSays(a, 'c1', 'میخوام با پشتیبان صحبت کنم');
    expect((await a.handoff.list('queued', MARYAM)).map((s) => s.id)).toEqual(['test:c1']);
    expect(a.sent.at(-1)?.texts.join()).toContain('نفر ۱ در صف');

    const results = await Promise.allSettled([a.handoff.claim(MARYAM, 'test:c1'), b.handoff.claim(ALI, 'test:c1')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    const all = await b.handoff.list('all', BOSS);
    expect(all).toHaveLength(1);
    expect(all[0]?.status).toBe('agent');
    const winner = all[0]?.agentId === 'maryam' ? MARYAM : ALI;
    expect([...a.sent, ...b.sent].some((s) => s.texts.join().includes(`${winner.name} از پشتیبانی به گفتگو پیوست`))).toBe(true);
  });

  it('keeps the bot silent while an agent has the chat, relays both ways, and hands back on close', async () => {
    const i = instance();
    await customerSays(i, 'c2', 'سفارشم خراب رسیده، خیلی ناراحتم');
    await i.handoff.claim(MARYAM, 'test:c2');
    const during = await customerSays(i, 'c2', 'قیمت مانتو کتان چنده؟');
    expect(during.replies).toEqual([]);
    await i.handoff.reply(MARYAM, 'test:c2', 'سلام، عکس کالا را بفرستید لطفاً');
    expect(i.sent.at(-1)?.texts).toEqual(['سلام، عکس کالا را بفرستید لطفاً']);
    await expect(i.handoff.reply(ALI, 'test:c2', 'من هم هستم')).rejects.toThrow(/مریم/);

    const details = (await i.handoff.details('test:c2', MARYAM)) as { transcript: Array<{ from: string; text?: string; intent?: string }> };
    expect(details.transcript.map((e) => e.from)).toContain('agent');
    expect(details.transcript.find((e) => e.from === 'customer')?.intent).toBe('complaint');

    await i.handoff.close(MARYAM, 'test:c2');
    expect(i.sent.at(-1)?.texts.join()).toContain('تمام شد');
    const after = await customerSays(i, 'c2', 'قیمت مانتو کتان چنده؟');
    expect(after.replies[0]?.text).toContain('تومان');
  });

  it('lets the customer go back to the bot with /bot while queued', async () => {
    const i = instance();
    await customerSays(i, 'c3', '/human');
    const cancel = await customerSays(i, 'c3', '/bot');
    expect(cancel.replies[0]?.text).toContain('لغو شد');
    expect(await i.handoff.list('queued', MARYAM)).toEqual([]);
    expect((await customerSays(i, 'c3', 'سلام')).replies[0]?.text).toContain('سلام');
  });

  it('returns an unclaimed chat to the bot after the queue timeout, once', async () => {
    let clock = OPEN;
    const i = instance(undefined, () => clock);
    const j = instance(i.fixture.prefix, () => clock);
    await customerSays(i, 'c4', 'اپراتور');
    clock = new Date(OPEN.getTime() + 11 * 60_000);
    const ended = await Promise.all([i.handoff.sweep(), j.handoff.sweep()]);
    expect(ended.reduce((x, y) => x + y, 0)).toBe(1);
    expect([...i.sent, ...j.sent].some((s) => s.texts.join().includes('در دسترس نیست'))).toBe(true);
    expect((await customerSays(i, 'c4', 'سلام')).replies.length).toBeGreaterThan(0);
  });

  it('keeps a timed-out chat in the queue when telling the customer failed, and ends it on the next sweep', async () => {
    let clock = OPEN;
    const i = instance(undefined, () => clock);
    await customerSays(i, 'c7', 'اپراتور');
    clock = new Date(OPEN.getTime() + 11 * 60_000);
    // The same installation, but the turn that tells the customer fails once (Redis away for a moment).
    let failures = 1;
    const redis = connectRedis(inject('redisUrl'));
    cleanup.push(async () => void redis.disconnect());
    const flaky = createHandoff({
      engine: { ...i.fixture.engine, process: (activity) => (failures-- > 0 ? Promise.reject(new Error('redis away')) : i.fixture.engine.process(activity)) },
      state: i.fixture.state,
      commerce: i.fixture.commerce,
      store: createRedisHandoffStore(redis, i.fixture.prefix),
      agents: [MARYAM],
      options: { queueTimeoutMinutes: 10, averageHandleMinutes: 3, canned: [] },
      now: () => clock,
    });
    const sent: string[] = [];
    flaky.registerSender('test', async (_key, replies) => void sent.push(...replies.map((r) => r.text ?? '')));
    await flaky.sweep().catch(() => 0);
    // Not stranded: still in line (an agent can take it), not silently out of the queue.
    expect((await flaky.list('queued', MARYAM)).map((s) => s.id)).toEqual(['test:c7']);
    expect(await flaky.sweep()).toBe(1);
    expect(sent.join()).toContain('در دسترس نیست');
    expect(await flaky.list('queued', MARYAM)).toEqual([]);
    expect((await customerSays(i, 'c7', 'سلام')).replies.length).toBeGreaterThan(0);
  });

  it('after /forget, a handoff event delivered again puts nobody back in the queue or in a list', async () => {
    const i = instance();
    const asked = await customerSays(i, 'c6', '/human');
    await i.handoff.claim(MARYAM, 'test:c6');
    const forgot = await customerSays(i, 'c6', '/forget');
    expect(forgot.events.map((e) => e.name)).toEqual(['handoff.cancelled']);
    // At-least-once delivery: both turns' events arrive once more.
    await i.handoff.handleEvents([...asked.events, ...forgot.events]);
    expect(await i.handoff.list('queued', MARYAM)).toEqual([]);
    expect(await i.handoff.list('all', BOSS)).toEqual([]);
    await expect(i.handoff.reply(MARYAM, 'test:c6', 'سلام؟')).rejects.toThrow();
    await expect(i.handoff.details('test:c6', BOSS)).rejects.toThrow(/چنین گفتگویی نیست/);
  });

  it('releases a chat back to the queue and transfers it to another agent', async () => {
    const i = instance();
    await customerSays(i, 'c5', 'با ادمین کار دارم');
    await i.handoff.claim(MARYAM, 'test:c5');
    await i.handoff.release(MARYAM, 'test:c5');
    expect((await i.handoff.list('queued', ALI)).map((s) => s.id)).toEqual(['test:c5']);
    await i.handoff.claim(ALI, 'test:c5');
    await i.handoff.transfer(ALI, 'test:c5', MARYAM);
    expect((await i.handoff.list('mine', MARYAM)).map((s) => s.id)).toEqual(['test:c5']);
  });
});
