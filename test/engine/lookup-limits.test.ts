// The order lookups' limiter on its own: give-backs for right proofs, IPv6 networks, and a lock
// that lasts its window and then lifts.
import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { lookupLimiter, type Lookup, type LookupLimiter } from '../../src/engine/lookup-limits.js';
import { connectRedis, createMemoryBackend, createRedisBackend } from '../../src/state/index.js';

const LIMITS = { visitor: 100, ip: 3, order: 100, phone: 100, windowSeconds: 3600 };
const redis = createRedisBackend(connectRedis(inject('redisUrl')), { prefix: `lim-${randomUUID().slice(0, 8)}:` });
afterAll(() => redis.close());

const now = new Date('2026-03-01T10:00:00Z');

/** One proof attempt: 'ok' or 'wrong'; 'refused' when the limiter refused to look. */
async function attempt(limiter: LookupLimiter, lookup: Lookup, right: boolean, at = now, activityId?: string): Promise<'ok' | 'wrong' | 'locked' | 'refused'> {
  const reserved = await limiter.reserve(lookup, at, activityId);
  if ('blocked' in reserved) return 'refused';
  if (right) {
    await reserved.attempt.succeeded();
    return 'ok';
  }
  return (await reserved.attempt.failed()) ? 'locked' : 'wrong';
}

describe('order lookup limits', () => {
  it('gives the reservation back when the proof is right, so owners do not use up an address', async () => {
    const limiter = lookupLimiter(redis.counters, redis.keys, LIMITS);
    const ip = { ip: '198.51.100.20' };
    const results = [await attempt(limiter, ip, false)];
    for (let i = 0; i < 6; i++) results.push(await attempt(limiter, ip, true));
    results.push(await attempt(limiter, ip, false), await attempt(limiter, ip, false), await attempt(limiter, ip, true));
    expect(results).toEqual(['wrong', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'wrong', 'locked', 'refused']);
  });

  it('counts an IPv6 client by its /64 network', async () => {
    const limiter = lookupLimiter(redis.counters, redis.keys, LIMITS);
    const results = [];
    for (const ip of ['2001:db8:1:2::1', '2001:db8:1:2:ffff::9', '2001:0db8:0001:0002:0:0:0:abcd']) results.push(await attempt(limiter, { ip }, false));
    expect(results).toEqual(['wrong', 'wrong', 'locked']);
    expect(await attempt(limiter, { ip: '2001:db8:1:3::1' }, false)).toBe('wrong');
    expect((await limiter.locked({ ip: '2001:db8:1:2:abcd::1' }))?.scope).toBe('ip');
  });

  it('keeps a lock for its whole window, then lifts it', async () => {
    let clock = now.getTime();
    const memory = createMemoryBackend({ now: () => clock });
    const limiter = lookupLimiter(memory.counters, memory.keys, LIMITS);
    const order = { order: '10401', ip: '198.51.100.30' };
    // Two failures early in one window, the third (locking) one late in it.
    await attempt(limiter, order, false, new Date(clock));
    await attempt(limiter, order, false, new Date(clock));
    clock += 3500 * 1000;
    expect(await attempt(limiter, order, false, new Date(clock))).toBe('locked');
    clock += 3000 * 1000;
    const blocked = await limiter.locked(order);
    expect(blocked).toEqual({ scope: 'ip', retryAfterSeconds: 600 });
    expect(await attempt(limiter, order, true, new Date(clock))).toBe('refused');
    clock += 601 * 1000;
    expect(await limiter.locked(order)).toBeUndefined();
    expect(await attempt(limiter, order, true, new Date(clock))).toBe('ok');
  });

  it('counts a wrong guess once when its turn runs again (a conflict re-run, a redelivery after a failed commit)', async () => {
    const limiter = lookupLimiter(redis.counters, redis.keys, { ...LIMITS, order: 2 });
    const guess = { order: '10777', phone: '09120000001' };
    const results = [await attempt(limiter, guess, false, now, 'msg-1'), await attempt(limiter, guess, false, now, 'msg-1'), await attempt(limiter, guess, false, now, 'msg-1')];
    // The owner's right phone on the next message still shows the order.
    results.push(await attempt(limiter, { order: '10777', phone: '09121111111' }, true, now, 'msg-2'));
    expect(results).toEqual(['wrong', 'wrong', 'wrong', 'ok']);
  });

  it('names keys with a hash a phone cannot be recovered from without the configured secret', async () => {
    const prefix = `lim-secret-${randomUUID().slice(0, 8)}:`;
    const client = connectRedis(inject('redisUrl'));
    const backend = createRedisBackend(client, { prefix });
    try {
      const phone = '09123847561';
      const one = lookupLimiter(backend.counters, backend.keys, { ...LIMITS, secret: 's'.repeat(32) });
      await attempt(one, { phone }, false);
      const stored = (await client.keys(`${prefix}lookup:phone:*`)).join('\n');
      // What anyone who reads the prefix could compute for a candidate phone: not what is stored.
      const guessable = createHmac('sha256', `pasokh lookup limits ${prefix}`).update(`phone\n${phone}`).digest('hex').slice(0, 32);
      expect(stored).not.toBe('');
      expect(stored).not.toContain(guessable);
      // Another instance with the same secret counts the same phone.
      const two = lookupLimiter(backend.counters, backend.keys, { ...LIMITS, phone: 2, secret: 's'.repeat(32) });
      expect(await attempt(two, { phone }, false)).toBe('locked');
    } finally {
      await backend.close();
    }
  });
});
