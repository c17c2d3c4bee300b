// The widget's HTTP API without a browser: sessions, idempotent messages, the resumable stream,
// limits and origins.
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIdentity } from '../../adapters/web/tokens.js';
import { openShopDirectory, persianDigits, SAMPLE_SHOP_DIR } from '../../src/commerce/index.js';
import { STATUS_LABELS } from '../../src/engine/index.js';
import type { Running } from '../../src/server/serve.js';
import { testServer } from '../support/server.js';

const IDENTITY_SECRET = 'shop-identity-secret-0123456789';
let server: Running;

beforeAll(async () => {
  server = await testServer({
    WIDGET_SECRET: 'widget-secret-for-tests-0123456789',
    WIDGET_IDENTITY_SECRET: IDENTITY_SECRET,
    WIDGET_ALLOWED_ORIGINS: 'https://shop.example',
    WIDGET_RATE_LIMIT: '5',
  });
});
afterAll(async () => server?.stop());

async function session(body: object = {}) {
  const response = await fetch(`${server.url}/api/web/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await response.json()) as { token: string; visitorId: string; config: { welcome: string } };
}

function send(token: string, body: object) {
  return fetch(`${server.url}/api/web/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
}

interface Event {
  id: string;
  data: { from: string; text?: string; clientMessageId?: string; quickReplies?: unknown[]; cards?: unknown[] };
}

/** Reads SSE events until `count` entries arrived or the time is up. */
async function read(token: string, count: number, options: { after?: string; lastEventId?: string; ms?: number } = {}): Promise<Event[]> {
  const controller = new AbortController();
  const url = `${server.url}/api/web/stream?token=${encodeURIComponent(token)}${options.after ? `&after=${options.after}` : ''}`;
  const response = await fetch(url, { signal: controller.signal, headers: options.lastEventId ? { 'last-event-id': options.lastEventId } : {} });
  const events: Event[] = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const timer = setTimeout(() => controller.abort(), options.ms ?? 3000);
  try {
    while (events.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const id = /^id: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (id && data) events.push({ id, data: JSON.parse(data) });
      }
    }
  } catch {
    // aborted: return what arrived
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

describe('widget API', () => {
  it('creates a session with a signed token and resumes the same visitor', async () => {
    const first = await session({ shop: 'demo' });
    expect(first.token).toMatch(/^v1\./);
    expect(first.config.welcome).toContain('خوش آمدید');
    const again = await session({ token: first.token });
    expect(again.visitorId).toBe(first.visitorId);
    const forged = await session({ token: first.token.slice(0, -2) + 'xx' });
    expect(forged.visitorId).not.toBe(first.visitorId);
  });

  it('answers through the stream; a resend with the same client id is not a second message', async () => {
    const { token } = await session();
    const id = randomUUID();
    expect((await send(token, { clientMessageId: id, text: 'قیمت مانتو کتان چنده؟' })).status).toBe(200);
    const resend = await send(token, { clientMessageId: id, text: 'قیمت مانتو کتان چنده؟' });
    expect(await resend.json()).toMatchObject({ ok: true, duplicate: true });
    const events = await read(token, 2);
    expect(events.map((e) => e.data.from)).toEqual(['customer', 'bot']);
    expect(events[0]?.data.clientMessageId).toBe(id);
    expect(events[1]?.data.text).toContain('۱٬۵۹۰٬۰۰۰ تومان');
    expect(events[1]?.data.cards).toHaveLength(1);
  });

  it('resumes after the last id seen, by ?after= or Last-Event-ID, without repeats', async () => {
    const { token } = await session();
    await send(token, { clientMessageId: randomUUID(), text: 'سلام' });
    const first = await read(token, 2);
    await send(token, { clientMessageId: randomUUID(), text: 'هزینه ارسال چقدره؟' });
    const rest = await read(token, 2, { after: first[1]!.id });
    expect(rest.map((e) => e.data.from)).toEqual(['customer', 'bot']);
    expect(rest[1]?.data.text).toContain('پست');
    const viaHeader = await read(token, 2, { lastEventId: first[1]!.id });
    expect(viaHeader.map((e) => e.id)).toEqual(rest.map((e) => e.id));
  });

  it('delivers live entries to an open stream', async () => {
    const { token } = await session();
    const pending = read(token, 2, { ms: 5000 });
    await new Promise((r) => setTimeout(r, 300));
    await send(token, { clientMessageId: randomUUID(), text: 'مرسی' });
    const events = await pending;
    expect(events.map((e) => e.data.from)).toEqual(['customer', 'bot']);
  });

  it('refuses bad input with clear Persian messages', async () => {
    const { token } = await session();
    expect((await send('nope', { clientMessageId: randomUUID(), text: 'سلام' })).status).toBe(401);
    const long = await send(token, { clientMessageId: randomUUID(), text: 'ا'.repeat(1001) });
    expect(long.status).toBe(413);
    expect(((await long.json()) as { message: string }).message).toContain('۱٬۰۰۰');
    expect((await send(token, { clientMessageId: 'x', text: 'سلام' })).status).toBe(400);
    expect((await send(token, { clientMessageId: randomUUID(), text: '   ' })).status).toBe(400);
  });

  it('limits messages per visitor per minute', async () => {
    const { token } = await session();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await send(token, { clientMessageId: randomUUID(), text: 'سلام' })).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });

  it('lets allowed origins in (with CORS) and keeps others out', async () => {
    const ok = await fetch(`${server.url}/api/web/session`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const evil = await fetch(`${server.url}/api/web/session`, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body: '{}' });
    expect(evil.status).toBe(403);
  });

  it('shows a signed-in customer their order without asking for the phone', async () => {
    const customer = signIdentity(IDENTITY_SECRET, { phone: '09123847561', name: 'نگار', exp: Math.floor(Date.now() / 1000) + 600 });
    const { token } = await session({ customer });
    await send(token, { clientMessageId: randomUUID(), text: 'سفارشم کجاست؟' });
    const events = await read(token, 2);
    const latest = (await openShopDirectory(SAMPLE_SHOP_DIR, { watch: false }).findOrdersByPhone('09123847561'))[0]!;
    expect(events[1]?.data.text).toContain(`سفارش ${persianDigits(latest.id)}`);
    expect(events[1]?.data.text).toContain(STATUS_LABELS[latest.status]);
  });

  it('serves widget.js (also under /pasokh/) and the demo page', async () => {
    const script = await fetch(`${server.url}/widget.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    // Small enough to embed anywhere: under 30 KB gzipped.
    expect(gzipSync(Buffer.from(await script.arrayBuffer())).length).toBeLessThan(30 * 1024);
    const prefixed = await fetch(`${server.url}/pasokh/widget.js`);
    expect(prefixed.status).toBe(200);
    await prefixed.arrayBuffer();
    const page = await (await fetch(`${server.url}/`)).text();
    expect(page).toContain('widget.js');
    const font = await fetch(`${server.url}/fonts/Vazirmatn-Regular.woff2`);
    expect(font.status).toBe(200);
    expect((await font.arrayBuffer()).byteLength).toBeGreaterThan(10_000);
  });
});
