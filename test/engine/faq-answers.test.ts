// A shop that wrote no answer for a topic: the bot says so and offers a person, and never answers
// with another topic's text.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { openShopDirectory, SAMPLE_SHOP_DIR, type CommerceSource } from '../../src/commerce/index.js';
import { createEngine, type Engine } from '../../src/engine/index.js';
import { connectRedis, createRedisBackend, type StateBackend } from '../../src/state/index.js';
import { nlu } from '../support/engine-fixture.js';

let commerce: CommerceSource;
let state: StateBackend;
let engine: Engine;
beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'pasokh-shop-'));
  cpSync(SAMPLE_SHOP_DIR, dir, { recursive: true });
  // Only a discount answer: no wholesale, no price policy, no address.
  writeFileSync(join(dir, 'shop.yaml'), 'name: فروشگاه کوچک\nfaq:\n  discount: "کد SMALL5 پنج درصد تخفیف می‌دهد."\n');
  commerce = openShopDirectory(dir, { watch: false });
  state = createRedisBackend(connectRedis(inject('redisUrl')), { prefix: `faq-${randomUUID().slice(0, 8)}:` });
  engine = createEngine({ nlu: nlu(), commerce, state });
});
afterAll(async () => {
  commerce.close();
  await state.close();
});

const ask = async (conversation: string, text: string) => {
  const turn = await engine.process({ type: 'message', id: `${conversation}-1`, channelId: 'test', from: { id: 'u' }, conversation: { id: conversation }, text });
  return {
    text: turn.replies.map((r) => r.text ?? '').join('\n'),
    quickReplies: turn.replies.flatMap((r) => r.suggestedActions?.actions ?? []).map((a) => a.title),
  };
};

it.each([
  ['wholesale', 'فروش عمده هم دارین؟ برای مغازه‌م میخوام'],
  ['address', 'آدرس مغازه‌تون کجاست؟ حضوری میشه اومد؟'],
  ['haggle', 'آخرش چند میدی؟ ارزون‌تر نمیشه؟'],
])('without a %s answer it offers a person instead of another answer', async (topic, text) => {
  const reply = await ask(topic, text);
  expect(reply.text).toContain('همکارانم در پشتیبانی');
  expect(reply.text).not.toContain('SMALL5');
  expect(reply.quickReplies).toContain('صحبت با پشتیبان');
});

it('answers the topic the shop did write', async () => {
  expect((await ask('discount', 'کد تخفیف دارین؟')).text).toContain('SMALL5');
});
