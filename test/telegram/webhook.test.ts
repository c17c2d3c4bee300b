// The Telegram channel end to end over real HTTP: updates posted to the webhook as Telegram posts
// them, replies going to a local Bot API stand-in, state in a real Redis.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { startServer, type Running } from '../../compose/serve.js';
import { connectRedis, createRedisBackend } from '../../src/state/index.js';
import { startBotApiStandIn, type BotApiStandIn, type Call } from '../support/bot-api-stand-in.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import { blockedUpdate, callbackUpdate, contactUpdate, CUSTOMER, photoUpdate, textUpdate } from '../support/telegram-updates.js';

const SECRET = 'test-secret_42';
let api: BotApiStandIn;
let redis: RedisServer;
let server: Running;
const PREFIX = `tg-${randomUUID().slice(0, 6)}:`;

beforeAll(async () => {
  api = await startBotApiStandIn();
  // Its own redis-server: one test stops it.
  redis = await startRedisServer();
  server = await startServer(
    readConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      REDIS_URL: redis.url,
      REDIS_PREFIX: PREFIX,
      TELEGRAM_BOT_TOKEN: '123456:TEST-TOKEN',
      TELEGRAM_API_ROOT: api.url,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    }),
  );
});
afterAll(async () => {
  await server?.stop();
  await api?.close();
  await redis?.stop();
});
afterEach(() => api.reset());

function post(body: unknown, options: { secret?: string | null; raw?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.secret !== null) headers['x-telegram-bot-api-secret-token'] = options.secret ?? SECRET;
  return fetch(`${server.url}/telegram/webhook`, { method: 'POST', headers, body: options.raw ?? JSON.stringify(body) });
}

const sent = () => api.calls.filter((c) => ['sendMessage', 'sendPhoto'].includes(c.method) && !c.failed);
const textOf = (c: Call) => String(c.params.text ?? c.params.caption ?? '');
const buttons = (c: Call) => ((c.params.reply_markup?.inline_keyboard ?? []) as Array<Array<{ text: string; callback_data?: string; url?: string }>>).flat();

describe('webhook security and bad input', () => {
  it('refuses a wrong or missing secret with 401 and processes nothing', async () => {
    const wrong = await post(textUpdate('سلام'), { secret: 'wrong' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'unauthorized', code: 'PASOKH_ERR_WEBHOOK_SECRET' });
    expect((await post(textUpdate('سلام'), { secret: null })).status).toBe(401);
    expect(sent()).toEqual([]);
  });
  it('answers 400 to malformed bodies, loses nothing, and keeps serving', async () => {
    expect((await post(null, { raw: '{"update_id": 1, "message": ' })).status).toBe(400);
    expect((await post([1, 2])).status).toBe(400);
    expect((await post({ message: { text: 'hi' } })).status).toBe(400);
    expect((await post(textUpdate('سلام'))).status).toBe(200);
    expect(sent()).toHaveLength(1);
  });
  it('answers 400 to an update whose fields have the wrong type, and the same update_id is still answered when it comes right', async () => {
    const good = textUpdate('سلام');
    const numeric = { ...good, message: { ...good.message, text: 12345 } };
    const response = await post(numeric);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'bad_request', code: 'PASOKH_ERR_BAD_UPDATE', message: expect.stringMatching(/^message\.text: .*string/) });
    for (const broken of [
      { ...good, message: { ...good.message, chat: 'private' } },
      { ...good, message: { ...good.message, date: 1e300 } },
      { ...good, message: { ...good.message, contact: { phone_number: 9123847561, user_id: CUSTOMER.id } } },
      { ...good, callback_query: { id: 'cq', from: CUSTOMER, data: 7 } },
    ]) {
      expect((await post(broken)).status).toBe(400);
    }
    expect(sent()).toEqual([]);
    expect((await post(good)).status).toBe(200);
    expect(sent()).toHaveLength(1);
  });
});

