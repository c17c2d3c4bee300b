// The channel contract, the same scenarios against every channel of the table (compose/channels.ts)
// over real HTTP: Telegram and Bale through their webhooks with Bot API stand-ins taking the
// replies, the web widget through its API and stream; state in the test redis-server. A channel
// added to the table without a driver here fails the first test of its block.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../compose/channels.js';
import { startServer, type Running } from '../../compose/serve.js';
import { hashPassword } from '../../src/handoff/index.js';
import { startBotApiStandIn, type BotApiStandIn } from '../support/bot-api-stand-in.js';
import { testConfig } from '../support/server.js';
import { textUpdate } from '../support/telegram-updates.js';
import { waitFor } from '../support/wait.js';
import { openSession, openStream, sendMessage, type WidgetStream } from '../support/widget-client.js';

const SECRETS = { telegram: 'contract-secret_tg', bale: 'contract-secret_bale' } as const;
const WAIT_MS = 15_000;

/** A customer of one channel, as the channel's own client would be. */
interface Customer {
  /** The engine's id of their conversation, as the agent console names it. */
  readonly conversationId: string;
  /** Sends a message; resolves with the HTTP status and a way to deliver the same inbound again. */
  say(text: string): Promise<{ status: number; again(): Promise<number> }>;
  /** Every text the customer has received (the bot's and agents'), in order. */
  received(): string[];
  /** Requests that get something wrong (the secret, the body's shape); each must be refused with a 4xx. */
  badRequests(): Array<Promise<number>>;
  close(): void;
}

interface Driver {
  customer(): Promise<Customer>;
}

let server: Running;
const standIns: Partial<Record<'telegram' | 'bale', BotApiStandIn>> = {};
let nextUser = 880_000;

function botApiDriver(channel: 'telegram' | 'bale'): Driver {
  return {
    async customer() {
      const api = standIns[channel]!;
      const from = { id: nextUser++, is_bot: false, first_name: 'نگار', last_name: 'احمدی', language_code: 'fa' };
      const post = (body: string, secret: string = SECRETS[channel]) =>
        fetch(`${server.url}/${channel}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret }, body }).then((r) => r.status);
      return {
        conversationId: `${channel}:${from.id}`,
        async say(text) {
          const body = JSON.stringify(textUpdate(text, { from }));
          return { status: await post(body), again: () => post(body) };
        },
        received: () =>
          api.calls
            .filter((c) => (c.method === 'sendMessage' || c.method === 'sendPhoto') && !c.failed && c.params.chat_id === from.id)
            .map((c) => String(c.params.text ?? c.params.caption ?? '')),
        badRequests: () => {
          const update = textUpdate('سلام', { from });
          return [
            post(JSON.stringify(update), 'not-the-secret'),
            post('{"update_id": 1, "message": '),
            post(JSON.stringify({ ...update, message: { ...update.message, text: 12345 } })),
            post('[1, 2]'),
          ];
        },
        close: () => {},
      };
    },
  };
}

const webDriver: Driver = {
  async customer() {
    const session = await openSession(server.url);
    const stream: WidgetStream = await openStream(server.url, session.token);
    const bearer = { 'content-type': 'application/json', authorization: `Bearer ${session.token}` };
    const post = (body: unknown, headers: Record<string, string> = bearer) =>
      fetch(`${server.url}/api/web/messages`, { method: 'POST', headers, body: JSON.stringify(body) }).then((r) => r.status);
    return {
      conversationId: `web:${session.visitorId}`,
      async say(text) {
        const id = randomUUID();
        const first = await sendMessage(server.url, session.token, id, text);
        return { status: first.status, again: async () => (await sendMessage(server.url, session.token, id, text)).status };
      },
      received: () => stream.entries.filter((e) => e.from !== 'customer' && e.text).map((e) => e.text!),
      badRequests: () => [
        post({ clientMessageId: randomUUID(), text: 'سلام' }, { 'content-type': 'application/json' }),
        post({ clientMessageId: 'short', text: 'سلام' }),
        post({ clientMessageId: randomUUID(), text: 'س'.repeat(5000) }),
        post({ clientMessageId: randomUUID(), text: '   ' }),
        post({ clientMessageId: randomUUID(), text: 'سلام', value: { nested: { deep: 1 } } }),
      ],
      close: () => stream.close(),
    };
  },
};

const DRIVERS: Record<string, Driver> = { telegram: botApiDriver('telegram'), bale: botApiDriver('bale'), web: webDriver };

async function until(customer: Customer, what: string, check: (texts: string[]) => boolean): Promise<void> {
  await waitFor(what, () => check(customer.received()), WAIT_MS).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}; received: ${customer.received().map((t) => t.slice(0, 50)).join(' | ') || 'nothing'}`);
  });
}

