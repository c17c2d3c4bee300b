// The agent console at /agent: the page and its JSON API over the handoff service, with live
// change events (SSE) driven by the state bus, so agents on any instance see the same queue.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../../src/app.js';
import { HANDOFF_TOPIC, verifyPassword, type Agent } from '../../src/handoff/index.js';
import { openEventStream, streamRegistry } from '../../src/server/sse.js';
import { randomSecret } from '../web/tokens.js';
import { agentOf, csrfOk, issue, read, setCookie, type AgentSession } from './auth.js';

const ENTRY = fileURLToPath(new URL('./console/main.ts', import.meta.url));
const PAGE = fileURLToPath(new URL('./console/index.html', import.meta.url));
const LOGIN_ATTEMPTS_PER_MINUTE = 10;

const Login = z.object({ username: z.string().max(100), password: z.string().max(200) });
const Text = z.object({ text: z.string().trim().min(1, 'متن خالی است').max(4000) });
const Transfer = z.object({ to: z.string() });

declare module 'fastify' {
  interface FastifyRequest {
    agent?: Agent;
    agentSession?: AgentSession;
  }
}

export async function mountAgentConsole(server: FastifyInstance, app: App, options: { secret?: string } = {}): Promise<void> {
  const secret = options.secret ?? randomSecret();
  const script = (await build({ entryPoints: [ENTRY], bundle: true, minify: true, format: 'iife', target: 'es2020', platform: 'browser', write: false })).outputFiles[0]?.text ?? '';
  const page = readFileSync(PAGE, 'utf8');
  const openStreams = streamRegistry(server);

  server.get('/agent', async (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page));
  server.get('/agent/console.js', async (_request, reply) => reply.type('application/javascript; charset=utf-8').send(script));

  server.post('/agent/api/login', async (request, reply) => {
    const body = Login.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error: 'bad_request', message: 'نام کاربری و رمز را بنویسید.' });
    const attempts = await app.state.counters.hit(app.state.keys.rateLimit(`agent-login:${request.ip}`), 60);
    if (attempts > LOGIN_ATTEMPTS_PER_MINUTE) return reply.code(429).send({ error: 'rate_limited', message: 'تلاش‌ها زیاد بود؛ یک دقیقه بعد دوباره امتحان کنید.' });
    const agent = app.agents.find((a) => a.id === body.data.username);
    if (!agent || !verifyPassword(body.data.password, agent.passwordHash)) {
      return reply.code(401).send({ error: 'unauthorized', message: 'نام کاربری یا رمز درست نیست.' });
    }
    const { cookie, session } = issue(secret, agent.id);
    setCookie(request, reply, cookie);
    return { agent: { id: agent.id, name: agent.name }, csrf: session.csrf };
  });

  // Everything else under /agent/api needs a session; state changes also the CSRF header.
  const guard = async (request: FastifyRequest, reply: FastifyReply) => {
    const session = read(secret, request.headers.cookie);
    const agent = agentOf(app.agents, session);
    if (!agent || !session) return reply.code(401).send({ error: 'unauthorized', message: 'لطفاً وارد شوید.' });
    if (request.method !== 'GET' && !csrfOk(request, session)) return reply.code(403).send({ error: 'csrf', message: 'درخواست نامعتبر است؛ صفحه را دوباره باز کنید.' });
    request.agent = agent;
    request.agentSession = session;
  };

  server.register(async (api) => {
    api.addHook('preHandler', guard);
    api.get('/agent/api/me', async (request) => ({ agent: { id: request.agent!.id, name: request.agent!.name }, csrf: request.agentSession!.csrf }));
    api.post('/agent/api/logout', async (request, reply) => {
      setCookie(request, reply, '', 0);
      return { ok: true };
    });
    api.get('/agent/api/agents', async () => ({ agents: app.agents.map((a) => ({ id: a.id, name: a.name })) }));
    api.get<{ Querystring: { view?: string } }>('/agent/api/conversations', async (request) => {
      const view = request.query.view === 'mine' || request.query.view === 'all' ? request.query.view : 'queued';
      return { conversations: await app.handoff.list(view, request.agent!) };
    });
    api.get<{ Params: { id: string } }>('/agent/api/conversations/:id', async (request) => app.handoff.details(request.params.id));

    const action = (name: string, run: (agent: Agent, id: string, body: unknown) => Promise<void>) =>
      api.post<{ Params: { id: string } }>(`/agent/api/conversations/:id/${name}`, async (request) => {
        await run(request.agent!, request.params.id, request.body);
        return { ok: true };
      });
    action('claim', (agent, id) => app.handoff.claim(agent, id));
    action('release', (agent, id) => app.handoff.release(agent, id));
    action('close', (agent, id) => app.handoff.close(agent, id));
    action('reply', (agent, id, body) => app.handoff.reply(agent, id, Text.parse(body).text));
    action('note', (agent, id, body) => app.handoff.note(agent, id, Text.parse(body).text));
    action('transfer', async (agent, id, body) => {
      const to = app.agents.find((a) => a.id === Transfer.parse(body).to);
      if (!to) throw Object.assign(new Error('چنین همکاری نیست.'), { statusCode: 400 });
      await app.handoff.transfer(agent, id, to);
    });

    api.get('/agent/api/events', async (request, reply) => {
      const stream = openEventStream(request, reply, { registry: openStreams, retryMs: 2000 });
      stream.onClose(app.state.bus.subscribe(HANDOFF_TOPIC, (message) => stream.write(`event: change\ndata: ${message}\n\n`)));
    });
  });
}
