// One Telegram (or Bale) update through the channel contract: the update is read into an activity
// (readUpdate, toIncoming) and where its replies go, the turn runs once through the channel's
// receive port (src/channel), and the replies are sent here with the Bot API. Any step that cannot
// reach Redis or Telegram throws a retryable error, so the webhook answers 503 and Telegram
// delivers the update again; the redelivery gets only what was not delivered yet.
import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { BadUpdateError } from '../../src/errors.js';
import type { ChannelInstance, ChannelPorts, Logger } from '../../src/channel/index.js';
import { deliver, typingWhenSlow, UndeliverableError } from './deliver.js';
import { chatOf, readUpdate, toIncoming, type Target } from './updates.js';

export type { Logger } from '../../src/channel/index.js';

export type Outcome = 'processed' | 'duplicate' | 'ignored';

export { BadUpdateError };

/** Where a Telegram turn's replies go, and what the inbound asked of the chat. */
export interface Address {
  target: Target;
  /** The customer shared a contact: the share-contact keyboard goes away with the answer. */
  removeKeyboard: boolean;
  /** The pressed inline button, whose spinner is stopped and keyboard taken away. */
  callback?: { id: string; messageId?: number };
}

function asUpdate(raw: unknown): Update {
  const read = readUpdate(raw);
  if ('problem' in read) throw new BadUpdateError(read.problem);
  return read.update;
}

/** How Telegram payloads become activities and replies reach the chat: the channel's read and deliver. */
export function telegramIo(deps: { channel: 'telegram' | 'bale'; bot: Bot; log: Logger }): Pick<ChannelInstance<Address>, 'read' | 'deliver' | 'acknowledge' | 'targetOf'> {
  const { bot, log, channel } = deps;
  return {
    read(raw) {
      const incoming = toIncoming(asUpdate(raw), bot.botInfo, channel);
      if (incoming.kind !== 'activity') {
        // Nothing is said or stored for these, so a redelivery needs no record either.
        if (incoming.kind === 'blocked') log.info({ channel, user: incoming.userId }, 'the customer blocked the bot');
        return { kind: 'ignored', reason: incoming.kind === 'blocked' ? 'the customer blocked the bot' : incoming.reason };
      }
      const { activity, target, callback, contact } = incoming;
      return { kind: 'activities', items: [{ activity, target: { target, removeKeyboard: contact !== undefined, callback } }] };
    },

    acknowledge({ target: { target, callback } }) {
      if (callback) {
        // Stop the button's spinner and take the keyboard away: the choice is made.
        void bot.api.answerCallbackQuery(callback.id).catch(() => {});
        if (callback.messageId) void bot.api.editMessageReplyMarkup(target.chatId, callback.messageId, { reply_markup: { inline_keyboard: [] } }).catch(() => {});
      }
      // 'typing…' only when the turn is slow: a chat action on every update cost as much as the reply.
      return typingWhenSlow(bot.api, target);
    },

    async deliver({ target, removeKeyboard }, replies) {
      try {
        return await deliver(bot.api, target, replies, {
          removeKeyboard,
          onBadRequest: (error) => log.error({ err: error, channel, chat: target.chatId }, 'Telegram refused a reply'),
        });
      } catch (error) {
        if (!(error instanceof UndeliverableError)) throw error;
        // Blocked: nothing more can reach this customer, so nothing is owed either.
        log.info({ channel, chat: target.chatId }, 'reply not delivered: the bot is blocked');
        return replies.length;
      }
    },

    // A conversation's id is the chat's (`<chat>` or, in groups, `<chat>:<member>`).
    targetOf: (conversationId) => ({ target: { chatId: Number(conversationId.split(':')[0]) }, removeKeyboard: false }),
  };
}

export interface HandlerDeps {
  channel: 'telegram' | 'bale';
  receive: ChannelPorts<unknown>['receive'];
  once: ChannelPorts<unknown>['once'];
  /** The staff group's chat and what handles its updates (true when it handled one). */
  intercept?: { chatId: number; handle(update: Update): Promise<boolean> };
}

/** What the webhook and the poller call with each update: the staff group's, or a customer's turn. */
export function createUpdateHandler(deps: HandlerDeps): (raw: unknown) => Promise<Outcome> {
  return async (raw) => {
    const update = asUpdate(raw);
    const staff = deps.intercept;
    if (staff && chatOf(update) === staff.chatId) {
      const outcome = await deps.once(String(update.update_id), () => staff.handle(update));
      if (outcome !== 'declined') return outcome;
    }
    return (await deps.receive(update)).outcome;
  };
}
