// Exactly once over real HTTP: two pasokh servers on one real Redis (two instances), Telegram
// updates posted to their webhooks as Telegram posts them (duplicates at the same moment, split
// over both), replies counted at the Bot API stand-in.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Running } from '../../src/server/serve.js';
import { connectRedis, createRedisBackend } from '../../src/state/index.js';
import { startBotApiStandIn, type BotApiStandIn } from '../support/bot-api-stand-in.js';
import { testServer } from '../support/server.js';
import { textUpdate } from '../support/telegram-updates.js';

const SECRET = 'once-secret_42';
const PREFIX = `once-${randomUUID().slice(0, 6)}:`;
let api: BotApiStandIn;
let one: Running;
let two: Running;

beforeAll(async () => {
  api = await startBotApiStandIn();
  const env = { REDIS_PREFIX: PREFIX, TELEGRAM_BOT_TOKEN: '123456:TEST-TOKEN', TELEGRAM_API_ROOT: api.url, TELEGRAM_WEBHOOK_SECRET: SECRET, WIDGET_SECRET: 'w'.repeat(32) };
  [one, two] = await Promise.all([testServer(env), testServer(env)]);
});
afterAll(async () => {
  await Promise.all([one?.stop(), two?.stop()]);
  await api?.close();
});
afterEach(() => api.reset());

const post = (server: Running, update: unknown) =>
  fetch(`${server.url}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify(update),
  });

/** Answered replies (the Bot API said 200) per chat. */
function repliesByChat(): Map<number, number> {
  const counts = new Map<number, number>();
  for (const call of api.calls) {
    if (!['sendMessage', 'sendPhoto'].includes(call.method) || call.status !== 200) continue;
    const chat = Number(call.params.chat_id);
    counts.set(chat, (counts.get(chat) ?? 0) + 1);
  }
  return counts;
}

/** Posts until a 2xx (Telegram redelivers what got a 503), a bounded number of times. */
async function deliverUntilAccepted(server: Running, update: unknown): Promise<number> {
  let status = 0;
  for (let attempt = 0; attempt < 20 && (status < 200 || status >= 300); attempt++) {
    if (attempt) await new Promise((r) => setTimeout(r, 200));
    status = (await post(server, update)).status;
  }
  return status;
}

const customer = (id: number) => ({ id, is_bot: false, first_name: 'سارا', last_name: 'محمدی', language_code: 'fa' });

describe('simultaneous duplicate deliveries', () => {
  it.each([
    ['one instance', () => [one, one]],
    ['two instances', () => [one, two]],
  ])('answers each update exactly once, with nothing lost (%s)', async (_name, servers) => {
    const [a, b] = servers();
    // Ten customers; each update delivered six times at the same moment, split over the servers.
    const updates = Array.from({ length: 10 }, (_, i) => textUpdate('هزینه ارسال چقدره؟', { from: customer(910000 + i) }));
    const statuses = await Promise.all(updates.flatMap((u) => Array.from({ length: 6 }, (_, k) => deliverUntilAccepted(k % 2 ? b! : a!, u))));
    expect(statuses.every((s) => s === 200)).toBe(true);
    const counts = repliesByChat();
    for (let i = 0; i < 10; i++) expect(counts.get(910000 + i), `customer ${i}`).toBe(1);
  });
});

describe('the widget on the same runner', () => {
  it('records a message resent at the same moment to both instances once', async () => {
    const { token, visitorId } = (await (await fetch(`${one.url}/api/web/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { token: string; visitorId: string };
    const body = JSON.stringify({ clientMessageId: randomUUID(), text: 'هزینه ارسال چقدره؟' });
    const responses = await Promise.all(
      [one, two, one, two].map((server) =>
        fetch(`${server.url}/api/web/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body }).then(async (r) => ({ status: r.status, body: (await r.json()) as { duplicate: boolean } })),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(responses.filter((r) => !r.body.duplicate)).toHaveLength(1);
    const state = createRedisBackend(connectRedis(inject('redisUrl')), { prefix: PREFIX });
    try {
      const history = (await state.history.read(`web:${visitorId}`)).map((e) => JSON.parse(e.data) as { from: string });
      expect(history.map((e) => e.from)).toEqual(['customer', 'bot']);
    } finally {
      await state.close();
    }
  });
});

describe('a conversation whose lock a dead process held', () => {
  it('is taken over and answered, not refused', async () => {
    const chat = 920001;
    // Another instance took the conversation's lock and died: no release, no more renewals.
    const dead = createRedisBackend(connectRedis(inject('redisUrl')), { prefix: PREFIX });
    await dead.locks.acquire(dead.keys.lock(`telegram:${chat}`));
    await dead.close();
    const response = await post(one, textUpdate('سلام', { from: customer(chat) }));
    expect(response.status).toBe(200);
    expect(repliesByChat().get(chat)).toBe(1);
  });
});

describe('a conversation busy for longer than a turn may wait', () => {
  it('answers 503 with Retry-After, not 500, and the redelivery is answered once', async () => {
    const chat = 920002;
    // A live holder (another instance, stuck on something slow) keeps the conversation.
    const other = createRedisBackend(connectRedis(inject('redisUrl')), { prefix: PREFIX });
    try {
      const lease = await other.locks.acquire(other.keys.lock(`telegram:${chat}`));
      const update = textUpdate('سلام', { from: customer(chat) });
      const response = await post(one, update);
      expect(response.status).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      await lease.release();
      expect(await deliverUntilAccepted(two, update)).toBe(200);
      expect(repliesByChat().get(chat)).toBe(1);
    } finally {
      await other.close();
    }
  });
});

describe('while Redis is down', () => {
  it('answers the webhook and the widget 503 with Retry-After, and serves again once it is back', async () => {
    const { startRedisServer } = await import('../support/redis-server.js');
    const own = await startRedisServer();
    const server = await testServer({ REDIS_URL: own.url, TELEGRAM_BOT_TOKEN: '123456:TEST-TOKEN', TELEGRAM_API_ROOT: api.url, TELEGRAM_WEBHOOK_SECRET: SECRET });
    try {
      const { token } = (await (await fetch(`${server.url}/api/web/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { token: string };
      await own.stop();
      const update = textUpdate('سلام', { from: customer(940001) });
      const webhook = await post(server, update);
      expect(webhook.status).toBe(503);
      expect(Number(webhook.headers.get('retry-after'))).toBeGreaterThan(0);
      const widget = await fetch(`${server.url}/api/web/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ clientMessageId: randomUUID(), text: 'سلام' }),
      });
      expect(widget.status).toBe(503);
      expect(widget.headers.get('retry-after')).toBeTruthy();
      expect(repliesByChat().get(940001)).toBeUndefined();
      await own.start();
      expect(await deliverUntilAccepted(server, update)).toBe(200);
      expect(repliesByChat().get(940001)).toBe(1);
    } finally {
      await server.stop();
      await own.stop();
    }
  });
});
