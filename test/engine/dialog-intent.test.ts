// A message a dialog was waiting for is recorded as part of that dialog's subject: the agents'
// transcript, the owner's top intents and the review queue all read the turn's understanding.
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { engineFixture, type Fixture } from '../support/engine-fixture.js';

let a: Fixture;
beforeAll(() => {
  a = engineFixture(inject('redisUrl'));
});
afterAll(async () => a.close());

const message = (id: string, text: string, conversation: string) => ({ type: 'message', id, channelId: 'test', from: { id: `u-${conversation}`, name: 'مشتری' }, conversation: { id: conversation }, text });

it('records a phone sent to prove an order as order_status, not as what the classifier made of the digits alone', async () => {
  await a.engine.process(message('d1', 'سفارش ۱۰۴۰۱ کجاست؟', 'dialog-1'));
  const proof = await a.engine.process(message('d2', '۰۹۱۲۳۸۴۷۵۶۱', 'dialog-1'));
  expect(proof.replies.map((r) => r.text).join('\n'), 'the order was looked up').toContain('۱۰۴۰۱');
  const history = await a.state.history.read('test:dialog-1', { count: 50 });
  const entries = history.map((h) => JSON.parse(h.data) as { from: string; text?: string; intent?: string });
  const phone = entries.find((e) => e.from === 'customer' && e.text === '۰۹۱۲۳۸۴۷۵۶۱');
  expect(phone?.intent).toBe('order_status');
});
