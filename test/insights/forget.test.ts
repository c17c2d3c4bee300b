// The insights keep what customers asked, never who asked: after a customer whose name and phone
// were in a message the bot did not understand leaves with /forget, no key under the prefix names
// them (test/handoff/forget.test.ts scans the handoff side the same way), and the day's figures
// still count the conversation.
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { startServer, type Running } from '../../compose/serve.js';
import type { Config } from '../../src/config.js';
import { hashPassword } from '../../src/handoff/index.js';
import { connectRedis } from '../../src/state/index.js';
import type { InsightsReport } from '../../src/wire/insights.js';
import { conversationPath, dumpKeys, naming, signIn, webCustomer } from '../handoff/support.js';
import { testConfig } from '../support/server.js';

let config: Config;
let server: Running;
let redis: Redis;

beforeAll(async () => {
  config = testConfig({ AGENTS: `boss:${hashPassword('s3cret-b')}:admin` });
  server = await startServer(config);
  redis = connectRedis(inject('redisUrl'));
}, 60_000);
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

it('leaves nothing naming the customer after /forget, and keeps the counts', async () => {
  const customer = await webCustomer(server.url, { name: 'فرشته سپهری', phone: '09127654321' });
  await customer.say('فرشته سپهری هستم qwzx ۰۹۱۲۷۶۵۴۳۲۱ plorb');
  await customer.say('میخوام با پشتیبان صحبت کنم');
  const boss = await signIn(server.url, 'boss', 's3cret-b');
  expect((await boss.post(conversationPath(customer.conversation, 'claim'))).status).toBe(200);
  const before = await dumpKeys(redis, config.redisPrefix);
  expect(before.some((k) => k.key.includes('{insights}:handoff:'))).toBe(true);
  expect(before.find((k) => k.key.includes('{insights}:missed:'))?.content).toContain('qwzx');

  expect((await customer.say('/forget')).status).toBe(200);
  await expect
    .poll(async () => naming(await dumpKeys(redis, config.redisPrefix), [customer.visitorId, customer.conversation, 'فرشته', 'سپهری', '9127654321', '۹۱۲۷۶۵۴۳۲۱', '۴۳۲۱']), { timeout: 5000 })
    .toEqual([]);
  const after = await dumpKeys(redis, config.redisPrefix);
  // The open handoff's timing mark went with it.
  expect(after.some((k) => k.key.includes('{insights}:handoff:'))).toBe(false);
  const report = (await (await boss.get('/agent/api/insights?days=1')).json()) as InsightsReport;
  expect(report.automation).toEqual({ count: 0, of: 1, rate: 0 });
  expect(report.unanswered.map((q) => q.text)).toEqual(['… … هستم qwzx *** plorb']);
});
