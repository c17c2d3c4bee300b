// Every HTTP entry point a stranger can reach, fuzzed through real HTTP on a test server with real
// Redis and the Bot API stand-in: Telegram webhook bodies, widget sessions, messages and stream
// cursors. Whatever arrives, the answer is a success or a 4xx — never a 5xx — and afterwards the
// server still answers a customer.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/server/serve.js';
import { startBotApiStandIn, type BotApiStandIn } from '../support/bot-api-stand-in.js';
import { testServer } from '../support/server.js';
import { callbackUpdate, contactUpdate, CUSTOMER, textUpdate } from '../support/telegram-updates.js';
import { anyJson, anyJsonText, anyText, chatText } from './arbitraries.js';

const SECRET = 'fuzz-secret_42';
let api: BotApiStandIn;
let server: Running;

beforeAll(async () => {
  api = await startBotApiStandIn();
  server = await testServer({
    TELEGRAM_BOT_TOKEN: '123456:TEST-TOKEN',
    TELEGRAM_API_ROOT: api.url,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    WIDGET_SECRET: 'widget-secret-for-tests-0123456789',
    WIDGET_RATE_LIMIT: '1000',
  });
});
afterAll(async () => {
  await server?.stop();
  await api?.close();
});

async function statusOf(path: string, init: RequestInit): Promise<number> {
  const response = await fetch(`${server.url}${path}`, init);
  await response.arrayBuffer();
  return response.status;
}

const postJson = (path: string, body: string, headers: Record<string, string> = {}) =>
  statusOf(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

/** Replaces the value at a random path of an object with another value. */
function mutate(value: unknown, path: readonly number[], replacement: unknown): unknown {
  if (path.length === 0 || typeof value !== 'object' || value === null) return replacement;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return replacement;
  const [key, inner] = entries[path[0]! % entries.length]!;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
  (copy as Record<string, unknown>)[key] = mutate(inner, path.slice(1), replacement);
  return copy;
}

const update = fc.oneof(
  chatText(300).map((text) => textUpdate(text)),
  anyText(300).map((text) => textUpdate(text)),
  fc.constant(null).map(() => contactUpdate('+989123847561', CUSTOMER.id)),
  anyText(70).map((data) => callbackUpdate({ message_id: 5, chat: { id: CUSTOMER.id, type: 'private' } }, data)),
);
const mutatedUpdate = fc
  .tuple(update, fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), fc.oneof(anyJson, anyText(50), fc.constant(undefined)))
  .map(([u, path, replacement]) => mutate(u, path, replacement));

describe('Telegram webhook', () => {
  it('answers 200 or 400 to any body, update-shaped or not', async () => {
    const body = fc.oneof(
      { weight: 3, arbitrary: update.map((u) => JSON.stringify(u)) },
      { weight: 4, arbitrary: mutatedUpdate.map((u) => JSON.stringify(u) ?? 'null') },
      { weight: 2, arbitrary: anyJsonText },
      { weight: 1, arbitrary: anyText(200) },
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        expect([200, 400]).toContain(await postJson('/telegram/webhook', text, { 'x-telegram-bot-api-secret-token': SECRET }));
      }),
      { numRuns: 80 },
    );
    expect(await postJson('/telegram/webhook', JSON.stringify(textUpdate('سلام')), { 'x-telegram-bot-api-secret-token': SECRET })).toBe(200);
  });

  it('answers 401 to any body without the secret, whatever secret header is sent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary-ascii', maxLength: 80 }).filter((s) => s !== SECRET && !/[\r\n\0]/.test(s)), anyJsonText, async (secret, text) => {
        const status = await postJson('/telegram/webhook', text, { 'x-telegram-bot-api-secret-token': secret }).catch(() => 0);
        // 0: fetch itself refused a header value no client may send.
        expect([0, 400, 401]).toContain(status);
      }),
      { numRuns: 30 },
    );
  });
});

describe('widget API', () => {
  let token: string;
  beforeAll(async () => {
    const response = await fetch(`${server.url}/api/web/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    token = ((await response.json()) as { token: string }).token;
  });

  it('answers session bodies of any shape with 200 or 400', async () => {
    const field = fc.oneof(anyText(120), anyJson, fc.constant(undefined));
    const body = fc.oneof(
      fc.record({ shop: field, token: fc.oneof(field, fc.constant(undefined).map(() => token)), customer: field, name: field, phone: fc.oneof(field, chatText(20)) }, { requiredKeys: [] }).map((b) => JSON.stringify(b)),
      anyJsonText,
      anyText(100),
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        expect([200, 400]).toContain(await postJson('/api/web/session', text));
      }),
      { numRuns: 80 },
    );
  });

  it('answers messages of any shape with 200 or a 4xx, and stays answering', async () => {
    const body = fc.oneof(
      fc
        .record(
          {
            clientMessageId: fc.oneof(fc.uuid(), anyText(40)),
            text: fc.oneof(chatText(300), anyText(1100), anyJson),
            value: fc.oneof(anyJson, fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(fc.string({ maxLength: 30 }), fc.integer())), fc.constant(undefined)),
          },
          { requiredKeys: ['clientMessageId'] },
        )
        .map((b) => JSON.stringify(b)),
      anyJsonText,
      anyText(200),
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const status = await postJson('/api/web/messages', text, { authorization: `Bearer ${token}` });
        expect([200, 400, 413]).toContain(status);
      }),
      { numRuns: 100 },
    );
    expect(await postJson('/api/web/messages', JSON.stringify({ clientMessageId: randomUUID(), text: 'سلام' }), { authorization: `Bearer ${token}` })).toBe(200);
  });

  it('answers any stream cursor and any bearer with the stream, or a 4xx', async () => {
    const cursor = fc.oneof(anyText(30).map((s) => s.replace(/\p{Cs}/gu, '\uFFFD')), fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.bigInt({ min: 0n, max: 10n ** 30n })).map(([a, b]) => `${a}-${b}`));
    await fc.assert(
      fc.asyncProperty(cursor, fc.boolean(), async (after, asHeader) => {
        const controller = new AbortController();
        const query = asHeader ? '' : `&after=${encodeURIComponent(after)}`;
        const headers: Record<string, string> = asHeader && /^[\x20-\x7e]*$/.test(after) ? { 'last-event-id': after } : {};
        const response = await fetch(`${server.url}/api/web/stream?token=${encodeURIComponent(token)}${query}`, { signal: controller.signal, headers });
        controller.abort();
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 30 },
    );
    await fc.assert(
      // Lone surrogates cannot be percent-encoded: a URL never carries them.
      fc.asyncProperty(anyText(200).map((s) => s.replace(/\p{Cs}/gu, '\uFFFD')), async (bearer) => {
        expect(await statusOf(`/api/web/stream?token=${encodeURIComponent(bearer)}`, {})).toBe(401);
      }),
      { numRuns: 30 },
    );
  });
});
