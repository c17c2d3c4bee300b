import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  ConflictError,
  connectRedis,
  createMemoryBackend,
  createRedisBackend,
  LeaseLostError,
  LockTimeoutError,
  StoreUnavailableError,
  type StateBackend,
} from '../../src/state/index.js';
import { freePort, startRedisServer } from '../support/redis-server.js';

const opened: StateBackend[] = [];
afterAll(async () => {
  await Promise.all(opened.map((b) => b.close()));
});

function redisBackend(options: { historyLimit?: number; ttlSeconds?: number } = {}) {
  const prefix = `t${randomUUID().slice(0, 8)}:`;
  const backend = createRedisBackend(connectRedis(inject('redisUrl')), { prefix, ...options });
  opened.push(backend);
  return backend;
}

const backends: Array<[string, (o?: { historyLimit?: number }) => StateBackend]> = [
  ['memory', (o) => createMemoryBackend({ prefix: `m${randomUUID().slice(0, 8)}:`, ...o })],
  ['redis', (o) => redisBackend(o)],
];

describe.each(backends)('%s backend', (_name, make) => {
  it('saves state with eTags and refuses a stale write', async () => {
    const { storage, keys } = make();
    const key = keys.conversationState('c1');
    expect(await storage.read(key)).toBeUndefined();
    const first = await storage.write(key, { eTag: '0', step: 1 });
    const read = await storage.read<{ eTag: string; step: number }>(key);
    expect(read).toEqual({ eTag: first, step: 1 });
    const second = await storage.write(key, { ...read, step: 2 });
    expect(second).not.toBe(first);
    await expect(storage.write(key, { eTag: first, step: 3 })).rejects.toBeInstanceOf(ConflictError);
    await expect(storage.write(key, { eTag: '0', step: 3 })).rejects.toBeInstanceOf(ConflictError);
    expect((await storage.read<{ step: number }>(key))?.step).toBe(2);
    await storage.write(key, { eTag: '*', step: 4 });
    expect((await storage.read<{ step: number }>(key))?.step).toBe(4);
  });

  it('lets exactly one of two concurrent writers of the same version win', async () => {
    const { storage, keys } = make();
    const key = keys.conversationState('race');
    await storage.write(key, { eTag: '0', n: 0 });
    const a = await storage.read(key);
    const b = await storage.read(key);
    const results = await Promise.allSettled([storage.write(key, { ...a, n: 1 }), storage.write(key, { ...b, n: 2 })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
  });

  it('releases the conversation lock and announces the conversation as part of a commit', async () => {
    const { turns, locks, keys, bus } = make();
    const heard: string[] = [];
    const unsubscribe = bus.subscribe('conversation', (m) => heard.push(m));
    // Redis subscriptions settle asynchronously: commit until the announcement is heard, boundedly.
    for (let i = 0; i < 50 && heard.length === 0; i++) {
      // Each commit releases its lease, so the next one takes the lock again: it is free.
      const lease = await locks.acquire(keys.lock('t2'), { waitMs: 200 });
      await turns.commit('t2', { eTag: '*', n: i }, [], { announce: 'conversation', lease });
      if (heard.length === 0) await new Promise((r) => setTimeout(r, 20));
    }
    unsubscribe();
    expect(heard[0]).toBe('t2');
    // The lock is free again without an explicit release.
    await (await locks.acquire(keys.lock('t2'), { waitMs: 200 })).release();
  });

  it('commits a turn: state and history together, or neither on a stale eTag', async () => {
    const { turns, storage, history, keys } = make();
    const first = await turns.commit('t1', { eTag: '0', step: 1 }, ['in:1', 'out:1']);
    expect(await storage.read(keys.conversationState('t1'))).toEqual({ eTag: first, step: 1 });
    await expect(turns.commit('t1', { eTag: '0', step: 2 }, ['in:2'])).rejects.toBeInstanceOf(ConflictError);
    await turns.commit('t1', { eTag: first, step: 2 }, ['in:3']);
    expect((await history.read('t1')).map((e) => e.data)).toEqual(['in:1', 'out:1', 'in:3']);
  });

  it('keeps a capped history, newest last, and reads after an id', async () => {
    const { history } = make({ historyLimit: 5 });
    const ids = await history.append('h1', ['a', 'b', 'c']);
    await history.append('h1', ['d']);
    expect((await history.read('h1')).map((e) => e.data)).toEqual(['a', 'b', 'c', 'd']);
    expect((await history.read('h1', { count: 2 })).map((e) => e.data)).toEqual(['c', 'd']);
    expect((await history.read('h1', { afterId: ids[1] })).map((e) => e.data)).toEqual(['c', 'd']);
    await history.append('h1', Array.from({ length: 300 }, (_, i) => `x${i}`));
    const kept = await history.read('h1', { count: 1000 });
    expect(kept.at(-1)?.data).toBe('x299');
    expect(kept.length).toBeLessThan(304);
    await history.delete('h1');
    expect(await history.read('h1')).toEqual([]);
  });

  it('processes holders of one lock one at a time', async () => {
    const { locks } = make();
    const order: string[] = [];
    const hold = async (name: string) => {
      const lease = await locks.acquire('lock:one', { waitMs: 5000 });
      order.push(`${name}+`);
      await new Promise((r) => setTimeout(r, 30));
      order.push(`${name}-`);
      await lease.release();
    };
    await Promise.all([hold('a'), hold('b'), hold('c')]);
    for (let i = 0; i < order.length; i += 2) expect(order[i]?.[0]).toBe(order[i + 1]?.[0]);
  });

  it('gives up on a lock held too long', async () => {
    const { locks } = make();
    const lease = await locks.acquire('lock:busy');
    await expect(locks.acquire('lock:busy', { waitMs: 100 })).rejects.toThrow(/not acquired/);
    await lease.release();
    await (await locks.acquire('lock:busy', { waitMs: 1000 })).release();
  });

  it('counts hits in a window and claims a key once', async () => {
    const { counters } = make();
    expect(await counters.hit('k', 60)).toBe(1);
    expect(await counters.hit('k', 60)).toBe(2);
    expect(await counters.get('k')).toBe(2);
    expect(await counters.claim('once', 60)).toBe(true);
    expect(await counters.claim('once', 60)).toBe(false);
    await counters.delete(['k', 'once']);
    expect(await counters.get('k')).toBe(0);
    expect(await counters.claim('once', 60)).toBe(true);
  });
});

describe('bus', () => {
  /** Two instances on one Redis and one key prefix. */
  const twoInstances = () => {
    const one = redisBackend();
    const two = createRedisBackend(connectRedis(inject('redisUrl')), { prefix: one.keys.prefix });
    opened.push(two);
    return { one, two };
  };

  it('delivers a message published on one instance to subscribers on another', async () => {
    const { one, two } = twoInstances();
    const received: string[] = [];
    const unsubscribe = two.bus.subscribe('conversation', (m) => received.push(m));
    // The subscription is set up asynchronously: publish until it is heard, a bounded number of times.
    for (let i = 0; i < 50 && received.length === 0; i++) {
      await one.bus.publish('conversation', 'web:abc');
      await new Promise((r) => setTimeout(r, 20));
    }
    unsubscribe();
    expect(received[0]).toBe('web:abc');
  });

  it('hears the very first announcement once ready() has resolved (the server awaits it before serving)', async () => {
    const { one, two } = twoInstances();
    const received: string[] = [];
    const unsubscribe = two.bus.subscribe('learning', (m) => received.push(m));
    await two.bus.ready();
    // One publish, no retry: a subscription still on its way would miss it.
    await one.bus.publish('learning', 'first');
    for (let i = 0; i < 50 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    unsubscribe();
    expect(received).toEqual(['first']);
  });
});

describe('redis specifics', () => {
  it('writes every key under the prefix, with the retention TTL', async () => {
    const backend = redisBackend({ ttlSeconds: 3600 });
    const { keys } = backend;
    await backend.storage.write(keys.conversationState('c'), { eTag: '0', a: 1 });
    await backend.history.append('c', ['x']);
    const probe = new Redis(inject('redisUrl'));
    try {
      const found = await probe.keys(`${keys.prefix}*`);
      expect(found.sort()).toEqual([keys.conversationState('c'), keys.history('c')].sort());
      for (const key of found) {
        const ttl = await probe.ttl(key);
        expect(ttl).toBeGreaterThan(3000);
        expect(ttl).toBeLessThanOrEqual(3600);
      }
    } finally {
      probe.disconnect();
    }
  });

  it('reports an unreachable Redis as StoreUnavailableError, promptly', async () => {
    const port = await freePort();
    const backend = createRedisBackend(connectRedis(`redis://127.0.0.1:${port}`, 500));
    try {
      await expect(backend.storage.read('x')).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(await backend.ping()).toBe(false);
    } finally {
      await backend.close();
    }
  });
});

describe.each(backends)('%s backend: fair locks', (_name, make) => {
  it('hands a lock over in the order it was asked for, not to whoever polls first', async () => {
    const { locks } = make();
    const first = await locks.acquire('lock:fifo');
    const order: number[] = [];
    // Ten waiters asking 3 ms apart while the lock is held: they must get it in that order.
    const waiters = Array.from({ length: 10 }, async (_, i) => {
      await new Promise((r) => setTimeout(r, i * 3));
      const lease = await locks.acquire('lock:fifo', { waitMs: 5000 });
      order.push(i);
      await new Promise((r) => setTimeout(r, 5));
      await lease.release();
    });
    await new Promise((r) => setTimeout(r, 150));
    await first.release();
    await Promise.all(waiters);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('times out as a retryable LockTimeoutError (a 503), leaving its place in line', async () => {
    const { locks } = make();
    const held = await locks.acquire('lock:busy2');
    const error = await locks.acquire('lock:busy2', { waitMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect((error as LockTimeoutError).retryable).toBe(true);
    await held.release();
    // The timed-out waiter does not stand in the way of the next one.
    await (await locks.acquire('lock:busy2', { waitMs: 1000 })).release();
  });

  it('records delivery progress with the turn and never lowers it', async () => {
    const { turns } = make();
    const begun = await turns.begin('p1', { inbound: 'in-1' });
    expect(begun.progress).toBeUndefined();
    await turns.commit('p1', { eTag: '0', outbox: ['in-1'] }, [], { lease: begun.lease, hold: true });
    await turns.settle('p1', begun.lease, 'in-1', { replies: 2, events: 1 });
    const again = await turns.begin('p1', { inbound: 'in-1', waitMs: 1000 });
    expect(again.progress).toEqual({ replies: 2, events: 1 });
    await turns.settle('p1', again.lease, 'in-1', { replies: 1, events: 0 });
    const third = await turns.begin('p1', { inbound: 'in-1', waitMs: 1000 });
    expect(third.progress).toEqual({ replies: 2, events: 1 });
    await third.lease.release();
  });
});

describe('redis locks across instances', () => {
  it('serves two instances asking 10–30 ms apart in arrival order', async () => {
    const one = redisBackend();
    const two = createRedisBackend(connectRedis(inject('redisUrl')), { prefix: one.keys.prefix });
    opened.push(two);
    const held = await one.locks.acquire('lock:two');
    const order: number[] = [];
    const waiters = Array.from({ length: 8 }, async (_, i) => {
      await new Promise((r) => setTimeout(r, i * 20));
      const lease = await [one, two][i % 2]!.locks.acquire('lock:two', { waitMs: 5000 });
      order.push(i);
      await lease.release();
    });
    await new Promise((r) => setTimeout(r, 200));
    await held.release();
    await Promise.all(waiters);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('takes over the lock of a holder that died, without waiting for a fixed timeout', async () => {
    const dead = redisBackend();
    const alive = createRedisBackend(connectRedis(inject('redisUrl')), { prefix: dead.keys.prefix });
    opened.push(alive);
    await dead.locks.acquire('lock:dead');
    // The holder's process goes away: no release, no more renewals. With the default lease and
    // wait, the next in line gets the lock instead of an error.
    await dead.close();
    const lease = await alive.locks.acquire('lock:dead');
    await lease.release();
  });

  it('keeps a slow but live holder\'s lock (its lease renews itself)', async () => {
    const { locks } = redisBackend();
    const lease = await locks.acquire('lock:slow', { ttlMs: 200 });
    await new Promise((r) => setTimeout(r, 600));
    await expect(locks.acquire('lock:slow', { waitMs: 100 })).rejects.toBeInstanceOf(LockTimeoutError);
    await lease.release();
  });

  it('refuses the commit of a holder whose lease lapsed (fencing), writing nothing', async () => {
    const one = redisBackend();
    const two = createRedisBackend(connectRedis(inject('redisUrl')), { prefix: one.keys.prefix });
    opened.push(two);
    const stale = await one.turns.begin('fence', { ttlMs: 150 });
    // The holder stalls (a long GC pause: its timers cannot renew the lease) and someone takes over.
    const until = Date.now() + 400;
    while (Date.now() < until) {
      /* blocking on purpose */
    }
    const fresh = await two.turns.begin('fence', { waitMs: 2000 });
    await expect(one.turns.commit('fence', { eTag: '*', by: 'stale' }, ['stale'], { lease: stale.lease })).rejects.toBeInstanceOf(LeaseLostError);
    await two.turns.commit('fence', { eTag: '*', by: 'fresh' }, ['fresh'], { lease: fresh.lease });
    expect(await one.storage.read(one.keys.conversationState('fence'))).toMatchObject({ by: 'fresh' });
    expect((await one.history.read('fence')).map((e) => e.data)).toEqual(['fresh']);
  });

  it('does not let a holder that stalled past its lease renew its way back in', async () => {
    const one = redisBackend();
    const two = createRedisBackend(connectRedis(inject('redisUrl')), { prefix: one.keys.prefix });
    opened.push(two);
    const stale = await one.turns.begin('resurrect', { ttlMs: 150 });
    const until = Date.now() + 400;
    while (Date.now() < until) {
      /* blocking on purpose: the renewal timer cannot run */
    }
    // Its overdue renewal now runs first, before anyone else looked at the lock.
    await new Promise((resolve) => setTimeout(resolve, 120));
    const fresh = await two.turns.begin('resurrect', { waitMs: 1000 });
    await expect(one.turns.commit('resurrect', { eTag: '*', by: 'stale' }, ['stale'], { lease: stale.lease })).rejects.toBeInstanceOf(LeaseLostError);
    await two.turns.commit('resurrect', { eTag: '*', by: 'fresh' }, ['fresh'], { lease: fresh.lease });
    expect(await one.storage.read(one.keys.conversationState('resurrect'))).toMatchObject({ by: 'fresh' });
  });

  it('fails at once while Redis is down (503), and recovers by itself', async () => {
    const own = await startRedisServer();
    const backend = createRedisBackend(connectRedis(own.url));
    try {
      await backend.storage.write('k', { eTag: '*', a: 1 });
      await own.stop();
      await expect(backend.storage.read('k')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(backend.turns.begin('down')).rejects.toBeInstanceOf(StoreUnavailableError);
      await own.start();
      let back = false;
      for (let i = 0; i < 60 && !back; i++) {
        back = await backend.ping();
        if (!back) await new Promise((r) => setTimeout(r, 100));
      }
      expect(back).toBe(true);
    } finally {
      await backend.close();
      await own.stop();
    }
  });
});
