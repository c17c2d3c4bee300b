// Agent console sessions kept on the server, so signing out ends a session everywhere and an
// admin can end an agent's sessions: the cookie only names a session (signed, so a made-up one
// never reaches Redis), and the record here says who it is for until it expires.
//
// Keys: session:<id> (the record, TTL = the session's life) and sessions:<agent> (the agent's
// session ids, for revoking them all; its TTL is refreshed to the newest session's).
import type { Cluster, Redis } from 'ioredis';
import { ConflictError, PasokhError } from '../errors.js';
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

// Both scripts: KEYS the agent's session set, then the record key of each id in ARGV (the set's
// members as the caller read them). Every key is declared (a Cluster routes by them); if the set
// has a member the caller did not name, nothing is done and -1 says to read again.
const DECLARED = `
local declared = {}
for i = 1, #ARGV do declared[ARGV[i]] = KEYS[i + 1] end
local ids = redis.call('SMEMBERS', KEYS[1])
for _, id in ipairs(ids) do if not declared[id] then return -1 end end
`;

// Deletes every session of the set and the set; returns how many there were.
const END_ALL = `${DECLARED}
local ended = 0
for _, id in ipairs(ids) do ended = ended + redis.call('DEL', declared[id]) end
redis.call('DEL', KEYS[1])
return ended`;

// Drops ids whose session expired; returns how many are live.
const COUNT = `${DECLARED}
local n = 0
for _, id in ipairs(ids) do
  if redis.call('EXISTS', declared[id]) == 1 then n = n + 1 else redis.call('SREM', KEYS[1], id) end
end
return n`;

interface Scripts {
  pasokhEndSessions(numberOfKeys: number, ...keysThenIds: string[]): Promise<number>;
  pasokhCountSessions(numberOfKeys: number, ...keysThenIds: string[]): Promise<number>;
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
  client.defineCommand('pasokhEndSessions', { lua: END_ALL });
  client.defineCommand('pasokhCountSessions', { lua: COUNT });
  const scripts = client as unknown as Scripts;
  /** Runs a DECLARED script on the agent's sessions as read just before (again if they changed meanwhile, bounded). */
  const onSessions = async (agentId: string, script: 'pasokhEndSessions' | 'pasokhCountSessions') => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const ids = await client.smembers(setKey(agentId));
      const keys = [setKey(agentId), ...ids.map((id) => `${sessionPrefix(agentId)}${id}`)];
      const n = await scripts[script](keys.length, ...keys, ...ids);
      if (n >= 0) return n;
    }
    throw new ConflictError(setKey(agentId));
  };
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
    endAll: (agentId) => guarded(() => onSessions(agentId, 'pasokhEndSessions')),
    count: (agentId) => guarded(() => onSessions(agentId, 'pasokhCountSessions')),
  };
}
