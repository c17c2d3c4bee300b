// Agent accounts: from AGENTS ("username:hash[:role],…") or AGENTS_FILE (YAML/JSON list with names
// and roles). Passwords are stored as scrypt hashes (`pasokh agent hash` makes one) and checked off
// the event loop, so a sign-in never stalls other requests.
import { createHash, randomBytes, scrypt, scryptSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { safeEqual } from '../security/compare.js';
import { AgentsError } from '../errors.js';

/** agent: the chats in handoff (queued, their own, the ones they handled); admin: everything. */
export type Role = 'agent' | 'admin';
export const ROLES: readonly Role[] = ['agent', 'admin'];

export interface Agent {
  id: string;
  name: string;
  passwordHash: string;
  /** Unset counts as agent. */
  role?: Role;
}

const N = 16384;
const R = 8;
const P = 1;
// scrypt with N=16384, r=8 needs 16 MiB; the default cap (32 MiB) is enough, this allows N up to 2^16.
const MAX_MEM = 128 * 1024 * 1024;

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

const scryptAsync = (password: string, salt: Buffer, length: number, options: { N: number; r: number; p: number }) =>
  new Promise<Buffer>((resolve, reject) => scrypt(password, salt, length, { ...options, maxmem: MAX_MEM }, (err, key) => (err ? reject(err) : resolve(key))));

/** Checks a password against a stored hash in the thread pool; false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  try {
    const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
    return safeEqual(actual, expected);
  } catch {
    return false;
  }
}

/**
 * A hash with the same cost as real ones that no password matches: an unknown username is checked
 * against it, so the answer takes as long as for a known one and does not tell which exist.
 * Random bytes stand in for the derived key (no scrypt at start-up: checking costs the same).
 */
export function dummyHash(): string {
  return `scrypt$${N}$${R}$${P}$${randomBytes(16).toString('base64url')}$${randomBytes(32).toString('base64url')}`;
}

/** Changes whenever the account's password or role changes: sessions made before then end. */
export function accountVersion(agent: Agent): string {
  return createHash('sha256').update(`${agent.id}\n${agent.passwordHash}\n${agent.role ?? 'agent'}`).digest('base64url').slice(0, 16);
}

const AgentEntry = z.object({
  id: z.string().regex(/^[\w.-]{1,64}$/, 'agent id: letters, digits, . _ -'),
  name: z.string().min(1).max(100).optional(),
  password_hash: z.string().startsWith('scrypt$', 'password_hash comes from `pasokh agent hash`'),
  role: z.enum(['agent', 'admin'], { message: 'role is agent or admin' }).optional(),
});

export { AgentsError };

export function loadAgents(options: { agents?: string; agentsFile?: string }): Agent[] {
  if (options.agentsFile) {
    let raw: unknown;
    try {
      raw = parse(readFileSync(options.agentsFile, 'utf8'));
    } catch (error) {
      throw new AgentsError(`AGENTS_FILE ${options.agentsFile}: ${(error as Error).message}`);
    }
    const list = z.array(AgentEntry).safeParse(raw);
    if (!list.success) throw new AgentsError(`AGENTS_FILE ${options.agentsFile}: ${list.error.issues[0]?.path.join('.')}: ${list.error.issues[0]?.message}`);
    return unique(list.data.map((a) => ({ id: a.id, name: a.name ?? a.id, passwordHash: a.password_hash, role: a.role ?? 'agent' })), 'AGENTS_FILE');
  }
  if (!options.agents) return [];
  return unique(
    options.agents.split(',').map((entry) => {
      // username:hash or username:hash:role (a scrypt hash has no colon).
      const [id = '', hash = '', role, ...rest] = entry.split(':').map((part) => part.trim());
      const parsed = AgentEntry.safeParse({ id, password_hash: hash, role: role || undefined });
      if (!parsed.success || rest.length) {
        throw new AgentsError(`AGENTS: each entry is username:hash or username:hash:admin (hash from \`pasokh agent hash\`); "${entry.trim().slice(0, 20)}…" is not`);
      }
      return { id: parsed.data.id, name: parsed.data.id, passwordHash: parsed.data.password_hash, role: parsed.data.role ?? 'agent' };
    }),
    'AGENTS',
  );
}

function unique(agents: Agent[], source: string): Agent[] {
  const seen = new Set<string>();
  for (const a of agents) {
    if (seen.has(a.id)) throw new AgentsError(`${source}: agent "${a.id}" is listed twice`);
    seen.add(a.id);
  }
  return agents;
}

/**
 * The demo's agent when none are configured: username demo, password demo, an admin. Its hash is
 * made once here rather than at every start (scrypt is deliberately slow).
 */
export const DEMO_AGENT = {
  id: 'demo',
  name: 'پشتیبان نمونه',
  password: 'demo',
  passwordHash: 'scrypt$16384$8$1$As0sn1ReBgdxsA6ZBsDFCA$eIBro49JogMWCFRDcY0tsb3fU-vHm23cuIdCwsgpmN0',
  role: 'admin',
} as const;

export const isAdmin = (agent: Pick<Agent, 'role'>): boolean => agent.role === 'admin';
