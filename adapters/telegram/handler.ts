// One Telegram update, handled exactly once: skipped if its update_id was already done; otherwise
// the engine's turn (state and replies recorded in Redis), the replies sent, the delivery noted,
// and the update_id marked done (SET NX with a TTL). Any step that cannot reach Redis or Telegram
// throws, so the webhook answers 503 and Telegram delivers the update again; the engine then hands
// back only the replies that were not sent yet.
import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Engine, Outbound } from '../../src/engine/index.js';
import type { StateBackend } from '../../src/state/index.js';
import { deliver, DeliveryFailedError, UndeliverableError } from './deliver.js';
import { readUpdate, toIncoming } from './updates.js';

export type Outcome = 'processed' | 'duplicate' | 'ignored';

export class BadUpdateError extends Error {
  override name = 'BadUpdateError';
  readonly statusCode = 400;
}

export interface Logger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

export interface HandlerDeps {
  channel: 'telegram' | 'bale';
  bot: Bot;
  engine: Engine;
  state: StateBackend;
  log: Logger;
  /** Events of a turn (handoff.initiate, handoff.message) for the agent side. */
  onEvents?: (events: Outbound[]) => void | Promise<void>;
  /** Takes updates that are not a customer's (the staff group's); true when it handled one. */
  intercept?: (update: Update) => Promise<boolean>;
}

/** Remembered update ids: Telegram redelivers for at most a day. */
const DONE_TTL_SECONDS = 24 * 3600;

function asUpdate(raw: unknown): Update {
  const read = readUpdate(raw);
  if ('problem' in read) throw new BadUpdateError(read.problem);
  return read.update;
}

export function createUpdateHandler(deps: HandlerDeps): (raw: unknown) => Promise<Outcome> {
  const { bot, engine, state, log, channel } = deps;
  return async (raw) => {
    const update = asUpdate(raw);
    const doneKey = state.keys.dedup(channel, String(update.update_id));
    if ((await state.counters.get(doneKey)) > 0) return 'duplicate';

    if (await deps.intercept?.(update)) {
      await state.counters.claim(doneKey, DONE_TTL_SECONDS);
      return 'processed';
    }
    const incoming = toIncoming(update, bot.botInfo, channel);
    if (incoming.kind !== 'activity') {
      if (incoming.kind === 'blocked') log.info({ channel, user: incoming.userId }, 'the customer blocked the bot');
      await state.counters.claim(doneKey, DONE_TTL_SECONDS);
      return 'ignored';
    }
    const { activity, target, callback } = incoming;
    if (callback) {
      // Stop the button's spinner and take the keyboard away: the choice is made.
      void bot.api.answerCallbackQuery(callback.id).catch(() => {});
      if (callback.messageId) void bot.api.editMessageReplyMarkup(target.chatId, callback.messageId, { reply_markup: { inline_keyboard: [] } }).catch(() => {});
    }
    const verifiedPhone = activity.channelData?.verifiedPhone;
    if (typeof verifiedPhone === 'string') await engine.linkPhone(channel, activity.from.id, verifiedPhone);

    void bot.api.sendChatAction(target.chatId, 'typing', { message_thread_id: target.threadId }).catch(() => {});
    const result = await engine.process(activity);
    if (result.events.length) await deps.onEvents?.(result.events);

    let sent: number;
    try {
      sent = await deliver(bot.api, target, result.replies, {
        removeKeyboard: incoming.contact !== undefined,
        onBadRequest: (error) => log.error({ err: error, channel, chat: target.chatId }, 'Telegram refused a reply'),
      });
    } catch (error) {
      if (error instanceof UndeliverableError) {
        log.info({ channel, chat: target.chatId }, 'reply not delivered: the bot is blocked');
        sent = result.replies.length;
      } else {
        if (error instanceof DeliveryFailedError && error.sent > 0) await engine.markDelivered(activity, error.sent);
        throw error;
      }
    }
    await engine.markDelivered(activity, sent);
    await state.counters.claim(doneKey, DONE_TTL_SECONDS);
    return result.duplicate ? 'duplicate' : 'processed';
  };
}
