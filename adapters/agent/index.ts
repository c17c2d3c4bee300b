// The agent console at /agent: the page and its JSON API over the handoff service, with live
// change events (SSE) driven by the state bus, so agents on any instance see the same queue.
// Roles are enforced here and in the handoff service, never only in the page: an agent reaches
// the chats in handoff that are theirs to see; an admin everything, and the team's sessions.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { App } from '../../src/app.js';
import { PasokhError } from '../../src/errors.js';
import {
  LoginRequest,
  SearchQuery,
  TextRequest,
  VIEW_NAMES,
  TransferRequest,
  type AgentsResponse,
  type ChangeEvent,
  type ChangeEventName,
  type ConversationDetail,
  type ConversationsResponse,
  type OkResponse,
  type PublicAgent,
  type RevokeResponse,
  type SignedIn,
  type TeamResponse,
  type View,
} from '../../src/wire/console.js';
import { dummyHash, HANDOFF_TOPIC, isAdmin, PRESENCE_BEAT_MS, verifyPassword, type Agent } from '../../src/handoff/index.js';
import { BROWSER_DIR, compressed, serveFolder } from '../../src/server/assets.js';
import { openEventStream, streamRegistry } from '../../src/server/sse.js';
import { randomSecret } from '../web/tokens.js';
import { authenticate, csrfOk, issue, setCookie, type AgentSession } from './auth.js';
import { mountReview } from './review.js';
import { mountInsights } from './insights.js';

/** console.js, built once by `npm run build` from ./console/main.ts (scripts/build.js). */
const SCRIPT_DIR = join(BROWSER_DIR, 'agent');
const PAGE = fileURLToPath(new URL('./console/index.html', import.meta.url));
const LOGIN_ATTEMPTS_PER_MINUTE = 10;
/** Bus topic on which ended sessions are announced, so their open event streams end too. */
export const SESSION_TOPIC = 'agent-session';

const CHANGE: ChangeEventName = 'change';

declare module 'fastify' {
  interface FastifyRequest {
    agent?: Agent;
    agentSession?: AgentSession;
  }
}

const publicAgent = (a: Agent): PublicAgent => ({ id: a.id, name: a.name, role: a.role ?? 'agent' });

/**
 * Puts routes behind the console's sign-in, for the other pages under /agent (insights, review):
 * every route needs a live session (and the CSRF header for anything but GET), and sees the
 * agent as `request.agent`; `adminOnly` routes refuse agents (403 PASOKH_ERR_ADMIN_ONLY).
 *
 * @example
 * agentApi.adminOnly((api) => api.get('/agent/api/insights', async (request) => insightsFor(request.agent!)));
 */
export interface AgentApi {
  signedIn(routes: (api: FastifyInstance) => void | Promise<void>): void;
  adminOnly(routes: (api: FastifyInstance) => void | Promise<void>): void;
}

/** What the console uses of the app: the handoff service, the agents and their sessions, counters and the bus. */
export type ConsoleDesk = Pick<App, 'handoff' | 'agents' | 'sessions' | 'learning' | 'insights' | 'presence'> & { state: Pick<App['state'], 'counters' | 'keys' | 'bus'>; commerce: Pick<App['commerce'], 'shop'> };

/** Another page under /agent: its own page and bundle, its API through `api` (the console's sign-in). */
export type AgentPage = (server: FastifyInstance, api: AgentApi) => void | Promise<void>;

