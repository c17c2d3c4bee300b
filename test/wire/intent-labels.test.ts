import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INTENTS_DIR, loadIntents } from '../../src/nlu/index.js';
import { intentLabel } from '../../src/wire/intent-labels.js';

describe('intent labels', () => {
  it('names every bundled intent in Persian, so no page shows an English intent name', () => {
    const intents = loadIntents(DEFAULT_INTENTS_DIR).map((i) => i.intent);
    expect(intents.length).toBe(readdirSync(DEFAULT_INTENTS_DIR).filter((f) => f.endsWith('.yaml')).length);
    for (const intent of intents) expect(intentLabel(intent), intent).toMatch(/^[\u0600-\u06FF\u200c ؟?()،]+$/);
  });
  it('names a shop FAQ intent by its key', () => {
    expect(intentLabel('faq_gift_wrap')).toBe('پرسش متداول: gift wrap');
  });
});
