// The names the owner reads for intents: the canonical ones from src/wire/intent-labels.ts, and the
// shop's own FAQ entries (`faq_<key>`) by what the owner wrote — a learned answer by the title given
// on /agent/review, a shop.yaml entry by its first question — instead of the English key.
import { faqIntentName, SHOP_FAQ_PREFIX } from '../nlu/index.js';
import { intentLabel } from '../wire/intent-labels.js';

/** What naming an FAQ intent needs of an entry: its key, and a title or questions if it has them. */
export interface NamedFaq {
  key: string;
  title?: string;
  questions?: readonly string[];
}

/** Longest label kept: a chart row, not a paragraph. */
const MAX_LABEL = 60;
const short = (text: string) => {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > MAX_LABEL ? `${chars.slice(0, MAX_LABEL - 1).join('')}…` : chars.join('');
};

/**
 * Intent → Persian label. The first entry naming an intent wins (pass the learned ones, with their
 * titles, first); an entry whose key answers a canonical intent (`sizes` → size_advice) leaves that
 * intent's own label alone; an intent no entry names falls back to `intentLabel`.
 *
 * @example intentLabeller([{ key: 'gift_wrap', questions: ['کادو پیچ می‌کنید؟'] }])('faq_gift_wrap') // 'کادو پیچ می‌کنید؟'
 */
export function intentLabeller(faqs: readonly NamedFaq[]): (intent: string) => string {
  const names = new Map<string, string>();
  for (const faq of faqs) {
    const intent = faqIntentName(faq.key);
    if (names.has(intent) || !intent.startsWith(SHOP_FAQ_PREFIX)) continue;
    const name = faq.title?.trim() || faq.questions?.find((q) => q.trim());
    if (name) names.set(intent, short(name));
  }
  return (intent) => names.get(intent) ?? intentLabel(intent);
}
