// Sends a turn's replies through the Bot API, in order. Product cards become a photo with a
// caption and a link button; quick replies an inline keyboard; a request for the customer's number
// Telegram's "share my contact" keyboard. Flood limits and network errors are retried by
// @grammyjs/auto-retry (configured on the Api); what still fails is reported to the caller.
import { GrammyError, type Api } from 'grammy';
import type { InlineKeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove, InlineKeyboardMarkup } from 'grammy/types';
import type { Choice, Outbound } from '../../src/engine/index.js';
import { texts } from '../../src/engine/index.js';
import { DeliveryFailedError, UndeliverableError } from '../../src/errors.js';
import { CAPTION_LIMIT, cardCaption, encodeChoice, escapeHtml, splitText } from './render.js';
import type { Target } from './updates.js';

type Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove;

interface Card {
  title?: string;
  subtitle?: string;
  text?: string;
  images?: Array<{ url?: string }>;
  buttons?: Array<{ type?: string; title?: string; value?: string }>;
}

export { DeliveryFailedError, UndeliverableError };

function quickReplies(reply: Outbound): InlineKeyboardMarkup | undefined {
  const rows: InlineKeyboardButton[][] = (reply.suggestedActions?.actions ?? []).flatMap((action) => {
    const data = encodeChoice(action.value as Choice);
    return data ? [[{ text: action.title, callback_data: data }]] : [];
  });
  return rows.length ? { inline_keyboard: rows } : undefined;
}

const contactKeyboard = (): ReplyKeyboardMarkup => ({
  keyboard: [[{ text: texts.shareContactButton, request_contact: true }]],
  one_time_keyboard: true,
  resize_keyboard: true,
});

function linkButtons(card: Card): InlineKeyboardButton[][] {
  return (card.buttons ?? [])
    .filter((b) => b.type === 'openUrl' && b.value && /^https?:\/\//.test(b.value))
    .map((b) => [{ text: b.title ?? texts.viewOnSite, url: b.value! }]);
}

/** One Bot API call per message; the keyboard goes on the reply's last message. */
function plan(reply: Outbound, removeKeyboard: boolean): Array<(api: Api, t: Target, markup?: Markup) => Promise<unknown>> {
  const steps: Array<(api: Api, t: Target, markup?: Markup) => Promise<unknown>> = [];
  const common = (t: Target) => ({
    parse_mode: 'HTML' as const,
    message_thread_id: t.threadId,
    reply_parameters: t.replyTo ? { message_id: t.replyTo, allow_sending_without_reply: true } : undefined,
  });
  const cards = (reply.attachments ?? []).map((a) => a.content as Card).filter(Boolean);
  const text = reply.text ?? '';
  const card = cards.length === 1 ? cards[0] : undefined;
  const image = card?.images?.[0]?.url;
  const captionFits = card && image && escapeHtml(text).length <= CAPTION_LIMIT && text.length > 0;

  if (captionFits) {
    // The answer rides on the product photo: one message, with the link button and quick replies.
    steps.push((api, t, markup) =>
      api.sendPhoto(t.chatId, image!, { ...common(t), caption: escapeHtml(text), reply_markup: mergeMarkup(linkButtons(card!), markup) }),
    );
  } else {
    for (const piece of splitText(text)) {
      steps.push((api, t, markup) => api.sendMessage(t.chatId, escapeHtml(piece), { ...common(t), link_preview_options: { is_disabled: true }, reply_markup: markup }));
    }
    for (const c of cards) {
      const url = c.images?.[0]?.url;
      steps.push((api, t, markup) =>
        url
          ? api.sendPhoto(t.chatId, url, { ...common(t), caption: cardCaption(c), reply_markup: mergeMarkup(linkButtons(c), markup) })
          : api.sendMessage(t.chatId, cardCaption(c), { ...common(t), reply_markup: mergeMarkup(linkButtons(c), markup) }),
      );
    }
  }
  // Only the last step gets the quick replies / contact keyboard; the first may remove an old keyboard.
  return steps.map((step, i) => (api, t) => {
    const last = i === steps.length - 1;
    let markup: Markup | undefined;
    if (last && (reply.channelData as { requestContact?: boolean } | undefined)?.requestContact) markup = contactKeyboard();
    else if (last) markup = quickReplies(reply);
    if (!markup && i === 0 && removeKeyboard) markup = { remove_keyboard: true };
    return step(api, t, markup);
  });
}

function mergeMarkup(links: InlineKeyboardButton[][], markup?: Markup): Markup | undefined {
  if (markup && !('inline_keyboard' in markup)) return markup;
  const rows = [...links, ...(markup?.inline_keyboard ?? [])];
  return rows.length ? { inline_keyboard: rows } : undefined;
}

/**
 * Sends replies in order; returns how many were sent. A message Telegram refuses as malformed is
 * logged and skipped; a blocked bot throws UndeliverableError; anything else DeliveryFailedError.
 */
export async function deliver(
  api: Api,
  target: Target,
  replies: readonly Outbound[],
  options: { removeKeyboard?: boolean; onBadRequest?: (error: GrammyError) => void } = {},
): Promise<number> {
  let sent = 0;
  for (const reply of replies) {
    if (reply.type !== 'message') {
      sent += 1;
      continue;
    }
    try {
      for (const step of plan(reply, options.removeKeyboard === true && sent === 0)) await step(api, target);
    } catch (error) {
      if (error instanceof GrammyError && error.error_code === 403) throw new UndeliverableError(sent, error);
      if (error instanceof GrammyError && error.error_code === 400) options.onBadRequest?.(error);
      else throw new DeliveryFailedError(sent, error);
    }
    sent += 1;
  }
  return sent;
}

/** A turn that takes longer than this shows "typing…"; most turns are done long before. */
export const TYPING_AFTER_MS = 1000;
/** Telegram shows a chat action for about five seconds: a turn still running says it again. */
const TYPING_REPEAT_MS = 4500;

/**
 * Shows the customer "typing…" only if the reply is not ready after `afterMs` (and again while it
 * is still not): an action on every update would cost as much as the reply itself. Call the
 * returned function when the replies are ready (or the turn failed).
 *
 * @example const stop = typingWhenSlow(bot.api, target); try { … } finally { stop(); }
 */
export function typingWhenSlow(api: Pick<Api, 'sendChatAction'>, target: Target, afterMs = TYPING_AFTER_MS): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const show = () => {
    void api.sendChatAction(target.chatId, 'typing', { message_thread_id: target.threadId }).catch(() => {});
    timer = setTimeout(show, TYPING_REPEAT_MS);
    timer.unref();
  };
  timer = setTimeout(show, afterMs);
  timer.unref();
  return () => clearTimeout(timer);
}
