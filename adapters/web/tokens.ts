// Signed, expiring tokens (HMAC-SHA256): the visitor's session, and the customer identity a shop's
// own site may pass to the widget so logged-in customers see their orders without re-verifying.
import { createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { safeEqual } from '../../src/security/compare.js';

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');
const sign = (secret: string, payload: string) => b64(createHmac('sha256', secret).update(payload).digest());

function verifySignature(secret: string, payload: string, signature: string): boolean {
  return safeEqual(signature, sign(secret, payload));
}

export const SESSION_DAYS = 30;

const Session = z.object({ v: z.string().uuid(), exp: z.number(), s: z.string().max(64).optional() });
export type SessionClaims = z.infer<typeof Session>;

export function issueSession(secret: string, visitorId: string, shop: string | undefined, now = Date.now()): { token: string; expiresAt: Date } {
  const exp = Math.floor(now / 1000) + SESSION_DAYS * 24 * 3600;
  const payload = b64(JSON.stringify({ v: visitorId, exp, ...(shop ? { s: shop } : {}) }));
  return { token: `v1.${payload}.${sign(secret, payload)}`, expiresAt: new Date(exp * 1000) };
}

/** The session's claims, or undefined when the token is malformed, forged or expired. */
export function verifySession(secret: string, token: string | undefined, now = Date.now()): SessionClaims | undefined {
  const [version, payload, signature] = (token ?? '').split('.');
  if (version !== 'v1' || !payload || !signature || !verifySignature(secret, payload, signature)) return undefined;
  try {
    const claims = Session.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    return claims.exp * 1000 > now ? claims : undefined;
  } catch {
    return undefined;
  }
}

const Identity = z.object({ phone: z.string(), name: z.string().max(100).optional(), exp: z.number() });
export type Identity = z.infer<typeof Identity>;

/**
 * A shop's signed statement "this visitor is the customer with this phone":
 * base64url(JSON {phone, name?, exp}) + "." + base64url(HMAC-SHA256(secret, that first part)).
 */
export function verifyIdentity(secret: string, token: string | undefined, now = Date.now()): Identity | undefined {
  const [payload, signature] = (token ?? '').split('.');
  if (!payload || !signature || !verifySignature(secret, payload, signature)) return undefined;
  try {
    const identity = Identity.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    return identity.exp * 1000 > now ? identity : undefined;
  } catch {
    return undefined;
  }
}

/** How a shop's backend makes the identity token (also in the README, in Node and PHP). */
export function signIdentity(secret: string, identity: Identity): string {
  const payload = b64(JSON.stringify(identity));
  return `${payload}.${sign(secret, payload)}`;
}

export const randomSecret = () => randomBytes(32).toString('base64url');
