// The Telegram and Bale channels: one grammY bot per configured token, fed by webhook (when a
// secret is set) or long polling, each update through the channel contract (src/channel). Bale's
// bot API copies Telegram's, so one adapter declares both.
import type { BotConfig } from '../../src/config.js';
import type { Channel, ChannelInstance, ChannelPorts, WebhookAdmin } from '../../src/channel/index.js';
import { createBot } from './api.js';
import { mountStaffGroup } from './staff.js';
import { createUpdateHandler, telegramIo, type Address } from './handler.js';
import { startPolling, type Poller } from './polling.js';
import { TEXT_LIMIT } from './render.js';
import { mountWebhook, webhookPath } from './webhook.js';

export { createBot } from './api.js';
export { webhookPath } from './webhook.js';

/** The update kinds the handler knows, registered with the webhook as the poller asks for them. */
const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;
/** Telegram's documented broadcast limit; its 429s are waited out (@grammyjs/auto-retry). */
const MESSAGES_PER_SECOND = 30;

export interface TelegramSettings {
  bot: BotConfig;
  /** The staff group (Telegram only: Bale has no forum topics). */
  staff?: { chatId: number; consoleUrl?: string };
}

function mountTelegram(ports: ChannelPorts<TelegramSettings>): ChannelInstance<Address> {
  const { settings, log } = ports;
  const config = settings.bot;
  const channel = config.channel;
  const bot = createBot(config);
  const staff = settings.staff && { chatId: settings.staff.chatId, group: mountStaffGroup({ bot, app: ports.desk, chatId: settings.staff.chatId, consoleUrl: settings.staff.consoleUrl, log }) };
  const handle = createUpdateHandler({
    channel,
    receive: ports.receive,
    once: ports.once,
    intercept: staff ? { chatId: staff.chatId, handle: (update) => staff.group.handle(update) } : undefined,
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
    mountWebhook(ports.http, {
      channel,
      secret: config.webhookSecret,
      handle: async (update) => {
        await init();
        return handle(update);
      },
    });
  }
  let poller: Poller | undefined;
  return {
    ...telegramIo({ channel, bot, log }),
    problem: () => poller?.problem(),
    async start() {
      // A poller that cannot get going (a refused token, Telegram unreachable) keeps trying and says so in /healthz.
      if (mode === 'polling') return void (poller = startPolling(bot, { channel, handle, log, prepare: init }));
      await init();
      log.info({ channel }, `${channel}: webhook at POST ${webhookPath(channel)}`);
    },
    async stop() {
      await poller?.stop();
    },
  };
}

function webhookAdmin(config: BotConfig): WebhookAdmin {
  const api = createBot(config).api;
  return {
    path: webhookPath(config.channel),
    secret: config.webhookSecret,
    set: async (url, secret) => void (await api.setWebhook(url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] })),
    remove: async () => void (await api.deleteWebhook()),
    describe: async () => ({ bot: `@${(await api.getMe()).username}`, webhook: await api.getWebhookInfo() }),
  };
}

/**
 * The Telegram channel, or Bale's (the same Bot API at Bale's root). Vouches for a phone only
 * when the customer shares their own contact; a typed number proves nothing here.
 *
 * @example const table = { telegram: telegramChannel('telegram'), bale: telegramChannel('bale') };
 */
export function telegramChannel(name: 'telegram' | 'bale'): Channel<TelegramSettings> {
  const path = webhookPath(name);
  const token = name === 'bale' ? 'BALE_BOT_TOKEN' : 'TELEGRAM_BOT_TOKEN';
  return {
    name,
    routes: [
      { method: 'POST', path, purpose: 'updates, with the secret in X-Telegram-Bot-Api-Secret-Token' },
      { method: 'POST', path: `${path}/:secret`, purpose: 'updates, with the secret as the last path segment (Bale)' },
    ],
    vouches: { phone: 'own-contact', typedPhoneProves: false },
    limits: () => ({ maxTextLength: TEXT_LIMIT, outboundPerSecond: MESSAGES_PER_SECOND }),
    settings(config) {
      const bot = config.bots.find((b) => b.channel === name);
      if (!bot) return undefined;
      // Forum topics are Telegram's: the staff group runs on the Telegram bot, not Bale's.
      const { staffChatId } = config.handoff;
      const staff = name === 'telegram' && staffChatId !== undefined ? { chatId: staffChatId, consoleUrl: config.publicUrl ? `${config.publicUrl}/agent` : undefined } : undefined;
      return { bot, staff };
    },
    offNote(config) {
      if (name === 'telegram' && config.handoff.staffChatId !== undefined) {
        return { level: 'warn', message: 'STAFF_CHAT_ID is set but there is no Telegram bot (TELEGRAM_BOT_TOKEN): the staff group is off' };
      }
      return { level: 'info', message: `no ${token}: the ${name === 'bale' ? 'Bale' : 'Telegram'} channel is off` };
    },
    mount: mountTelegram,
    webhookAdmin: (settings) => webhookAdmin(settings.bot),
  };
}
