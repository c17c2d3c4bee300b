// `pasokh stats` as an owner runs it next to a server on Redis: the same figures as the page, in
// Persian for the terminal or as JSON, for the last days or a range; a bad range is a usage error.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type Running } from '../../compose/serve.js';
import { readConfig, type Config } from '../../src/config.js';
import type { InsightsReport } from '../../src/wire/insights.js';
import { webCustomer } from '../handoff/support.js';
import { testConfig } from '../support/server.js';

const BIN = fileURLToPath(new URL('../../bin/pasokh.js', import.meta.url));
let config: Config;
let server: Running;

beforeAll(async () => {
  config = testConfig();
  server = await startServer(config);
}, 60_000);
afterAll(() => server?.stop());

function stats(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return statsWith({ REDIS_URL: config.redisUrl, REDIS_PREFIX: config.redisPrefix }, ...args);
}

function statsWith(env: Record<string, string | undefined>, ...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'stats', ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

it('prints the period\'s figures from Redis, in Persian or as JSON', async () => {
  const bot = await webCustomer(server.url);
  await bot.say('قیمت مانتو کتان چنده؟');
  await (await webCustomer(server.url)).say('برای عروسی خواهرم چه رنگی بپوشم؟');
  await (await webCustomer(server.url)).say('واسه عروسی خواهرم چه رنگی بپوشم بهتره');
  await (await webCustomer(server.url)).say('/human');

  const text = await stats('--days', '7');
  expect(text.err).toBe('');
  expect(text.code).toBe(0);
  expect(text.out).toContain('آمار پاسخ — ۷ روز');
  expect(text.out).toContain('پاسخ خودکار: ۷۵٪ (۳ از ۴ گفتگو بدون پشتیبان)');
  expect(text.out).toMatch(/ {2}۲× (برای عروسی خواهرم چه رنگی بپوشم؟|واسه عروسی خواهرم چه رنگی بپوشم بهتره)/);
  expect(text.out).toContain('ارجاع به پشتیبان: درخواست مشتری ۱');
  expect(text.out).toContain('۱۴۰۵');

  const json = await stats('--days', '30', '--json');
  expect(json.code).toBe(0);
  const report = JSON.parse(json.out) as InsightsReport;
  expect(report.days).toBe(30);
  expect(report.automation).toEqual({ count: 3, of: 4, rate: 0.75 });
  expect(report.messages).toBe(4);
}, 60_000);

it('takes a range of Tehran days, and refuses one that is not', async () => {
  const empty = await stats('--from', '2025-03-20', '--to', '2025-03-21', '--json');
  expect(empty.code).toBe(0);
  expect((JSON.parse(empty.out) as InsightsReport).daily.map((d) => d.day)).toEqual(['2025-03-20', '2025-03-21']);
  const reversed = await stats('--from', '2026-12-10', '--to', '2026-12-01');
  expect(reversed.code).toBe(2);
  expect(reversed.err).toContain('--from not after --to');
  const half = await stats('--from', '2026-12-01');
  expect(half.code).toBe(2);
  expect(half.err).toContain('--from and --to go together');
}, 60_000);

it('names the shop\'s own FAQ entries by their first question, in the text and in --json', async () => {
  await (await webCustomer(server.url)).say('کادوپیچ هم میکنین؟');
  const text = await stats('--days', '1');
  expect(text.code).toBe(0);
  expect(text.out).toMatch(/بیشترین موضوع‌ها: .*کادوپیچ هم میکنین؟ ۱/);
  expect(text.out).not.toContain('gift');
  const report = JSON.parse((await stats('--days', '1', '--json')).out) as InsightsReport;
  expect(report.intents).toContainEqual({ key: 'faq_gift_wrap', label: 'کادوپیچ هم میکنین؟', count: 1 });
}, 60_000);

it('without Redis, says where the days are and summarises the running server\'s /metrics', async () => {
  const demo = await startServer(readConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }));
  try {
    await (await webCustomer(demo.url)).say('qwzx plorb');
    await (await webCustomer(demo.url)).say('ساعت کاریتون چیه؟');
    const result = await statsWith({ PORT: new URL(demo.url).port });
    expect(result.code).toBe(0);
    expect(result.err).toContain("the day-by-day figures live in the running server's memory");
    expect(result.err).toContain('/agent/insights');
    expect(result.err).toContain('REDIS_URL');
    expect(result.out).toContain('نفهمیده‌ها: ۱');
    expect(result.out).toContain('ساعت کاری ۱');
    expect(result.out).toContain('وب‌سایت: ۲');
  } finally {
    await demo.stop();
  }
}, 60_000);

/** A port nothing listens on (taken and let go). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

it('without Redis and no server running, says so plainly: no usage text, exit 1', async () => {
  const port = await freePort();
  const result = await statsWith({ PORT: String(port) });
  expect(result.code).toBe(1);
  expect(result.err).toContain('/agent/insights');
  expect(result.err).toContain(`no server is running at http://127.0.0.1:${port}/metrics`);
  expect(result.err).toContain('هیچ آماری خوانده نشد');
  expect(result.err).not.toContain('usage:');
  expect(result.out).toBe('');
  const random = await statsWith({ PORT: '0' });
  expect(random.code).toBe(1);
  expect(random.err).toContain('PORT is 0');
  expect(random.err).not.toContain('usage:');
  const elsewhere = await statsWith({ REDIS_URL: config.redisUrl }, '--url', `http://127.0.0.1:${port}/metrics`);
  expect(elsewhere.code).toBe(1);
  expect(elsewhere.err).toContain(`no server is running at http://127.0.0.1:${port}/metrics`);
  expect(elsewhere.err).not.toContain('usage:');
}, 60_000);

it('refuses a range that is no date as a usage error, never a crash', async () => {
  const month13 = await stats('--from', '2026-13-01', '--to', '2026-12-01');
  expect(month13.code).toBe(2);
  expect(month13.err).toContain('a real date');
  expect(month13.err).not.toContain('RangeError');
}, 60_000);
