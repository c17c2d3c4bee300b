// Two `pasokh serve` processes on a real 3-master Redis Cluster (REDIS_CLUSTER_NODES): one
// conversation's messages, sent to both instances, are handled in the order they queued (the order
// lookup succeeds in every conversation), conversations spread over the masters; and a customer
// streaming from one instance hears, live, an agent who answers from the other (pub/sub across
// nodes), after which /forget leaves no key naming them on any master; an instance killed mid-turn
// has its Telegram update answered once by the other.
import { randomUUID } from 'node:crypto';
import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/handoff/index.js';
import { createRedisBackend, openRedis, scanKeys, type RedisClient, type StateBackend } from '../../src/state/index.js';
import { conversationPath, dumpKeys, naming, signIn, webCustomer } from '../handoff/support.js';
import { startBotApiStandIn, type BotApiStandIn } from '../support/bot-api-stand-in.js';
import { startPasokhProcess, type PasokhProcess } from '../support/pasokh-process.js';
import { startRedisCluster, type RedisCluster } from '../support/redis-cluster.js';
import { readSseEntries } from '../support/sse.js';
import { textUpdate } from '../support/telegram-updates.js';
import { waitFor } from '../support/wait.js';

const PREFIX = `cl-${randomUUID().slice(0, 6)}:`;
const SECRET = 'cluster-secret_42';
let cluster: RedisCluster;
let client: RedisClient;
let state: StateBackend;
let api: BotApiStandIn;
let one: PasokhProcess;
let two: PasokhProcess;
const cleanup: Array<() => Promise<void>> = [];

beforeAll(async () => {
  [cluster, api] = await Promise.all([startRedisCluster(3), startBotApiStandIn()]);
  const env = {
    TELEGRAM_BOT_TOKEN: '123456:TEST-TOKEN',
    TELEGRAM_API_ROOT: api.url,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    REDIS_CLUSTER_NODES: cluster.env,
    REDIS_PREFIX: PREFIX,
    WIDGET_SECRET: 'w'.repeat(32),
    AGENT_SECRET: 'a'.repeat(32),
    AGENTS: `maryam:${hashPassword('s3cret-m')}`,
    TRUST_PROXY: '127.0.0.1',
  };
  [one, two] = await Promise.all([startPasokhProcess('one', env, { cleanup }), startPasokhProcess('two', env, { cleanup })]);
  client = openRedis({ kind: 'cluster', nodes: cluster.nodes });
  state = createRedisBackend(client, { prefix: PREFIX });
}, 120_000);
afterAll(async () => {
  await Promise.all(cleanup.map((stop) => stop()));
  await state?.close();
  await Promise.all([cluster?.stop(), api?.close()]);
});

const DELIVERED = [
  ['10401', '09123847561'],
  ['10402', '09376610925'],
  ['10403', '09351672048'],
  ['10406', '09196354712'],
  ['10408', '09128843370'],
  ['10411', '09195520473'],
] as const;

type Server = { url: string };

