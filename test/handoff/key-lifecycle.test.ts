// Nothing pasokh writes stays forever by accident: after a realistic day (web and Telegram
// customers, a handoff claimed, answered, noted, closed and rated, the staff group's topic, agents
// signing in and out, one chat still waiting) every key under the prefix either expires (TTL > 0)
// or is one of the shared handoff structures whose entries a lifecycle step removes (see
// src/handoff/store.ts: the queue, its items, the assignments).
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { hashPassword } from '../../src/handoff/index.js';
import { startServer, type Running } from '../../compose/serve.js';
import { connectRedis } from '../../src/state/index.js';
import { startBotApiStandIn, type BotApiStandIn } from '../support/bot-api-stand-in.js';
import { testConfig } from '../support/server.js';
import { contactUpdate, CUSTOMER, textUpdate } from '../support/telegram-updates.js';
import { conversationPath, dumpKeys, signIn, webCustomer } from './support.js';

const STAFF = -1001234567890;
const SECRET = 'lifecycle-secret';
/** Deleted entry by entry when a handoff ends (close, /bot, timeout, /forget, the sweep). */
const LIFECYCLE = /\{handoff\}:(queue|items|assigned)$/;

let api: BotApiStandIn;
let config: Config;
let server: Running;
let redis: Redis;

beforeAll(async () => {
  api = await startBotApiStandIn();
  config = testConfig({
    AGENTS: `maryam:${hashPassword('s3cret-m')},boss:${hashPassword('s3cret-b')}:admin`,
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

it('every key has a TTL or is removed by a documented lifecycle step', async () => {
  const maryam = await signIn(server.url, 'maryam', 's3cret-m');
  const boss = await signIn(server.url, 'boss', 's3cret-b');

  // A web customer: questions, a handoff claimed, answered, noted, closed and rated.
  const web = await webCustomer(server.url, { name: 'نسرین', phone: '09121231234' });
  await web.say('قیمت مانتو کتان چنده؟');
  await web.say('سفارش ۱۰۴۰۱ کجاست؟');
  await web.say('۰۹۱۲۳۸۴۷۵۶۱');
  await web.say('میخوام با پشتیبان صحبت کنم');
  expect((await maryam.post(conversationPath(web.conversation, 'claim'))).status).toBe(200);
  expect((await maryam.post(conversationPath(web.conversation, 'reply'), { text: 'سلام، در خدمتم' })).status).toBe(200);
  expect((await maryam.post(conversationPath(web.conversation, 'note'), { text: 'مشتری قدیمی' })).status).toBe(200);
  expect((await maryam.post(conversationPath(web.conversation, 'close'))).status).toBe(200);
  expect((await web.say('⭐⭐⭐⭐⭐ ۵', { do: 'rate', score: 5 })).status).toBe(200);

  // A Telegram customer with a shared phone, a staff-group topic, claimed and closed.
  const customer = { ...CUSTOMER, id: 661100 };
  await telegram(contactUpdate('+989351112233', customer.id, customer));
  await telegram(textUpdate('سلام', { from: customer }));
  await telegram(textUpdate('/human', { from: customer }));
  await api.waitForCall('createForumTopic');
  const tg = `telegram:${customer.id}`;
  expect((await boss.post(conversationPath(tg, 'claim'))).status).toBe(200);
  expect((await boss.post(conversationPath(tg, 'close'))).status).toBe(200);

  // One still waiting, and a session ended.
  const waiting = await webCustomer(server.url);
  await waiting.say('/human');
  expect((await maryam.post('/agent/api/logout')).status).toBe(200);

  const dump = await dumpKeys(redis, config.redisPrefix);
  // The day left its marks: conversations, profiles, handlers, sessions, topics, dedup markers.
  for (const kind of [':state', ':history', ':profile', '{handoff}:handled:', '{handoff}:rating:', '{handoff}:card:', '{handoff}:recent', ':session:', ':staff:', ':dedup:']) {
    expect(dump.some((k) => k.key.includes(kind)), kind).toBe(true);
  }
  const forever = dump.filter((k) => k.ttl < 0 && !LIFECYCLE.test(k.key)).map((k) => `${k.key} (${k.type})`);
  expect(forever).toEqual([]);
  // The queue holds only the chat still waiting.
  expect(await redis.zrange(`${config.redisPrefix}{handoff}:queue`, '0', '-1')).toEqual([waiting.conversation]);
  expect(await redis.hkeys(`${config.redisPrefix}{handoff}:items`)).toEqual([waiting.conversation]);
}, 60_000);
