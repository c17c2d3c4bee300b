// What the owner taught, put where the bot already looks: labelled messages become training
// examples (as shop.yaml's FAQ questions do), and learned FAQ answers join the shop's `faq:`
// entries, so the FAQ flow answers a `faq_<key>` intent from them like any entry of shop.yaml.
import type { CommerceSource, ShopConfig } from '../commerce/index.js';
import { withFaqQuestions, type IntentData } from '../nlu/index.js';
import type { Label, LearnedFaq } from './store.js';

/** Everything learned, as one value the app swaps whole. */
export interface Learned {
  labels: readonly Label[];
  faqs: readonly LearnedFaq[];
}

export const NOTHING_LEARNED: Learned = { labels: [], faqs: [] };

/**
 * The training data with the learned FAQ entries' questions and the labelled messages added (the
 * input is left as it was). A label for an intent the data does not have is left out: its intent
 * was removed since (a learned FAQ deleted, an intents file renamed).
 *
 * @example nlu.retrainInBackground(withLearned(withFaqQuestions(intents, faqEntries(shop)), learned))
 */
export function withLearned(intents: readonly IntentData[], learned: Learned): IntentData[] {
  const out = withFaqQuestions(intents, learned.faqs, 'learned');
  const byName = new Map(out.map((i) => [i.intent, i]));
  for (const label of learned.labels) {
    const intent = byName.get(label.intent);
    if (intent && !intent.examples.includes(label.text)) intent.examples.push(label.text);
  }
  return out;
}

/** The shop with the learned FAQ entries added; the shop's own entry wins a shared key. */
export function shopWithLearned(shop: ShopConfig, faqs: readonly LearnedFaq[]): ShopConfig {
  if (faqs.length === 0) return shop;
  const faq: ShopConfig['faq'] = {};
  for (const f of faqs) faq[f.key] = { questions: f.questions, answer: f.answer };
  return { ...shop, faq: { ...faq, ...shop.faq } };
}

/**
 * The commerce source as the engine sees it: the same catalog and orders, and `shop()` with the
 * learned FAQ answers in it (kept until the shop or what was learned changes).
 */
export function commerceWithLearned(source: CommerceSource, learned: () => Learned): CommerceSource {
  let cache: { shop: ShopConfig; faqs: readonly LearnedFaq[]; merged: ShopConfig } | undefined;
  return {
    catalog: () => source.catalog(),
    findOrder: (id) => source.findOrder(id),
    findOrdersByPhone: (phone) => source.findOrdersByPhone(phone),
    problems: () => source.problems(),
    close: () => source.close(),
    shop() {
      const shop = source.shop();
      const { faqs } = learned();
      if (cache?.shop !== shop || cache.faqs !== faqs) cache = { shop, faqs, merged: shopWithLearned(shop, faqs) };
      return cache.merged;
    },
  };
}
