// Self-test of the Bot API stand-in: it must answer as Telegram does, or the adapter tests prove nothing.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBotApiStandIn, type BotApiStandIn } from '../support/bot-api-stand-in.js';

const TOKEN = '123456:TEST-TOKEN';
const root = new URL('../../node_modules/', import.meta.url);
const hasGrammy = existsSync(new URL('grammy/package.json', root));
const hasAutoRetry = existsSync(new URL('@grammyjs/auto-retry/package.json', root));

let standIn: BotApiStandIn;

/** Calls a method with a JSON body, as grammY does, and returns the HTTP status and the parsed answer. */
async function call(method: string, params: Record<string, unknown> = {}, token = TOKEN) {
  const res = await fetch(`${standIn.url}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const message = (chatId: number, text: string) => ({
  message: { chat: { id: chatId, type: 'private', first_name: 'Ali' }, from: { id: chatId, is_bot: false, first_name: 'Ali' }, text },
});

beforeAll(async () => {
  standIn = await startBotApiStandIn();
});
afterAll(async () => {
  await standIn.close();
});
beforeEach(() => standIn.reset());

describe('Bot API stand-in over plain HTTP', () => {
  it('answers getMe, refuses a wrong token and an unknown method', async () => {
    const me = await call('getMe');
    expect(me).toEqual({
      status: 200,
      body: {
        ok: true,
        result: { id: 123456, is_bot: true, first_name: 'Pasokh', username: 'pasokh_test_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false },
      },
    });
    expect(await call('getMe', {}, '1:WRONG')).toEqual({ status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } });
    expect(await call('sendTelepathy')).toEqual({ status: 404, body: { ok: false, error_code: 404, description: 'Not Found: method not found' } });
    expect(standIn.calls.map((c) => [c.method, c.failed ?? false])).toEqual([
      ['getMe', false],
      ['getMe', true],
      ['sendTelepathy', true],
    ]);
  });

  it('sends messages with per-chat ids and validates text as Telegram does', async () => {
    const first = await call('sendMessage', { chat_id: 42, text: 'سلام', reply_markup: { inline_keyboard: [[{ text: 'بله', callback_data: 'yes' }]] } });
    expect(first.body.result).toMatchObject({ message_id: 1, chat: { id: 42, type: 'private' }, from: { id: 123456 }, text: 'سلام', reply_markup: { inline_keyboard: [[{ text: 'بله', callback_data: 'yes' }]] } });
    expect((await call('sendMessage', { chat_id: 42, text: 'دوم' })).body.result.message_id).toBe(2);
    expect((await call('sendMessage', { chat_id: -100, text: 'x', message_thread_id: 5 })).body.result).toMatchObject({ message_id: 1, chat: { type: 'supergroup' }, message_thread_id: 5 });

    expect((await call('sendMessage', { chat_id: 42, text: '' })).body).toEqual({ ok: false, error_code: 400, description: 'Bad Request: message text is empty' });
    expect((await call('sendMessage', { chat_id: 42, text: 'x'.repeat(4097) })).body.description).toBe('Bad Request: message is too long');
    expect((await call('sendMessage', { text: 'x' })).status).toBe(400);
    const data = 'ب'.repeat(33); // 66 bytes: over Telegram's 64-byte callback_data limit
    expect((await call('sendMessage', { chat_id: 42, text: 'x', reply_markup: { inline_keyboard: [[{ text: 'b', callback_data: data }]] } })).body.description).toBe('Bad Request: BUTTON_DATA_INVALID');
  });

  it('parses HTML like Telegram: unknown tags and unbalanced tags are rejected', async () => {
    const bad = await call('sendMessage', { chat_id: 42, text: 'قیمت <x> تومان', parse_mode: 'HTML' });
    expect(bad.status).toBe(400);
    expect(bad.body.description).toMatch(/^Bad Request: can't parse entities: Unsupported start tag "x" at byte offset 9$/);
    expect((await call('sendMessage', { chat_id: 42, text: 'a < b', parse_mode: 'HTML' })).status).toBe(400);
    expect((await call('sendMessage', { chat_id: 42, text: '<b>bold', parse_mode: 'HTML' })).body.description).toContain("Can't find end tag");
    const ok = await call('sendMessage', { chat_id: 42, text: '<b>کالا</b> &lt;x&gt; & <a href="https://x.test">لینک</a>', parse_mode: 'HTML' });
    expect(ok.body.result.text).toBe('کالا <x> & لینک');
    // Without a parse mode a `<` is just text.
    expect((await call('sendMessage', { chat_id: 42, text: 'a < b' })).status).toBe(200);
  });

  it('edits, refuses an unchanged edit, deletes', async () => {
    const sent = (await call('sendMessage', { chat_id: 42, text: 'a' })).body.result;
    const edited = await call('editMessageText', { chat_id: 42, message_id: sent.message_id, text: 'b' });
    expect(edited.body.result).toMatchObject({ message_id: sent.message_id, text: 'b' });
    expect((await call('editMessageText', { chat_id: 42, message_id: sent.message_id, text: 'b' })).body.description).toMatch(/^Bad Request: message is not modified/);
    const keyboard = { inline_keyboard: [[{ text: 'ok', callback_data: 'ok' }]] };
    expect((await call('editMessageReplyMarkup', { chat_id: 42, message_id: sent.message_id, reply_markup: keyboard })).body.result.reply_markup).toEqual(keyboard);
    expect((await call('deleteMessage', { chat_id: 42, message_id: sent.message_id })).body.result).toBe(true);
    expect((await call('deleteMessage', { chat_id: 42, message_id: sent.message_id })).body.description).toBe('Bad Request: message to delete not found');
  });

  it('getUpdates: offset confirms, limit caps, ids count from 1000', async () => {
    standIn.pushUpdate(message(7, 'a'));
    standIn.pushUpdate(message(7, 'b'));
    const third = standIn.pushUpdate(message(7, 'c'));
    expect(third.update_id).toBeGreaterThanOrEqual(1002);
    const all = (await call('getUpdates')).body.result as Array<Record<string, any>>;
    expect(all.map((u) => u.message.text)).toEqual(['a', 'b', 'c']);
    expect(all[0]!.message.message_id).toBe(1); // filled in, like Telegram's own
    const firstId = all[0]!.update_id as number;
    expect((await call('getUpdates', { limit: 1 })).body.result.map((u: any) => u.update_id)).toEqual([firstId]);
    // offset firstId+2 confirms the first two; they never come back.
    expect((await call('getUpdates', { offset: firstId + 2 })).body.result.map((u: any) => u.message.text)).toEqual(['c']);
    expect((await call('getUpdates')).body.result.map((u: any) => u.message.text)).toEqual(['c']);
    expect((await call('getUpdates', { offset: firstId + 3 })).body.result).toEqual([]);
  });

  it('long polling wakes on a pushed update and returns [] after at most ~1 s', async () => {
    const started = Date.now();
    const waiting = call('getUpdates', { timeout: 30 });
    await standIn.waitForCall('getUpdates');
    standIn.pushUpdate(message(7, 'hi'));
    expect((await waiting).body.result.map((u: any) => u.message.text)).toEqual(['hi']);
    expect(Date.now() - started).toBeLessThan(900);

    const emptyStart = Date.now();
    expect((await call('getUpdates', { offset: 99_999, timeout: 30 })).body.result).toEqual([]);
    expect(Date.now() - emptyStart).toBeLessThan(1_500);
  });

  it('a second poller terminates the first with 409 Conflict', async () => {
    const first = call('getUpdates', { timeout: 30 });
    await standIn.waitForCall('getUpdates');
    const second = await call('getUpdates', { timeout: 0 });
    expect(second.status).toBe(200);
    expect(await first).toEqual({
      status: 409,
      body: { ok: false, error_code: 409, description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' },
    });
  });

  it('refuses getUpdates while a webhook is set', async () => {
    expect((await call('setWebhook', { url: 'http://insecure.test/hook' })).status).toBe(400);
    expect((await call('setWebhook', { url: 'https://shop.test/telegram', secret_token: 's3cret' })).body.result).toBe(true);
    standIn.pushUpdate(message(7, 'queued'));
    expect((await call('getWebhookInfo')).body.result).toEqual({ url: 'https://shop.test/telegram', has_custom_certificate: false, pending_update_count: 1 });
    expect(await call('getUpdates')).toEqual({
      status: 409,
      body: { ok: false, error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" },
    });
    await call('deleteWebhook');
    expect((await call('getUpdates')).body.result).toHaveLength(1);
  });

  it('failNext: 429 with retry_after, default descriptions, network drops; all recorded', async () => {
    standIn.failNext('sendMessage', { status: 429, retryAfter: 3 });
    standIn.failNext('*', { status: 403 });
    standIn.failNext('getMe', 'network');
    expect(await call('sendMessage', { chat_id: 1, text: 'x' })).toEqual({
      status: 429,
      body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } },
    });
    expect((await call('sendChatAction', { chat_id: 1, action: 'typing' })).body).toEqual({ ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    await expect(call('getMe')).rejects.toThrow();
    expect((await call('getMe')).status).toBe(200);
    expect(standIn.calls.map((c) => c.failed ?? false)).toEqual([true, true, true, false]);
  });

  it('forum topics: created ids, and a deleted thread is not found', async () => {
    const topic = (await call('createForumTopic', { chat_id: -100, name: 'سفارش ۱۲' })).body.result;
    expect(topic).toEqual({ message_thread_id: expect.any(Number), name: 'سفارش ۱۲', icon_color: 7322096 });
    const next = (await call('createForumTopic', { chat_id: -100, name: 'دیگری' })).body.result;
    expect(next.message_thread_id).toBeGreaterThan(topic.message_thread_id);
    expect((await call('createForumTopic', { chat_id: 42, name: 'x' })).status).toBe(400);
    expect((await call('closeForumTopic', { chat_id: -100, message_thread_id: topic.message_thread_id })).body.result).toBe(true);
    expect((await call('deleteForumTopic', { chat_id: -100, message_thread_id: topic.message_thread_id })).body.result).toBe(true);
    expect((await call('sendMessage', { chat_id: -100, message_thread_id: topic.message_thread_id, text: 'x' })).body.description).toBe('Bad Request: message thread not found');
    const copied = await call('copyMessage', { chat_id: -100, message_thread_id: next.message_thread_id, from_chat_id: -100, message_id: next.message_thread_id + 100 });
    expect(copied.body.description).toBe('Bad Request: message to copy not found');
  });

  it('reads urlencoded, query-string and multipart requests', async () => {
    const form = await fetch(`${standIn.url}/bot${TOKEN}/sendMessage`, {
      method: 'POST',
      body: new URLSearchParams({ chat_id: '42', text: 'فرم', reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'a', callback_data: 'a' }]] }) }),
    });
    expect(((await form.json()) as any).result.reply_markup.inline_keyboard[0][0].callback_data).toBe('a');
    expect(standIn.callsOf('sendMessage')[0]!.params).toEqual({ chat_id: 42, text: 'فرم', reply_markup: { inline_keyboard: [[{ text: 'a', callback_data: 'a' }]] } });

    expect((await fetch(`${standIn.url}/bot${TOKEN}/getMe?x=1`)).status).toBe(200);

    const multipart = new FormData();
    multipart.set('chat_id', '-100');
    multipart.set('caption', 'عکس');
    multipart.set('photo', new Blob([new Uint8Array(10)]), 'p.jpg');
    const photo = (await (await fetch(`${standIn.url}/bot${TOKEN}/sendPhoto`, { method: 'POST', body: multipart })).json()) as any;
    expect(photo.result).toMatchObject({ caption: 'عکس', photo: [{ width: 320 }, { width: 1280 }] });
    expect(standIn.callsOf('sendPhoto')[0]!.params).toMatchObject({ chat_id: -100, photo: { filename: 'p.jpg', size: 10 } });
    expect((await call('sendPhoto', { chat_id: 1, photo: 'https://x.test/a.jpg', caption: 'x'.repeat(1025) })).body.description).toBe('Bad Request: message caption is too long');
  });

  it('waitForCall finds past and future calls, and times out', async () => {
    await call('sendMessage', { chat_id: 5, text: 'past' });
    expect((await standIn.waitForCall('sendMessage', (c) => c.params.text === 'past')).params.chat_id).toBe(5);
    const future = standIn.waitForCall('sendMessage', (c) => c.params.text === 'future');
    await call('sendMessage', { chat_id: 5, text: 'future' });
    expect((await future).params.text).toBe('future');
    await expect(standIn.waitForCall('getMe', undefined, 50)).rejects.toThrow(/no matching call within 50 ms/);
  });

  it('close() ends a pending long poll', async () => {
    const other = await startBotApiStandIn();
    const pending = fetch(`${other.url}/bot${TOKEN}/getUpdates?timeout=30`).then((r) => r.status, () => 'dropped');
    await other.waitForCall('getUpdates');
    const started = Date.now();
    await other.close();
    expect(['dropped', 200]).toContain(await pending);
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe.skipIf(!hasGrammy)('Bot API stand-in with grammY', () => {
  it('serves getMe and sendMessage, and records the params', async () => {
    const { Bot } = await import('grammy');
    const bot = new Bot(TOKEN, { client: { apiRoot: standIn.url } });
    expect((await bot.api.getMe()).username).toBe('pasokh_test_bot');
    const sent = await bot.api.sendMessage(42, 'سلام');
    expect(sent).toMatchObject({ message_id: 1, chat: { id: 42 }, text: 'سلام' });
    expect(standIn.callsOf('sendMessage')[0]).toMatchObject({ token: TOKEN, params: { chat_id: 42, text: 'سلام' } });
  });

  it('surfaces Telegram errors as GrammyError', async () => {
    const { Bot, GrammyError } = await import('grammy');
    const bot = new Bot(TOKEN, { client: { apiRoot: standIn.url } });
    const error = await bot.api.sendMessage(42, '<x>', { parse_mode: 'HTML' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect((error as InstanceType<typeof GrammyError>).error_code).toBe(400);
    expect((error as InstanceType<typeof GrammyError>).description).toMatch(/can't parse entities/);
  });

  it.skipIf(!hasAutoRetry)('auto-retry waits out a 429 and succeeds', async () => {
    const { Bot } = await import('grammy');
    const { autoRetry } = await import('@grammyjs/auto-retry');
    const bot = new Bot(TOKEN, { client: { apiRoot: standIn.url } });
    bot.api.config.use(autoRetry());
    standIn.failNext('sendMessage', { status: 429, retryAfter: 0 });
    expect((await bot.api.sendMessage(42, 'دوباره')).text).toBe('دوباره');
    expect(standIn.callsOf('sendMessage').map((c) => c.status)).toEqual([429, 200]);
  });

  it('long-polls: a pushed message reaches the handler, and stop() confirms it', async () => {
    const { Bot } = await import('grammy');
    const bot = new Bot(TOKEN, { client: { apiRoot: standIn.url } });
    bot.on('message:text', (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
    const pushed = standIn.pushUpdate(message(7, 'hi'));
    const running = bot.start();
    const reply = await standIn.waitForCall('sendMessage');
    await bot.stop();
    await running;
    expect(reply.params).toMatchObject({ chat_id: 7, text: 'echo: hi' });
    const lastPoll = standIn.callsOf('getUpdates').at(-1)!;
    expect(lastPoll.params.offset).toBe(pushed.update_id + 1);
  });
});
