// `pasokh telegram set-webhook | info | delete-webhook [--bale]` through the channel table's
// webhookAdmin, against a Bot API stand-in over real HTTP: the platform is given the documented
// path and the secret, and a missing setting is named instead of calling the platform.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../compose/channels.js';
import { telegramCommand } from '../../src/cli/telegram.js';
import { startBotApiStandIn, type BotApiStandIn } from '../support/bot-api-stand-in.js';

let api: BotApiStandIn;
beforeAll(async () => {
  api = await startBotApiStandIn();
});
afterAll(async () => api?.close());
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  api.reset();
});

function env(vars: Record<string, string>): void {
  for (const name of ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_API_ROOT', 'TELEGRAM_WEBHOOK_SECRET', 'BALE_BOT_TOKEN', 'BALE_API_ROOT', 'BALE_WEBHOOK_SECRET', 'PUBLIC_URL', 'REDIS_URL']) vi.stubEnv(name, undefined);
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
}

/** Runs the command and returns what it printed. */
async function run(action: string, bale = false): Promise<string> {
  let printed = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((printed += String(chunk)), true));
  expect(await telegramCommand(action, { bale }, CHANNELS)).toBe(0);
  return printed;
}

describe('pasokh telegram', () => {
  it('registers /telegram/webhook with the secret and the update kinds, shows it, and removes it', async () => {
    env({ TELEGRAM_BOT_TOKEN: '123456:TEST-TOKEN', TELEGRAM_API_ROOT: api.url, TELEGRAM_WEBHOOK_SECRET: 'hook-secret_1', PUBLIC_URL: 'https://bot.example.com' });
    expect(await run('set-webhook')).toContain('https://bot.example.com/telegram/webhook');
    const call = api.callsOf('setWebhook')[0]!;
    expect(call.params).toMatchObject({ url: 'https://bot.example.com/telegram/webhook', secret_token: 'hook-secret_1' });
    expect(call.params.allowed_updates).toEqual(['message', 'edited_message', 'callback_query', 'my_chat_member']);
    const info = JSON.parse(await run('info')) as { bot: string; webhook: { url: string } };
    expect(info).toMatchObject({ bot: '@pasokh_test_bot', webhook: { url: 'https://bot.example.com/telegram/webhook' } });
    await run('delete-webhook');
    expect(api.callsOf('deleteWebhook')).toHaveLength(1);
  });

  it('registers /bale/webhook for --bale', async () => {
    env({ BALE_BOT_TOKEN: '123456:TEST-TOKEN', BALE_API_ROOT: api.url, BALE_WEBHOOK_SECRET: 'bale-secret_1', PUBLIC_URL: 'https://bot.example.com' });
    await run('set-webhook', true);
    expect(api.callsOf('setWebhook')[0]?.params).toMatchObject({ url: 'https://bot.example.com/bale/webhook', secret_token: 'bale-secret_1' });
  });

  it('names the missing setting and calls nothing', async () => {
    env({ TELEGRAM_BOT_TOKEN: '123456:TEST-TOKEN', TELEGRAM_API_ROOT: api.url, PUBLIC_URL: 'https://bot.example.com' });
    await expect(telegramCommand('set-webhook', { bale: false }, CHANNELS)).rejects.toThrow('TELEGRAM_WEBHOOK_SECRET');
    await expect(telegramCommand('info', { bale: true }, CHANNELS)).rejects.toThrow('set BALE_BOT_TOKEN first');
    expect(api.calls).toEqual([]);
  });
});
