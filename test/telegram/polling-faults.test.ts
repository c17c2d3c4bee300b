// Long polling under faults, with the server as a real child process (`pasokh serve`) on its own
// Redis and the Bot API stand-in: 200 updates over 40 group chats, then a kill -9, a SIGTERM or a
// Redis outage in the middle of the batch. In groups every reply quotes the customer's message,
// so each update's answers can be counted.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startBotApiStandIn, type BotApiStandIn, type Call } from '../support/bot-api-stand-in.js';
import { freePort, startRedisServer, type RedisServer } from '../support/redis-server.js';

const BIN = fileURLToPath(new URL('../../bin/pasokh.js', import.meta.url));
const TOKEN = '123456:TEST-TOKEN';
const CHATS = 40;
const PER_CHAT = 5;
/** A Redis outage as long as the one that made the old poller drop what it had fetched (issue 10). */
const OUTAGE_MS = 20_000;
/** Questions with a one-message answer, so "answered once" is one quoting reply. */
const QUESTIONS = ['هزینه ارسال به تبریز چقدره؟', 'کد تخفیف دارید؟', 'چه روش‌های پرداختی دارید؟', 'فروش عمده هم دارید؟', 'شرایط مرجوعی چیه؟'];

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

interface Child {
  url: string;
  output: () => string;
  exited: Promise<number | null>;
  process: ChildProcess;
}

async function serve(env: Record<string, string>): Promise<Child> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  cleanup.push(() => void child.kill('SIGKILL'));
  for (let i = 0; i < 400 && !output.includes('pasokh is ready') && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 50));
  if (!output.includes('pasokh is ready')) throw new Error(`the server did not start:\n${output}`);
  return { url: `http://127.0.0.1:${port}`, output: () => output, exited, process: child };
}

async function setup(): Promise<{ api: BotApiStandIn; redis: RedisServer; env: Record<string, string> }> {
  const api = await startBotApiStandIn({ token: TOKEN });
  cleanup.push(() => api.close());
  // Replies take as long as they might from a distant Bot API, so the batch takes a few seconds.
  api.setLatency('sendMessage', 100);
  const redis = await startRedisServer();
  cleanup.push(() => redis.stop());
  const env = { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: api.url, REDIS_URL: redis.url, REDIS_PREFIX: `f-${randomUUID().slice(0, 6)}:` };
  return { api, redis, env };
}

/** 200 updates, 5 per group chat, each addressed to the bot; returns the chat and message of each. */
function pushBatch(api: BotApiStandIn): Array<{ chat: number; message: number }> {
  const sent: Array<{ chat: number; message: number }> = [];
  for (let round = 0; round < PER_CHAT; round++) {
    for (let c = 0; c < CHATS; c++) {
      const chat = -100_000 - c;
      const from = { id: 900_000 + c, is_bot: false, first_name: `مشتری ${c}` };
      const update = api.pushUpdate({
        message: { from, chat: { id: chat, type: 'group', title: `گروه ${c}` }, text: `@pasokh_test_bot ${QUESTIONS[round]}` },
      });
      sent.push({ chat, message: update.message.message_id as number });
    }
  }
  return sent;
}

const replies = (api: BotApiStandIn): Call[] => api.calls.filter((c) => (c.method === 'sendMessage' || c.method === 'sendPhoto') && c.status === 200);

/** How many successful replies quote each pushed message. */
function answersPer(api: BotApiStandIn, batch: Array<{ chat: number; message: number }>): number[] {
  const count = new Map<string, number>();
  for (const call of replies(api)) {
    const key = `${call.params.chat_id}:${call.params.reply_parameters?.message_id}`;
    count.set(key, (count.get(key) ?? 0) + 1);
  }
  return batch.map((m) => count.get(`${m.chat}:${m.message}`) ?? 0);
}

async function until(what: string, done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const tally = (counts: number[]) => ({ unanswered: counts.filter((n) => n === 0).length, twice: counts.filter((n) => n > 1).length });

describe('long polling under faults', () => {
  it('loses nothing when killed with SIGKILL mid-batch, and repeats only replies that were in flight', async () => {
    const { api, env } = await setup();
    const first = await serve(env);
    const batch = pushBatch(api);
    await until('the first answers', () => replies(api).length >= 30, 30_000);
    // Replies stall, so the kill finds every running turn waiting on Telegram (not between two
    // steps of its own): those replies reach the customer, and the Bot API has no way to tell a
    // repeated request from a new one, so only they may be sent again after the restart.
    api.setLatency('sendMessage', 60_000);
    await new Promise((r) => setTimeout(r, 500));
    const inFlight = new Set(api.callsOf('sendMessage').filter((c) => c.status === undefined).map((c) => `${c.params.chat_id}:${c.params.reply_parameters?.message_id}`));
    first.process.kill('SIGKILL');
    await first.exited;
    api.setLatency('sendMessage', 100);
    expect(tally(answersPer(api, batch)).unanswered).toBeGreaterThan(0); // killed mid-batch indeed

    await serve(env);
    await until('every update answered', () => tally(answersPer(api, batch)).unanswered === 0, 60_000).catch(() => {});
    const counts = answersPer(api, batch);
    expect(tally(counts).unanswered).toBe(0);
    const twice = batch.filter((_, i) => counts[i]! > 1).map((m) => `${m.chat}:${m.message}`);
    expect(twice.filter((m) => !inFlight.has(m))).toEqual([]);
  }, 120_000);

  it('exits on SIGTERM mid-batch and hands back what it did not finish', async () => {
    const { api, env } = await setup();
    const first = await serve(env);
    const batch = pushBatch(api);
    await until('the first answers', () => replies(api).length >= 30, 30_000);
    first.process.kill('SIGTERM');
    // The bound (10 s) as the deadline for the exit, not a timed assertion of speed.
    const code = await Promise.race([first.exited, new Promise<string>((r) => setTimeout(() => r('still running after 10 s'), 10_000))]);
    expect(code).toBe(0);
    expect(first.output()).not.toMatch(/given up/);
    expect(tally(answersPer(api, batch)).unanswered).toBeGreaterThan(0); // stopped mid-batch indeed

    await serve(env);
    await until('every update answered', () => tally(answersPer(api, batch)).unanswered === 0, 60_000).catch(() => {});
    expect(tally(answersPer(api, batch))).toEqual({ unanswered: 0, twice: 0 });
  }, 120_000);

  it('keeps what it fetched through a 20-second Redis outage and answers it once Redis is back', async () => {
    const { api, redis, env } = await setup();
    const server = await serve(env);
    const batch = pushBatch(api);
    await until('the first answers', () => replies(api).length >= 30, 30_000);
    await redis.stop();
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    expect(tally(answersPer(api, batch)).unanswered).toBeGreaterThan(0); // the outage came mid-batch
    await redis.start();
    await until('every update answered', () => tally(answersPer(api, batch)).unanswered === 0, 60_000).catch(() => {});
    expect(tally(answersPer(api, batch)).unanswered).toBe(0);
    // Retries are logged as one line each, without a stack trace.
    expect(server.output()).toMatch(/failed, retrying/);
    expect(server.output()).not.toMatch(/"stack"/);
  }, 150_000);
});
