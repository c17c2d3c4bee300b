// pasokh telegram set-webhook | delete-webhook | info [--bale]: the channel's webhook registration,
// through the table's `webhookAdmin` (the composition root passes the table in).
import type { ChannelTable } from '../channel/index.js';
import { loadDotEnv, readConfig } from '../config.js';
import { print, UsageError } from './io.js';

export async function telegramCommand(action: string | undefined, options: { bale: boolean }, channels: ChannelTable): Promise<number> {
  const channel = options.bale ? 'bale' : 'telegram';
  loadDotEnv();
  const config = readConfig();
  const entry = channels[channel];
  const settings = entry?.settings(config);
  const admin = settings === undefined ? undefined : entry?.webhookAdmin?.(settings);
  if (!admin) throw new UsageError(channel === 'bale' ? 'set BALE_BOT_TOKEN first' : 'set TELEGRAM_BOT_TOKEN first');
  const prefix = channel === 'bale' ? 'BALE' : 'TELEGRAM';
  switch (action) {
    case 'set-webhook': {
      if (!config.publicUrl) throw new UsageError('set PUBLIC_URL to the https:// address this server is reached at');
      if (!admin.secret) throw new UsageError(`set ${prefix}_WEBHOOK_SECRET (letters, digits, _ and -) so the server can tell Telegram's requests apart`);
      const url = `${config.publicUrl}${admin.path}`;
      await admin.set(url, admin.secret);
      print(`${channel}: webhook set to ${url}`);
      return 0;
    }
    case 'delete-webhook':
      await admin.remove();
      print(`${channel}: webhook removed (the server will use long polling when ${prefix}_WEBHOOK_SECRET is unset)`);
      return 0;
    case 'info':
      print(JSON.stringify(await admin.describe(), null, 2));
      return 0;
    default:
      throw new UsageError('pasokh telegram set-webhook | delete-webhook | info [--bale]');
  }
}
