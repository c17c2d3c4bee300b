// A customer on one server instance and an agent on another, sharing one Redis, talk live.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../src/handoff/index.js';
import type { Running } from '../../src/server/serve.js';
import { testServer } from '../support/server.js';

let a: Running;
let b: Running;
beforeAll(async () => {
  const shared = {
    REDIS_PREFIX: `two-${randomUUID().slice(0, 6)}:`,
    WIDGET_SECRET: 'shared-widget-secret-0123456789',
    AGENT_SECRET: 'shared-agent-secret-0123456789',
    AGENTS: `maryam:${hashPassword('s3cret-m')}`,
  };
  [a, b] = await Promise.all([testServer(shared), testServer(shared)]);
}, 60_000);
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

it('relays an agent on instance B to a customer streaming from instance A, live', async () => {
  const session = (await (await fetch(`${a.url}/api/web/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { token: string; visitorId: string };
  await fetch(`${a.url}/api/web/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
    body: JSON.stringify({ clientMessageId: randomUUID(), text: 'لطفاً وصلم کنید به پشتیبان' }),
  });

  // The customer's live stream, held open on A.
  const controller = new AbortController();
  const stream = await fetch(`${a.url}/api/web/stream?token=${encodeURIComponent(session.token)}`, { signal: controller.signal });
  const reader = stream.body!.getReader();
  let seen = '';
  const reading = (async () => {
    for (let i = 0; i < 200 && !seen.includes('از نمونه‌ی دوم'); i++) seen += new TextDecoder().decode((await reader.read()).value);
  })().catch(() => {});

  const login = await fetch(`${b.url}/agent/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'maryam', password: 's3cret-m' }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { csrf } = (await login.json()) as { csrf: string };
  const post = (path: string, body: object = {}) =>
    fetch(`${b.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf }, body: JSON.stringify(body) });
  const id = encodeURIComponent(`web:${session.visitorId}`);
  expect((await post(`/agent/api/conversations/${id}/claim`)).status).toBe(200);
  expect((await post(`/agent/api/conversations/${id}/reply`, { text: 'سلام، از نمونه‌ی دوم جواب می‌دهم' })).status).toBe(200);

  await Promise.race([reading, new Promise((r) => setTimeout(r, 5000))]);
  controller.abort();
  expect(seen).toContain('"from":"agent"');
  expect(seen).toContain('از نمونه‌ی دوم');
});
