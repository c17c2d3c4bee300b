// The turn runner with a real engine, a real Redis and the real handoff service: what a channel
// gets when delivery or recording fails halfway, and when the same activity comes again.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Outbound } from '../../src/engine/index.js';
import { createHandoff, createRedisHandoffStore, type Agent } from '../../src/handoff/index.js';
import { createTurnRunner, EventsUndeliveredError } from '../../src/runner/index.js';
import { connectRedis, StoreUnavailableError } from '../../src/state/index.js';
import { engineFixture, type Fixture } from '../support/engine-fixture.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';

const MARYAM: Agent = { id: 'maryam', name: 'مریم', passwordHash: '' };
const OPEN = new Date('2026-11-23T10:00:00+03:30'); // a Monday morning in Tehran

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

const message = (conversation: string, text: string, id: string = randomUUID()) => ({ type: 'message', id, channelId: 'test', from: { id: conversation, name: 'سارا' }, conversation: { id: conversation }, text });

function withHandoff(fixture: Fixture) {
  const redis = connectRedis(inject('redisUrl'));
  const store = createRedisHandoffStore(redis, fixture.prefix);
  const handoff = createHandoff({ engine: fixture.engine, state: fixture.state, commerce: fixture.commerce, store, agents: [MARYAM], options: { queueTimeoutMinutes: 10, averageHandleMinutes: 3, canned: [] }, now: () => OPEN });
  const told: string[] = [];
  handoff.registerSender('test', async (_key, replies) => void told.push(...replies.map((r) => r.text ?? '')));
  cleanup.push(async () => void redis.disconnect());
  return { handoff, store, told };
}

/** A channel that records what it delivered. */
function channel() {
  const delivered: string[] = [];
  return { delivered, deliver: async (replies: Outbound[]) => (delivered.push(...replies.map((r) => r.text ?? '')), replies.length) };
}

describe('handoff events in the turn\'s outbox', () => {
  it('queues the handoff on the redelivery when passing the event on failed after the commit', async () => {
    const fixture = engineFixture(inject('redisUrl'), { now: () => OPEN });
    cleanup.push(() => fixture.close());
    const { handoff, store } = withHandoff(fixture);
    let reachable = false;
    const runner = createTurnRunner({
      engine: fixture.engine,
      state: fixture.state,
      events: async (events) => {
        if (!reachable) throw new Error('handoff service unreachable');
        await handoff.handleEvents(events);
      },
    });
    const { delivered, deliver } = channel();
    const ask = message('lost-event', 'میخوام با پشتیبان صحبت کنم');
    await expect(runner.run(ask, deliver)).rejects.toBeInstanceOf(EventsUndeliveredError);
    expect(await store.position('test:lost-event')).toBeUndefined();

    reachable = true;
    expect(await runner.run(ask, deliver)).toBe('duplicate');
    expect(await store.position('test:lost-event')).toBe(1);
    expect(delivered.length).toBeGreaterThan(0);
    // Once everything went out, a late duplicate delivers nothing more.
    const before = delivered.length;
    expect(await runner.run(ask, deliver)).toBe('duplicate');
    expect(delivered).toHaveLength(before);
  });

  it('applies an event once when it was applied but not recorded, and keeps a claimed handoff claimed', async () => {
    const fixture = engineFixture(inject('redisUrl'), { now: () => OPEN });
    cleanup.push(() => fixture.close());
    const { handoff, store, told } = withHandoff(fixture);
    let crashAfterApplying = true;
    const runner = createTurnRunner({
      engine: fixture.engine,
      state: fixture.state,
      events: async (events) => {
        await handoff.handleEvents(events);
        // The process dies after the handoff service applied the event, before it is recorded.
        if (crashAfterApplying) throw new Error('killed');
      },
    });
    const { deliver } = channel();
    const ask = message('applied-once', 'میخوام با پشتیبان صحبت کنم');
    await expect(runner.run(ask, deliver)).rejects.toThrow();
    expect(told.filter((t) => t.includes('در صف'))).toHaveLength(1);
    await handoff.claim(MARYAM, 'test:applied-once');

    crashAfterApplying = false;
    expect(await runner.run(ask, deliver)).toBe('duplicate');
    expect(told.filter((t) => t.includes('در صف'))).toHaveLength(1);
    expect(await handoff.holder('test:applied-once')).toBe('maryam');
    expect(await store.position('test:applied-once')).toBeUndefined();
  });
});

