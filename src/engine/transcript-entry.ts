// A turn's history entries as they are kept. The history is the one part of a conversation's
// Redis footprint that grows with every turn (up to its cap), so an entry keeps what a reader of
// the transcript uses (the widget, the console, the review queue) and drops what only restates a
// default: the engine's text format and locale, an empty recipient list, a button's display text
// that equals its title, an image's alt text that equals its card's title, and confidence digits
// no one reads past the third.
import type { Outbound } from './activity.js';

const DEFAULT_TEXT_FORMAT = 'plain';
const DEFAULT_LOCALE = 'fa-IR';

interface Action {
  title?: unknown;
  displayText?: unknown;
  [key: string]: unknown;
}
interface Card {
  title?: unknown;
  images?: Array<{ alt?: unknown; [key: string]: unknown }>;
  [key: string]: unknown;
}

const withoutEchoedTitle = (action: Action): Action => {
  if (action.displayText !== action.title) return action;
  const { displayText: _, ...rest } = action;
  return rest;
};

const compactCard = (card: Card): Card => {
  if (!Array.isArray(card.images) || !card.images.some((image) => image.alt === card.title)) return card;
  return { ...card, images: card.images.map(({ alt, ...image }) => (alt === card.title ? image : { ...image, alt })) };
};

/** A reply or event as a history entry: its own fields without those that restate defaults. */
export function compactReply(reply: Outbound): Record<string, unknown> {
  const { textFormat, locale, suggestedActions, attachments, ...rest } = reply;
  const out: Record<string, unknown> = { ...rest };
  if (textFormat !== undefined && textFormat !== DEFAULT_TEXT_FORMAT) out.textFormat = textFormat;
  if (locale !== undefined && locale !== DEFAULT_LOCALE) out.locale = locale;
  if (suggestedActions) {
    const { to, actions } = suggestedActions;
    out.suggestedActions = { ...(to?.length ? { to } : {}), actions: actions.map((a) => withoutEchoedTitle(a as unknown as Action)) };
  }
  if (attachments) {
    out.attachments = attachments.map((a) =>
      a.content && typeof a.content === 'object' ? { ...a, content: compactCard(a.content as Card) } : a,
    );
  }
  return out;
}

/** Confidence as kept in the transcript: three decimals are what the console shows and more. */
export const keptConfidence = (confidence: number | undefined): number | undefined =>
  confidence === undefined ? undefined : Math.round(confidence * 1000) / 1000;
