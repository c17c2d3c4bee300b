// The shop's own choices in shop.yaml change what customers read: the register (tone) and how
// stock is shown (stock_display), the card always agreeing with the answer beside it.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openShopDirectory, SAMPLE_SHOP_DIR, type CommerceSource, type ShopConfig } from '../../src/commerce/index.js';
import { createEngine, type Outbound } from '../../src/engine/index.js';
import { connectRedis, createRedisBackend } from '../../src/state/index.js';
import { nlu } from '../support/engine-fixture.js';

const opened: Array<{ close(): unknown }> = [];
afterAll(async () => {
  for (const o of opened) await o.close();
});

/** An engine on the sample shop with some shop.yaml settings changed. */
function engineWith(settings: Partial<ShopConfig>) {
  const files = openShopDirectory(SAMPLE_SHOP_DIR, { watch: false });
  const commerce: CommerceSource = { ...files, shop: () => ({ ...files.shop(), ...settings }) };
  const state = createRedisBackend(connectRedis(inject('redisUrl')), { prefix: `settings-${randomUUID().slice(0, 8)}:` });
  opened.push(files, state);
  const engine = createEngine({ nlu: nlu(), commerce, state });
  let n = 0;
  return async (text: string) => {
    const { replies } = await engine.process({ type: 'message', id: `m${++n}`, channelId: 'test', from: { id: 'u' }, conversation: { id: 'c' }, text });
    return { text: replies.map((r) => r.text ?? '').join('\n'), card: cardText(replies) };
  };
}

const cardText = (replies: Outbound[]) =>
  replies.flatMap((r) => r.attachments ?? []).map((a) => (a.content as { text?: string }).text ?? '').join(' | ');

describe('tone', () => {
  it('speaks the formal register by default and the colloquial one with tone: casual', async () => {
    const formal = engineWith({});
    const casual = engineWith({ tone: 'casual' });
    expect((await formal('سلام')).text).toContain('چطور می‌توانم کمکتان کنم');
    expect((await casual('سلام')).text).toContain('چطور می‌تونم کمکت کنم');
    expect((await casual('مانتو کتان سایز ال مشکی موجوده؟')).text).toContain('موجوده');
    expect((await casual('ایکس ال کرمش چی؟')).text).toContain('تموم شده');
    expect((await casual('مرجوعی دارین؟')).text).toMatch(/^آره، تا ۷ روز/);
  });
  it('asks for the order and its phone in the colloquial register too', async () => {
    const casual = engineWith({ tone: 'casual' });
    expect((await casual('سفارشم کجاست؟')).text).toContain('شماره‌ی سفارشت رو بفرست');
    expect((await casual('۱۰۴۰۱')).text).toContain('شماره‌ی موبایلی که باهاش سفارش دادی');
    expect((await casual('۰۹۱۲۰۰۰۰۰۰۰')).text).toContain('چک می‌کنی؟');
  });
});

describe('stock display', () => {
  it('shows only available / sold out by default, with no counts', async () => {
    const ask = engineWith({ stock_display: 'available' });
    const answer = await ask('مانتو کرپ ۳۸ مشکی موجوده؟');
    expect(answer.text).toContain('سایز ۳۸ رنگ مشکی موجود است.');
    expect(answer.text).not.toContain('عدد');
    expect(answer.card).toBe('سایز ۳۸ رنگ مشکی: موجود');
  });
  it('shows exact counts when the shop asks for them', async () => {
    const ask = engineWith({ stock_display: 'exact' });
    expect((await ask('مانتو کرپ ۴۰ طوسی موجوده؟')).text).toContain('(۶ عدد)');
    expect((await ask('مانتو کرپ رو دارین؟')).card).toBe('موجود (۲۷ عدد)');
  });
  it('says "only N left" under the threshold, and the card of a sold-out variant says sold out', async () => {
    const ask = engineWith({ stock_display: 'low', low_stock_threshold: 2 });
    expect((await ask('مانتو کرپ ۳۸ مشکی موجوده؟')).text).toContain('فقط ۱ عدد باقی مانده');
    expect((await ask('مانتو کرپ ۴۰ طوسی موجوده؟')).text).not.toContain('عدد');
    const soldOut = await ask('مانتو کرپ ۳۸ طوسی موجوده؟');
    expect(soldOut.text).toContain('تمام شده');
    expect(soldOut.card).toBe('سایز ۳۸ رنگ طوسی: ناموجود');
  });
});
