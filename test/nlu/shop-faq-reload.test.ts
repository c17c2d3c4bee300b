// The app trains the shop's FAQ questions in at start, and again when shop.yaml's questions change.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, inject, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { SAMPLE_SHOP_DIR } from '../../src/commerce/index.js';
import { readConfig } from '../../src/config.js';

const quiet = { info() {}, warn() {}, error() {} };

// Re-training takes about a second (several on a busy machine): generous, but bounded.
async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; i < 600 && !condition(); i++) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!condition()) throw new Error('condition not met in time');
}

it('answers a FAQ entry added to shop.yaml while running, without touching intents/', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pasokh-shop-'));
  cpSync(SAMPLE_SHOP_DIR, dir, { recursive: true });
  const app = createApp(readConfig({ SHOP_DIR: dir, LOG_LEVEL: 'silent', REDIS_URL: inject('redisUrl'), REDIS_PREFIX: 'faq-reload:' }), quiet);
  try {
    const question = 'پارکینگ برای مشتری دارین؟';
    expect(app.nlu.classifier.classify('کادوپیچ هم میکنین براش؟').intent).toBe('faq_gift_wrap');
    expect(app.nlu.classifier.intents).not.toContain('faq_parking');
    const entry = [
      '  parking:',
      '    questions: ["پارکینگ دارین؟", "جای پارک ماشین هست؟", "ماشین رو کجا پارک کنم؟", "پارکینگ مشتری دارید؟", "parking darid?"]',
      '    answer: "پاساژ ونک‌پارک پارکینگ طبقاتی دارد؛ ساعت اول برای مشتری‌ها رایگان است."',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'shop.yaml'), `${readFileSync(join(dir, 'shop.yaml'), 'utf8').trimEnd()}\n${entry}`);
    await until(() => app.nlu.classifier.intents.includes('faq_parking'));
    expect(app.nlu.classifier.classify(question).intent).toBe('faq_parking');
    const turn = await app.engine.process({ type: 'message', id: 'm1', channelId: 'test', from: { id: 'u1' }, conversation: { id: 'c1' }, text: question });
    expect(turn.replies.map((r) => r.text).join('\n')).toContain('پارکینگ طبقاتی');
  } finally {
    await app.close();
  }
}, 90_000);
