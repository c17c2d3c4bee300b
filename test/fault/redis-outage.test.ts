// Redis killed (SIGKILL) in the middle of conversations and started again from its append-only
// file, while pasokh keeps running. A widget visitor and two Telegram customers (webhook mode, one
// of them waiting for a person) are talking when Redis dies. What they must notice: during the
// outage the webhook and the widget's API answer 503 with Retry-After, so Telegram and the widget
// send again; afterwards every message is answered exactly once, the earlier conversation is still
// there, the queued chat is still in the agents' queue, and everything carries on — without a
// restart of pasokh.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { hashPassword } from '../../src/handoff/index.js';
import { startServer, type Running } from '../../compose/serve.js';
import { startBotApiStandIn, type BotApiStandIn, type Call } from '../support/bot-api-stand-in.js';
import { startDurableRedis, type DurableRedis } from '../support/redis-aof.js';
import { textUpdate, CUSTOMER } from '../support/telegram-updates.js';
import { waitFor } from '../support/wait.js';
import { openSession, openStream, sendMessage, type WidgetEntry, type WidgetStream } from '../support/widget-client.js';

const WEBHOOK_SECRET = 'fault-webhook-secret_42';
const AGENT = { username: 'maryam', password: 'fault-s3cret-m' };
/** A customer who keeps asking the bot, and one who asked for a person. */
const ASKER = { ...CUSTOMER, id: 901001, first_name: 'سارا' };
const WAITER = { ...CUSTOMER, id: 901002, first_name: 'نگار' };
const PRICE = '۱٬۵۹۰٬۰۰۰';

let redis: DurableRedis | undefined;
let api: BotApiStandIn | undefined;
let server: Running | undefined;
const streams: WidgetStream[] = [];

beforeAll(async () => {
  redis = await startDurableRedis();
  api = await startBotApiStandIn();
  server = await startServer(
    readConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      REDIS_URL: redis.url,
      REDIS_PREFIX: 'fault:',
      TELEGRAM_BOT_TOKEN: '123456:TEST-TOKEN',
      TELEGRAM_API_ROOT: api.url,
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      WIDGET_SECRET: 'fault-widget-secret-0123456789',
      WIDGET_RATE_LIMIT: '1000',
      AGENT_SECRET: 'fault-agent-secret-0123456789',
      AGENTS: `${AGENT.username}:${hashPassword(AGENT.password)}:admin`,
    }),
  );
}, 90_000);

afterAll(async () => {
  for (const open of streams) open.close();
  // Redis back first (if a failed test left it down), so pasokh closes its connections cleanly.
  await redis?.start().catch(() => {});
  await server?.stop();
  await api?.close();
  await redis?.stop();
});

const base = () => server!.url;

const health = async () => (await fetch(`${base()}/healthz`, { signal: AbortSignal.timeout(5000) })).status;

async function webhook(update: object): Promise<{ status: number; retryAfter: string | null; code?: string }> {
  const response = await fetch(`${base()}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
    body: JSON.stringify(update),
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await response.json().catch(() => ({}))) as { code?: string };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), code: body.code };
}

/** What Telegram does with a delivery that did not get a 200: it sends it again, a bounded number of times. */
async function deliverUntilAccepted(send: () => Promise<{ status: number }>): Promise<number[]> {
  const statuses: number[] = [];
  for (let attempt = 0; attempt < 50; attempt++) {
    const { status } = await send();
    statuses.push(status);
    if (status === 200) return statuses;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never accepted: ${statuses.join(', ')}`);
}

/** The texts the bot sent to a Telegram chat, in order. */
const repliesTo = (chatId: number) =>
  api!.calls
    .filter((c: Call) => (c.method === 'sendMessage' || c.method === 'sendPhoto') && !c.failed && c.params.chat_id === chatId)
    .map((c) => String(c.params.text ?? c.params.caption ?? ''));

/** For each customer entry: its client id and text, and the bot texts up to the next customer entry. */
function turns(entries: readonly WidgetEntry[]) {
  const result: Array<{ clientMessageId?: string; text?: string; answers: string[] }> = [];
  for (const entry of entries) {
    if (entry.from === 'customer') result.push({ clientMessageId: entry.clientMessageId, text: entry.text, answers: [] });
    else if (entry.from === 'bot') result.at(-1)?.answers.push(entry.text ?? '');
  }
  return result;
}

const answered = (id: string) => (entries: WidgetEntry[]) => turns(entries).some((t) => t.clientMessageId === id && t.answers.length > 0);

interface Agent {
  get(path: string): Promise<Response>;
  post(path: string, body?: object): Promise<Response>;
}

