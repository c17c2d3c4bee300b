// pasokh telegram set-webhook | delete-webhook | info [--bale]
import { createBot, webhookPath } from '../../adapters/telegram/index.js';
import { loadDotEnv, readConfig, type BotConfig } from '../config.js';
import { print, UsageError } from './io.js';

const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;

function botFor(channel: 'telegram' | 'bale'): { bot: BotConfig; publicUrl?: string } {
  loadDotEnv();
  const config = readConfig();
  const bot = config.bots.find((b) => b.channel === channel);
  if (!bot) throw new UsageError(channel === 'bale' ? 'set BALE_BOT_TOKEN first' : 'set TELEGRAM_BOT_TOKEN first');
  return { bot, publicUrl: config.publicUrl };
}

export async function telegramCommand(action: string | undefined, options: { bale: boolean }): Promise<number> {
  const channel = options.bale ? 'bale' : 'telegram';
  const { bot, publicUrl } = botFor(channel);
  const api = createBot(bot).api;
  const prefix = channel === 'bale' ? 'BALE' : 'TELEGRAM';
  switch (action) {
    case 'set-webhook': {
      if (!publicUrl) throw new UsageError('set PUBLIC_URL to the https:// address this server is reached at');
      if (!bot.webhookSecret) throw new UsageError(`set ${prefix}_WEBHOOK_SECRET (letters, digits, _ and -) so the server can tell Telegram's requests apart`);
      const url = `${publicUrl}${webhookPath(channel)}`;
      await api.setWebhook(url, { secret_token: bot.webhookSecret, allowed_updates: [...ALLOWED_UPDATES] });
      print(`${channel}: webhook set to ${url}`);
      return 0;
    }
    case 'delete-webhook':
      await api.deleteWebhook();
      print(`${channel}: webhook removed (the server will use long polling when ${prefix}_WEBHOOK_SECRET is unset)`);
      return 0;
    case 'info': {
      const me = await api.getMe();
      const info = await api.getWebhookInfo();
      print(JSON.stringify({ bot: `@${me.username}`, webhook: info }, null, 2));
      return 0;
    }
    default:
      throw new UsageError('pasokh telegram set-webhook | delete-webhook | info [--bale]');
  }
}
