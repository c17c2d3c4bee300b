import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  ConflictError,
  connectRedis,
  createMemoryBackend,
  createRedisBackend,
  StoreUnavailableError,
  type StateBackend,
} from '../../src/state/index.js';
import { freePort } from '../support/redis-server.js';

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
    const lease = await locks.acquire(keys.lock('t2'));
    // Redis subscriptions settle asynchronously: commit until the announcement is heard, boundedly.
    for (let i = 0; i < 50 && heard.length === 0; i++) {
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
  it('delivers a message published on one instance to subscribers on another', async () => {
    const one = redisBackend();
    const two = createRedisBackend(connectRedis(inject('redisUrl')), { prefix: one.keys.prefix });
    opened.push(two);
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
