// Telegram updates → engine activities. Every update type is accepted; the ones the bot has
// nothing to say to are ignored with a reason. In groups the bot answers only when mentioned, when
// a message replies to it, or to a command addressed to it. The fields read here are checked first
// (readUpdate): a body that merely looks like an update must not reach them as the wrong type.
import type { Message, Update, UserFromGetMe } from 'grammy/types';
import { z } from 'zod';
import { phoneOf } from '../../src/nlu/entities/index.js';
import type { Inbound } from '../../src/engine/index.js';
import { decodeChoice } from './render.js';

export interface Target {
  chatId: number;
  /** Forum topic, when the message came from one. */
  threadId?: number;
  /** In groups, replies quote the customer's message. */
  replyTo?: number;
}

export type Incoming =
  | { kind: 'activity'; activity: Inbound; target: Target; callback?: { id: string; messageId?: number }; contact?: 'own' | 'foreign' }
  | { kind: 'blocked'; userId: string }
  | { kind: 'ignore'; reason: string };

// What pasokh reads of an update, as the Bot API documents it; everything else passes untouched.
const Id = z.number().int().refine(Number.isSafeInteger, 'must be a safe integer');
const User = z.looseObject({ id: Id, is_bot: z.boolean(), first_name: z.string(), last_name: z.string().optional(), username: z.string().optional() });
const Chat = z.looseObject({ id: Id, type: z.string() });
const Button = z.looseObject({ text: z.string(), callback_data: z.string().optional() });
const MessageShape = z.looseObject({
  message_id: Id,
  // Unix seconds; bounded so that a Date can be made of it.
  date: z.number().int().min(0).max(2 ** 32),
  chat: Chat,
  from: User.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  contact: z.looseObject({ phone_number: z.string(), user_id: Id.optional() }).optional(),
  reply_to_message: z.looseObject({ from: z.looseObject({ id: Id }).optional() }).optional(),
  is_topic_message: z.boolean().optional(),
  message_thread_id: Id.optional(),
  reply_markup: z.looseObject({ inline_keyboard: z.array(z.array(Button)).optional() }).optional(),
});
const UpdateShape = z.looseObject({
  update_id: Id.min(0, 'must be a non-negative integer'),
  message: MessageShape.optional(),
  callback_query: z.looseObject({ id: z.string(), from: User, data: z.string().optional(), message: MessageShape.optional() }).optional(),
  my_chat_member: z.looseObject({ chat: Chat, from: User, new_chat_member: z.looseObject({ status: z.string() }) }).optional(),
});

/**
 * The chat an update belongs to, when it names one: the message's (new, edited, or under a
 * pressed button), or the chat whose membership changed. The staff group is recognised by it,
 * and the poller runs one chat's updates in order by it.
 */
export function chatOf(update: Update): number | undefined {
  const callback = update.callback_query?.message;
  const message = update.message ?? update.edited_message ?? (callback && 'chat' in callback ? callback : undefined);
  return message?.chat.id ?? update.my_chat_member?.chat.id;
}

/**
 * The update in a webhook body or a poll, or what is wrong with it (`message.text: expected
 * string`), checked for every field the adapter and the staff group read.
 *
 * @example const read = readUpdate(request.body); if ('problem' in read) reply 400 with read.problem
 */
export function readUpdate(raw: unknown): { update: Update } | { problem: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { problem: 'an update is a JSON object' };
  const parsed = UpdateShape.safeParse(raw);
  if (parsed.success) return { update: parsed.data as unknown as Update };
  const issue = parsed.error.issues[0]!;
  return { problem: `${issue.path.join('.') || 'update'}: ${issue.message}` };
}

const name = (user: { first_name: string; last_name?: string }) => [user.first_name, user.last_name].filter(Boolean).join(' ');

function addressedToBot(message: Message, bot: UserFromGetMe): boolean {
  if (message.chat.type === 'private') return true;
  if (message.reply_to_message?.from?.id === bot.id) return true;
  const text = message.text ?? message.caption ?? '';
  return text.includes(`@${bot.username}`);
}

function conversationOf(message: Message): string {
  // In a group each member has their own conversation with the bot.
  return message.chat.type === 'private' ? String(message.chat.id) : `${message.chat.id}:${message.from?.id ?? 0}`;
}

export function toIncoming(update: Update, bot: UserFromGetMe, channelId: string): Incoming {
  const id = String(update.update_id);
  const base = (message: Message) => ({
    type: 'message' as const,
    id,
    channelId,
    from: { id: String(message.from?.id ?? message.chat.id), name: message.from ? name(message.from) : undefined },
    conversation: { id: conversationOf(message) },
    timestamp: new Date(message.date * 1000).toISOString(),
  });
  const targetOf = (message: Message): Target => ({
    chatId: message.chat.id,
    threadId: message.is_topic_message ? message.message_thread_id : undefined,
    replyTo: message.chat.type === 'private' ? undefined : message.message_id,
  });

  if (update.message) {
    const message = update.message;
    if (!message.from || message.from.is_bot) return { kind: 'ignore', reason: 'not from a person' };
    if (!addressedToBot(message, bot)) return { kind: 'ignore', reason: 'group message not addressed to the bot' };
    if (message.contact) {
      const phone = phoneOf(message.contact.phone_number.replace(/^\+?/, '+'));
      const own = message.contact.user_id === message.from.id;
      return {
        kind: 'activity',
        activity: { ...base(message), text: '', channelData: own && phone ? { verifiedPhone: phone, sharedContact: true } : { sharedContact: true } },
        target: targetOf(message),
        contact: own && phone ? 'own' : 'foreign',
      };
    }
    const text = (message.text ?? '').replaceAll(`@${bot.username}`, '').trim();
    // Photos, stickers, voice and the rest arrive without text: the engine asks for text.
    return { kind: 'activity', activity: { ...base(message), text }, target: targetOf(message) };
  }

  if (update.callback_query) {
    const query = update.callback_query;
    const message = query.message && 'chat' in query.message ? (query.message as Message) : undefined;
    const choice = decodeChoice(query.data);
    if (!message) return { kind: 'ignore', reason: 'callback without a message' };
    const title = (message.reply_markup?.inline_keyboard ?? []).flat().find((b) => 'callback_data' in b && b.callback_data === query.data)?.text;
    return {
      kind: 'activity',
      activity: {
        ...base(message),
        from: { id: String(query.from.id), name: name(query.from) },
        conversation: { id: message.chat.type === 'private' ? String(message.chat.id) : `${message.chat.id}:${query.from.id}` },
        text: title ?? '',
        value: choice,
      },
      target: { ...targetOf(message), replyTo: undefined },
      callback: { id: query.id, messageId: message.message_id },
    };
  }

  if (update.my_chat_member) {
    const status = update.my_chat_member.new_chat_member.status;
    if (update.my_chat_member.chat.type === 'private' && status === 'kicked') {
      return { kind: 'blocked', userId: String(update.my_chat_member.from.id) };
    }
    return { kind: 'ignore', reason: `bot membership is now ${status}` };
  }

  if (update.edited_message) return { kind: 'ignore', reason: 'edited message (the original was answered)' };
  return { kind: 'ignore', reason: `update without a message (${Object.keys(update).filter((k) => k !== 'update_id').join(', ')})` };
}
