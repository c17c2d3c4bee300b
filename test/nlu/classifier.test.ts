import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainClassifier, type IntentClassifier } from '../../src/nlu/classify/index.js';
import { DEFAULT_INTENTS_DIR, evaluate, loadIntents, type IntentData } from '../../src/nlu/index.js';

const intents = loadIntents(DEFAULT_INTENTS_DIR);
const dev = readFileSync(new URL('../data/dev.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as { text: string; intent: string });

let classifier: IntentClassifier;
beforeAll(() => {
  classifier = trainClassifier(intents);
});

describe('intent classifier on the bundled intents', () => {
  it('scores well on the independent dev set', () => {
    const result = evaluate(dev, (text) => classifier.classify(text).intent);
    expect(result.accuracy).toBeGreaterThan(0.88);
    expect(result.macro_f1).toBeGreaterThan(0.88);
  });

  it.each([
    ['قیمت این مانتو چنده؟', 'product_price'],
    ['سفارشم کجاست؟ کد ۱۰۴۵۲', 'order_status'],
    ['میخوام با یه آدم حرف بزنم', 'human_handoff'],
    ['جنسش خیلی بده، پاره شده رسید. افتضاحه', 'complaint'],
  ])('%s → %s', (text, intent) => {
    expect(classifier.classify(text).intent).toBe(intent);
  });

  it('understands a message the same with Arabic keyboard letters, no half-space or stretched letters', () => {
    const plain = classifier.classify('می‌خواهم سفارشم را پیگیری کنم');
    for (const variant of ['ميخواهم سفارشم را پيگيري كنم', 'می خواهم سفارشم را پیگیری کنم', 'میخواااام سفارشمو پیگیری کنم']) {
      expect(classifier.classify(variant).intent).toBe(plain.intent);
    }
  });

  it('understands Finglish', () => {
    expect(classifier.classify('gheymatesh chande?').intent).toBe('product_price');
    expect(classifier.classify('sefaresham kojast?').intent).toBe('order_status');
    expect(classifier.classify('mersi kheili lotf kardid').intent).toBe('thanks');
  });

  it('answers out_of_scope for gibberish and unrelated requests', () => {
    expect(classifier.classify('asdkjh qwpoe zmxn').intent).toBe('out_of_scope');
    expect(classifier.classify('نظرت درباره فوتبال دیشب چیه؟').intent).toBe('out_of_scope');
  });

  it('gives a confidence and up to three ranked in-scope alternatives', () => {
    const p = classifier.classify('سایز ۳۸ مشکی موجوده؟');
    expect(p.confidence).toBeGreaterThan(0);
    expect(p.confidence).toBeLessThanOrEqual(1);
    expect(p.alternatives.length).toBeLessThanOrEqual(3);
    expect(p.alternatives.map((a) => a.intent)).not.toContain('out_of_scope');
    const confidences = p.alternatives.map((a) => a.confidence);
    expect([...confidences].sort((a, b) => b - a)).toEqual(confidences);
  });

  it('is deterministic', () => {
    const again = trainClassifier(intents);
    for (const { text } of dev.slice(0, 50)) expect(again.classify(text)).toEqual(classifier.classify(text));
  });
});

describe('confidence threshold', () => {
  const tiny: IntentData[] = [
    { intent: 'greeting', description: 'hi', file: 'greeting.yaml', examples: ['سلام', 'درود', 'سلام وقت بخیر', 'salam'] },
    { intent: 'thanks', description: 'thanks', file: 'thanks.yaml', examples: ['مرسی', 'ممنون', 'سپاس', 'merci'] },
  ];
  it('falls back to out_of_scope below the threshold even without an out_of_scope class', () => {
    const strict = trainClassifier(tiny, { threshold: 0.99 });
    const prediction = strict.classify('ساعت کاری فروشگاه');
    expect(prediction.intent).toBe('out_of_scope');
    expect(prediction.alternatives[0]?.intent).toMatch(/greeting|thanks/);
  });
  it('answers the trained intent when confident', () => {
    expect(trainClassifier(tiny).classify('سلاااام').intent).toBe('greeting');
  });
});
