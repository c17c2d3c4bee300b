// Agent sign-in for the console: a signed, expiring session in an HttpOnly, SameSite=Strict
// cookie, and a CSRF token derived from the session that every state-changing request must echo
// in a header (a cross-site page can send the cookie-less request but cannot read the token).
import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Agent } from '../../src/handoff/index.js';
import { safeEqual } from '../../src/security/compare.js';

export const COOKIE = 'pasokh_agent';
const SESSION_HOURS = 12;

const mac = (secret: string, data: string) => createHmac('sha256', secret).update(data).digest('base64url');
const same = (a: string, b: string) => safeEqual(a, b);

export interface AgentSession {
  agentId: string;
  nonce: string;
  csrf: string;
}

export function issue(secret: string, agentId: string, now = Date.now()): { cookie: string; session: AgentSession } {
  const nonce = randomBytes(12).toString('base64url');
  const exp = Math.floor(now / 1000) + SESSION_HOURS * 3600;
  const payload = Buffer.from(JSON.stringify({ a: agentId, n: nonce, exp })).toString('base64url');
  return { cookie: `${payload}.${mac(secret, payload)}`, session: { agentId, nonce, csrf: mac(secret, `csrf:${nonce}`) } };
}

export function read(secret: string, cookieHeader: string | undefined, now = Date.now()): AgentSession | undefined {
  const value = (cookieHeader ?? '')
    .split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${COOKIE}=`))
    ?.slice(COOKIE.length + 1);
  const [payload, signature] = (value ?? '').split('.');
  if (!payload || !signature || !same(signature, mac(secret, payload))) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { a: string; n: string; exp: number };
    if (claims.exp * 1000 <= now) return undefined;
    return { agentId: claims.a, nonce: claims.n, csrf: mac(secret, `csrf:${claims.n}`) };
  } catch {
    return undefined;
  }
}

export function setCookie(request: FastifyRequest, reply: FastifyReply, value: string, maxAgeSeconds = SESSION_HOURS * 3600): void {
  const secure = request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https';
  reply.header(
    'set-cookie',
    `${COOKIE}=${value}; Path=/agent; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`,
  );
}

export function csrfOk(request: FastifyRequest, session: AgentSession): boolean {
  const given = request.headers['x-csrf-token'];
  return typeof given === 'string' && same(given, session.csrf);
}

export const agentOf = (agents: readonly Agent[], session?: AgentSession) => (session ? agents.find((a) => a.id === session.agentId) : undefined);
