// Conversation tests written as files (test/conversations/*.yaml): what the customer says, and
// what the bot's reply must contain, offer, emit or store. They run through the whole engine on the
// sample shop with a real Redis.
import { readdirSync, readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import type { Outbound } from '../src/engine/index.js';
import { engineFixture, nlu, type Fixture } from './support/engine-fixture.js';

const Expect = z
  .object({
    contains: z.array(z.string()).optional(),
    not_contains: z.array(z.string()).optional(),
    /** Each of these is said exactly once in the reply. */
    once: z.array(z.string()).optional(),
    /** The reply's text ends with this (a question whose options follow it). */
    ends_with: z.string().optional(),
    quick_replies: z.array(z.string()).optional(),
    not_quick_replies: z.array(z.string()).optional(),
    quick_replies_count: z.number().optional(),
    card: z.string().optional(),
    silent: z.boolean().optional(),
    events: z.array(z.string()).optional(),
    state: z.record(z.string(), z.unknown()).optional(),
    stored_keys: z.number().optional(),
  })
  .strict();

const Step = z
  .object({
    user: z.string().optional(),
    choose: z.number().int().positive().optional(),
    event: z.object({ name: z.string(), value: z.unknown() }).optional(),
    as: z.string().optional(),
    expect: Expect.optional(),
  })
  .strict();

const Conversation = z
  .object({
    name: z.string(),
    /** ISO time the conversation happens at (business hours matter for handoff). */
    at: z.string().optional(),
    steps: z.array(Step).min(1),
  })
  .strict();

const dir = new URL('./conversations/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

const get = (value: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), value);

beforeAll(() => {
  nlu();
});

describe.each(files)('%s', (file) => {
  const conversation = Conversation.parse(parse(readFileSync(new URL(file, dir), 'utf8')));
  let fixture: Fixture;
  beforeAll(() => {
    const at = conversation.at ? new Date(conversation.at) : undefined;
    fixture = engineFixture(inject('redisUrl'), { now: at ? () => at : undefined });
  });
  afterAll(async () => fixture.close());

  it(conversation.name, async () => {
    const user = `u-${file}`;
    let lastReplies: Outbound[] = [];
    let n = 0;
    for (const step of conversation.steps) {
      n += 1;
      const from = { id: step.as ?? user, name: 'مشتری' };
      let activity: Record<string, unknown>;
      if (step.choose) {
        const actions = lastReplies.flatMap((r) => r.suggestedActions?.actions ?? []);
        const action = actions[step.choose - 1];
        expect(action, `step ${n}: no quick reply #${step.choose}`).toBeDefined();
        activity = { type: 'message', text: action!.title, value: action!.value };
      } else if (step.event) {
        activity = { type: 'event', name: step.event.name, value: step.event.value };
      } else {
        activity = { type: 'message', text: step.user };
      }
      const result = await fixture.engine.process({
        ...activity,
        id: `${file}-${n}`,
        channelId: 'test',
        from,
        conversation: { id: user },
      });
      lastReplies = result.replies;
      const e = step.expect;
      if (!e) continue;
      const label = `step ${n} (${step.user ?? step.choose ?? step.event?.name})`;
      const text = result.replies.map((r) => r.text ?? '').join('\n');
      for (const c of e.contains ?? []) expect(text, label).toContain(c);
      for (const c of e.not_contains ?? []) expect(text, label).not.toContain(c);
      for (const c of e.once ?? []) expect(text.split(c).length - 1, `${label}: «${c}» once`).toBe(1);
      if (e.ends_with) expect(text.trimEnd().endsWith(e.ends_with), `${label}: ends with «${e.ends_with}»\n${text}`).toBe(true);
      const titles = result.replies.flatMap((r) => r.suggestedActions?.actions ?? []).map((a) => a.title);
      for (const q of e.quick_replies ?? []) expect(titles.join(' | '), label).toContain(q);
      for (const q of e.not_quick_replies ?? []) expect(titles.join(' | '), label).not.toContain(q);
      if (e.quick_replies_count !== undefined) expect(titles, label).toHaveLength(e.quick_replies_count);
      if (e.card) {
        const cards = result.replies.flatMap((r) => r.attachments ?? []).map((a) => (a.content as { title?: string }).title);
        expect(cards.join(' | '), label).toContain(e.card);
      }
      if (e.silent) expect(result.replies, label).toEqual([]);
      if (e.events) expect(result.events.map((ev) => ev.name), label).toEqual(e.events);
      if (e.state) {
        const stored = await fixture.state.storage.read(fixture.state.keys.conversationState(`test:${user}`));
        for (const [path, value] of Object.entries(e.state)) expect(get(stored, path), `${label}: state.${path}`).toEqual(value);
      }
      if (e.stored_keys !== undefined) {
        const redis = new Redis(inject('redisUrl'));
        try {
          const keys = await redis.keys(`${fixture.prefix}*${user}*`);
          expect(keys, label).toHaveLength(e.stored_keys);
        } finally {
          redis.disconnect();
        }
      }
    }
  });
});
