import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createBot } from '../../adapters/telegram/index.js';
import { startPolling } from '../../adapters/telegram/polling.js';
import { readConfig } from '../../src/config.js';
import { z } from 'zod';
import { InvalidActivityError } from '../../src/engine/index.js';
import { StoreUnavailableError } from '../../src/state/index.js';
import { startServer, type Running } from '../../compose/serve.js';
import { startBotApiStandIn, type BotApiStandIn } from '../support/bot-api-stand-in.js';
import { CUSTOMER, textUpdate } from '../support/telegram-updates.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function standIn(): Promise<BotApiStandIn> {
  const api = await startBotApiStandIn();
  cleanup.push(() => api.close());
  return api;
}

async function server(env: Record<string, string>): Promise<Running> {
  const running = await startServer(
    readConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', REDIS_URL: inject('redisUrl'), REDIS_PREFIX: `p-${randomUUID().slice(0, 6)}:`, ...env }),
  );
  cleanup.push(() => running.stop());
  return running;
}

describe('long polling', () => {
  it('takes updates with getUpdates and answers them', async () => {
    const api = await standIn();
    await server({ TELEGRAM_BOT_TOKEN: '123456:TEST-TOKEN', TELEGRAM_API_ROOT: api.url });
    await api.waitForCall('deleteWebhook');
    api.pushUpdate(textUpdate('هزینه ارسال به تبریز چقدره؟'));
    const reply = await api.waitForCall('sendMessage', (c) => c.params.chat_id === CUSTOMER.id, 5000);
    expect(String(reply.params.text)).toContain('پست پیشتاز');
  });

  it('reports a second poller on /healthz, keeps trying, and recovers when it goes away', async () => {
    const api = await standIn();
    const running = await server({ TELEGRAM_BOT_TOKEN: '123456:TEST-TOKEN', TELEGRAM_API_ROOT: api.url });
    await api.waitForCall('getUpdates');
    const other = createBot({ channel: 'telegram', token: '123456:TEST-TOKEN', apiRoot: api.url });
    await other.init();
    const quiet = { info: () => {}, warn: () => {}, error: () => {} };
    const second = startPolling(other, { channel: 'telegram', handle: async () => 'processed' as const, log: quiet });
    cleanup.push(() => second.stop());
    const health = async () => {
      const response = await fetch(`${running.url}/healthz`);
      return { status: response.status, body: (await response.json()) as { problems?: Record<string, string> } };
    };
    let seen = await health();
    for (let i = 0; i < 100 && seen.status === 200; i++) seen = await new Promise((r) => setTimeout(r, 100)).then(health);
    expect(seen.status).toBe(503);
    expect(seen.body.problems?.telegram).toMatch(/another process is polling with this bot token.*one server instance only/s);

    await second.stop();
    for (let i = 0; i < 300 && seen.status !== 200; i++) seen = await new Promise((r) => setTimeout(r, 100)).then(health);
    expect(seen.status).toBe(200);
    api.pushUpdate(textUpdate('هزینه ارسال به تبریز چقدره؟'));
    const reply = await api.waitForCall('sendMessage', (c) => c.params.chat_id === CUSTOMER.id, 10_000);
    expect(String(reply.params.text)).toContain('پست پیشتاز');
  }, 60_000);

  it('reports a refused token on /healthz and keeps trying', async () => {
    const api = await standIn();
    const running = await server({ TELEGRAM_BOT_TOKEN: '123456:REVOKED', TELEGRAM_API_ROOT: api.url });
    let response = await fetch(`${running.url}/healthz`);
    for (let i = 0; i < 100 && response.status === 200; i++) response = await new Promise((r) => setTimeout(r, 50)).then(() => fetch(`${running.url}/healthz`));
    expect(response.status).toBe(503);
    expect(((await response.json()) as { problems: Record<string, string> }).problems.telegram).toMatch(/token was refused/);
    await api.waitForCall('getMe', (c) => c.at > api.callsOf('getMe')[0]!.at, 5000); // tried again
  });
});

