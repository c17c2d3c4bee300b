// /forget on the handoff side, checked the way an auditor would: after the customer's /forget, a
// SCAN of every key under the server's prefix finds nothing naming them (user id, phone, name,
// conversation id), the console does not list them, no agent can claim or message them, and the
// agent who had the chat is told. On the web and on Telegram (with the staff group's topic).
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { hashPassword } from '../../src/handoff/index.js';
import { startServer, type Running } from '../../compose/serve.js';
import { connectRedis } from '../../src/state/index.js';
import { startBotApiStandIn, type BotApiStandIn } from '../support/bot-api-stand-in.js';
import { testConfig } from '../support/server.js';
import { contactUpdate, CUSTOMER, textUpdate } from '../support/telegram-updates.js';
import { agentEvents, conversationPath, dumpKeys, naming, signIn, webCustomer, type AgentClient } from './support.js';

const STAFF = -1001234567890;
const SECRET = 'forget-secret';
let api: BotApiStandIn;
let config: Config;
let server: Running;
let redis: Redis;

beforeAll(async () => {
  api = await startBotApiStandIn();
  config = testConfig({
    AGENTS: `maryam:${hashPassword('s3cret-m')},ali:${hashPassword('s3cret-a')},boss:${hashPassword('s3cret-b')}:admin`,
    TELEGRAM_BOT_TOKEN: '123456:TEST-TOKEN',
    TELEGRAM_API_ROOT: api.url,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    STAFF_CHAT_ID: String(STAFF),
  });
  server = await startServer(config);
  redis = connectRedis(inject('redisUrl'));
}, 60_000);
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
  await api?.close();
});

const telegram = (update: object) =>
  fetch(`${server.url}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(update) });

/** After /forget: nothing names the customer, and no agent can reach them. */
async function expectForgotten(conversation: string, needles: string[], agents: AgentClient[], holder: AgentClient) {
  expect(naming(await dumpKeys(redis, config.redisPrefix), needles)).toEqual([]);
  for (const agent of agents) {
    for (const view of ['queued', 'mine', 'all'] as const) expect(await agent.list(view)).not.toContain(conversation);
    expect((await agent.get(conversationPath(conversation))).status).toBeGreaterThanOrEqual(403);
  }
  for (const [action, body] of [['claim', {}], ['reply', { text: 'هنوز هستید؟' }], ['note', { text: 'یادداشت' }]] as const) {
    const answer = await holder.post(conversationPath(conversation, action), body);
    expect([403, 404, 409], `${action} after /forget`).toContain(answer.status);
  }
  // Those refusals wrote nothing back.
  expect(naming(await dumpKeys(redis, config.redisPrefix), needles)).toEqual([]);
}

describe('/forget during a handoff', () => {
  it('on the web: a claimed chat with replies and notes leaves no key naming the customer, and the agent is told', async () => {
    const customer = await webCustomer(server.url, { name: 'فرشته کیانی', phone: '09127654321' });
    await customer.say('قیمت مانتو کتان چنده؟');
    await customer.say('میخوام با پشتیبان صحبت کنم');
    const [maryam, ali, boss] = await Promise.all([signIn(server.url, 'maryam', 's3cret-m'), signIn(server.url, 'ali', 's3cret-a'), signIn(server.url, 'boss', 's3cret-b')]);
    expect(await ali.list('queued')).toContain(customer.conversation);
    expect((await maryam.post(conversationPath(customer.conversation, 'claim'))).status).toBe(200);
    expect((await maryam.post(conversationPath(customer.conversation, 'reply'), { text: 'سلام فرشته خانم، در خدمتم' })).status).toBe(200);
    expect((await maryam.post(conversationPath(customer.conversation, 'note'), { text: 'شماره‌اش ۰۹۱۲۷۶۵۴۳۲۱ است' })).status).toBe(200);
    await customer.say('سفارشم دیر شده');
    // Before: the customer is in Redis, under several keys (so the scan below can see them).
    expect(naming(await dumpKeys(redis, config.redisPrefix), [customer.visitorId]).length).toBeGreaterThan(3);

    const events = await agentEvents(server.url, maryam);
    expect((await customer.say('/forget')).status).toBe(200);
    await expect.poll(() => events.text(), { timeout: 5000 }).toContain('"kind":"forgotten"');
    expect(events.text()).toContain(customer.conversation);
    await events.stop();

    await expectForgotten(customer.conversation, [customer.visitorId, 'فرشته', 'کیانی', '9127654321', '۹۱۲۷۶۵۴۳۲۱'], [maryam, ali, boss], maryam);
  });

  it('on the web: a queued chat leaves the queue for everyone', async () => {
    const customer = await webCustomer(server.url, { name: 'بهاره' });
    await customer.say('/human');
    const ali = await signIn(server.url, 'ali', 's3cret-a');
    expect(await ali.list('queued')).toContain(customer.conversation);
    await customer.say('/forget');
    await expectForgotten(customer.conversation, [customer.visitorId, 'بهاره'], [ali], ali);
  });

  it('on the web: a chat that only talked to the bot, found by search before, leaves nothing and is found no more', async () => {
    const customer = await webCustomer(server.url, { name: 'رعنا', phone: '09125556677' });
    await customer.say('سفارش ۱۰۴۰۱ کجاست؟');
    const boss = await signIn(server.url, 'boss', 's3cret-b');
    const found = async () => ((await (await boss.get('/agent/api/search?q=09125556677')).json()) as { conversations: Array<{ id: string }> }).conversations.map((c) => c.id);
    expect(await found()).toContain(customer.conversation);
    expect((await customer.say('/forget')).status).toBe(200);
    expect(naming(await dumpKeys(redis, config.redisPrefix), [customer.visitorId, 'رعنا', '9125556677', '۹۱۲۵۵۵۶۶۷۷'])).toEqual([]);
    expect(await found()).toEqual([]);
  });

  it('on Telegram: the shared phone, the staff topic and its mapping go too', async () => {
    const customer = { ...CUSTOMER, id: 778899, first_name: 'کامران', last_name: 'نیک‌زاد' };
    expect((await telegram(contactUpdate('+989351112233', customer.id, customer))).status).toBe(200);
    expect((await telegram(textUpdate('سلام، میخوام با اپراتور حرف بزنم', { from: customer }))).status).toBe(200);
    const conversation = `telegram:${customer.id}`;
    await api.waitForCall('createForumTopic');
    const maryam = await signIn(server.url, 'maryam', 's3cret-m');
    expect((await maryam.post(conversationPath(conversation, 'claim'))).status).toBe(200);
    expect((await maryam.post(conversationPath(conversation, 'reply'), { text: 'سلام کامران، بفرمایید' })).status).toBe(200);
    const keysBefore = (await dumpKeys(redis, config.redisPrefix)).map((k) => k.key);
    expect(keysBefore.some((k) => k.includes(':staff:topic:'))).toBe(true);

    expect((await telegram(textUpdate('/forget', { from: customer }))).status).toBe(200);
    // The topic held the customer's messages: it is deleted, not just closed.
    expect((await api.waitForCall('deleteForumTopic')).params.chat_id).toBe(STAFF);
    await expectForgotten(conversation, [String(customer.id), 'کامران', 'نیک‌زاد', '9351112233'], [maryam], maryam);
  });
});