/** The console's API as one agent uses it. */
async function agent(): Promise<{ post(path: string, body?: object): Promise<number>; queued(): Promise<string[]> }> {
  const login = await fetch(`${server.url}/agent/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'maryam', password: 's3cret-m' }) });
  expect(login.status).toBe(200);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { csrf } = (await login.json()) as { csrf: string };
  return {
    post: (path, body = {}) =>
      fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf }, body: JSON.stringify(body) }).then((r) => r.status),
    queued: async () => {
      const list = (await (await fetch(`${server.url}/agent/api/conversations?view=queued`, { headers: { cookie } })).json()) as { conversations: Array<{ id: string }> };
      return list.conversations.map((c) => c.id);
    },
  };
}

const PRICE = '۱٬۵۹۰٬۰۰۰';

beforeAll(async () => {
  standIns.telegram = await startBotApiStandIn({ token: '111111:TELEGRAM-TOKEN' });
  standIns.bale = await startBotApiStandIn({ token: '222222:BALE-TOKEN', botUsername: 'pasokh_bale_bot' });
  server = await startServer(
    testConfig({
      AGENTS: `maryam:${hashPassword('s3cret-m')}`,
      TELEGRAM_BOT_TOKEN: '111111:TELEGRAM-TOKEN',
      TELEGRAM_API_ROOT: standIns.telegram.url,
      TELEGRAM_WEBHOOK_SECRET: SECRETS.telegram,
      BALE_BOT_TOKEN: '222222:BALE-TOKEN',
      BALE_API_ROOT: standIns.bale.url,
      BALE_WEBHOOK_SECRET: SECRETS.bale,
    }),
  );
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await standIns.telegram?.close();
  await standIns.bale?.close();
});

describe.each(Object.values(CHANNELS).map((c) => [c.name, c] as const))('channel %s', (name, channel) => {
  const customers: Customer[] = [];
  const customer = async () => {
    const c = await DRIVERS[name]!.customer();
    customers.push(c);
    return c;
  };
  afterAll(() => customers.forEach((c) => c.close()));

  it('has a driver in this test, and every route it declares is mounted', async () => {
    expect(DRIVERS[name], `add a driver for the "${name}" channel to test/channels/contract.test.ts`).toBeDefined();
    for (const route of channel.routes) {
      const response = await fetch(`${server.url}${route.path.replace(/:\w+/g, 'x')}`, { method: route.method, headers: { 'content-type': 'application/json' }, body: route.method === 'POST' ? '{}' : undefined });
      expect(response.status, `${route.method} ${route.path}`).not.toBe(404);
      await response.body?.cancel();
    }
  });

  it('answers a question', async () => {
    const c = await customer();
    expect((await c.say('قیمت مانتو کتان چنده؟')).status).toBe(200);
    await until(c, 'the price', (texts) => texts.some((t) => t.includes(PRICE)));
  });

  it('answers a redelivered message once', async () => {
    const c = await customer();
    const sent = await c.say('قیمت مانتو کتان چنده؟');
    await until(c, 'the price', (texts) => texts.some((t) => t.includes(PRICE)));
    const answered = c.received().length;
    expect(await sent.again()).toBe(200);
    // A message after the redelivery: its answer comes next, with no second price before it.
    expect((await c.say('هزینه ارسال به اصفهان چنده؟')).status).toBe(200);
    await until(c, 'the shipping answer', (texts) => texts.length > answered);
    expect(c.received()[answered]).not.toContain(PRICE);
    expect(c.received().filter((t) => t.includes(PRICE))).toHaveLength(1);
  });

  it('hands the chat to an agent and back to the bot', async () => {
    const c = await customer();
    expect((await c.say('میخوام با یه آدم واقعی حرف بزنم')).status).toBe(200);
    await until(c, 'the handoff answer', (texts) => texts.length > 0);
    const maryam = await agent();
    await waitFor('the chat in the queue', async () => (await maryam.queued()).includes(c.conversationId), WAIT_MS);
    const path = `/agent/api/conversations/${encodeURIComponent(c.conversationId)}`;
    expect(await maryam.post(`${path}/claim`)).toBe(200);
    expect(await maryam.post(`${path}/reply`, { text: 'سلام، مریم هستم؛ در خدمتم.' })).toBe(200);
    await until(c, "the agent's reply", (texts) => texts.some((t) => t.includes('مریم هستم')));
    expect(await maryam.post(`${path}/close`)).toBe(200);
    const before = c.received().length;
    expect((await c.say('قیمت مانتو کتان چنده؟')).status).toBe(200);
    await until(c, "the bot's answer after the handoff", (texts) => texts.slice(before).some((t) => t.includes(PRICE)));
  });

  it('refuses bad input with a 4xx and writes nothing', async () => {
    const c = await customer();
    for (const status of await Promise.all(c.badRequests())) {
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
    }
    // The first thing this customer hears is the answer to their first good message.
    expect((await c.say('قیمت مانتو کتان چنده؟')).status).toBe(200);
    await until(c, 'the price', (texts) => texts.length > 0);
    expect(c.received()[0]).toContain(PRICE);
  });
});
