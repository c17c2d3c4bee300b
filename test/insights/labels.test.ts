// The intents chart names the shop's own FAQ entries as the owner wrote them: a learned answer by
// the title given on /agent/review, a shop.yaml entry by its first question, never an English key.
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { mountInsights } from '../../adapters/agent/insights.js';
import type { ShopConfig } from '../../src/commerce/index.js';
import { createMemoryInsightsStore, intentLabeller, tehranTime } from '../../src/insights/index.js';
import { NOTHING_LEARNED, type Learned } from '../../src/learning/index.js';
import type { InsightsReport } from '../../src/wire/insights.js';

const LEARNED: Learned = {
  labels: [],
  faqs: [{ key: 'learned_e4bd66f1', title: 'کارت هدیه', answer: 'بله، از ۵۰۰ هزار تومان.', questions: ['کارت هدیه دارید؟'], at: '2026-12-01T10:00:00Z' }],
};
const SHOP_FAQ = {
  'gift wrap': { questions: ['کادوپیچ هم میکنین؟', 'بسته بندی کادویی دارین؟'], answer: 'بله.' },
  sizes: 'جدول سایز در صفحه‌ی هر محصول است.',
} as ShopConfig['faq'];

describe('intentLabeller', () => {
  const label = intentLabeller([...LEARNED.faqs, ...Object.entries(SHOP_FAQ).map(([key, v]) => ({ key, questions: typeof v === 'string' ? [] : v.questions }))]);
  it.each([
    ['faq_learned_e4bd66f1', 'کارت هدیه'],
    ['faq_gift_wrap', 'کادوپیچ هم میکنین؟'],
    ['size_advice', 'راهنمای سایز'],
    ['order_status', 'وضعیت سفارش'],
    ['faq_gone', 'پرسش متداول: gone'],
  ])('%s → %s', (intent, name) => expect(label(intent)).toBe(name));

  it('cuts a long first question to a chart row', () => {
    const long = intentLabeller([{ key: 'long', questions: ['سوال '.repeat(40)] }])('faq_long');
    expect([...long].length).toBeLessThanOrEqual(60);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('GET /agent/api/insights', () => {
  const server = Fastify();
  afterAll(() => server.close());

  it('carries the labels resolved on the server, from what was learned and from the shop', async () => {
    const insights = createMemoryInsightsStore({ retentionSeconds: 86_400 * 30 });
    const { day } = tehranTime(new Date());
    await insights.add(day, { messages: 6, 'in:faq_learned_e4bd66f1': 3, 'in:faq_gift_wrap': 2, 'in:size_advice': 1 });
    let learned = NOTHING_LEARNED;
    const open = async () => {};
    await mountInsights(server, { insights, learning: { learned: () => learned }, commerce: { shop: () => ({ faq: SHOP_FAQ }) as ShopConfig } }, { guard: open, adminOnly: open });
    learned = LEARNED;
    const report = (await server.inject({ method: 'GET', url: '/agent/api/insights?days=7' })).json() as InsightsReport;
    expect(report.intents).toEqual([
      { key: 'faq_learned_e4bd66f1', label: 'کارت هدیه', count: 3 },
      { key: 'faq_gift_wrap', label: 'کادوپیچ هم میکنین؟', count: 2 },
      { key: 'size_advice', label: 'راهنمای سایز', count: 1 },
    ]);
  });
});
