// `pasokh suggest` through the real command (bin/pasokh.js, the built dist/) against a real
// redis-server: the review queue listed, what the owner taught exported as intents/-style YAML,
// and imported into another shop's Redis prefix, whose running server then answers with it.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { Config } from '../../src/config.js';
import { hashPassword } from '../../src/handoff/index.js';
import { startServer, type Running } from '../../compose/serve.js';
import { connectRedis } from '../../src/state/index.js';
import { signIn, type AgentClient } from '../handoff/support.js';
import { testConfig } from '../support/server.js';
import { waitFor } from '../support/wait.js';
import { ask, reviewQueue } from './support.js';

const BIN = fileURLToPath(new URL('../../bin/pasokh.js', import.meta.url));
const ANSWER = 'بله، کوتاه کردن قد شلوار در کارگاه خودمان رایگان است؛ اندازه را در توضیحات سفارش بنویسید.';
const TAUGHT = ['کوتاه کردن شلوار هم انجام میدید؟', 'شلوار رو برام کوتاه میکنید؟', 'قد شلوار رو کم میکنید؟', 'میشه شلوار رو کوتاه کنید برام؟'];

function pasokh(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 60_000, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'silent', ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const AGENTS = `boss:${hashPassword('s3cret-b')}:admin`;
let from: { config: Config; server: Running; boss: AgentClient };
let to: { config: Config; server: Running; boss: AgentClient };
let redis: Redis;

beforeAll(async () => {
  const start = async () => {
    const config = testConfig({ AGENTS });
    const server = await startServer(config);
    return { config, server, boss: await signIn(server.url, 'boss', 's3cret-b') };
  };
  [from, to] = await Promise.all([start(), start()]);
  redis = connectRedis(inject('redisUrl'));
}, 90_000);
afterAll(async () => {
  redis?.disconnect();
  await Promise.all([from?.server.stop(), to?.server.stop()]);
});

const envOf = (config: Config) => ({ REDIS_URL: inject('redisUrl'), REDIS_PREFIX: config.redisPrefix });

it('lists the queue, exports what was taught as YAML and imports it where a running server learns it', async () => {
  const { config, server, boss } = from;
  for (const text of TAUGHT) await ask(server.url, redis, config.redisPrefix, text);
  const items = await waitFor('the misses queued', async () => {
    const queued = (await reviewQueue(boss)).items;
    return TAUGHT.every((t) => queued.some((i) => i.text === t)) ? queued : undefined;
  }, 10_000);

  const listed = await pasokh(['suggest'], envOf(config));
  expect(listed.code).toBe(0);
  for (const text of TAUGHT) expect(listed.stdout).toContain(`«${text}»`);
  expect(listed.stdout).toMatch(/۱×\s+\[(fallback|low_confidence)\]/);
  const json = JSON.parse((await pasokh(['suggest', '--json'], envOf(config))).stdout) as { items: Array<{ text: string }> };
  expect(json.items.map((i) => i.text).sort()).toEqual(items.map((i) => i.text).sort());

  // The owner teaches one FAQ answer and labels the rest with it.
  const byText = (t: string) => items.find((i) => i.text === t)!.id;
  expect((await boss.post(`/agent/api/review/${byText(TAUGHT[0]!)}/faq`, { answer: ANSWER, title: 'کوتاه کردن شلوار' })).status).toBe(200);
  const intent = (await reviewQueue(boss)).learned.faqs[0]!.key;
  for (const t of TAUGHT.slice(1)) expect((await boss.post(`/agent/api/review/${byText(t)}/label`, { intent: `faq_${intent}` })).status).toBe(200);

  const file = join(mkdtempSync(join(tmpdir(), 'pasokh-suggest-')), 'learned.yaml');
  const exported = await pasokh(['suggest', '--export', file], envOf(config));
  expect(exported.code).toBe(0);
  expect(exported.stdout).toContain('3 labels and 1 learned FAQ answers');
  const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as { intent: string; answer?: string; title?: string; examples: string[]; description: string });
  expect(docs).toEqual([{ intent: `faq_${intent}`, description: expect.any(String), title: 'کوتاه کردن شلوار', answer: ANSWER, examples: expect.any(Array) }]);
  // The FAQ answer's own question first, then the labelled ones.
  expect(docs[0]!.examples[0]).toBe(TAUGHT[0]);
  expect([...docs[0]!.examples].sort()).toEqual([...TAUGHT].sort());

  // Another shop's server, running: before the import it does not know the topic; after it, it does.
  const other = to;
  const newWording = 'شلوارمو کوتاه میکنید؟';
  expect(await ask(other.server.url, redis, other.config.redisPrefix, newWording)).not.toContain(ANSWER);
  const imported = await pasokh(['suggest', '--import', file], envOf(other.config));
  expect(imported.code, imported.stderr).toBe(0);
  expect(imported.stdout).toContain('imported 0 labels and 1 learned FAQ answers');
  await waitFor('the imported answer given', async () => (await ask(other.server.url, redis, other.config.redisPrefix, newWording)).includes(ANSWER) || undefined, 60_000, 500);
  expect((await reviewQueue(other.boss)).learned.faqs).toEqual([expect.objectContaining({ key: intent, questions: docs[0]!.examples })]);
}, 180_000);

it('refuses a file that is not learned-labels YAML, and a queue without Redis', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pasokh-suggest-'));
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'intent: shipping_info\nexamples: [ارسال؟]\n---\nintent: no_such_intent\nexamples: [سلام]\n');
  const refused = await pasokh(['suggest', '--import', bad], envOf(to.config));
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain(`${bad} (document 2): the bot has no intent "no_such_intent"`);
  writeFileSync(bad, 'intent: shipping_info\nanswer: بله\nexamples: [ارسال؟]\n');
  expect((await pasokh(['suggest', '--import', bad], envOf(to.config))).stderr).toContain('an answer belongs to a FAQ intent');
  // Nothing of a refused file was stored.
  expect(await redis.exists(`${to.config.redisPrefix}{learn}:labels`)).toBe(0);
  const noRedis = await pasokh(['suggest'], {});
  expect(noRedis.code).toBe(2);
  expect(noRedis.stderr).toContain('REDIS_URL');
  // An export without Redis: one line saying what to do and where the demo keeps it, no usage text, no file.
  const file = join(dir, 'learned.yaml');
  const noExport = await pasokh(['suggest', '--export', file], {});
  expect(noExport.code).toBe(2);
  expect(noExport.stderr.trim().split('\n')).toHaveLength(1);
  expect(noExport.stderr).toContain('set REDIS_URL');
  expect(noExport.stderr).toContain('memory only');
  expect(noExport.stderr).toContain('/agent/review');
  expect(noExport.stderr).not.toContain('usage');
  expect(existsSync(file)).toBe(false);
});
