// A grammY Bot for one platform: Telegram, or Bale at its own API root. Flood limits (429 with
// retry_after) are waited out by @grammyjs/auto-retry, within bounds so a turn never waits long;
// network errors and Telegram 5xx are not retried here (auto-retry would retry them without end):
// they fail the turn's delivery, the webhook answers 503, and Telegram's redelivery (or the
// poller's retry) sends what is missing.
import { autoRetry } from '@grammyjs/auto-retry';
import { Bot } from 'grammy';
import type { BotConfig } from '../../src/config.js';
import { leanFetch } from './fetch.js';

export function createBot(config: BotConfig): Bot {
  const bot = new Bot(config.token, { client: { apiRoot: config.apiRoot, timeoutSeconds: 30, fetch: leanFetch() as typeof fetch } });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 10, rethrowHttpErrors: true, rethrowInternalServerErrors: true }));
  return bot;
}
