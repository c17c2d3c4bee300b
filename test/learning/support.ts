// Helpers for the learning loop's tests: a customer's question and the bot's answer to it (read
// from the conversation's history in Redis), and the owner's review queue over HTTP.
import type { Redis } from 'ioredis';
import { expect } from 'vitest';
import type { AgentClient } from '../handoff/support.js';
import { webCustomer, type WebCustomer } from '../handoff/support.js';

/** The bot's texts in the conversation so far, oldest first. */
export async function botTexts(redis: Redis, prefix: string, conversation: string): Promise<string[]> {
  const entries = await redis.xrange(`${prefix}conv:{${conversation}}:history`, '-', '+');
  return entries.flatMap(([, fields]) => {
    const data = fields[fields.indexOf('a') + 1];
    const e = data ? (JSON.parse(data) as { from?: string; type?: string; text?: string }) : {};
    return e.from === 'bot' && e.type === 'message' && e.text ? [e.text] : [];
  });
}

/** A new web customer asks one question; resolves with the bot's answer. */
export async function ask(url: string, redis: Redis, prefix: string, text: string, customer?: WebCustomer): Promise<string> {
  const who = customer ?? (await webCustomer(url));
  const before = (await botTexts(redis, prefix, who.conversation)).length;
  expect((await who.say(text)).status).toBe(200);
  return (await botTexts(redis, prefix, who.conversation)).slice(before).join('\n');
}

export interface QueueItem {
  id: string;
  text: string;
  why: string;
  guess?: string;
  confidence?: number;
  count: number;
  firstSeen: string;
  lastSeen: string;
}

export interface Queue {
  items: QueueItem[];
  proposals: Array<{ id: string; question: string; reply: string; count: number }>;
  intents: Array<{ intent: string; label: string }>;
  learned: { labels: Array<{ id: string; text: string; intent: string }>; faqs: Array<{ key: string; title: string; answer: string; questions: string[] }> };
}

export async function reviewQueue(owner: AgentClient): Promise<Queue> {
  const answer = await owner.get('/agent/api/review');
  expect(answer.status).toBe(200);
  return (await answer.json()) as Queue;
}
