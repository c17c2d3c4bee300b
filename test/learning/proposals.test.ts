// The other ways into the review queue, over HTTP on a real Redis: a customer who asks for a person
// right after the bot answered, a low rating after the handoff, and the agents' replies to a
// question that keeps coming back, proposed as its FAQ answer — accepted in one click. And the
// lifecycle of every key the learning loop writes.
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { hashPassword } from '../../src/handoff/index.js';
import { startServer, type Running } from '../../compose/serve.js';
import { connectRedis } from '../../src/state/index.js';
import { conversationPath, dumpKeys, signIn, webCustomer, type AgentClient } from '../handoff/support.js';
import { testConfig } from '../support/server.js';
import { waitFor } from '../support/wait.js';
import { ask, reviewQueue } from './support.js';

const QUESTION = 'کارت هدیه دارید؟';
let config: Config;
let server: Running;
let redis: Redis;
let boss: AgentClient;
let maryam: AgentClient;

beforeAll(async () => {
  config = testConfig({ AGENTS: `boss:${hashPassword('s3cret-b')}:admin,maryam:${hashPassword('s3cret-m')}` });
  server = await startServer(config);
  redis = connectRedis(inject('redisUrl'));
  [boss, maryam] = await Promise.all([signIn(server.url, 'boss', 's3cret-b'), signIn(server.url, 'maryam', 's3cret-m')]);
}, 60_000);
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

/** A customer asks, is answered by the bot, asks for a person; maryam answers and closes. */
async function handedOver(name: string, reply: string, askFor = 'میخوام با پشتیبان صحبت کنم') {
  const customer = await webCustomer(server.url, { name });
  await ask(server.url, redis, config.redisPrefix, QUESTION, customer);
  await ask(server.url, redis, config.redisPrefix, askFor, customer);
  await waitFor('queued', async () => (await maryam.list('queued')).includes(customer.conversation) || undefined, 5000);
  expect((await maryam.post(conversationPath(customer.conversation, 'claim'))).status).toBe(200);
  expect((await maryam.post(conversationPath(customer.conversation, 'reply'), { text: 'سلام، یک لحظه' })).status).toBe(200);
  expect((await maryam.post(conversationPath(customer.conversation, 'reply'), { text: reply })).status).toBe(200);
  expect((await maryam.post(conversationPath(customer.conversation, 'close'))).status).toBe(200);
  return customer;
}

it('a handoff after an answer, a low rating and agents’ repeated answers reach the owner; a proposal becomes an FAQ answer', async () => {
  const first = await handedOver('سپیده رضایی', 'سلام سپیده جان، بله کارت هدیه‌ی ۵۰۰ هزار تومانی داریم.');
  const item = await waitFor('the question in the queue', async () => (await reviewQueue(boss)).items.find((i) => i.text === QUESTION), 5000);
  expect(item).toMatchObject({ why: 'handoff_after_answer', count: 1 });
  // One answer is no pattern yet.
  expect((await reviewQueue(boss)).proposals).toEqual([]);

  const latest = 'بله، کارت هدیه‌ی ۵۰۰ هزار و ۱ میلیون تومانی داریم؛ از صفحه‌ی کارت هدیه در سایت بخرید.';
  // The second customer asks for a person with the command: the same miss, counted again.
  await handedOver('کاوه', latest, '/human');
  const proposal = await waitFor('a proposal', async () => (await reviewQueue(boss)).proposals[0], 5000);
  // The same chat's second reply is its latest wording, counted once per chat.
  expect(proposal).toMatchObject({ question: QUESTION, reply: latest, count: 2 });

  // The first customer rates the handoff 1 of 5: the question it began with, again, as a low rating.
  expect((await first.say('⭐ ۱', { do: 'rate', score: 1 })).status).toBe(200);
  await waitFor('a low rating', async () => (await reviewQueue(boss)).items.find((i) => i.id === item.id && i.why === 'low_rating' && i.count === 3), 5000);

  // The names the agent wrote are not kept.
  const before = JSON.stringify(await dumpKeys(redis, `${config.redisPrefix}{learn}`));
  expect(before).not.toContain('سپیده');
  expect(before).not.toContain('رضایی');

  // One click: the proposed answer (as the owner edited it) is an FAQ answer with the question as its first example.
  const answer = `${latest} ارسالش رایگان است.`;
  expect((await boss.post(`/agent/api/review/proposals/${proposal.id}/accept`, { answer })).status).toBe(200);
  const { proposals, learned } = await reviewQueue(boss);
  expect(proposals).toEqual([]);
  expect(learned.faqs).toEqual([expect.objectContaining({ answer, questions: [QUESTION] })]);
  expect((await boss.post(`/agent/api/review/proposals/${proposal.id}/accept`, {})).status).toBe(404);
  // Agents may not.
  expect((await maryam.post(`/agent/api/review/proposals/${proposal.id}/dismiss`)).status).toBe(403);

  // Every key of the loop expires by itself, except what the owner taught (deleted by the owner);
  // the accepted proposal left the replies hash, which Redis then dropped.
  const dump = await dumpKeys(redis, `${config.redisPrefix}{learn}`);
  expect(dump.map((k) => k.key.slice(config.redisPrefix.length)).sort()).toEqual(['{learn}:faq', '{learn}:review']);
  for (const k of dump) expect(k.ttl, k.key).toSatisfy((ttl: number) => (/:(faq|labels)$/.test(k.key) ? ttl === -1 : ttl > 0));

  // Deleting what was learned takes the answer back out.
  expect((await boss.post(`/agent/api/review/faq/${learned.faqs[0]!.key}/delete`)).status).toBe(200);
  expect((await reviewQueue(boss)).learned.faqs).toEqual([]);
  expect((await redis.exists(`${config.redisPrefix}{learn}:faq`))).toBe(0);
}, 60_000);
