// Order privacy through the widget's API, as an attacker would probe it: guesses from fresh
// sessions, a locked order asked about with the right phone, a second server instance, /forget,
// forged X-Forwarded-For headers, and the answers an unknown and a real order number get.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { Running } from '../../src/server/serve.js';
import { testServer } from '../support/server.js';

const WIDGET_SECRET = 'widget-secret-for-tests-0123456789';
// Sample shop: order 10401 belongs to 09123847561, 10402 to 09376610925.
const LOCKOUT = 'تا یک ساعت';
const running: Running[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

async function start(env: Record<string, string> = {}): Promise<Running> {
  const server = await testServer({ WIDGET_SECRET, ...env });
  running.push(server);
  return server;
}

async function session(server: Running, headers: Record<string, string> = {}, token?: string): Promise<string> {
  const response = await fetch(`${server.url}/api/web/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(token ? { token } : {}),
  });
  return ((await response.json()) as { token: string }).token;
}

interface Sent {
  status: number;
  retryAfter: number | undefined;
  body: { ok?: boolean; error?: string; message?: string; retryAfter?: number };
}

async function say(server: Running, token: string, text: string, headers: Record<string, string> = {}): Promise<Sent> {
  const response = await fetch(`${server.url}/api/web/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ clientMessageId: randomUUID(), text }),
  });
  const retryAfter = response.headers.get('retry-after');
  return { status: response.status, retryAfter: retryAfter === null ? undefined : Number(retryAfter), body: (await response.json()) as Sent['body'] };
}

/** The conversation so far as the widget shows it (the stream's backlog), without ids and times. */
async function transcript(server: Running, token: string, count: number): Promise<Array<{ from: string; text?: string; quickReplies?: unknown }>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 3000);
  const entries: Array<{ from: string; text?: string; quickReplies?: unknown }> = [];
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  try {
    const response = await fetch(`${server.url}/api/web/stream?token=${encodeURIComponent(token)}`, { signal: controller.signal });
    reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    while (entries.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
        const data = /^data: (.+)$/m.exec(buffer.slice(0, cut))?.[1];
        buffer = buffer.slice(cut + 2);
        if (data) {
          const { from, text, quickReplies } = JSON.parse(data) as { from: string; text?: string; quickReplies?: unknown };
          entries.push({ from, text, quickReplies });
        }
      }
    }
  } catch {
    // aborted: what arrived
  } finally {
    clearTimeout(timer);
    await reader?.cancel().catch(() => {});
    controller.abort();
  }
  return entries;
}

const botReplies = async (server: Running, token: string, exchanges: number) =>
  (await transcript(server, token, exchanges * 2)).filter((e) => e.from === 'bot');

/** One guess in a session of its own: an order number that is nobody's and a phone that is nobody's. */
const guess = (server: Running, i: number, headers: Record<string, string> = {}) =>
  session(server, headers).then((token) => say(server, token, `سفارش ${20001 + i} شماره 0912000${String(i).padStart(4, '0')}`, headers));

