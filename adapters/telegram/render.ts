// Turning engine replies into Bot API messages: HTML with escaping, long texts split at sentence
// borders, quick replies as inline keyboards whose callback data fits Telegram's 64 bytes.
import type { Choice } from '../../src/engine/index.js';

export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
const CALLBACK_DATA_BYTES = 64;

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
export const escapeHtml = (text: string) => text.replace(/[&<>]/g, (c) => HTML_ESCAPES[c]!);

/** The parts of a product card that make its caption. */
export interface CaptionParts {
  title?: string;
  subtitle?: string;
  text?: string;
}

/**
 * A card's caption in HTML: the title in bold, the subtitle, the text, one per line. Telegram
 * counts a caption's length after parsing, so the plain text is cut to `limit` characters first
 * (the text before the subtitle before the title, with an ellipsis, never inside a surrogate pair)
 * and escaped afterwards: an escape or a tag is never cut in half.
 *
 * @example cardCaption({ title: 'مانتو', text: 'کتان & نخ' }) // '<b>مانتو</b>\nکتان &amp; نخ'
 */
export function cardCaption(card: CaptionParts, limit = CAPTION_LIMIT): string {
  let used = 0; // visible characters so far, line breaks included
  const kept = [card.title, card.subtitle, card.text].map((part) => {
    if (!part) return '';
    const lineBreak = used > 0 ? 1 : 0;
    const room = limit - used - lineBreak;
    if (room < 2) return '';
    const piece = part.length <= room ? part : `${cutAt(part, room - 1)}…`;
    used += lineBreak + piece.length;
    return piece;
  });
  const [title, subtitle, text] = kept;
  return [title && `<b>${escapeHtml(title)}</b>`, subtitle && escapeHtml(subtitle), text && escapeHtml(text)].filter(Boolean).join('\n');
}

/** The first `n` UTF-16 units of `text`, one fewer when the cut would split a surrogate pair. */
function cutAt(text: string, n: number): string {
  const code = text.charCodeAt(n - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n).trimEnd();
}

/**
 * Pieces of at most `limit` characters, cut where a reader would pause: a blank line, a line end,
 * a sentence end, a space — and mid-word only when a "word" is longer than the limit.
 */
export function splitText(text: string, limit = TEXT_LIMIT): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    const cut =
      lastBreak(window, /\n\n/g, 2) ??
      lastBreak(window, /\n/g, 1) ??
      lastBreak(window, /[.!?؟…](?=\s)/g, 1) ??
      lastBreak(window, /\s/g, 1) ??
      limit;
    pieces.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/** End of the last match of `pattern` in the window's second half, or undefined. */
function lastBreak(window: string, pattern: RegExp, length: number): number | undefined {
  let best: number | undefined;
  for (const m of window.matchAll(pattern)) {
    const end = m.index + length;
    if (end <= window.length - 1 && end >= window.length / 2) best = end;
  }
  return best;
}

const ASKS = { price: 'p', availability: 'a', info: 'i' } as const;
const ASK_OF = { p: 'price', a: 'availability', i: 'info' } as const;

/** Callback data for a quick reply, or undefined when it would not fit in 64 bytes. */
export function encodeChoice(choice: Choice): string | undefined {
  const data =
    choice.do === 'product' ? `p:${ASKS[choice.ask]}:${choice.id}` : choice.do === 'intent' ? `i:${choice.intent}` : choice.do === 'rate' ? `r:${choice.score}` : 'h';
  return Buffer.byteLength(data) <= CALLBACK_DATA_BYTES ? data : undefined;
}

export function decodeChoice(data: string | undefined): Choice | undefined {
  if (!data) return undefined;
  if (data === 'h') return { do: 'handoff' };
  const product = /^p:([pai]):(.+)$/.exec(data);
  if (product) return { do: 'product', ask: ASK_OF[product[1] as 'p' | 'a' | 'i'], id: product[2]! };
  const rate = /^r:([1-5])$/.exec(data);
  if (rate) return { do: 'rate', score: Number(rate[1]) };
  const intent = /^i:([a-z_]+)$/.exec(data);
  if (intent) return { do: 'intent', intent: intent[1]! };
  return undefined;
}
