import { describe, expect, it } from 'vitest';
import { decodeChoice, encodeChoice, escapeHtml, splitText } from '../../adapters/telegram/render.js';

describe('splitting long texts', () => {
  it('keeps every piece within the limit and cuts at sentence borders', () => {
    const sentence = 'این یک جمله‌ی نمونه برای آزمایش است. ';
    const text = sentence.repeat(300);
    const pieces = splitText(text, 4096);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(4096);
      expect(piece.endsWith('.')).toBe(true);
    }
    expect(pieces.join(' ')).toBe(text.trim());
  });
  it('prefers paragraph breaks, and cuts a word only when there is no other way', () => {
    expect(splitText(`${'ا'.repeat(3000)}\n\n${'ب'.repeat(3000)}`, 4096)).toEqual(['ا'.repeat(3000), 'ب'.repeat(3000)]);
    expect(splitText('x'.repeat(5000), 4096).map((p) => p.length)).toEqual([4096, 904]);
  });
  it('leaves short texts alone', () => {
    expect(splitText('سلام')).toEqual(['سلام']);
  });
});

describe('quick-reply payloads', () => {
  it('round-trip through callback data within 64 bytes', () => {
    for (const choice of [
      { do: 'product', id: 'manto-katan-01', ask: 'availability' },
      { do: 'intent', intent: 'order_status' },
      { do: 'handoff' },
    ] as const) {
      const data = encodeChoice(choice)!;
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(decodeChoice(data)).toEqual(choice);
    }
  });
  it('refuses payloads that would not fit, and unknown data', () => {
    expect(encodeChoice({ do: 'product', id: 'x'.repeat(80), ask: 'price' })).toBeUndefined();
    expect(decodeChoice('garbage')).toBeUndefined();
  });
});

it('escapes text for HTML parse mode', () => {
  expect(escapeHtml('<b>قیمت</b> & "تخفیف"')).toBe('&lt;b&gt;قیمت&lt;/b&gt; &amp; "تخفیف"');
});
