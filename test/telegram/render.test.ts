import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver } from '../../adapters/telegram/deliver.js';
import { cardCaption, decodeChoice, encodeChoice, escapeHtml, splitText } from '../../adapters/telegram/render.js';
import { heroCard, message } from '../../src/engine/index.js';
import { startBotApiStandIn, type BotApiStandIn } from '../support/bot-api-stand-in.js';

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

describe('card captions', () => {
  const plain = (html: string) => html.replace(/<\/?b>/g, '').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

  it('cuts the text before escaping it, so no escape or tag is split, and stays within 1,024 visible characters', () => {
    for (let shift = 0; shift < 6; shift++) {
      const text = `${'ب'.repeat(1000 + shift)} & <نکته> ${'پ'.repeat(100)}`;
      const caption = cardCaption({ title: 'مانتو & شال', text });
      expect(caption.startsWith('<b>مانتو &amp; شال</b>\n')).toBe(true);
      expect(caption).not.toMatch(/&(?!amp;|lt;|gt;)/);
      expect(caption).not.toMatch(/&[a-z]*$/);
      expect(plain(caption).length).toBeLessThanOrEqual(1024);
      expect(plain(caption).endsWith('…')).toBe(true);
    }
  });
  it('keeps the title bold and closed even when the title alone is too long', () => {
    const caption = cardCaption({ title: '<'.repeat(2000), text: 'x' });
    expect(caption).toMatch(/^<b>(&lt;)+…<\/b>$/);
    expect(plain(caption).length).toBe(1024);
  });
  it('does not cut an emoji in half', () => {
    const caption = cardCaption({ text: `${'a'.repeat(1022)}😀😀` });
    expect(caption).toBe(`${'a'.repeat(1022)}…`);
  });
  it('leaves a caption that fits alone', () => {
    expect(cardCaption({ title: 'هودی', subtitle: 'نخی', text: 'قیمت ۱۰۰ & ارسال رایگان' })).toBe('<b>هودی</b>\nنخی\nقیمت ۱۰۰ &amp; ارسال رایگان');
  });
});

describe('a product card through the Bot API', () => {
  let api: BotApiStandIn;
  beforeAll(async () => {
    api = await startBotApiStandIn();
  });
  afterAll(async () => api?.close());

  it('is accepted when its caption had to be cut next to characters that need escaping', async () => {
    const client = new Api('123456:TEST-TOKEN', { apiRoot: api.url });
    const card = heroCard({ title: `هودی ${'<زیپ‌دار> & '.repeat(120)}`, text: 'توضیح', images: [{ url: 'https://cdn.example-shop.ir/img/h.jpg' }] });
    const long = 'این پاسخ برای زیرنویس عکس بلند است. '.repeat(40);
    expect(await deliver(client, { chatId: 42 }, [message(long, { attachments: [card] })])).toBe(1);
    const photo = api.callsOf('sendPhoto')[0]!;
    expect(photo.failed).toBeFalsy();
    expect(String(photo.params.caption)).toMatch(/…<\/b>$/);
  });
});