export async function mountAgentConsole(server: FastifyInstance, app: ConsoleDesk, options: { secret?: string; pages?: readonly AgentPage[] } = {}): Promise<void> {
  const secret = options.secret ?? randomSecret();
  if (!existsSync(join(SCRIPT_DIR, 'console.js'))) throw new PasokhError('PASOKH_ERR_NOT_BUILT', { message: `console.js is not built (${SCRIPT_DIR}): run npm run build` });
  const page = readFileSync(PAGE, 'utf8');
  const openStreams = streamRegistry(server);
  // Open console streams per agent on this instance: the last one closing ends their presence.
  const consoles = new Map<string, number>();
  // Unknown usernames are checked against this, so they take as long as known ones.
  const decoy = dummyHash();

  server.register(
    compressed((assets) => {
      assets.get('/agent', async (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page));
      serveFolder(assets, { root: SCRIPT_DIR, prefix: '/agent/', maxAgeSeconds: 300 });
    }),
  );

  server.post('/agent/api/login', async (request, reply): Promise<SignedIn> => {
    const body = LoginRequest.safeParse(request.body);
    if (!body.success) throw new PasokhError('PASOKH_ERR_LOGIN_FORM');
    const attempts = await app.state.counters.hit(app.state.keys.rateLimit(`agent-login:${request.ip}`), 60);
    if (attempts > LOGIN_ATTEMPTS_PER_MINUTE) throw new PasokhError('PASOKH_ERR_LOGIN_RATE_LIMITED');
    const agent = app.agents.find((a) => a.id === body.data.username);
    const matches = await verifyPassword(body.data.password, agent?.passwordHash ?? decoy);
    if (!agent || !matches) throw new PasokhError('PASOKH_ERR_LOGIN_FAILED');
    const { cookie, session } = await issue(secret, app.sessions, agent);
    setCookie(request, reply, cookie);
    return { agent: publicAgent(agent), csrf: session.csrf };
  });

  // Everything else under /agent/api needs a session; state changes also the CSRF header.
  const guard = async (request: FastifyRequest) => {
    const signedIn = await authenticate(secret, app.sessions, app.agents, request.headers.cookie);
    if (!signedIn) throw new PasokhError('PASOKH_ERR_AGENT_SESSION');
    if (request.method !== 'GET' && !csrfOk(request, signedIn.session)) throw new PasokhError('PASOKH_ERR_CSRF');
    request.agent = signedIn.agent;
    request.agentSession = signedIn.session;
  };
  const adminOnly = async (request: FastifyRequest) => {
    if (!isAdmin(request.agent!)) throw new PasokhError('PASOKH_ERR_ADMIN_ONLY');
  };
  // The owner's review queue (/agent/review), behind the same session and admin checks.
  await mountReview(server, app.learning, { guard, adminOnly });
  // The owner's insights (/agent/insights): the same sessions, for admins.
  await mountInsights(server, app, { guard, adminOnly });
  const agentApi: AgentApi = {
    signedIn: (routes) =>
      server.register(async (api) => {
        api.addHook('preHandler', guard);
        await routes(api);
      }),
    adminOnly: (routes) =>
      server.register(async (api) => {
        api.addHook('preHandler', guard);
        api.addHook('preHandler', adminOnly);
        await routes(api);
      }),
  };
  // The other pages under /agent mount here, behind the same sign-in (see AgentApi), one line
  // each, e.g. `await mountInsights(server, app, agentApi);`, or come in as options.pages.
  for (const mount of options.pages ?? []) await mount(server, agentApi);

  const announceEnded = (message: { agentId?: string; sessionId?: string }) => app.state.bus.publish(SESSION_TOPIC, JSON.stringify(message)).catch(() => {});

  server.register(async (api) => {
    api.addHook('preHandler', guard);
    api.get('/agent/api/me', async (request): Promise<SignedIn> => ({ agent: publicAgent(request.agent!), csrf: request.agentSession!.csrf }));
    api.post('/agent/api/logout', async (request, reply): Promise<OkResponse> => {
      await app.sessions.end(request.agentSession!.id);
      await announceEnded({ sessionId: request.agentSession!.id });
      setCookie(request, reply, '', 0);
      return { ok: true };
    });
    api.get('/agent/api/agents', async (): Promise<AgentsResponse> => ({ agents: app.agents.map(publicAgent) }));
    api.get<{ Querystring: { view?: string } }>('/agent/api/conversations', async (request): Promise<ConversationsResponse> => {
      const view = VIEW_NAMES.find((v) => v === request.query.view) ?? ('queued' satisfies View);
      return { conversations: await app.handoff.list(view, request.agent!) };
    });
    // Every conversation the agent may see, whatever the tab: by name, phone, order number, words.
    api.get('/agent/api/search', async (request): Promise<ConversationsResponse> => ({
      conversations: await app.handoff.search(request.agent!, SearchQuery.parse(request.query)),
    }));
    api.get<{ Params: { id: string } }>('/agent/api/conversations/:id', async (request): Promise<ConversationDetail> => app.handoff.details(request.params.id, request.agent!));

    const action = (name: string, run: (agent: Agent, id: string, body: unknown) => Promise<void>) =>
      api.post<{ Params: { id: string } }>(`/agent/api/conversations/:id/${name}`, async (request): Promise<OkResponse> => {
        await run(request.agent!, request.params.id, request.body);
        return { ok: true };
      });
    action('claim', (agent, id) => app.handoff.claim(agent, id));
    action('release', (agent, id) => app.handoff.release(agent, id));
    action('close', (agent, id) => app.handoff.close(agent, id));
    action('reply', (agent, id, body) => app.handoff.reply(agent, id, TextRequest.parse(body).text));
    action('note', (agent, id, body) => app.handoff.note(agent, id, TextRequest.parse(body).text));
    action('transfer', async (agent, id, body) => {
      const to = app.agents.find((a) => a.id === TransferRequest.parse(body).to);
      if (!to) throw new PasokhError('PASOKH_ERR_UNKNOWN_COLLEAGUE');
      await app.handoff.transfer(agent, id, to);
    });

    // The team and their sessions: the admin's settings.
    api.get('/agent/api/team', { preHandler: adminOnly }, async (): Promise<TeamResponse> => ({
      agents: await Promise.all(app.agents.map(async (a) => ({ ...publicAgent(a), sessions: await app.sessions.count(a.id) }))),
    }));
    api.post<{ Params: { id: string } }>('/agent/api/team/:id/revoke', { preHandler: adminOnly }, async (request): Promise<RevokeResponse> => {
      if (!app.agents.some((a) => a.id === request.params.id)) throw new PasokhError('PASOKH_ERR_AGENT_NOT_FOUND');
      const ended = await app.sessions.endAll(request.params.id);
      await announceEnded({ agentId: request.params.id });
      return { ok: true, ended };
    });

    api.get('/agent/api/events', async (request, reply) => {
      const agent = request.agent!;
      const session = request.agentSession!;
      const stream = openEventStream(request, reply, { registry: openStreams, retryMs: 2000 });
      // While the console is open, the agent counts as present (the widget's «آنلاین»).
      const beat = () => void app.presence.beat(agent.id).catch(() => {});
      beat();
      const beating = setInterval(beat, PRESENCE_BEAT_MS);
      beating.unref();
      consoles.set(agent.id, (consoles.get(agent.id) ?? 0) + 1);
      stream.onClose(() => {
        clearInterval(beating);
        const left = (consoles.get(agent.id) ?? 1) - 1;
        if (left > 0) return void consoles.set(agent.id, left);
        consoles.delete(agent.id);
        void app.presence.leave(agent.id).catch(() => {});
      });
      stream.onClose(
        app.state.bus.subscribe(HANDOFF_TOPIC, (message) => {
          void visibleChange(agent, message)
            .then((data) => data && stream.write(`event: ${CHANGE}\ndata: ${data}\n\n`))
            .catch(() => stream.write(`event: ${CHANGE}\ndata: ${JSON.stringify({ kind: 'queue' } satisfies ChangeEvent)}\n\n`));
        }),
      );
      // A signed-out or revoked session's stream ends; the page's reconnect then meets a 401.
      stream.onClose(
        app.state.bus.subscribe(SESSION_TOPIC, (message) => {
          const ended = parse(message);
          if (ended.sessionId === session.id || ended.agentId === agent.id) stream.end();
        }),
      );
    });
  });

  /**
   * What of a change an agent may hear: an admin everything; an agent the conversation's id only
   * when they may see it (otherwise just "the lists changed").
   */
  async function visibleChange(agent: Agent, message: string): Promise<string | undefined> {
    if (isAdmin(agent)) return message;
    const change = parse(message) as Partial<ChangeEvent>;
    const visible = (event: ChangeEvent) => JSON.stringify(event);
    if (change.kind === 'forgotten') return change.to === '*' || change.to?.includes(agent.id) ? visible({ kind: change.kind, id: change.id }) : visible({ kind: 'queue' });
    if (typeof change.id === 'string' && (await app.handoff.canSee(agent, change.id))) return message;
    return change.kind === 'conversation' ? undefined : visible({ kind: change.kind ?? 'queue' });
  }
}

function parse(message: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(message);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
