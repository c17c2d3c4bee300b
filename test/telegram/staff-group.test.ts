// The staff's Telegram group through the Bot API stand-in: a topic per escalated conversation,
// customer messages mirrored into it, staff replies and commands from it.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Running } from '../../src/server/serve.js';
import { testServer } from '../support/server.js';
import { startBotApiStandIn, type BotApiStandIn } from '../support/bot-api-stand-in.js';

const STAFF = -1001234567890;
const SECRET = 'staff-secret';
const STAFFER = { id: 555001, is_bot: false, first_name: 'مریم' };
let api: BotApiStandIn;
let server: Running;
let nextUpdate = 90_000;

beforeAll(async () => {
  api = await startBotApiStandIn();
  server = await testServer({
    TELEGRAM_BOT_TOKEN: '123456:TEST-TOKEN',
    TELEGRAM_API_ROOT: api.url,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    STAFF_CHAT_ID: String(STAFF),
    PUBLIC_URL: 'https://bot.example.com',
  });
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await api?.close();
});

function staffSays(text: string, threadId: number) {
  const update = {
    update_id: nextUpdate++,
    message: {
      message_id: nextUpdate,
      date: Math.floor(Date.now() / 1000),
      from: STAFFER,
      chat: { id: STAFF, type: 'supergroup', title: 'پشتیبانی', is_forum: true },
      message_thread_id: threadId,
      is_topic_message: true,
      text,
    },
  };
  return fetch(`${server.url}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify(update),
  });
}

async function webCustomer() {
  const session = (await (await fetch(`${server.url}/api/web/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { token: string };
  const say = (text: string) =>
    fetch(`${server.url}/api/web/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
      body: JSON.stringify({ clientMessageId: randomUUID(), text }),
    });
  const history = async () => {
    const response = await fetch(`${server.url}/api/web/stream?token=${encodeURIComponent(session.token)}`);
    const reader = response.body!.getReader();
    let text = '';
    for (let i = 0; i < 10; i++) {
      const chunk = await Promise.race([reader.read(), new Promise<{ value?: undefined }>((r) => setTimeout(() => r({}), 300))]);
      if (!chunk.value) break;
      text += new TextDecoder().decode(chunk.value);
    }
    await reader.cancel();
    return text;
  };
  return { say, history };
}

const topicCalls = () => api.callsOf('sendMessage').filter((c) => c.params.chat_id === STAFF && !c.failed);

it('opens a topic per escalated chat, mirrors it, and lets staff answer, claim and close from it', async () => {
  const customer = await webCustomer();
  await customer.say('می‌خوام با یه آدم واقعی صحبت کنم');
  const created = await api.waitForCall('createForumTopic');
  expect(created.params.chat_id).toBe(STAFF);
  const intro = await api.waitForCall('sendMessage', (c) => c.params.chat_id === STAFF && String(c.params.text).includes('/claim'));
  const threadId = Number(intro.params.message_thread_id);
  expect(threadId).toBeGreaterThan(0);
  expect(String(intro.params.text)).toContain('https://bot.example.com/agent');

  expect((await staffSays('/claim', threadId)).status).toBe(200);
  await expect.poll(() => topicCalls().map((c) => String(c.params.text)).join('\n')).toContain('مریم گفتگو را برداشت');

  expect((await staffSays('سلام، از گروه پشتیبانی جواب می‌دهم', threadId)).status).toBe(200);
  expect(await customer.history()).toContain('از گروه پشتیبانی جواب می‌دهم');

  await customer.say('سفارشم هنوز نرسیده');
  await expect.poll(() => topicCalls().some((c) => c.params.message_thread_id === threadId && String(c.params.text).includes('سفارشم هنوز نرسیده'))).toBe(true);

  // Someone deletes the topic: the next message opens a new one.
  await fetch(`${api.url}/bot123456:TEST-TOKEN/deleteForumTopic`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chat_id: STAFF, message_thread_id: threadId }) });
  await customer.say('کسی هست؟');
  await expect.poll(() => api.callsOf('createForumTopic').length).toBe(2);
  const again = api.callsOf('sendMessage').filter((c) => String(c.params.text).includes('کسی هست؟') && !c.failed);
  expect(again.at(-1)?.params.message_thread_id).not.toBe(threadId);
  const newThread = Number(again.at(-1)?.params.message_thread_id);

  expect((await staffSays('/close', newThread)).status).toBe(200);
  await expect.poll(() => api.callsOf('closeForumTopic').length).toBe(1);
  expect(await customer.history()).toContain('تمام شد');
});
