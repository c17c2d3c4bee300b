// One item of the conversation: a message bubble (with its cards and quick replies), a system
// notice, or a day separator.
import { h } from './dom.js';
import { clock, dayKey, dayLabel } from './format.js';
import type { Card, Entry, QuickReply } from './types.js';

export type Who = 'customer' | 'bot' | 'agent';

/** An absolute http(s) URL, or null: javascript:, data: and the like never reach href or src. */
export function safeUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url, location.href);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

/** http(s) addresses in running text; what follows them in a sentence (.,،؛!?) and closing brackets are left out. */
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'«»]+/gi;
const TRAILING = /[.,،؛:;!?؟)\]}»]+$/;

/**
 * A message's text with its http(s) addresses as links (a new tab, `rel=noopener`). Anything else
 * that looks like a link — javascript:, data:, a bare domain — stays text.
 */
export function linkified(text: string): Array<Node | string> {
  const parts: Array<Node | string> = [];
  let at = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const raw = match[0].replace(TRAILING, '');
    const href = safeUrl(raw);
    if (!href || match.index === undefined) continue;
    if (match.index > at) parts.push(text.slice(at, match.index));
    parts.push(h('a', { href, target: '_blank', rel: 'noopener', dir: 'ltr', 'data-pasokh': 'link' }, raw));
    at = match.index + raw.length;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}

function cardView(card: Card): HTMLElement {
  const image = safeUrl(card.image);
  const url = safeUrl(card.url);
  const img = image && h('img', { loading: 'lazy', decoding: 'async', alt: card.title, src: image });
  // A broken product photo is worse than none.
  if (img) img.addEventListener('error', () => img.remove(), { once: true });
  return h(
    'div',
    { class: 'card', 'data-pasokh': 'card' },
    img,
    h(
      'div',
      { class: 'cb' },
      h('div', { class: 'ct', dir: 'auto' }, card.title),
      card.subtitle && h('div', { class: 'cs', dir: 'auto' }, card.subtitle),
      card.text && h('div', { class: 'cx', dir: 'auto' }, card.text),
      url && h('a', { class: 'cl', href: url, target: '_blank', rel: 'noopener' }, 'مشاهده'),
    ),
  );
}

export function messageView(from: Who, id: string, at: Date, text?: string, name?: string, cards?: Card[]): HTMLElement {
  return h(
    'div',
    { class: `m ${from}`, 'data-pasokh': 'message', 'data-from': from, 'data-id': id },
    from === 'agent' && h('div', { class: 'who', dir: 'auto' }, name || 'پشتیبان'),
    text && h('div', { class: 'b', dir: 'auto' }, ...linkified(text)),
    cards && cards.length > 0 && h('div', { class: 'cards' }, ...cards.map(cardView)),
    h('div', { class: 'meta' }, h('time', { datetime: at.toISOString() }, clock(at))),
  );
}

export function quickRepliesView(replies: QuickReply[], pick: (reply: QuickReply) => void): HTMLElement {
  return h(
    'div',
    { class: 'qr', role: 'group' },
    ...replies.map((reply) => {
      const button = h('button', { type: 'button', 'data-pasokh': 'quick-reply', dir: 'auto' }, reply.title);
      button.addEventListener('click', () => pick(reply));
      return button;
    }),
  );
}

export function noticeText(entry: Entry): string {
  const who = entry.name || 'پشتیبان';
  if (entry.notice === 'agent_joined') return `${who} به گفتگو پیوست`;
  if (entry.notice === 'agent_left') return `${who} گفتگو را ترک کرد`;
  return entry.text ?? '';
}

export const noticeView = (text: string, id?: string, error = false): HTMLElement =>
  // rtl, not auto: «boss به گفتگو پیوست» is a Persian sentence that starts with a Latin name.
  h('div', { class: error ? 'n err' : 'n', 'data-pasokh': 'notice', 'data-id': id, dir: 'rtl', role: error ? 'alert' : undefined }, text);

export const dayView = (d: Date): HTMLElement => h('div', { class: 'day', 'data-day': dayKey(d) }, h('span', null, dayLabel(d)));
