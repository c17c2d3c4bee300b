// The widget's API refuses what a page (or anyone with curl) may send that it cannot use: deep
// nesting, wrong shapes, and requests from pages on other origins however the path is spelled.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/server/serve.js';
import { testServer } from '../support/server.js';

let server: Running;

beforeAll(async () => {
  server = await testServer({ WIDGET_SECRET: 'widget-secret-for-tests-0123456789', WIDGET_ALLOWED_ORIGINS: 'https://shop.example' });
});
afterAll(async () => server?.stop());

const json = { 'content-type': 'application/json' };

async function session(): Promise<string> {
  const response = await fetch(`${server.url}/api/web/session`, { method: 'POST', headers: json, body: '{}' });
  return ((await response.json()) as { token: string }).token;
}

function send(token: string, body: string) {
  return fetch(`${server.url}/api/web/messages`, { method: 'POST', headers: { ...json, authorization: `Bearer ${token}` }, body });
}

/** The conversation's history as the widget's stream replays it (empty when nothing was recorded). */
async function history(token: string): Promise<string> {
  const controller = new AbortController();
  const response = await fetch(`${server.url}/api/web/stream?token=${encodeURIComponent(token)}`, { signal: controller.signal });
  const reader = response.body!.getReader();
  let text = '';
  const timer = setTimeout(() => controller.abort(), 700);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
  } catch {
    // aborted: what arrived is the replay
  } finally {
    clearTimeout(timer);
  }
  return text.split('\n').filter((l) => l.startsWith('data: ')).join('\n');
}

