// One Telegram (or Bale) update, handled exactly once by the shared turn runner (src/runner): the
// update becomes an activity, the runner claims its conversation, runs the engine, has the replies
// sent here and records the delivery with the turn. Any step that cannot reach Redis or Telegram
// throws a retryable error, so the webhook answers 503 and Telegram delivers the update again; the
// redelivery gets only what was not delivered yet.
import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Engine } from '../../src/engine/index.js';
import type { TurnRunner } from '../../src/runner/index.js';
import { deliver, typingWhenSlow, UndeliverableError } from './deliver.js';
import { chatOf, readUpdate, toIncoming } from './updates.js';

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
  runner: TurnRunner;
  engine: Pick<Engine, 'linkPhone'>;
  log: Logger;
  /** The staff group's chat and what handles its updates (true when it handled one). */
  intercept?: { chatId: number; handle(update: Update): Promise<boolean> };
}

function asUpdate(raw: unknown): Update {
  const read = readUpdate(raw);
  if ('problem' in read) throw new BadUpdateError(read.problem);
  return read.update;
}

export function createUpdateHandler(deps: HandlerDeps): (raw: unknown) => Promise<Outcome> {
  const { bot, runner, engine, log, channel } = deps;
  return async (raw) => {
    const update = asUpdate(raw);
    const staff = deps.intercept;
    if (staff && chatOf(update) === staff.chatId) {
      const outcome = await runner.once(channel, String(update.update_id), () => staff.handle(update));
      if (outcome !== 'declined') return outcome;
    }
    const incoming = toIncoming(update, bot.botInfo, channel);
    if (incoming.kind !== 'activity') {
      // Nothing is said or stored for these, so a redelivery needs no record either.
      if (incoming.kind === 'blocked') log.info({ channel, user: incoming.userId }, 'the customer blocked the bot');
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

    const stopTyping = typingWhenSlow(bot.api, target);
    return runner.run(activity, async (replies) => {
      stopTyping();
      try {
        return await deliver(bot.api, target, replies, {
          removeKeyboard: incoming.contact !== undefined,
          onBadRequest: (error) => log.error({ err: error, channel, chat: target.chatId }, 'Telegram refused a reply'),
        });
      } catch (error) {
        if (!(error instanceof UndeliverableError)) throw error;
        // Blocked: nothing more can reach this customer, so nothing is owed either.
        log.info({ channel, chat: target.chatId }, 'reply not delivered: the bot is blocked');
        return replies.length;
      }
    }).finally(stopTyping);
  };
}
