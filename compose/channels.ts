// The channel table: every channel pasokh can run, keyed by name (as grammY keys its framework
// adapters). A new channel is a folder under adapters/ that exports a `Channel`, and one line here.
import type { ChannelTable } from '../src/channel/index.js';
import { telegramChannel } from '../adapters/telegram/index.js';
import { webChannel } from '../adapters/web/index.js';

export const CHANNELS = {
  web: webChannel,
  telegram: telegramChannel('telegram'),
  bale: telegramChannel('bale'),
} as const satisfies ChannelTable;