describe('a handoff whose courtesy message cannot be sent', () => {
  function counting(fixture: Fixture, sender: () => Promise<void>) {
    const redis = connectRedis(inject('redisUrl'));
    cleanup.push(async () => void redis.disconnect());
    const store = createRedisHandoffStore(redis, fixture.prefix);
    const handoffs: string[] = [];
    const metrics = { handoff: (reason: string) => void handoffs.push(reason), queueLength() {}, waited() {}, handled() {}, rated() {} };
    const handoff = createHandoff({ engine: fixture.engine, state: fixture.state, commerce: fixture.commerce, store, agents: [MARYAM], options: { queueTimeoutMinutes: 10, averageHandleMinutes: 3, canned: [] }, metrics, now: () => OPEN });
    handoff.registerSender('test', sender);
    return { handoff, store, handoffs };
  }

  it.each([
    ['Telegram unreachable for a moment', Object.assign(new Error('network down'), { retryable: true })],
    ['the customer blocked the bot', new Error('Forbidden: bot was blocked by the user')],
  ])('queues the customer once and answers the turn (%s)', async (_name, failure) => {
    const fixture = engineFixture(inject('redisUrl'), { now: () => OPEN });
    cleanup.push(() => fixture.close());
    const { handoff, store, handoffs } = counting(fixture, async () => {
      throw failure;
    });
    const runner = createTurnRunner({ engine: fixture.engine, state: fixture.state, events: (events) => handoff.handleEvents(events) });
    const { delivered, deliver } = channel();
    const ask = message('courtesy', 'میخوام با پشتیبان صحبت کنم');
    expect(await runner.run(ask, deliver)).toBe('processed');
    expect(delivered.length).toBeGreaterThan(0);
    expect(await store.position('test:courtesy')).toBe(1);
    // A redelivery (Telegram sends the update again) changes nothing: counted once, one queued notice.
    expect(await runner.run(ask, deliver)).toBe('duplicate');
    expect(handoffs).toEqual(['requested']);
  });

  it('gives up passing events on for good only when the cause will not pass', async () => {
    const fixture = engineFixture(inject('redisUrl'), { now: () => OPEN });
    cleanup.push(() => fixture.close());
    const failing = (error: Error) => createTurnRunner({ engine: fixture.engine, state: fixture.state, events: async () => { throw error; } });
    const { deliver } = channel();
    const refused = await failing(new Error('a bug')).run(message('never', 'میخوام با پشتیبان صحبت کنم'), deliver).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(EventsUndeliveredError);
    expect((refused as EventsUndeliveredError).retryable).toBe(false);
    const outage = await failing(new StoreUnavailableError('redis down')).run(message('later', 'میخوام با پشتیبان صحبت کنم'), deliver).catch((e: unknown) => e);
    expect((outage as EventsUndeliveredError).retryable).toBe(true);
  });
});

describe('a late handoff event', () => {
  it('does not queue a conversation that went back to the bot meanwhile', async () => {
    const fixture = engineFixture(inject('redisUrl'), { now: () => OPEN });
    cleanup.push(() => fixture.close());
    const { handoff, store } = withHandoff(fixture);
    const asked = await fixture.engine.process(message('late', 'میخوام با پشتیبان صحبت کنم'));
    // The customer said /bot before the handoff service got the request (a redelivery, a slow instance).
    const back = await fixture.engine.process(message('late', '/bot'));
    await handoff.handleEvents(back.events);
    await handoff.handleEvents(asked.events);
    expect(await store.position('test:late')).toBeUndefined();
    expect(await handoff.list('queued', MARYAM)).toEqual([]);
  });
});