describe('bad bodies', () => {
  it('answers 400 to a value nested 5,000 deep in a 10 KB body, records nothing, and takes the same message id afterwards', async () => {
    const token = await session();
    const id = randomUUID();
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const response = await send(token, `{"clientMessageId":"${id}","text":"سلام","value":${deep}}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain('deeper');
    expect(await history(token)).toBe('');
    const again = await send(token, JSON.stringify({ clientMessageId: id, text: 'سلام' }));
    expect(await again.json()).toMatchObject({ ok: true, duplicate: false, mode: 'bot', replies: 1 });
    expect(await history(token)).toContain('سلام');
  });

  it('answers 400 to a quick-reply value that is not one flat object', async () => {
    const token = await session();
    for (const value of [{ do: { do: 'handoff' } }, [1, 2], 'handoff', { do: 'x'.repeat(1000) }]) {
      expect((await send(token, JSON.stringify({ clientMessageId: randomUUID(), text: 'x', value }))).status).toBe(400);
    }
    expect((await send(token, JSON.stringify({ clientMessageId: randomUUID(), text: 'پشتیبان', value: { do: 'handoff' } }))).status).toBe(200);
  });

  it('answers 400 to a deep or misshapen session body', async () => {
    for (const body of [`{"shop":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`, '[]', '{"shop": 5}', '"x"', '{"name":']) {
      const response = await fetch(`${server.url}/api/web/session`, { method: 'POST', headers: json, body });
      expect(response.status, body.slice(0, 20)).toBe(400);
    }
  });
});

describe('origins', () => {
  it('refuses a page on another origin however the path is spelled', async () => {
    for (const path of ['/api/web/session', '/%61pi/web/session', '/api/web/%73ession', '/pasokh/%61pi/web/session', '/api%2Fweb/session']) {
      const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { ...json, origin: 'https://evil.example' }, body: '{}' });
      expect(response.status, path).not.toBe(200);
      expect(await response.text(), path).not.toContain('token');
    }
    const allowed = await fetch(`${server.url}/%61pi/web/session`, { method: 'POST', headers: { ...json, origin: 'https://shop.example' }, body: '{}' });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
  });

  it('answers the preflight of an allowed origin and refuses another', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/pasokh/api/web/messages`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    const ok = await preflight('https://shop.example');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-methods')).toContain('POST');
    expect((await preflight('https://evil.example')).status).toBe(403);
  });
});

describe('error codes', () => {
  type Answer = { status: number; body: { error?: string; code?: string; message?: string }; cors: string | null; retryAfter: string | null };
  async function answer(path: string, init: RequestInit): Promise<Answer> {
    const response = await fetch(`${server.url}${path}`, init);
    return { status: response.status, body: (await response.json()) as Answer['body'], cors: response.headers.get('access-control-allow-origin'), retryAfter: response.headers.get('retry-after') };
  }
  const post = (path: string, body: string, headers: Record<string, string> = {}) => answer(path, { method: 'POST', headers: { ...json, ...headers }, body });

  it('answers each kind of bad input with its documented code, status and error name', async () => {
    const token = await session();
    const bearer = { authorization: `Bearer ${token}` };
    const cases: Array<[string, Promise<Answer>, number, string, string]> = [
      ['deep', post('/api/web/messages', `{"clientMessageId":"${randomUUID()}","value":${'['.repeat(100)}${']'.repeat(100)}}`, bearer), 400, 'PASOKH_ERR_BODY_TOO_DEEP', 'too_deep'],
      ['not JSON', post('/api/web/messages', '{"clientMessageId":', bearer), 400, 'PASOKH_ERR_BAD_JSON', 'bad_request'],
      ['wrong shape', post('/api/web/messages', JSON.stringify({ clientMessageId: 'x', text: 'سلام' }), bearer), 400, 'PASOKH_ERR_BAD_REQUEST', 'bad_request'],
      ['too long', post('/api/web/messages', JSON.stringify({ clientMessageId: randomUUID(), text: 'ا'.repeat(1001) }), bearer), 413, 'PASOKH_ERR_MESSAGE_TOO_LONG', 'too_long'],
      ['empty', post('/api/web/messages', JSON.stringify({ clientMessageId: randomUUID(), text: '  ' }), bearer), 400, 'PASOKH_ERR_MESSAGE_EMPTY', 'empty'],
      ['no session', post('/api/web/messages', JSON.stringify({ clientMessageId: randomUUID(), text: 'سلام' }), { authorization: 'Bearer forged' }), 401, 'PASOKH_ERR_WIDGET_SESSION', 'unauthorized'],
      ['no stream session', answer('/api/web/stream?token=forged', {}), 401, 'PASOKH_ERR_WIDGET_SESSION', 'unauthorized'],
      ['session shape', post('/api/web/session', '{"shop": 5}'), 400, 'PASOKH_ERR_BAD_REQUEST', 'bad_request'],
      ['media type', answer('/api/web/session', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<a/>' }), 415, 'PASOKH_ERR_UNSUPPORTED_MEDIA_TYPE', 'unsupported_media_type'],
      ['too large', post('/api/web/session', JSON.stringify({ shop: 'x'.repeat(70_000) })), 413, 'PASOKH_ERR_BODY_TOO_LARGE', 'too_large'],
      ['origin', post('/api/web/session', '{}', { origin: 'https://evil.example' }), 403, 'PASOKH_ERR_ORIGIN_NOT_ALLOWED', 'origin_not_allowed'],
      ['no route', answer('/api/web/nothing', {}), 404, 'PASOKH_ERR_ROUTE_NOT_FOUND', 'not_found'],
    ];
    for (const [what, pending, status, code, error] of cases) {
      const { status: got, body } = await pending;
      expect({ what, status: got, code: body.code, error: body.error }).toEqual({ what, status, code, error });
      expect(body.message, what).toBeTruthy();
    }
  });

  it('tells visitors in Persian, and lets the shop page read the refusal (CORS on errors too)', async () => {
    const refused = await post('/api/web/messages', JSON.stringify({ clientMessageId: randomUUID(), text: 'سلام' }), { authorization: 'Bearer forged', origin: 'https://shop.example' });
    expect(refused.status).toBe(401);
    expect(refused.cors).toBe('https://shop.example');
    expect(refused.body.message).toMatch(/^[^A-Za-z]+$/);
    const token = await session();
    const long = await post('/api/web/messages', JSON.stringify({ clientMessageId: randomUUID(), text: 'ا'.repeat(1001) }), { authorization: `Bearer ${token}`, origin: 'https://shop.example' });
    expect(long.cors).toBe('https://shop.example');
    expect(long.body.message).toContain('۱٬۰۰۰');
  });
});
