// Agent sign-in for the console. The HttpOnly, SameSite=Strict cookie carries a signed session id;
// the session itself (who, the CSRF token, the expiry) is a record in the state store, so signing
// out, an admin's revoke, or a change to the account (password, role, removal) ends it on every
// instance. Every state-changing request must echo the CSRF token in a header (a cross-site page
// can send the cookie but cannot read the token).
import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { accountVersion, type Agent, type SessionStore } from '../../src/handoff/index.js';
import { safeEqual } from '../../src/security/compare.js';

export const COOKIE = 'pasokh_agent';
export const SESSION_HOURS = 12;

const mac = (secret: string, data: string) => createHmac('sha256', secret).update(data).digest('base64url');

export interface AgentSession {
  /** agentId.random: the record's name in the session store. */
  id: string;
  agentId: string;
  csrf: string;
}

/** Starts a session for the agent; returns the cookie value. */
export async function issue(secret: string, sessions: SessionStore, agent: Agent, now = Date.now()): Promise<{ cookie: string; session: AgentSession }> {
  const id = `${agent.id}.${randomBytes(18).toString('base64url')}`;
  const csrf = randomBytes(18).toString('base64url');
  await sessions.create(id, { agentId: agent.id, version: accountVersion(agent), csrf, createdAt: now, expiresAt: now + SESSION_HOURS * 3600_000 });
  const payload = Buffer.from(id).toString('base64url');
  return { cookie: `${payload}.${mac(secret, payload)}`, session: { id, agentId: agent.id, csrf } };
}

/** The session id a cookie names, if the cookie is ours (never throws). */
function sessionIdOf(secret: string, cookieHeader: string | undefined): string | undefined {
  const value = (cookieHeader ?? '')
    .split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${COOKIE}=`))
    ?.slice(COOKIE.length + 1);
  const [payload, signature, extra] = (value ?? '').split('.');
  if (!payload || !signature || extra !== undefined || !safeEqual(signature, mac(secret, payload))) return undefined;
  return Buffer.from(payload, 'base64url').toString('utf8');
}

/**
 * The signed-in agent and their session, or undefined: no cookie, a forged one, a session that
 * ended (signed out, revoked, expired), or an account that was removed or changed since (then the
 * record is deleted too). Store failures throw (StoreUnavailableError: 503).
 */
export async function authenticate(
  secret: string,
  sessions: SessionStore,
  agents: readonly Agent[],
  cookieHeader: string | undefined,
): Promise<{ agent: Agent; session: AgentSession } | undefined> {
  const id = sessionIdOf(secret, cookieHeader);
  if (!id) return undefined;
  const record = await sessions.get(id);
  if (!record || record.expiresAt <= Date.now()) return undefined;
  const agent = agents.find((a) => a.id === record.agentId);
  if (!agent || !safeEqual(record.version, accountVersion(agent))) {
    await sessions.end(id);
    return undefined;
  }
  return { agent, session: { id, agentId: agent.id, csrf: record.csrf } };
}

export function setCookie(request: FastifyRequest, reply: FastifyReply, value: string, maxAgeSeconds = SESSION_HOURS * 3600): void {
  const secure = request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https';
  reply.header(
    'set-cookie',
    `${COOKIE}=${value}; Path=/agent; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`,
  );
}

export function csrfOk(request: FastifyRequest, session: AgentSession): boolean {
  return safeEqual(request.headers['x-csrf-token'], session.csrf);
}