describe('order lookups are limited across sessions', () => {
  it('stops fresh sessions from one address after a handful of guesses, with 429, Retry-After and the lockout text', async () => {
    const server = await start();
    const results: Sent[] = [];
    for (let i = 0; i < 15; i++) results.push(await guess(server, i));
    const statuses = results.map((r) => r.status);
    // Nine wrong guesses are answered; the tenth locks the address and is told so.
    expect(statuses).toEqual([...Array<number>(9).fill(200), ...Array<number>(6).fill(429)]);
    for (const r of results.slice(9)) {
      expect(r.body.message).toContain(LOCKOUT);
      expect(r.retryAfter).toBeGreaterThan(0);
      expect(r.retryAfter).toBeLessThanOrEqual(3600);
      expect(r.body.retryAfter).toBe(r.retryAfter);
    }

    // The real owner's order with the right phone, from the same address: still locked, nothing shown.
    const token = await session(server);
    const right = await say(server, token, 'سفارش ۱۰۴۰۱ شماره ۰۹۱۲۳۸۴۷۵۶۱');
    expect(right.status).toBe(429);
    const replies = await botReplies(server, token, 1);
    expect(replies.map((r) => r.text).join('\n')).toContain(LOCKOUT);
    expect(replies.map((r) => r.text).join('\n')).not.toContain('تحویل داده شده');

    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^pasokh_order_lookup_failures_total(\{[^}]*\})? 10$/m);
    expect(metrics).toMatch(/^pasokh_order_lookup_blocked_total\{scope="ip"\} 6$/m);
    expect(metrics).not.toContain('0912000');
    expect(metrics).not.toContain('127.0.0.1');
  });

  it('lets no more than the limit through when the guesses arrive all at once', async () => {
    const server = await start();
    const tokens = await Promise.all(Array.from({ length: 30 }, () => session(server)));
    const results = await Promise.all(tokens.map((token, i) => say(server, token, `سفارش ${30001 + i} شماره 0935000${String(i).padStart(4, '0')}`)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(9);
    expect(results.filter((r) => r.status === 429)).toHaveLength(21);
  });

  it('keeps a locked order locked for everyone: the right phone, a fresh session, another instance', async () => {
    const prefix = `t-${randomUUID().slice(0, 8)}:`;
    const one = await start({ REDIS_PREFIX: prefix });
    const two = await start({ REDIS_PREFIX: prefix });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const token = await session(one);
      statuses.push((await say(one, token, `سفارش ۱۰۴۰۲ شماره 0912111000${i}`)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429]);

    const token = await session(two);
    const right = await say(two, token, 'سفارش ۱۰۴۰۲ شماره ۰۹۳۷۶۶۱۰۹۲۵');
    expect(right.status).toBe(429);
    expect(right.body.message).toContain(LOCKOUT);
    const text = (await botReplies(two, token, 1)).map((r) => r.text).join('\n');
    expect(text).toContain(LOCKOUT);
    expect(text).not.toContain('سفارش ۱۰۴۰۲:');

    // Only that order is locked: another customer's order still opens for its owner.
    const other = await session(two);
    expect((await say(two, other, 'سفارش ۱۰۴۰۱ شماره ۰۹۱۲۳۸۴۷۵۶۱')).status).toBe(200);
    expect((await botReplies(two, other, 1)).map((r) => r.text).join('\n')).toContain('تحویل داده شده');
  });

  it('does not let one right proof open every other order number for free', async () => {
    const server = await start();
    const token = await session(server);
    expect((await say(server, token, 'سفارش ۱۰۴۰۱ شماره ۰۹۱۲۳۸۴۷۵۶۱')).status).toBe(200);
    // Other order numbers in the same conversation, the proved phone standing in as the proof.
    const statuses: number[] = [];
    for (let id = 10402; id <= 10412; id++) statuses.push((await say(server, token, `سفارش ${id}`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429, 429, 429, 429, 429, 429]);
  });

  it('does not forget the failures on /forget', async () => {
    const server = await start();
    const token = await session(server);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await say(server, token, `سفارش ${40001 + i} شماره 0912222000${i}`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    expect((await say(server, token, '/forget')).status).toBe(200);

    // The same visitor, after /forget, with a real order and its right phone.
    const again = await session(server, {}, token);
    const right = await say(server, again, 'سفارش ۱۰۴۰۱ شماره ۰۹۱۲۳۸۴۷۵۶۱');
    expect(right.status).toBe(429);
    expect(right.body.message).toContain(LOCKOUT);
  });

  it('names nobody in its Redis keys, and every key it writes expires', async () => {
    const prefix = `t-${randomUUID().slice(0, 8)}:`;
    const server = await start({ REDIS_PREFIX: prefix });
    const token = await session(server);
    await say(server, token, 'سفارش ۱۰۴۰۱ شماره 09120000001');
    for (let i = 0; i < 5; i++) await guess(server, i);
    const redis = new Redis(inject('redisUrl'));
    try {
      const keys = await redis.keys(`${prefix}lookup:*`);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        // Digests are random hex and may hold «0912» by chance; what must not show is a value in the clear.
        const clear = key.replace(/[0-9a-f]{32,}/g, '#');
        expect(clear).not.toMatch(/10401|2000\d|0912|127\.0\.0\.1|web:/);
        expect(await redis.ttl(key), key).toBeGreaterThan(0);
      }
    } finally {
      redis.disconnect();
    }
  });
});

describe('the client address behind a proxy', () => {
  const forwarded = (i: number) => ({ 'x-forwarded-for': `203.0.113.${i + 1}` });

  it('ignores X-Forwarded-For without TRUST_PROXY: forged addresses are still one client', async () => {
    const server = await start();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await guess(server, i, forwarded(i))).status);
    expect(statuses.filter((s) => s === 429).length).toBe(3);
  });

  it.each(['127.0.0.1', '1'])('honours X-Forwarded-For from a trusted proxy (TRUST_PROXY=%s): each client has a limit of its own', async (trust) => {
    const server = await start({ TRUST_PROXY: trust });
    const spread: number[] = [];
    for (let i = 0; i < 12; i++) spread.push((await guess(server, i, forwarded(i))).status);
    expect(spread.every((s) => s === 200)).toBe(true);
    // One client behind the proxy is still limited.
    const one: number[] = [];
    for (let i = 20; i < 32; i++) one.push((await guess(server, i, { 'x-forwarded-for': '198.51.100.7' })).status);
    expect(one.filter((s) => s === 429).length).toBe(3);
  });
});

describe('no order numbers can be listed', () => {
  it('answers an unknown and a real order number the same way until the phone matches', async () => {
    const server = await start();
    const real = await session(server);
    const unknown = await session(server);
    for (const text of ['سفارش ۱۰۴۰۱ کجاست؟', '09120000000']) {
      await say(server, real, text);
      await say(server, unknown, text.replace('۱۰۴۰۱', '۹۸۷۶۵'));
    }
    const a = await botReplies(server, real, 2);
    const b = await botReplies(server, unknown, 2);
    expect(a).toHaveLength(2);
    expect(b).toEqual(a);
    expect(a[0]?.text).toContain('شماره‌ی موبایلی');
    expect(a[1]?.text).not.toContain('تحویل');

    // Order number and phone in one message: the same answer for a wrong phone and a made-up order.
    const wrongPhone = await session(server);
    const madeUp = await session(server);
    await say(server, wrongPhone, 'سفارش ۱۰۴۰۱ شماره ۰۹۱۲۰۰۰۰۰۰۲');
    await say(server, madeUp, 'سفارش ۹۸۷۶۵ شماره ۰۹۱۲۰۰۰۰۰۰۲');
    expect(await botReplies(server, madeUp, 1)).toEqual(await botReplies(server, wrongPhone, 1));
  });
});
