import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ConversationGoneError, InvalidActivityError, type Outbound } from '../../src/engine/index.js';
import { createTurnRunner } from '../../src/runner/index.js';
import { engineFixture, type Fixture } from '../support/engine-fixture.js';

let a: Fixture;
beforeAll(() => {
  a = engineFixture(inject('redisUrl'));
});
afterAll(async () => a.close());

const message = (id: string, text: string, conversation = 'c1') => ({
  type: 'message',
  id,
  channelId: 'test',
  from: { id: 'u1', name: 'مشتری' },
  conversation: { id: conversation },
  text,
});

describe('exactly once', () => {
  it('answers a redelivered message with the recorded replies, not a second turn', async () => {
    const first = await a.engine.process(message('m1', 'قیمت هودی دورس چنده؟', 'redeliver'));
    const again = await a.engine.process(message('m1', 'قیمت هودی دورس چنده؟', 'redeliver'));
    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
    expect(again.replies).toEqual(first.replies);
    const history = await a.state.history.read('test:redeliver');
    expect(history.filter((e) => JSON.parse(e.data).from === 'customer')).toHaveLength(1);
  });

  it('resends only the replies not yet delivered', async () => {
    const runner = createTurnRunner({ engine: a.engine, state: a.state });
    let first: Outbound[] = [];
    // The channel got all but the last reply out, then failed.
    const partly = async (replies: Outbound[]) => {
      first = replies;
      throw Object.assign(new Error('network down'), { sent: replies.length - 1 });
    };
    await expect(runner.run(message('m3', 'قیمت هودی دورس چنده؟', 'partial'), partly)).rejects.toThrow('network down');
    expect(first.length).toBeGreaterThan(0);
    const again = await a.engine.process(message('m3', 'قیمت هودی دورس چنده؟', 'partial'));
    expect(again.replies).toEqual(first.slice(-1));
  });

  it('sends nothing for a redelivery once the replies were delivered', async () => {
    const runner = createTurnRunner({ engine: a.engine, state: a.state });
    await runner.run(message('m2', 'سلام', 'delivered'), async (replies) => replies.length);
    const again = await a.engine.process(message('m2', 'سلام', 'delivered'));
    expect(again).toMatchObject({ duplicate: true, replies: [] });
  });

  it('writes nothing to a conversation the customer deleted (/forget), however late an agent\'s reply comes', async () => {
    await a.engine.process(message('m4', 'سلام', 'gone'));
    await a.engine.forget('test', 'gone', 'u1');
    await expect(a.engine.record('test:gone', [{ from: 'agent', text: 'هنوز هستید؟' }])).rejects.toBeInstanceOf(ConversationGoneError);
    expect(await a.state.history.read('test:gone')).toEqual([]);
  });
});

describe('bad input', () => {
  it('refuses an activity without a conversation or sender, saying what is missing', async () => {
    await expect(a.engine.process({ type: 'message', text: 'سلام' })).rejects.toThrow(InvalidActivityError);
    await expect(a.engine.process({ type: 'message', text: 'سلام' })).rejects.toThrow(/channelId.*from.*conversation/s);
  });
  it('refuses a message over 4096 characters', async () => {
    await expect(a.engine.process(message('long', 'ا'.repeat(5000)))).rejects.toThrow(/4096/);
  });
  it('answers a message without text politely', async () => {
    const result = await a.engine.process({ ...message('photo', ''), text: undefined });
    expect(result.replies[0]?.text).toContain('متنی');
  });
});

describe('several server instances on one Redis', () => {
  it('handles one conversation in order, with no lost state, when instances race', async () => {
    const one = engineFixture(inject('redisUrl'));
    const two = engineFixture(inject('redisUrl'), { prefix: one.prefix });
    try {
      // Ten messages at once, split across two instances. Every turn appends its message to the
      // state's outbox: a turn that overwrote another's state would lose an entry.
      const ids = Array.from({ length: 10 }, (_, i) => `race-${i}`);
      await Promise.all(ids.map((id, i) => [one, two][i % 2]!.engine.process(message(id, `سلام ${i}`, 'race'))));
      const state = await one.state.storage.read<{ outbox: Array<{ id: string }> }>(one.state.keys.conversationState('test:race'));
      expect(state?.outbox.map((e) => e.id).sort()).toEqual([...ids].sort());
      const history = await one.state.history.read('test:race', { count: 100 });
      const customer = history.map((e) => JSON.parse(e.data)).filter((e) => e.from === 'customer');
      expect(customer).toHaveLength(10);
      // The transcript interleaves nothing: each customer message is followed by its own reply.
      const kinds = history.map((e) => JSON.parse(e.data).from);
      expect(kinds).toEqual(ids.flatMap(() => ['customer', 'bot']));
    } finally {
      await one.close();
      await two.close();
    }
  });
});
