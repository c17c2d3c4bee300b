// Fault test: a pasokh instance (a child process) is killed with SIGKILL in the middle of a turn,
// while it waits for the Bot API to take its reply. Telegram delivers the update again, to the
// other instance: it takes the dead instance's conversation over once the lease expires, answers
// once, and a handoff an agent claimed meanwhile stays claimed.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedisHandoffStore } from '../../src/handoff/index.js';
import { connectRedis } from '../../src/state/index.js';
import { startBotApiStandIn, type BotApiStandIn } from '../support/bot-api-stand-in.js';
import { startPasokhProcess, type PasokhProcess } from '../support/pasokh-process.js';
import { textUpdate } from '../support/telegram-updates.js';

const SECRET = 'killed-secret_42';
const PREFIX = `killed-${randomUUID().slice(0, 6)}:`;
let api: BotApiStandIn;
let victim: PasokhProcess;
let second: PasokhProcess;
let survivor: PasokhProcess;

beforeAll(async () => {
  api = await startBotApiStandIn();
  const env = { REDIS_URL: inject('redisUrl'), REDIS_PREFIX: PREFIX, TELEGRAM_BOT_TOKEN: '123456:TEST-TOKEN', TELEGRAM_API_ROOT: api.url, TELEGRAM_WEBHOOK_SECRET: SECRET };
  [victim, second, survivor] = await Promise.all([startPasokhProcess('victim', env), startPasokhProcess('second', env), startPasokhProcess('survivor', env)]);
}, 60_000);
afterAll(async () => {
  await Promise.all([victim?.kill(), second?.kill(), survivor?.stop()]);
  await api?.close();
});
afterEach(() => api.reset());

const post = (server: PasokhProcess, update: unknown) =>
  fetch(`${server.url}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify(update),
  });

/** Telegram's redelivery: again until a 2xx, a bounded number of times. */
async function redeliver(server: PasokhProcess, update: unknown): Promise<number> {
  let status = 0;
  for (let attempt = 0; attempt < 10 && status !== 200; attempt++) {
    if (attempt) await new Promise((r) => setTimeout(r, 500));
    status = (await post(server, update)).status;
  }
  return status;
}

const answered = (chat: number) => api.calls.filter((c) => ['sendMessage', 'sendPhoto'].includes(c.method) && c.status === 200 && Number(c.params.chat_id) === chat);
const customer = (id: number) => ({ id, is_bot: false, first_name: 'سارا', last_name: 'محمدی', language_code: 'fa' });

describe('an instance killed mid-turn', () => {
  it('is taken over by the redelivery, which answers once', async () => {
    const chat = 930001;
    const update = textUpdate('روش‌های پرداخت چیه؟', { from: customer(chat) });
    api.failNext('sendMessage', 'hang');
    void post(victim, update).catch(() => {});
    await api.waitForCall('sendMessage', (c) => Number(c.params.chat_id) === chat, 15_000);
    await victim.kill();

    expect(await redeliver(survivor, update)).toBe(200);
    expect(answered(chat)).toHaveLength(1);
    expect(String(answered(chat)[0]?.params.text)).toContain('کارت به کارت');
    // A late copy of the same update changes nothing.
    expect((await post(survivor, update)).status).toBe(200);
    expect(answered(chat)).toHaveLength(1);
  });
});

describe('an instance killed mid-turn during a handoff', () => {
  it('leaves the handoff an agent claimed meanwhile claimed, and answers once', async () => {
    const chat = 930002;
    const key = `telegram:${chat}`;
    const redis = connectRedis(inject('redisUrl'));
    const store = createRedisHandoffStore(redis, PREFIX);
    try {
      const update = textUpdate('میخوام با پشتیبان صحبت کنم', { from: customer(chat) });
      api.failNext('sendMessage', 'hang');
      void post(second, update).catch(() => {});
      await api.waitForCall('sendMessage', (c) => Number(c.params.chat_id) === chat, 15_000);
      // The handoff was queued before the instance got stuck; an agent takes it, then the instance dies.
      expect(await store.position(key)).toBe(1);
      expect((await store.claim(key, 'maryam', Date.now())).ok).toBe(true);
      await second.kill();

      expect(await redeliver(survivor, update)).toBe(200);
      expect(answered(chat)).toHaveLength(1);
      expect((await store.assignment(key))?.agentId).toBe('maryam');
      expect(await store.position(key)).toBeUndefined();
    } finally {
      redis.disconnect();
    }
  });
});
