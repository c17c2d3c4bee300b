import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createBot } from '../../adapters/telegram/index.js';
import { startPolling } from '../../adapters/telegram/polling.js';
import { readConfig } from '../../src/config.js';
import { startServer, type Running } from '../../src/server/serve.js';
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

  it('says plainly when a second instance polls with the same token', async () => {
    const api = await standIn();
    const logs: string[] = [];
    const log = { info: () => {}, warn: () => {}, error: (_o: object | string, msg?: string) => void logs.push(String(msg ?? _o)) };
    const handle = async () => 'processed' as const;
    const config = { channel: 'telegram' as const, token: '123456:TEST-TOKEN', apiRoot: api.url };
    const first = createBot(config);
    const second = createBot(config);
    await first.init();
    await second.init();
    const a = startPolling(first, { channel: 'telegram', handle, log });
    cleanup.push(() => a.stop());
    await api.waitForCall('getUpdates');
    const b = startPolling(second, { channel: 'telegram', handle, log });
    cleanup.push(() => b.stop());
    for (let i = 0; i < 100 && logs.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(logs.join('\n')).toMatch(/another process is polling with this bot token.*one server instance only/s);
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