describe('two instances on a Redis Cluster', () => {
  it('handles one conversation in arrival order across instances: every order lookup succeeds', async () => {
    const session = async (server: Server) => (await (await fetch(`${server.url}/api/web/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { token: string; visitorId: string };
    const send = (server: Server, token: string, text: string, ip: string) =>
      fetch(`${server.url}/api/web/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-forwarded-for': ip },
        body: JSON.stringify({ clientMessageId: randomUUID(), text }),
      });
    const visitors = await Promise.all(Array.from({ length: 12 }, (_, i) => session(i % 2 ? two : one)));
    // As in test/runner/order.test.ts: each conversation is busy (this test holds its lock) while its
    // three messages queue, each sent once the one before has its ticket, alternating instances.
    const inLine = async (visitorId: string, n: number) => {
      for (let i = 0; i < 500; i++) {
        const tickets = (await client.hkeys(state.keys.lock(`web:${visitorId}`))).filter((f) => /^\d+$/.test(f));
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
        sent.push(send(second, token, `سفارش ${order} کجاست؟`, ip));
        await inLine(visitorId, 3);
        sent.push(send(first, token, phone, ip));
        await inLine(visitorId, 4);
        return sent;
      }),
    );
    await Promise.all(busy.map((lease) => lease.release()));
    const responses = await Promise.all(pending.flat());
    expect(responses.map((r) => r.status)).toEqual(Array(36).fill(200));
    const verified = await Promise.all(
      visitors.map(async ({ visitorId }) => {
        const history = (await state.history.read(`web:${visitorId}`, { count: 50 })).map((e) => JSON.parse(e.data) as { from: string; text?: string });
        return history.some((e) => e.from === 'bot' && e.text?.includes('تحویل داده شده'));
      }),
    );
    expect(verified.filter(Boolean)).toHaveLength(12);

    // The conversations live on more than one master: the cluster, not one node, holds them.
    const perMaster = await Promise.all(
      (client as Cluster).nodes('master').map(async (node) => (await scanKeys(node, `${PREFIX}conv:*`)).length),
    );
    expect(perMaster.filter((n) => n > 0).length).toBeGreaterThan(1);
  });

  it('hears announcements committed on every master on one subscriber (pub/sub across nodes)', async () => {
    const prefix = `bus-${randomUUID().slice(0, 6)}:`;
    const publisher = createRedisBackend(openRedis({ kind: 'cluster', nodes: cluster.nodes }), { prefix });
    const listener = createRedisBackend(openRedis({ kind: 'cluster', nodes: cluster.nodes }), { prefix });
    try {
      const heard = new Set<string>();
      listener.bus.subscribe('conversation', (id) => heard.add(id));
      // The subscription is live once a plain publish comes through.
      await waitFor('the subscription is live', async () => (await publisher.bus.publish('conversation', 'ping'), heard.has('ping')), 10_000, 100);
      const ids = Array.from({ length: 12 }, (_, i) => `web:bus-${i}`);
      for (const id of ids) {
        const { lease } = await publisher.turns.begin(id);
        await publisher.turns.commit(id, {}, ['{}'], { lease, announce: 'conversation' });
      }
      await waitFor('every announcement arrived', () => ids.every((id) => heard.has(id)), 10_000);
      // The commits ran on every master, so most announcements crossed nodes to reach the subscriber.
      const perMaster = await Promise.all((client as Cluster).nodes('master').map(async (node) => (await scanKeys(node, `${prefix}conv:*`)).length));
      expect(perMaster.every((n) => n > 0)).toBe(true);
    } finally {
      await Promise.all([publisher.close(), listener.close()]);
    }
  });

  it('relays an agent on instance two to a customer streaming from instance one, live; /forget then clears every master', async () => {
    const customer = await webCustomer(one.url, { name: 'نگار صدری', phone: '09127654321' });
    expect((await customer.say('لطفاً وصلم کنید به پشتیبان')).status).toBe(200);

    const controller = new AbortController();
    const stream = await fetch(`${one.url}/api/web/stream?token=${encodeURIComponent(customer.token)}`, { signal: controller.signal });
    expect(stream.status).toBe(200);
    const entries: string[] = [];
    const heard = new Promise<void>((resolve) => {
      void readSseEntries(stream.body!, (data) => {
        entries.push(data);
        if (data.includes('از نمونه‌ی دوم')) resolve();
      }).catch(() => {});
    });

    const maryam = await signIn(two.url, 'maryam', 's3cret-m');
    expect(await maryam.list('queued')).toContain(customer.conversation);
    expect((await maryam.post(conversationPath(customer.conversation, 'claim'))).status).toBe(200);
    expect((await maryam.post(conversationPath(customer.conversation, 'reply'), { text: 'سلام، از نمونه‌ی دوم جواب می‌دهم' })).status).toBe(200);
    await Promise.race([heard, new Promise((r) => setTimeout(r, 10_000))]);
    controller.abort();
    expect(entries.join('\n')).toContain('"from":"agent"');
    expect(entries.join('\n')).toContain('از نمونه‌ی دوم');

    const needles = [customer.visitorId, 'نگار', 'صدری', '9127654321'];
    expect(naming(await dumpKeys(client, PREFIX), needles).length).toBeGreaterThan(2);
    expect((await customer.say('/forget')).status).toBe(200);
    expect(naming(await dumpKeys(client, PREFIX), needles)).toEqual([]);
    expect(await maryam.list('mine')).not.toContain(customer.conversation);
  });

  // Last: it kills instance one.
  it('takes over the Telegram update of an instance killed mid-turn: the redelivery to the other answers once', async () => {
    const post = (server: PasokhProcess, update: unknown) =>
      fetch(`${server.url}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(update) });
    const chat = 940001;
    const update = textUpdate('روش‌های پرداخت چیه؟', { from: { id: chat, is_bot: false, first_name: 'سارا', last_name: 'محمدی', language_code: 'fa' } });
    api.failNext('sendMessage', 'hang');
    void post(one, update).catch(() => {});
    await api.waitForCall('sendMessage', (c) => Number(c.params.chat_id) === chat, 15_000);
    await one.kill();

    let status = 0;
    for (let attempt = 0; attempt < 10 && status !== 200; attempt++) {
      if (attempt) await new Promise((r) => setTimeout(r, 500));
      status = (await post(two, update)).status;
    }
    expect(status).toBe(200);
    const answered = () => api.calls.filter((c) => c.method === 'sendMessage' && c.status === 200 && Number(c.params.chat_id) === chat);
    expect(answered()).toHaveLength(1);
    expect(String(answered()[0]?.params.text)).toContain('کارت به کارت');
    expect((await post(two, update)).status).toBe(200);
    expect(answered()).toHaveLength(1);
  });
});
