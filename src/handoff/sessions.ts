// Agent console sessions kept on the server, so signing out ends a session everywhere and an
// admin can end an agent's sessions: the cookie only names a session (signed, so a made-up one
// never reaches Redis), and the record here says who it is for until it expires.
//
// Keys: session:<id> (the record, TTL = the session's life) and sessions:<agent> (the agent's
// session ids, for revoking them all; its TTL is refreshed to the newest session's).
import type { Cluster, Redis } from 'ioredis';
import { PasokhError } from '../errors.js';
import { guarded } from '../state/index.js';

export interface SessionRecord {
  agentId: string;
  /** The account's version when the session began (accountVersion): a changed account ends it. */
  version: string;
  csrf: string;
  /** Epoch ms. */
  createdAt: number;
  expiresAt: number;
}

export interface SessionStore {
  create(id: string, record: SessionRecord): Promise<void>;
  get(id: string): Promise<SessionRecord | undefined>;
  /** Ends one session. */
  end(id: string): Promise<void>;
  /** Ends every session of the agent; returns how many there were. */
  endAll(agentId: string): Promise<number>;
  /** How many sessions the agent has open. */
  count(agentId: string): Promise<number>;
}

export function createMemorySessionStore(now: () => number = Date.now): SessionStore {
  const sessions = new Map<string, SessionRecord>();
  const live = (id: string) => {
    const record = sessions.get(id);
    if (record && record.expiresAt <= now()) sessions.delete(id);
    return record && record.expiresAt > now() ? record : undefined;
  };
  const ofAgent = (agentId: string) => [...sessions.keys()].filter((id) => live(id)?.agentId === agentId);
  return {
    async create(id, record) {
      sessions.set(id, record);
    },
    async get(id) {
      return live(id);
    },
    async end(id) {
      sessions.delete(id);
    },
    async endAll(agentId) {
      const ids = ofAgent(agentId);
      for (const id of ids) sessions.delete(id);
      return ids.length;
    },
    async count(agentId) {
      return ofAgent(agentId).length;
    },
  };
}

// KEYS: the agent's session set. ARGV: the session key prefix. Deletes every listed session.
const END_ALL = `
local ids = redis.call('SMEMBERS', KEYS[1])
local ended = 0
for _, id in ipairs(ids) do ended = ended + redis.call('DEL', ARGV[1] .. id) end
redis.call('DEL', KEYS[1])
return ended`;

// KEYS: the agent's session set. ARGV: the session key prefix. Drops ids whose session expired.
const COUNT = `
local n = 0
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', ARGV[1] .. id) == 1 then n = n + 1 else redis.call('SREM', KEYS[1], id) end
end
return n`;

interface Scripts {
  pasokhEndSessions(set: string, prefix: string): Promise<number>;
  pasokhCountSessions(set: string, prefix: string): Promise<number>;
}

export function createRedisSessionStore(client: Redis | Cluster, prefix: string): SessionStore {
  // One hash tag per agent: the set and its sessions share a Cluster node.
  const sessionPrefix = (agentId: string) => `${prefix}agent:{${agentId}}:session:`;
  const setKey = (agentId: string) => `${prefix}agent:{${agentId}}:sessions`;
  // The session id is agentId.random, so the record's key can be found from the cookie alone.
  const keyOf = (id: string) => {
    const dot = id.lastIndexOf('.');
    return dot > 0 ? `${sessionPrefix(id.slice(0, dot))}${id.slice(dot + 1)}` : undefined;
  };
  client.defineCommand('pasokhEndSessions', { numberOfKeys: 1, lua: END_ALL });
  client.defineCommand('pasokhCountSessions', { numberOfKeys: 1, lua: COUNT });
  const scripts = client as unknown as Scripts;
  return {
    create: (id, record) =>
      guarded(async () => {
        const key = keyOf(id);
        if (!key) throw new PasokhError('PASOKH_ERR_INTERNAL', { message: 'session id is agentId.random' });
        const ttl = Math.max(1, Math.ceil((record.expiresAt - Date.now()) / 1000));
        await client
          .multi()
          .set(key, JSON.stringify(record), 'EX', ttl)
          .sadd(setKey(record.agentId), id.slice(id.lastIndexOf('.') + 1))
          .expire(setKey(record.agentId), ttl)
          .exec();
      }),
    get: (id) =>
      guarded(async () => {
        const key = keyOf(id);
        const json = key ? await client.get(key) : null;
        return json ? (JSON.parse(json) as SessionRecord) : undefined;
      }),
    end: (id) =>
      guarded(async () => {
        const key = keyOf(id);
        if (key) await client.del(key);
      }),
    endAll: (agentId) => guarded(() => scripts.pasokhEndSessions(setKey(agentId), sessionPrefix(agentId))),
    count: (agentId) => guarded(() => scripts.pasokhCountSessions(setKey(agentId), sessionPrefix(agentId))),
  };
}
