// A grammY Bot for one platform: Telegram, or Bale at its own API root. Outgoing calls survive
// flood limits and passing network errors (@grammyjs/auto-retry), within bounds so a turn never
// waits forever.
import { autoRetry } from '@grammyjs/auto-retry';
import { Bot } from 'grammy';
import type { BotConfig } from '../../src/config.js';

export function createBot(config: BotConfig): Bot {
  const bot = new Bot(config.token, { client: { apiRoot: config.apiRoot, timeoutSeconds: 30 } });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 4, maxDelaySeconds: 30 }));
  return bot;
}