describe('/forget and the surfaces that mirror a handoff', () => {
  it('tells a mirror that failed for a moment again on the redelivery, so it deletes what it kept', async () => {
    const fixture = engineFixture(inject('redisUrl'), { now: () => OPEN });
    cleanup.push(() => fixture.close());
    const { handoff } = withHandoff(fixture);
    let reachable = false;
    const forgotten: string[] = [];
    handoff.observe(async (notice) => {
      if (notice.type !== 'forgotten') return;
      if (!reachable) throw new StoreUnavailableError(new Error('redis down'));
      forgotten.push(notice.conversationId);
    });
    const runner = createTurnRunner({ engine: fixture.engine, state: fixture.state, events: (events) => handoff.handleEvents(events) });
    const { deliver } = channel();
    await runner.run(message('mirrored', 'میخوام با پشتیبان صحبت کنم'), deliver);
    const forget = message('mirrored', '/forget');
    await expect(runner.run(forget, deliver)).rejects.toMatchObject({ retryable: true });
    reachable = true;
    await runner.run(forget, deliver);
    expect(forgotten).toEqual(['test:mirrored']);
  });
});

describe('recording a delivered turn', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    // Its own redis-server: the test makes it refuse writes for a moment.
    redis = await startRedisServer();
  });
  afterAll(async () => redis?.stop());

  it('answers a redelivery once when recording the delivery failed for a moment after sending', async () => {
    const fixture = engineFixture(redis.url);
    cleanup.push(() => fixture.close());
    const admin = new Redis(redis.url);
    cleanup.push(async () => {
      await admin.config('SET', 'min-replicas-to-write', '0').catch(() => {});
      admin.disconnect();
    });
    const runner = createTurnRunner({ engine: fixture.engine, state: fixture.state });
    const { delivered, deliver } = channel();
    const ask = message('record-fails', 'هزینه ارسال چقدره؟');
    const first = runner.run(ask, async (replies) => {
      const sent = await deliver(replies);
      // Right after the replies went out, Redis refuses writes (NOREPLICAS) for a moment.
      await admin.config('SET', 'min-replicas-to-write', '1');
      setTimeout(() => void admin.config('SET', 'min-replicas-to-write', '0'), 300);
      return sent;
    });
    await expect(first).resolves.toBe('processed');
    expect(await runner.run(ask, deliver)).toBe('duplicate');
    expect(delivered).toHaveLength(1);
  });
});

describe('a profile change in a turn', () => {
  it('is merged with a concurrent change instead of re-running the turn, and the turn keeps its events', async () => {
    let during: (() => Promise<void>) | undefined;
    const fixture = engineFixture(inject('redisUrl'), { now: () => OPEN });
    cleanup.push(() => fixture.close());
    const engine = fixture.engine;
    // A flow that learns the customer's name, while another chat of theirs links a phone.
    const named = engineFixture(inject('redisUrl'), { prefix: fixture.prefix, now: () => OPEN });
    cleanup.push(() => named.close());
    const { createEngine } = await import('../../src/engine/index.js');
    const { nlu } = await import('../support/engine-fixture.js');
    const withName = createEngine({
      nlu: nlu(),
      commerce: named.commerce,
      state: named.state,
      now: () => OPEN,
      middleware: [
        async (ctx, next) => {
          ctx.profile.name = 'سارا';
          ctx.profileChanged = true;
          await during?.();
          await next();
        },
      ],
    });
    during = () => engine.linkPhone('test', 'merge', '09123847561');
    const result = await withName.process(message('merge', 'میخوام با پشتیبان صحبت کنم', 'm-merge-0000-0000-0000'));
    expect(result.duplicate).toBe(false);
    expect(result.events.map((e) => e.name)).toContain('handoff.initiate');
    const { profile } = await engine.inspect('test:merge');
    expect(profile).toMatchObject({ name: 'سارا', linkedPhones: ['09123847561'] });
    const history = await fixture.state.history.read('test:merge');
    expect(history.filter((e) => JSON.parse(e.data).from === 'customer')).toHaveLength(1);
  });
});
