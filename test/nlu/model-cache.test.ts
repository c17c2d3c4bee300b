// A start with unchanged training data serves the cached model; any change to the data trains anew.
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedClassifier, createModelCache, trainClassifier, trainingHash } from '../../src/nlu/classify/index.js';
import { createNlu, DEFAULT_INTENTS_DIR, loadIntents, withFaqQuestions, type IntentData } from '../../src/nlu/index.js';

// A fifth of the bundled examples: the same code paths, trained in a fraction of the time.
const intents: IntentData[] = loadIntents(DEFAULT_INTENTS_DIR).map((i) => ({ ...i, examples: i.examples.filter((_, k) => k % 5 === 0) }));
const dev = readFileSync(new URL('../data/dev.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as { text: string }).text);
const messages = [...dev, 'gheymatesh chande?', 'sefaresham kojast?', 'mersi kheili lotf kardid'];

const cacheDir = () => mkdtempSync(join(tmpdir(), 'pasokh-model-cache-'));
const modelFiles = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.model'));

describe('the model cache', () => {
  it('serves a cached model that answers every message exactly as a freshly trained one', () => {
    const dir = cacheDir();
    const fresh = trainClassifier(intents);
    cachedClassifier(intents, {}, createModelCache(dir)); // trains and stores
    expect(modelFiles(dir)).toHaveLength(1);
    const cached = createModelCache(dir).load(trainingHash(intents));
    expect(cached).toBeDefined();
    const served = cachedClassifier(intents, {}, createModelCache(dir));
    for (const text of messages) expect(served.classify(text)).toEqual(fresh.classify(text));
  });

  it('trains again when the training data changed, and then knows the change', () => {
    const dir = cacheDir();
    const faq = [{ key: 'parking', questions: ['پارکینگ دارین؟', 'جای پارک ماشین هست؟', 'ماشین رو کجا پارک کنم؟', 'پارکینگ مشتری دارید؟'] }];
    const before = createNlu(intents, {}, createModelCache(dir));
    expect(before.classifier.intents).not.toContain('faq_parking');
    const changed = withFaqQuestions(intents, faq);
    expect(trainingHash(changed)).not.toBe(trainingHash(intents));
    const after = createNlu(changed, {}, createModelCache(dir));
    expect(after.classifier.classify('پارکینگ برای مشتری دارین؟').intent).toBe('faq_parking');
    expect(modelFiles(dir)).toHaveLength(2);
    // One changed example is a changed training set too.
    const oneMore = intents.map((i, k) => (k === 0 ? { ...i, examples: [...i.examples, 'یک مثال تازه'] } : i));
    expect(trainingHash(oneMore)).not.toBe(trainingHash(intents));
  });

  it('ignores a damaged or truncated model file and replaces it', () => {
    const dir = cacheDir();
    const fresh = cachedClassifier(intents, {}, createModelCache(dir));
    const [name] = modelFiles(dir);
    const file = join(dir, name!);
    const sound = readFileSync(file);
    for (const damaged of [Buffer.from('not a model'), sound.subarray(0, sound.length - 100), Buffer.alloc(0)]) {
      writeFileSync(file, damaged);
      expect(createModelCache(dir).load(trainingHash(intents))).toBeUndefined();
      const rebuilt = cachedClassifier(intents, {}, createModelCache(dir));
      expect(rebuilt.classify(dev[0]!)).toEqual(fresh.classify(dev[0]!));
      expect(readFileSync(file).equals(sound)).toBe(true);
    }
  });

  it('parses the intent files again when one of them changed', () => {
    const dir = cacheDir();
    const intentsDir = mkdtempSync(join(tmpdir(), 'pasokh-intents-'));
    cpSync(DEFAULT_INTENTS_DIR, intentsDir, { recursive: true });
    const cache = createModelCache(dir);
    expect(cache.loadIntents(intentsDir)).toEqual(loadIntents(intentsDir));
    const file = join(intentsDir, 'greeting.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8').trimEnd()}\n  - درود بر شما دوستان عزیز\n`);
    const greeting = cache.loadIntents(intentsDir).find((i) => i.intent === 'greeting');
    expect(greeting?.examples).toContain('درود بر شما دوستان عزیز');
  });

  it('still works when the cache directory cannot be written', () => {
    const file = join(cacheDir(), 'a-file');
    writeFileSync(file, '');
    const classifier = cachedClassifier(intents, {}, createModelCache(join(file, 'below-a-file')));
    expect(classifier.classify('سلام').intent).toBe('greeting');
  });
});

describe('retraining in the background', () => {
  it('keeps answering with the current model and serves the new one when it is ready', async () => {
    const nlu = createNlu(intents);
    const faq = [{ key: 'parking', questions: ['پارکینگ دارین؟', 'جای پارک ماشین هست؟', 'ماشین رو کجا پارک کنم؟', 'پارکینگ مشتری دارید؟'] }];
    const training = nlu.retrainInBackground(withFaqQuestions(intents, faq));
    expect(nlu.classifier.intents).not.toContain('faq_parking');
    expect(await training).toBe(true);
    expect(nlu.classifier.classify('پارکینگ برای مشتری دارین؟').intent).toBe('faq_parking');
  });

  it('lets a later edit win over an earlier one still training', async () => {
    const nlu = createNlu(intents);
    const first = nlu.retrainInBackground(withFaqQuestions(intents, [{ key: 'parking', questions: ['پارکینگ دارین؟', 'جای پارک هست؟', 'کجا پارک کنم؟'] }]));
    const second = nlu.retrainInBackground(withFaqQuestions(intents, [{ key: 'gift', questions: ['کادو میکنین؟', 'کادوپیچ دارین؟', 'بسته بندی کادویی'] }]));
    expect(await first).toBe(false);
    expect(await second).toBe(true);
    expect(nlu.classifier.intents).toContain('faq_gift');
    expect(nlu.classifier.intents).not.toContain('faq_parking');
  });
});
