// Agent accounts: from AGENTS ("username:hash,…") or AGENTS_FILE (YAML/JSON list with names).
// Passwords are stored as scrypt hashes; `pasokh agent hash` makes one.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

export interface Agent {
  id: string;
  name: string;
  passwordHash: string;
}

const N = 16384;
const R = 8;
const P = 1;

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = scryptSync(password, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

const AgentEntry = z.object({
  id: z.string().regex(/^[\w.-]{1,64}$/, 'agent id: letters, digits, . _ -'),
  name: z.string().min(1).max(100).optional(),
  password_hash: z.string().startsWith('scrypt$', 'password_hash comes from `pasokh agent hash`'),
});

export class AgentsError extends Error {
  override name = 'AgentsError';
}

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
    return list.data.map((a) => ({ id: a.id, name: a.name ?? a.id, passwordHash: a.password_hash }));
  }
  if (!options.agents) return [];
  return options.agents.split(',').map((entry) => {
    const at = entry.indexOf(':');
    const parsed = AgentEntry.safeParse({ id: entry.slice(0, at).trim(), password_hash: entry.slice(at + 1).trim() });
    if (at < 0 || !parsed.success) throw new AgentsError(`AGENTS: each entry is username:hash (from \`pasokh agent hash\`); "${entry.slice(0, 20)}…" is not`);
    return { id: parsed.data.id, name: parsed.data.id, passwordHash: parsed.data.password_hash };
  });
}

/** The demo's agent when none are configured: username demo, password demo. */
export const DEMO_AGENT = { id: 'demo', name: 'پشتیبان نمونه', password: 'demo' } as const;