describe('a product conversation', () => {
  it('shows "typing…" while a reply is held up, and the reply follows', async () => {
    // Another holder of the conversation's lock keeps the turn waiting.
    const state = createRedisBackend(connectRedis(redis.url), { prefix: PREFIX });
    const lease = await state.locks.acquire(state.keys.lock(`telegram:${CUSTOMER.id}`));
    try {
      const response = post(textUpdate('سلام'));
      const typing = await api.waitForCall('sendChatAction', undefined, 10_000);
      expect(typing.params).toMatchObject({ chat_id: CUSTOMER.id, action: 'typing' });
      expect(sent()).toEqual([]);
      await lease.release();
      expect((await response).status).toBe(200);
      expect(sent()).toHaveLength(1);
    } finally {
      await lease.release();
      await state.close();
    }
  });

  it('answers a price with the product photo, caption and link button', async () => {
    const response = await post(textUpdate('سلام، قیمت مانتو کتان چنده؟'));
    expect(response.status).toBe(200);
    const [photo] = sent();
    expect(photo?.method).toBe('sendPhoto');
    expect(photo?.params.photo).toMatch(/^https:\/\/cdn\.example-shop\.ir\/img\/manto-katan-01\.jpg$/);
    expect(textOf(photo!)).toContain('۱٬۵۹۰٬۰۰۰ تومان');
    expect(photo?.params.parse_mode).toBe('HTML');
    expect(buttons(photo!).some((b) => b.url === 'https://example-shop.ir/p/manto-katan-01')).toBe(true);
  });

  it('offers a choice as inline buttons; a press answers the callback, removes the keyboard and replies', async () => {
    await post(textUpdate('قیمت هودی چنده؟'));
    const question = sent().at(-1)!;
    const options = buttons(question);
    expect(options.map((b) => b.text).join(' | ')).toContain('هودی زیپ‌دار');
    const zip = options.find((b) => b.text.includes('زیپ'))!;
    const message = { message_id: 77, chat: { id: CUSTOMER.id, type: 'private' }, text: textOf(question), reply_markup: question.params.reply_markup };
    api.reset();
    expect((await post(callbackUpdate(message, zip.callback_data!))).status).toBe(200);
    expect(api.callsOf('answerCallbackQuery')).toHaveLength(1);
    const edit = await api.waitForCall('editMessageReplyMarkup', undefined, 2000);
    expect(edit.params).toMatchObject({ chat_id: CUSTOMER.id, message_id: 77, reply_markup: { inline_keyboard: [] } });
    expect(textOf(sent().at(-1)!)).toContain('هودی زیپ‌دار');
    expect(textOf(sent().at(-1)!)).toContain('تومان');
  });

  it('asks politely for text when sent a photo', async () => {
    await post(photoUpdate());
    expect(textOf(sent()[0]!)).toContain('متنی');
  });

  it('stays quiet in a group unless mentioned, and answers a mention in reply to the message', async () => {
    const group = { id: -100123, type: 'supergroup', title: 'گروه خرید' };
    await post(textUpdate('قیمت مانتو کتان چنده؟', { chat: group }));
    expect(sent()).toEqual([]);
    await post(textUpdate('@pasokh_test_bot قیمت مانتو کتان چنده؟', { chat: group }));
    const reply = sent()[0]!;
    expect(reply.params.chat_id).toBe(group.id);
    expect(reply.params.reply_parameters?.message_id).toBeGreaterThan(0);
  });

  it('takes a blocked bot in its stride', async () => {
    expect((await post(blockedUpdate())).status).toBe(200);
    expect(sent()).toEqual([]);
  });
});

describe('order verification with a shared contact', () => {
  const owner = { ...CUSTOMER, id: 880001, first_name: 'نگار' };
  it('asks for the contact button, refuses a typed or foreign number, and answers the owner', async () => {
    await post(textUpdate('سفارش ۱۰۴۰۱ کجاست؟', { from: owner }));
    const ask = sent().at(-1)!;
    expect(ask.params.reply_markup?.keyboard?.[0]?.[0]?.request_contact).toBe(true);

    await post(textUpdate('09123847561', { from: owner }));
    expect(textOf(sent().at(-1)!)).not.toContain('تحویل داده شده');

    await post(contactUpdate('+989123847561', 999999, owner));
    expect(textOf(sent().at(-1)!)).toContain('شماره‌ی خودتان');

    await post(contactUpdate('989123847561', owner.id, owner));
    const status = sent().at(-1)!;
    expect(textOf(status)).toContain('تحویل داده شده');
    expect(textOf(status)).toContain('۱۰۴۰۱');
    expect(sent().some((c) => c.params.reply_markup?.remove_keyboard === true)).toBe(true);
  });

  it('does not show the owner\'s order to someone else who shares their own number', async () => {
    const stranger = { ...CUSTOMER, id: 880002, first_name: 'رضا' };
    await post(textUpdate('سفارش ۱۰۴۰۱', { from: stranger }));
    await post(contactUpdate('+989350000000', stranger.id, stranger));
    expect(sent().map(textOf).join('\n')).not.toContain('تحویل داده شده');
  });
});

describe('delivery that survives trouble', () => {
  it('waits out a 429 flood limit and sends the reply', async () => {
    api.failNext('sendMessage', { status: 429, retryAfter: 1 });
    const response = await post(textUpdate('سلام'));
    expect(response.status).toBe(200);
    const attempts = api.callsOf('sendMessage');
    expect(attempts).toHaveLength(2);
    expect(attempts[0]?.failed).toBe(true);
    expect(attempts[1]?.failed).toBeFalsy();
  });

  it('answers a redelivered update once', async () => {
    const update = textUpdate('هزینه ارسال چقدره؟');
    expect((await post(update)).status).toBe(200);
    expect((await post(update)).status).toBe(200);
    expect(sent()).toHaveLength(1);
  });

  it('answers 503 when Telegram cannot be reached, then sends the reply once on redelivery', async () => {
    api.failNext('sendMessage', 'network');
    const update = textUpdate('روش‌های پرداخت چیه؟');
    expect((await post(update)).status).toBe(503);
    expect((await post(update)).status).toBe(200);
    expect(sent()).toHaveLength(1);
    expect(textOf(sent()[0]!)).toContain('کارت به کارت');
  });

  it('answers 503 while Redis is down, without a reply, and once after it is back', async () => {
    await post(textUpdate('قیمت هودی دورس چنده؟'));
    api.reset();
    await redis.stop();
    try {
      const update = textUpdate('سایز L داره؟');
      expect((await post(update)).status).toBe(503);
      expect(sent()).toEqual([]);
      await redis.start();
      // The client reconnects by itself; Telegram redelivers until it gets a 200.
      let status = 0;
      for (let attempt = 0; attempt < 40 && status !== 200; attempt++) {
        status = (await post(update)).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe(200);
      expect(sent()).toHaveLength(1);
    } finally {
      await redis.start().catch(() => {});
    }
  });
});
