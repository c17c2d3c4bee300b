// Messages of one conversation sent 10–30 ms apart to two pasokh instances (child processes on one
// real Redis) are handled in the order they were sent, also when they have to wait for the
// conversation: the widget's order lookup (order number, then phone) succeeds in every one.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectRedis, createRedisBackend } from '../../src/state/index.js';
import { startPasokhProcess, type PasokhProcess } from '../support/pasokh-process.js';

const PREFIX = `order-${randomUUID().slice(0, 6)}:`;
let one: PasokhProcess;
let two: PasokhProcess;

beforeAll(async () => {
  // Each visitor has an address of its own (through the trusted proxy): the order lookups' limits
  // per client address are not what this test is about.
  const env = { REDIS_URL: inject('redisUrl'), REDIS_PREFIX: PREFIX, WIDGET_SECRET: 'w'.repeat(32), TRUST_PROXY: '127.0.0.1' };
  [one, two] = await Promise.all([startPasokhProcess('one', env), startPasokhProcess('two', env)]);
});
afterAll(async () => {
  await Promise.all([one?.stop(), two?.stop()]);
});

type Server = { url: string };

/** Delivered orders of the sample shop and their phones: each is looked up by two conversations. */
const DELIVERED = [
  ['10401', '09123847561'],
  ['10402', '09376610925'],
  ['10403', '09351672048'],
  ['10406', '09196354712'],
  ['10408', '09128843370'],
  ['10411', '09195520473'],
  ['10414', '09014736628'],
  ['10416', '09012298437'],
  ['10417', '09355061492'],
  ['10418', '09196354712'],
] as const;

describe('one conversation, messages 10–30 ms apart on two instances', () => {
  it('processes them in arrival order: order verification succeeds in all of 20 conversations', async () => {
    const session = async (server: Server) => (await (await fetch(`${server.url}/api/web/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { token: string; visitorId: string };
    const send = (server: Server, token: string, text: string, ip: string) =>
      fetch(`${server.url}/api/web/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-forwarded-for': ip },
        body: JSON.stringify({ clientMessageId: randomUUID(), text }),
      });
    const gap = () => new Promise((r) => setTimeout(r, 10 + Math.floor(Math.random() * 21)));
    const visitors = await Promise.all(Array.from({ length: 20 }, (_, i) => session(i % 2 ? two : one)));
    const state = createRedisBackend(connectRedis(inject('redisUrl')), { prefix: PREFIX });
    try {
      // Each conversation is busy (a third instance holds its lock) while its three messages arrive,
      // so all three wait in line: the lock decides their order, not who happens to poll first. On
      // a loaded machine a message can reach its instance in time and still take its ticket after
      // the next one: the lock promises the order of tickets, so each message is sent once the
      // previous one is in line (its ticket in the lock's hash), then 10–30 ms later.
      const probe = new Redis(inject('redisUrl'));
      const inLine = async (visitorId: string, n: number) => {
        for (let i = 0; i < 500; i++) {
          const tickets = (await probe.hkeys(state.keys.lock(`web:${visitorId}`))).filter((f) => /^\d+$/.test(f));
          if (tickets.length >= n) return;
          await new Promise((r) => setTimeout(r, 10));
        }
        throw new Error(`message ${n - 1} of ${visitorId} never queued`);
      };
      const busy = await Promise.all(visitors.map(({ visitorId }) => state.locks.acquire(state.keys.lock(`web:${visitorId}`))));
      const pending = await Promise.all(
        visitors.map(async ({ token, visitorId }, i) => {
          const [first, second] = i % 2 ? [two, one] : [one, two];
          const [order, phone] = DELIVERED[i % DELIVERED.length]!;
          const ip = `203.0.113.${i + 1}`;
          const sent = [send(first, token, 'سلام', ip)];
          await inLine(visitorId, 2);
          await gap();
          sent.push(send(second, token, `سفارش ${order} کجاست؟`, ip));
          await inLine(visitorId, 3);
          await gap();
          sent.push(send(first, token, phone, ip));
          await inLine(visitorId, 4);
          return sent;
        }),
      ).finally(() => probe.disconnect());
      await Promise.all(busy.map((lease) => lease.release()));
      const responses = await Promise.all(pending.flat());
      expect(responses.map((r) => r.status)).toEqual(Array(60).fill(200));
      const verified = await Promise.all(
        visitors.map(async ({ visitorId }) => {
          const history = (await state.history.read(`web:${visitorId}`, { count: 50 })).map((e) => JSON.parse(e.data) as { from: string; text?: string });
          return history.some((e) => e.from === 'bot' && e.text?.includes('تحویل داده شده'));
        }),
      );
      expect(verified.filter(Boolean)).toHaveLength(20);
    } finally {
      await state.close();
    }
  });
});