async function signIn(): Promise<Agent> {
  const login = await fetch(`${base()}/agent/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(AGENT) });
  expect(login.status).toBe(200);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { csrf } = (await login.json()) as { csrf: string };
  return {
    get: (path) => fetch(`${base()}${path}`, { headers: { cookie } }),
    post: (path, body = {}) => fetch(`${base()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf }, body: JSON.stringify(body) }),
  };
}

async function queued(agent: Agent): Promise<string[]> {
  const response = await agent.get('/agent/api/conversations?view=queued');
  expect(response.status).toBe(200);
  return ((await response.json()) as { conversations: Array<{ id: string }> }).conversations.map((c) => c.id);
}

async function transcript(agent: Agent, conversation: string): Promise<Array<{ from: string; text?: string }>> {
  const response = await agent.get(`/agent/api/conversations/${encodeURIComponent(conversation)}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { transcript: Array<{ from: string; text?: string }> }).transcript;
}

const customerTexts = (entries: Array<{ from: string; text?: string }>) => entries.filter((e) => e.from === 'customer').map((e) => e.text);

describe('Redis killed and restarted mid-conversation', () => {
  it('answers 503 during the outage, then every message exactly once, with history and queue intact, without a restart', async () => {
    const asker = `telegram:${ASKER.id}`;
    const waiter = `telegram:${WAITER.id}`;

    // Before: a widget visitor and a Telegram customer ask; another Telegram customer asks for a person.
    const visitor = await openSession(base());
    const stream = await openStream(base(), visitor.token);
    streams.push(stream);
    const web = { hello: `fault-${randomUUID()}`, price: `fault-${randomUUID()}`, returns: `fault-${randomUUID()}`, thanks: `fault-${randomUUID()}` };
    expect((await sendMessage(base(), visitor.token, web.hello, 'سلام')).status).toBe(200);
    await stream.until('the widget greeting answered', answered(web.hello), 10_000);
    expect((await sendMessage(base(), visitor.token, web.price, 'قیمت مانتو کتان چنده؟')).status).toBe(200);
    await stream.until('the widget price question answered', answered(web.price), 10_000);

    expect((await webhook(textUpdate('سلام', { from: ASKER }))).status).toBe(200);
    expect((await webhook(textUpdate('قیمت مانتو کتان چنده؟', { from: ASKER }))).status).toBe(200);
    expect(repliesTo(ASKER.id)).toHaveLength(2);
    expect(repliesTo(ASKER.id)[1]).toContain(PRICE);
    expect((await webhook(textUpdate('/human', { from: WAITER }))).status).toBe(200);
    expect(repliesTo(WAITER.id).join('\n')).toContain('پشتیبانی');
    // The handoff's own answers (in business hours also the place in the queue): the bot's last words there.
    const handoffReplies = repliesTo(WAITER.id).length;
    const agent = await signIn();
    expect(await queued(agent)).toContain(waiter);

    // Redis dies.
    await redis!.kill();
    await waitFor('GET /healthz answers 503', async () => (await health()) === 503, 10_000);
    const shipping = textUpdate('هزینه ارسال به شیراز چقدره؟', { from: ASKER });
    const waiting = textUpdate('کسی هست؟ هنوز منتظرم', { from: WAITER });
    for (const update of [shipping, waiting]) {
      const during = await webhook(update);
      expect(during.status, 'the webhook during the outage').toBe(503);
      expect(Number(during.retryAfter), 'the webhook says when to retry').toBeGreaterThan(0);
      expect(during.code, 'the webhook names the outage').toBe('PASOKH_ERR_STORE_UNAVAILABLE');
    }
    const duringWeb = await sendMessage(base(), visitor.token, web.returns, 'شرایط مرجوعی چیه');
    expect(duringWeb.status, 'the widget API during the outage').toBe(503);
    expect(Number(duringWeb.retryAfter), 'the widget API says when to retry').toBeGreaterThan(0);
    expect(repliesTo(ASKER.id), 'no reply sent during the outage').toHaveLength(2);

    // Redis is back from its append-only file, on the same port; pasokh reconnects by itself.
    await redis!.start();
    await waitFor('GET /healthz answers 200 again', async () => (await health()) === 200, 20_000);

    // Nothing half-written: the messages refused during the outage left no trace.
    expect(customerTexts(await transcript(agent, asker))).toEqual(['سلام', 'قیمت مانتو کتان چنده؟']);
    expect(customerTexts(await transcript(agent, waiter))).toEqual(['/human']);
    const before = await openStream(base(), visitor.token);
    streams.push(before);
    await before.until('the widget history read back', (entries) => turns(entries).length >= 2, 10_000);
    before.close();
    expect(turns(before.entries).map((t) => t.clientMessageId)).toEqual([web.hello, web.price]);

    // Telegram redelivers (and once more, as it does when a 200 is lost); the widget resends.
    await deliverUntilAccepted(() => webhook(shipping));
    await deliverUntilAccepted(() => webhook(waiting));
    expect((await webhook(shipping)).status).toBe(200);
    expect((await webhook(waiting)).status).toBe(200);
    await deliverUntilAccepted(() => sendMessage(base(), visitor.token, web.returns, 'شرایط مرجوعی چیه'));
    const again = await sendMessage(base(), visitor.token, web.returns, 'شرایط مرجوعی چیه');
    expect(again.body).toMatchObject({ ok: true, duplicate: true });

    // Answered exactly once, after the earlier conversation, which is all still there.
    const askerReplies = repliesTo(ASKER.id);
    expect(askerReplies).toHaveLength(3);
    expect(askerReplies[2]).toContain('ارسال');
    expect(customerTexts(await transcript(agent, asker))).toEqual(['سلام', 'قیمت مانتو کتان چنده؟', 'هزینه ارسال به شیراز چقدره؟']);
    await stream.until('the resent widget message answered on the open stream', answered(web.returns), 15_000);
    const live = turns(stream.entries);
    expect(live.map((t) => t.clientMessageId)).toEqual([web.hello, web.price, web.returns]);
    expect(live[1]!.answers.join('\n')).toContain(PRICE);
    expect(live[2]!.answers).toHaveLength(new Set(live[2]!.answers).size);
    expect(live[2]!.answers.join('\n')).toContain('مرجوع');

    // The queued chat is still queued, with what the customer wrote while waiting (once), and the
    // bot stayed quiet in it; an agent takes it and the customer gets the reply.
    expect(await queued(agent)).toContain(waiter);
    expect(customerTexts(await transcript(agent, waiter))).toEqual(['/human', 'کسی هست؟ هنوز منتظرم']);
    const waiterRepliesBefore = repliesTo(WAITER.id).length;
    // While queued, the bot only says (once) that the message reached the team and the place in line is kept.
    expect(waiterRepliesBefore, 'one note while a chat waits for a person, however often the message came').toBe(handoffReplies + 1);
    expect(repliesTo(WAITER.id).at(-1)).toContain('صف');
    expect((await agent.post(`/agent/api/conversations/${encodeURIComponent(waiter)}/claim`)).status).toBe(200);
    const agentText = 'سلام نگار جان، مریم هستم از پشتیبانی؛ در خدمتم.';
    expect((await agent.post(`/agent/api/conversations/${encodeURIComponent(waiter)}/reply`, { text: agentText })).status).toBe(200);
    await waitFor('the agent reply reaches the Telegram customer', () => repliesTo(WAITER.id).some((t) => t.includes('مریم هستم')), 10_000);
    expect(repliesTo(WAITER.id).filter((t) => t.includes('مریم هستم'))).toHaveLength(1);

    // And the conversations go on as before.
    expect((await webhook(textUpdate('پرداخت در محل دارین؟', { from: ASKER }))).status).toBe(200);
    expect(repliesTo(ASKER.id)).toHaveLength(4);
    expect(repliesTo(ASKER.id)[3]).toContain('پرداخت');
    expect((await sendMessage(base(), visitor.token, web.thanks, 'مرسی')).status).toBe(200);
    await stream.until('the widget thanks answered', answered(web.thanks), 10_000);
    expect(turns(stream.entries).map((t) => t.clientMessageId)).toEqual([web.hello, web.price, web.returns, web.thanks]);
    expect(stream.ended).toBeUndefined();
  }, 90_000);

  it('tells an agent the console is unavailable (503 with Retry-After), not that it broke, while Redis is down', async () => {
    await redis!.start();
    await waitFor('GET /healthz answers 200', async () => (await health()) === 200, 20_000);
    const agent = await signIn();
    const conversation = encodeURIComponent(`telegram:${WAITER.id}`);
    await redis!.kill();
    try {
      await waitFor('GET /healthz answers 503', async () => (await health()) === 503, 10_000);
      const answers: string[] = [];
      for (const [method, path] of [
        ['GET', '/agent/api/conversations?view=queued'],
        ['GET', `/agent/api/conversations/${conversation}`],
        ['POST', `/agent/api/conversations/${conversation}/claim`],
      ] as const) {
        const response = method === 'GET' ? await agent.get(path) : await agent.post(path);
        await response.arrayBuffer();
        answers.push(`${method} ${path}: ${response.status}${response.headers.get('retry-after') ? ' with Retry-After' : ''}`);
      }
      expect(answers).toEqual([
        'GET /agent/api/conversations?view=queued: 503 with Retry-After',
        `GET /agent/api/conversations/${conversation}: 503 with Retry-After`,
        `POST /agent/api/conversations/${conversation}/claim: 503 with Retry-After`,
      ]);
    } finally {
      await redis!.start();
    }
  }, 60_000);
});
