// The review queue's masking and the learned-labels YAML, table by table.
import { describe, expect, it } from 'vitest';
import { exportLearned, maskReviewText, parseLearned, reviewId } from '../../src/learning/index.js';

describe('maskReviewText', () => {
  it.each([
    ['سفارش ۱۰۴۰۱ کجاست؟', 'سفارش ***** کجاست؟'],
    ['شماره‌ام 0912 384 7561 است', 'شماره‌ام **** *** **** است'],
    ['+98 912 384 75 61', '+** *** *** ** **'],
    ['کارت ۶۰۳۷-۹۹۷۵-۱۲۳۴-۵۶۷۸', 'کارت ****-****-****-****'],
    ['سایز ۳۸ دارید؟', 'سایز ۳۸ دارید؟'],
    ['سلام، مریم هستم', 'سلام، … هستم'],
    ['مریم‌جان هستم؛ مریمی نیست', '…‌جان هستم؛ …ی نیست'],
  ])('%s → %s', (text, masked) => {
    expect(maskReviewText(text, ['مریم رضایی'])).toBe(masked);
  });
  it('leaves a name inside another word alone and skips one-letter name parts', () => {
    expect(maskReviewText('ارسال به بندرعباس', ['عباس', 'ب'])).toBe('ارسال به بندرعباس');
  });
});

describe('reviewId', () => {
  it('is one item for the same words however written, another for other words', () => {
    expect(reviewId('كادوپيچ  داريد ؟')).toBe(reviewId('کادوپیچ دارید؟'));
    expect(reviewId('سفارش ***** کجاست')).toBe(reviewId('سفارش *** کجاست'));
    expect(reviewId('کادوپیچ دارید؟')).not.toBe(reviewId('کادو دارید؟'));
  });
});

describe('learned labels as YAML', () => {
  const learned = {
    faqs: [{ key: 'learned_ab12', title: 'کوتاه کردن شلوار', answer: 'بله، رایگان.', questions: ['شلوار رو کوتاه میکنید؟'], at: '2026-12-01T10:00:00.000Z' }],
    labels: [
      { id: 'b', text: 'قد شلوار رو کم میکنید؟', intent: 'faq_learned_ab12', at: '2026-12-01T10:01:00.000Z' },
      { id: 'a', text: 'کی میرسه دستم؟', intent: 'order_status', at: '2026-12-01T10:02:00.000Z' },
    ],
  };
  it('round-trips: one document per intent, the FAQ answer with its title', () => {
    const yaml = exportLearned(learned);
    expect(yaml.split('\n---\n')).toHaveLength(2);
    const back = parseLearned(yaml, 'x.yaml', (intent) => intent === 'order_status', new Date('2026-12-02T00:00:00Z'));
    expect(back.faqs).toEqual([{ key: 'learned_ab12', title: 'کوتاه کردن شلوار', answer: 'بله، رایگان.', questions: ['شلوار رو کوتاه میکنید؟', 'قد شلوار رو کم میکنید؟'], at: '2026-12-02T00:00:00.000Z' }]);
    expect(back.labels).toEqual([{ id: reviewId('کی میرسه دستم؟'), text: 'کی میرسه دستم؟', intent: 'order_status', at: '2026-12-02T00:00:00.000Z' }]);
  });
  it.each([
    ['intent: Bad Name\nexamples: [a]\n', 'x.yaml (document 1): intent: intent names are lower_snake_case'],
    ['intent: order_status\nexamples: []\n', 'x.yaml (document 1): examples: give at least one example'],
    ['intent: order_status\nexamples: [a]\nextra: 1\n', 'x.yaml (document 1)'],
    ['intent: order_status\nexamples: [a]\n---\nintent: [oops\n', 'x.yaml (document 2): invalid YAML'],
    ['intent: nope\nexamples: [a]\n', 'x.yaml (document 1): the bot has no intent "nope"'],
  ])('refuses %j naming the document', (source, message) => {
    expect(() => parseLearned(source, 'x.yaml', (i) => i === 'order_status')).toThrow(message);
  });
});
