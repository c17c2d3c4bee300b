// The Telegram and Bale channel: one grammY bot per configured token, fed by webhook (when a
// secret is set) or long polling, each update through the same exactly-once handler.
import type { FastifyInstance } from 'fastify';
import type { App } from '../../src/app.js';
import type { BotConfig } from '../../src/config.js';
import type { TurnRunner } from '../../src/runner/index.js';
import { createBot } from './api.js';
import { deliver } from './deliver.js';
import { mountStaffGroup } from './staff.js';
import { createUpdateHandler, type Logger } from './handler.js';
import { startPolling, type Poller } from './polling.js';
import { mountWebhook, webhookPath } from './webhook.js';

export { createBot } from './api.js';
export { webhookPath } from './webhook.js';

export interface TelegramChannel {
  readonly channel: 'telegram' | 'bale';
  readonly mode: 'webhook' | 'polling';
  /** Fetches the bot's identity and, in polling mode, starts polling. Call after the server listens. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function mountTelegram(
  server: FastifyInstance,
  app: App,
  config: BotConfig,
  options: { log: Logger; runner: TurnRunner; staffChatId?: number; consoleUrl?: string },
): TelegramChannel {
  const bot = createBot(config);
  // Forum topics are Telegram's: the staff group runs on the Telegram bot, not Bale's.
  const staff =
    options.staffChatId !== undefined && config.channel === 'telegram'
      ? mountStaffGroup({ bot, app, chatId: options.staffChatId, consoleUrl: options.consoleUrl, log: options.log })
      : undefined;
  const handle = createUpdateHandler({
    channel: config.channel,
    bot,
    runner: options.runner,
    engine: app.engine,
    log: options.log,
    intercept: staff ? { chatId: options.staffChatId!, handle: (update) => staff.handle(update) } : undefined,
  });
  const mode = config.webhookSecret ? 'webhook' : 'polling';
  let ready: Promise<void> | undefined;
  // The webhook route exists from the start; until the bot knows its own name, updates wait.
  // A failed attempt (token refused, Telegram unreachable) is not remembered: the next one asks again.
  const init = () =>
    (ready ??= bot.init().catch((error: unknown) => {
      ready = undefined;
      throw error;
    }));
  if (config.webhookSecret) {
    mountWebhook(server, {
      channel: config.channel,
      secret: config.webhookSecret,
      handle: async (update) => {
        await init();
        return handle(update);
      },
    });
  }
  // Agents' replies and handoff notices reach Telegram customers through the Bot API.
  app.handoff.registerSender(config.channel, async (key, replies) => {
    const [chat] = key.slice(key.indexOf(':') + 1).split(':');
    await deliver(bot.api, { chatId: Number(chat) }, replies);
  });
  let poller: Poller | undefined;
  server.addHealthCheck(config.channel, () => poller?.problem());
  return {
    channel: config.channel,
    mode,
    async start() {
      // A poller that cannot get going (a refused token, Telegram unreachable) keeps trying and says so in /healthz.
      if (mode === 'polling') return void (poller = startPolling(bot, { channel: config.channel, handle, log: options.log, prepare: init }));
      await init();
      options.log.info({ channel: config.channel }, `${config.channel}: webhook at POST ${webhookPath(config.channel)}`);
    },
    async stop() {
      await poller?.stop();
    },
  };
}
