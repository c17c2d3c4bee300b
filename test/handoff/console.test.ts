// The agent console's API over HTTP: sign-in, CSRF, the queue, two agents racing for one chat, and
// a reply reaching the customer's web stream.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/handoff/index.js';
import type { Running } from '../../src/server/serve.js';
import { testServer } from '../support/server.js';

let server: Running;
beforeAll(async () => {
  server = await testServer({
    AGENTS: `maryam:${hashPassword('s3cret-m')},ali:${hashPassword('s3cret-a')}`,
  });
}, 60_000);
afterAll(async () => server?.stop());

interface AgentClient {
  cookie: string;
  csrf: string;
  post(path: string, body?: object, options?: { csrf?: string | null }): Promise<Response>;
  get(path: string): Promise<Response>;
}

async function signIn(username: string, password: string): Promise<AgentClient> {
  const response = await fetch(`${server.url}/agent/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(response.status).toBe(200);
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  const { csrf } = (await response.json()) as { csrf: string };
  return {
    cookie,
    csrf,
    post: (path, body = {}, options = {}) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, ...(options.csrf === null ? {} : { 'x-csrf-token': options.csrf ?? csrf }) },
        body: JSON.stringify(body),
      }),
    get: (path) => fetch(`${server.url}${path}`, { headers: { cookie } }),
  };
}

async function customer(text: string): Promise<{ token: string; conversation: string }> {
  const session = (await (await fetch(`${server.url}/api/web/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { token: string; visitorId: string };
  await fetch(`${server.url}/api/web/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
    body: JSON.stringify({ clientMessageId: randomUUID(), text }),
  });
  return { token: session.token, conversation: `web:${session.visitorId}` };
}

describe('agent console API', () => {
  it('refuses a wrong password, a request without a session, and a state change without the CSRF token', async () => {
    const wrong = await fetch(`${server.url}/agent/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'maryam', password: 'nope' }) });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'unauthorized', code: 'PASOKH_ERR_LOGIN_FAILED', message: expect.stringContaining('رمز') });
    expect((await fetch(`${server.url}/agent/api/conversations`)).status).toBe(401);
    const maryam = await signIn('maryam', 's3cret-m');
    const cookie = (await fetch(`${server.url}/agent/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'maryam', password: 's3cret-m' }) })).headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const forged = await maryam.post('/agent/api/conversations/web:x/claim', {}, { csrf: null });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ error: 'csrf', code: 'PASOKH_ERR_CSRF' });
    expect((await maryam.get('/agent/api/me')).status).toBe(200);
  });

  it('shows a queued chat, lets exactly one of two agents claim it, and relays the reply to the customer', async () => {
    const { token, conversation } = await customer('میخوام با یه آدم واقعی حرف بزنم');
    const maryam = await signIn('maryam', 's3cret-m');
    const ali = await signIn('ali', 's3cret-a');
    const queued = (await (await maryam.get('/agent/api/conversations?view=queued')).json()) as { conversations: Array<{ id: string; reason: string }> };
    expect(queued.conversations.map((c) => c.id)).toContain(conversation);

    const path = `/agent/api/conversations/${encodeURIComponent(conversation)}`;
    const [a, b] = await Promise.all([maryam.post(`${path}/claim`), ali.post(`${path}/claim`)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? maryam : ali;
    const loser = a.status === 200 ? ali : maryam;
    const refused = await loser.post(`${path}/reply`, { text: 'سلام' });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: 'taken', code: 'PASOKH_ERR_HANDOFF_TAKEN', agentName: expect.any(String), message: expect.stringContaining('برداشته') });
    expect((await winner.post(`${path}/reply`, { text: 'سلام، در خدمتم. مشکل چیست؟' })).status).toBe(200);
    expect((await winner.post(`${path}/note`, { text: 'مشتری قبلاً هم شکایت داشته' })).status).toBe(200);

    const details = (await (await winner.get(path)).json()) as { transcript: Array<{ from: string; text?: string }> };
    expect(details.transcript.map((e) => e.from)).toEqual(expect.arrayContaining(['customer', 'bot', 'agent', 'note']));

    // The customer's stream shows the agent's reply but never the internal note.
    const stream = await fetch(`${server.url}/api/web/stream?token=${encodeURIComponent(token)}`);
    const reader = stream.body!.getReader();
    let text = '';
    for (let i = 0; i < 20 && !text.includes('در خدمتم'); i++) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(text).toContain('"from":"agent"');
    expect(text).not.toContain('شکایت داشته');

    expect((await winner.post(`${path}/close`)).status).toBe(200);
    const mine = (await (await winner.get('/agent/api/conversations?view=mine')).json()) as { conversations: unknown[] };
    expect(mine.conversations).toEqual([]);
  });

  it('publishes Prometheus metrics', async () => {
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('pasokh_messages_total');
    expect(metrics).toContain('pasokh_handoffs_total{reason="requested"}');
  });
});