describe('the poller', () => {
  it('retries an update as long as the store is down, fetching nothing new meanwhile, and confirms it only when done', async () => {
    const api = await standIn();
    const bot = createBot({ channel: 'telegram', token: '123456:TEST-TOKEN', apiRoot: api.url });
    await bot.init();
    const first = api.pushUpdate(textUpdate('سلام'));
    const handled: string[] = [];
    let failures = 0;
    let doneAt = Infinity;
    const handle = async (update: unknown) => {
      const id = (update as { update_id: number }).update_id;
      if (id === first.update_id && failures++ < 8) throw new StoreUnavailableError(new Error('connect ECONNREFUSED'));
      handled.push(id === first.update_id ? 'first' : 'second');
      if (id === first.update_id) doneAt = Date.now();
      return 'processed' as const;
    };
    const lines: object[] = [];
    const log = { info: () => {}, warn: (o: object | string) => void lines.push(o as object), error: (o: object | string) => void lines.push(o as object) };
    const poller = startPolling(bot, { channel: 'telegram', handle, log, retryMs: [10, 20, 40] });
    cleanup.push(() => poller.stop());
    await api.waitForCall('getUpdates');
    for (let i = 0; i < 100 && failures < 2; i++) await new Promise((r) => setTimeout(r, 20));
    api.pushUpdate(textUpdate('سلام', { from: { ...CUSTOMER, id: CUSTOMER.id + 1 } }));
    for (let i = 0; i < 200 && handled.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(handled).toEqual(['first', 'second']);
    // Telegram was told the first update is done (an offset past it) only after it was; the
    // confirming getUpdates follows the handler's return, so wait for it to be sent.
    const confirms = (c: { params: { offset?: number } }) => (c.params.offset ?? 0) > first.update_id;
    await api.waitForCall('getUpdates', confirms).catch(() => undefined);
    const confirming = api.callsOf('getUpdates').filter(confirms);
    expect(confirming.length).toBeGreaterThan(0);
    expect(confirming.filter((c) => c.at < doneAt)).toEqual([]);
    expect(lines[0]).toEqual({ channel: 'telegram', update: first.update_id, attempt: 1, retryInMs: 10, error: expect.stringContaining('ECONNREFUSED') });
  });
});

describe('stopping the poller', () => {
  it('confirms the turns that finished and hands back the one still running', async () => {
    const api = await standIn();
    const bot = createBot({ channel: 'telegram', token: '123456:TEST-TOKEN', apiRoot: api.url });
    await bot.init();
    const quick = api.pushUpdate(textUpdate('سلام'));
    const slow = api.pushUpdate(textUpdate('سلام', { from: { ...CUSTOMER, id: CUSTOMER.id + 1 } }));
    const started = new Set<number>();
    let release!: () => void;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    cleanup.push(async () => release());
    const handle = async (update: unknown) => {
      const id = (update as { update_id: number }).update_id;
      started.add(id);
      if (id === slow.update_id) await stuck;
      return 'processed' as const;
    };
    const poller = startPolling(bot, { channel: 'telegram', handle, log: { info: () => {}, warn: () => {}, error: () => {} }, drainMs: 200 });
    for (let i = 0; i < 100 && started.size < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect([...started]).toEqual([quick.update_id, slow.update_id]);
    await poller.stop();
    // Telegram keeps the unfinished update: no offset past it was ever sent.
    expect(Math.max(...api.callsOf('getUpdates').map((c) => c.params.offset ?? 0))).toBe(slow.update_id);
    const next = createBot({ channel: 'telegram', token: '123456:TEST-TOKEN', apiRoot: api.url });
    expect((await next.api.getUpdates({ timeout: 0 })).map((u) => u.update_id)).toEqual([slow.update_id]);
  });
});

describe('the poller and the webhook agree', () => {
  it.each([
    ['a bad activity', () => new InvalidActivityError(['text: a message may be at most 4096 characters'])],
    ['a failed validation', () => z.object({ text: z.string() }).parse({ text: 5 })],
  ])('gives up an update the webhook would answer 400 at once, without retrying it (%s)', async (_name, fault) => {
    const api = await standIn();
    const bot = createBot({ channel: 'telegram', token: '123456:TEST-TOKEN', apiRoot: api.url });
    await bot.init();
    const bad = api.pushUpdate(textUpdate('سلام'));
    const attempts: number[] = [];
    const handle = async (update: unknown) => {
      attempts.push((update as { update_id: number }).update_id);
      fault();
      return 'processed' as const;
    };
    const retried: object[] = [];
    const log = { info: () => {}, warn: (o: object | string) => void retried.push(o as object), error: () => {} };
    const poller = startPolling(bot, { channel: 'telegram', handle, log, retryMs: [10, 20, 40] });
    cleanup.push(() => poller.stop());
    // Done with it: the next getUpdates confirms it (an offset past it).
    await api.waitForCall('getUpdates', (c) => (c.params.offset ?? 0) > bad.update_id, 5000);
    expect(attempts).toEqual([bad.update_id]);
    expect(retried).toEqual([]);
  });
});

describe('Bale', () => {
  it('serves a Bale bot at /bale/webhook, with the secret in the path when Bale sends no header', async () => {
    const api = await standIn();
    const running = await server({ BALE_BOT_TOKEN: '123456:TEST-TOKEN', BALE_API_ROOT: api.url, BALE_WEBHOOK_SECRET: 'bale-secret' });
    const post = (path: string) =>
      fetch(`${running.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(textUpdate('سلام')) });
    expect((await post('/bale/webhook/wrong')).status).toBe(401);
    expect((await post('/bale/webhook/bale-secret')).status).toBe(200);
    expect(api.callsOf('sendMessage')).toHaveLength(1);
    expect((await fetch(`${running.url}/telegram/webhook`, { method: 'POST' })).status).toBe(404);
  });

  it('treats TELEGRAM_API_ROOT pointed at Bale as a Bale bot', () => {
    const config = readConfig({ TELEGRAM_BOT_TOKEN: '1:x', TELEGRAM_API_ROOT: 'https://tapi.bale.ai' });
    expect(config.bots).toEqual([{ channel: 'bale', token: '1:x', apiRoot: 'https://tapi.bale.ai', webhookSecret: undefined }]);
  });
});
