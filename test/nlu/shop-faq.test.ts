// The classifier side of issue 11: finer intents scored as their canonical parent, the family
// threshold, and a shop's own FAQ questions trained in (at load and again when they change).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainClassifier } from '../../src/nlu/classify/index.js';
import {
  createNlu,
  DEFAULT_INTENTS_DIR,
  evaluate,
  loadIntents,
  parentsOf,
  withFaqQuestions,
  type IntentData,
  type Nlu,
} from '../../src/nlu/index.js';

const bundled = loadIntents(DEFAULT_INTENTS_DIR);
const intent = (name: string, examples: string[], counts_as?: string): IntentData => ({ intent: name, description: name, examples, counts_as, file: `${name}.yaml` });

describe('finer intents and canonical dev sets', () => {
  const parents = parentsOf(bundled);

  it('scores a finer intent as its canonical parent on a set that does not use it, and exactly on one that does', () => {
    const predict = () => 'haggle';
    expect(evaluate([{ text: 'آخرش چند؟', intent: 'product_price' }], predict, { parents }).accuracy).toBe(1);
    expect(evaluate([{ text: 'آخرش چند؟', intent: 'haggle' }, { text: 'چنده؟', intent: 'product_price' }], predict, { parents }).accuracy).toBe(0.5);
    expect(evaluate([{ text: 'آخرش چند؟', intent: 'order_status' }], predict, { parents }).accuracy).toBe(0);
  });

  it('refuses a counts_as that names no other intent, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pasokh-intents-'));
    writeFileSync(join(dir, 'a.yaml'), 'intent: a\ndescription: x\nexamples: ["یک", "دو", "سه"]\ncounts_as: nowhere\n');
    expect(() => loadIntents(dir)).toThrow(/a\.yaml: counts_as: "nowhere"/);
  });

  it('meets the threshold with the family of the best intent, so splitting an intent does not make it out_of_scope', () => {
    const same = ['کد تخفیف دارین', 'تخفیف میدین', 'تخفیف هست', 'تخفیف دارید الان'];
    const data = [
      intent('price', ['قیمتش چنده', 'چند تومنه', 'قیمت لطفا', 'چنده']),
      intent('code', same, 'price'),
      intent('bargain', same, 'price'),
      intent('out_of_scope', ['هوا چطوره', 'فوتبال دیدی', 'ساعت چنده', 'اخبار امروز']),
    ];
    const c = trainClassifier(data, { threshold: 0.8 });
    const p = c.classify('تخفیف دارین');
    expect(p.alternatives[0]!.confidence).toBeLessThan(0.8);
    expect(['code', 'bargain']).toContain(p.intent);
  });
});

describe('a shop’s own FAQ questions', () => {
  const faq = [
    { key: 'gift_wrap', questions: ['کادوپیچ هم میکنین؟', 'بسته بندی کادویی دارین؟', 'میشه کادو کنین؟', 'برای هدیه کادوش میکنین؟', 'کارت تبریک میذارین؟'] },
    { key: 'sizes', questions: ['سایز مامانمو نمیدونم چیکار کنم'] },
    { key: 'original', questions: [] },
  ];
  let nlu: Nlu;
  beforeAll(() => {
    nlu = createNlu(withFaqQuestions(bundled, faq));
  });

  it('become an intent of their own (faq_<key>) that the classifier learns, scored as out_of_scope on canonical sets', () => {
    const trained = nlu.intents.find((i) => i.intent === 'faq_gift_wrap');
    expect(trained?.counts_as).toBe('out_of_scope');
    expect(nlu.classifier.classify('کادو هم میکنید براش؟').intent).toBe('faq_gift_wrap');
  });

  it('add to the bundled intent when the key is one pasokh knows, and leave the bundled data as it was', () => {
    expect(nlu.intents.find((i) => i.intent === 'size_advice')?.examples).toContain('سایز مامانمو نمیدونم چیکار کنم');
    expect(bundled.find((i) => i.intent === 'size_advice')?.examples).not.toContain('سایز مامانمو نمیدونم چیکار کنم');
    expect(nlu.intents.filter((i) => i.intent.startsWith('faq_')).map((i) => i.intent)).toEqual(['faq_gift_wrap']);
  });

  it('are served from the next message on after retrain()', () => {
    const fresh = createNlu(bundled);
    expect(fresh.classifier.intents).not.toContain('faq_gift_wrap');
    fresh.retrain(withFaqQuestions(bundled, faq));
    expect(fresh.classifier.classify('کادو هم میکنید براش؟').intent).toBe('faq_gift_wrap');
  }, 90_000); // two trainings: seconds each on a busy machine
});

describe('text unlike the training data', () => {
  let c: ReturnType<typeof trainClassifier>;
  beforeAll(() => {
    c = trainClassifier(bundled);
  });

  it.each([
    ['ساعت شیش و ربع زنگ بزن بیدارم کن', 'out_of_scope'],
    ['یه آهنگ غمگین از داریوش بذار', 'out_of_scope'],
    ['فردا تو رشت بارون میاد؟', 'out_of_scope'],
    ['یادم بنداز پنجشنبه برم بانک', 'out_of_scope'],
    ['جعبش له و داغون دستم رسید', 'complaint'],
    ['نیم ساعته پیام دادم هیچکس جوابمو نمیده', 'complaint'],
    ['پیتزا کاملا یخ زده رسید', 'complaint'],
    ['کیلو پسته اکبری چند', 'product_price'],
    ['با آدم دارم چت میکنم الان؟', 'bot_identity'],
    ['آخرش چند حساب میکنی', 'haggle'],
  ])('%s → %s', (text, expected) => {
    expect(c.classify(text).intent).toBe(expected);
  });

  it('never takes a short follow-up for a complaint', () => {
    for (const text of ['قرمزشم هست؟', 'بزرگ‌ترش؟', 'همون قبلیه رو میگم', 'پس برگشتش با کیه؟', 'اون یکی چی؟', 'سایز بزرگترش هست؟']) {
      expect(c.classify(text).intent, text).not.toBe('complaint');
    }
  });
});
