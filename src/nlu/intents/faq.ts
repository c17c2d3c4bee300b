// A shop's own FAQ entries (shop.yaml `faq:` with `questions`) as training data, so the shop can
// teach the bot a question without touching intents/. A key for a topic pasokh already knows
// (sizes, original…) adds its questions to that intent; any other key becomes an intent of its own,
// `faq_<key>`, which canonical dev sets score as out_of_scope (they have no such label).
import type { IntentData } from './load.js';

/** Shop FAQ keys that answer one of the bundled intents. */
export const FAQ_KEY_INTENTS: Readonly<Record<string, string>> = {
  sizes: 'size_advice',
  original: 'authenticity',
  wholesale: 'wholesale',
  discount: 'discount_code',
  haggle: 'haggle',
  exchange_shipping: 'exchange_shipping',
  hours: 'business_hours',
  address: 'shop_address',
  contact: 'contact_info',
};

export const SHOP_FAQ_PREFIX = 'faq_';

/** The intent that answers a shop FAQ key: a bundled one, or `faq_<key>`. */
export function faqIntentName(key: string): string {
  return FAQ_KEY_INTENTS[key] ?? `${SHOP_FAQ_PREFIX}${key.toLowerCase().replace(/[^a-z0-9_]+/g, '_')}`;
}

/** The intents with the shop's FAQ questions trained in (the input is left as it was). */
export function withFaqQuestions(intents: readonly IntentData[], faq: readonly { key: string; questions: readonly string[] }[], file = 'shop.yaml'): IntentData[] {
  const out = intents.map((i) => ({ ...i, examples: [...i.examples] }));
  for (const { key, questions } of faq) {
    if (questions.length === 0) continue;
    const name = faqIntentName(key);
    const existing = out.find((i) => i.intent === name);
    if (existing) existing.examples.push(...questions);
    else out.push({ intent: name, description: `the shop's own FAQ entry "${key}"`, examples: [...questions], counts_as: 'out_of_scope', file });
  }
  return out;
}
