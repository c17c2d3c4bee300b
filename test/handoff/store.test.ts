// The handoff store on a real Redis: enqueue is one step (a claim cannot slip between its check
// and its write and leave a chat both queued and taken), and a store that cannot be reached is a
// 503 on the console API, not a 500.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createMemoryHandoffStore, createRedisHandoffStore, hashPassword, type HandoffStore, type QueueItem } from '../../src/handoff/index.js';
import { StoreUnavailableError, connectRedis } from '../../src/state/index.js';
import { startServer } from '../../compose/serve.js';
import { startRedisServer } from '../support/redis-server.js';
import { testConfig } from '../support/server.js';
import { conversationPath, signIn, webCustomer } from './support.js';

const redis = connectRedis(inject('redisUrl'));
afterAll(() => redis.disconnect());

const item = (id: string): QueueItem => ({ conversationId: id, channelId: 'web', reason: 'requested', priority: 1, since: Date.now() });

const stores: Array<[string, () => HandoffStore]> = [
  ['redis', () => createRedisHandoffStore(redis, `store-${randomUUID().slice(0, 8)}:`)],
  ['memory (the demo)', () => createMemoryHandoffStore()],
];

describe.each(stores)('handoff store on %s', (_name, make) => {
  it('forgets a conversation everywhere, and takes a closed chat\'s rating once', async () => {
    const store = make();
    await store.enqueue(item('web:a'));
    await store.claim('web:a', 'maryam', Date.now());
    await store.transfer('web:a', 'maryam', 'ali', Date.now());
    expect(await store.forget('web:a')).toMatchObject({ queued: false, assignment: { agentId: 'ali' } });
    expect(await store.assigned()).toEqual([]);
    expect(await store.handledBy('maryam', 10)).toEqual([]);
    expect(await store.hasHandled('ali', 'web:a')).toBe(false);

    await store.enqueue(item('web:b'));
    expect((await store.forget('web:b')).queued).toBe(true);
    expect(await store.queued()).toEqual([]);

    await store.enqueue(item('web:c'));
    expect(await store.takeRating('web:c')).toBe(false);
    await store.claim('web:c', 'maryam', Date.now());
    await store.finish('web:c', Date.now());
    expect(await store.closed(10)).toEqual(['web:c']);
    expect([await store.takeRating('web:c'), await store.takeRating('web:c')]).toEqual([true, false]);
  });
});

describe('handoff store', () => {
  it('never leaves a chat both queued and claimed when a repeated request meets a claim', async () => {
    const store = createRedisHandoffStore(redis, `store-${randomUUID().slice(0, 8)}:`);
    for (let round = 0; round < 50; round++) {
      const id = `web:${round}`;
      await store.enqueue(item(id));
      // The second request and the claim leave one after the other on one connection: with a
      // check-then-act enqueue the claim lands between the check and the write.
      const [, claimed] = await Promise.all([store.enqueue(item(id)), store.claim(id, 'maryam', Date.now())]);
      expect(claimed.ok).toBe(true);
      expect(await store.position(id), `round ${round}`).toBeUndefined();
      expect((await store.assignment(id))?.agentId).toBe('maryam');
    }
    expect(await store.queued()).toEqual([]);
  });

  it('keeps who handled what only for the retention period', async () => {
    const prefix = `store-${randomUUID().slice(0, 8)}:`;
    const store = createRedisHandoffStore(redis, prefix, { retentionSeconds: 24 * 3600 });
    const twoDaysAgo = Date.now() - 2 * 24 * 3600_000;
    await store.enqueue(item('web:old'));
    await store.claim('web:old', 'maryam', twoDaysAgo);
    await store.finish('web:old', twoDaysAgo);
    await store.enqueue(item('web:new'));
    await store.claim('web:new', 'maryam', Date.now());
    expect(await store.handledBy('maryam', 10)).toEqual(['web:new']);
    expect(await store.hasHandled('maryam', 'web:old')).toBe(false);
    expect(await store.closed(10)).toEqual([]);
    // Not just hidden: the old entries are gone from Redis, and the indexes expire by themselves.
    expect(await redis.zrange(`${prefix}{handoff}:handled:maryam`, '0', '-1')).toEqual(['web:new']);
    expect(await redis.zrange(`${prefix}{handoff}:closed`, '0', '-1')).toEqual([]);
    expect(await redis.ttl(`${prefix}{handoff}:handled:maryam`)).toBeGreaterThan(0);
  });

  it('reports an unreachable Redis as StoreUnavailableError', async () => {
    const dead = await startRedisServer();
    const client = connectRedis(dead.url, 300);
    try {
      const store = createRedisHandoffStore(client, 'dead:');
      await dead.stop();
      await expect(store.queued()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.enqueue(item('web:x'))).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      client.disconnect();
    }
  });

  it('answers the console with 503 and Retry-After while Redis is down, and serves again after', async () => {
    const own = await startRedisServer();
    const server = await startServer(testConfig({ REDIS_URL: own.url, AGENTS: `maryam:${hashPassword('s3cret-m')}` }));
    try {
      const customer = await webCustomer(server.url);
      await customer.say('/human');
      const maryam = await signIn(server.url, 'maryam', 's3cret-m');
      await own.stop();
      for (const request of [maryam.get('/agent/api/conversations?view=queued'), maryam.post(conversationPath(customer.conversation, 'claim'))]) {
        const answer = await request;
        expect(answer.status).toBe(503);
        expect(answer.headers.get('retry-after')).toBeTruthy();
      }
      await own.start();
      // No persistence in the test Redis: the session is gone, so 401 — but no longer 503.
      await expect.poll(async () => (await maryam.get('/agent/api/me')).status, { timeout: 10_000 }).toBe(401);
    } finally {
      await server.stop();
      await own.stop();
    }
  }, 40_000);
});
