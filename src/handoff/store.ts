// The handoff queue and who has which conversation, shared by every server instance. Every step
// that reads and then changes (enqueue, claim, hand over, forget) is one Lua script on Redis, so two
// instances never both act on one chat; of two agents claiming one chat at once, exactly one gets it.
//
// Keys and their lifecycle (all under one Cluster hash tag, {handoff}):
// - queue (zset), items (hash), assigned (hash): shared structures without a TTL; a conversation's
//   entries leave them when the handoff ends (close, /bot, the queue timeout, /forget), and the
//   sweep drops assignments whose conversation has expired. Empty, Redis deletes them.
// - handled:<agent> (zset of conversation ids), handlers:<conversation> (set of agent ids), closed
//   (zset): who handled what, for the agent role's view; they expire after the retention period
//   (entries older than it are trimmed on every write and read) and /forget removes the conversation.
// - rating:<conversation>: a closed handoff waiting for its one rating; a day's TTL.
import type { Cluster, Redis } from 'ioredis';
import { ConflictError } from '../errors.js';
import { guarded, StoreUnavailableError } from '../state/index.js';

export interface QueueItem {
  conversationId: string;
  channelId: string;
  customerName?: string;
  reason: string;
  /** Higher is served first; then the longest waiting. */
  priority: number;
  since: number;
  text?: string;
}

export interface Assignment {
  conversationId: string;
  agentId: string;
  since: number;
  /** When the customer started waiting, for handle-time and wait-time figures. */
  queuedSince: number;
  item: QueueItem;
}

export type ClaimResult = { ok: true; item: QueueItem } | { ok: false; reason: 'taken'; agentId: string } | { ok: false; reason: 'missing' };

/** What /forget found of a conversation on the handoff side. */
export interface Forgotten {
  queued: boolean;
  assignment?: Assignment;
  /** Agents who had handled it (their views no longer list it). */
  handlers: string[];
}

export interface HandoffStore {
  /** Adds to the queue (once, and not while an agent has it); returns the 1-based position, 0 if not queued. */
  enqueue(item: QueueItem): Promise<number>;
  /** Takes a conversation out of the queue; true for exactly one caller. */
  dequeue(conversationId: string): Promise<boolean>;
  /** Takes a queued conversation for the agent and records them as one of its handlers. */
  claim(conversationId: string, agentId: string, now: number): Promise<ClaimResult>;
  release(conversationId: string, agentId: string): Promise<boolean>;
  transfer(conversationId: string, fromAgent: string, toAgent: string, now: number): Promise<boolean>;
  /**
   * Removes the conversation from queue and assignments; returns the assignment it had. With
   * `closedAt`, an agent closed it: it is listed as closed and may be rated once.
   */
  finish(conversationId: string, closedAt?: number): Promise<Assignment | undefined>;
  /** Removes every trace of the conversation (the customer's /forget). */
  forget(conversationId: string): Promise<Forgotten>;
  /** True once for a conversation an agent closed (within a day): its rating counts. */
  takeRating(conversationId: string): Promise<boolean>;
  queued(): Promise<QueueItem[]>;
  assigned(): Promise<Assignment[]>;
  /** Who has the conversation, if anyone. */
  assignment(conversationId: string): Promise<Assignment | undefined>;
  position(conversationId: string): Promise<number | undefined>;
  /** Conversations the agent has handled (claimed or was given), newest first. */
  handledBy(agentId: string, limit: number): Promise<string[]>;
  /** True when the agent has handled the conversation. */
  hasHandled(agentId: string, conversationId: string): Promise<boolean>;
  /** Conversations agents closed, newest first. */
  closed(limit: number): Promise<string[]>;
}

export interface HandoffStoreOptions {
  /** How long who-handled-what is kept (the conversations' own retention). */
  retentionSeconds?: number;
}

const score = (item: QueueItem) => item.since - item.priority * 1e13;
const RATING_SECONDS = 24 * 3600;
const DEFAULT_RETENTION = 90 * 24 * 3600;

export function createMemoryHandoffStore(options: HandoffStoreOptions = {}): HandoffStore {
  const retentionMs = (options.retentionSeconds ?? DEFAULT_RETENTION) * 1000;
  const queue = new Map<string, QueueItem>();
  const assigned = new Map<string, Assignment>();
  const handled = new Map<string, Map<string, number>>();
  const closed = new Map<string, number>();
  const ratings = new Map<string, number>();
  const ordered = () => [...queue.values()].sort((a, b) => score(a) - score(b));
  const recent = (m: Map<string, number> | undefined, limit: number) =>
    [...(m ?? new Map<string, number>())]
      .filter(([, at]) => at > Date.now() - retentionMs)
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([id]) => id);
  const remember = (agentId: string, id: string, now: number) => {
    const m = handled.get(agentId) ?? new Map<string, number>();
    handled.set(agentId, m.set(id, now));
  };
  return {
    async enqueue(item) {
      if (assigned.has(item.conversationId)) return 0;
      if (!queue.has(item.conversationId)) queue.set(item.conversationId, item);
      return ordered().findIndex((i) => i.conversationId === item.conversationId) + 1;
    },
    async dequeue(id) {
      return queue.delete(id);
    },
    async claim(id, agentId, now) {
      const owner = assigned.get(id);
      if (owner) return owner.agentId === agentId ? { ok: true, item: owner.item } : { ok: false, reason: 'taken', agentId: owner.agentId };
      const item = queue.get(id);
      if (!item) return { ok: false, reason: 'missing' };
      queue.delete(id);
      assigned.set(id, { conversationId: id, agentId, since: now, queuedSince: item.since, item });
      remember(agentId, id, now);
      return { ok: true, item };
    },
    async release(id, agentId) {
      const a = assigned.get(id);
      if (!a || a.agentId !== agentId) return false;
      assigned.delete(id);
      queue.set(id, a.item);
      return true;
    },
    async transfer(id, from, to, now) {
      const a = assigned.get(id);
      if (!a || a.agentId !== from) return false;
      assigned.set(id, { ...a, agentId: to });
      remember(to, id, now);
      return true;
    },
    async finish(id, closedAt) {
      const a = assigned.get(id);
      queue.delete(id);
      assigned.delete(id);
      if (a && closedAt !== undefined) {
        closed.set(id, closedAt);
        ratings.set(id, Date.now() + RATING_SECONDS * 1000);
      }
      return a;
    },
    async forget(id) {
      const result: Forgotten = { queued: queue.delete(id), assignment: assigned.get(id), handlers: [] };
      assigned.delete(id);
      for (const [agentId, m] of handled) if (m.delete(id)) result.handlers.push(agentId);
      closed.delete(id);
      ratings.delete(id);
      return result;
    },
    async takeRating(id) {
      const until = ratings.get(id);
      ratings.delete(id);
      return until !== undefined && until > Date.now();
    },
    async queued() {
      return ordered();
    },
    async assigned() {
      return [...assigned.values()];
    },
    async assignment(id) {
      return assigned.get(id);
    },
    async position(id) {
      const i = ordered().findIndex((item) => item.conversationId === id);
      return i >= 0 ? i + 1 : undefined;
    },
    async handledBy(agentId, limit) {
      return recent(handled.get(agentId), limit);
    },
    async hasHandled(agentId, id) {
      return recent(handled.get(agentId), Infinity).includes(id);
    },
    async closed(limit) {
      return recent(closed, limit);
    },
  };
}

// KEYS: queue zset, items hash, assigned hash. ARGV: conversation, item JSON, score. Queued once,
// and not while an agent has it: the check and the write are one step.
const ENQUEUE = `
if redis.call('HEXISTS', KEYS[3], ARGV[1]) == 1 then return 0 end
redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[1], 'NX', ARGV[3], ARGV[1])
return redis.call('ZRANK', KEYS[1], ARGV[1]) + 1`;

// Records an agent as a handler of the conversation (KEYS[4] handled:<agent>, KEYS[5]
// handlers:<conversation>), trimming entries older than the retention. ARGV[1] conversation,
// ARGV[2] agent; the caller sets now (ms) and ttl (s).
const REMEMBER = `
local function remember(handled, handlers, conversation, agent, now, ttl)
  redis.call('ZADD', handled, now, conversation)
  redis.call('ZREMRANGEBYSCORE', handled, '-inf', now - ttl * 1000)
  redis.call('EXPIRE', handled, ttl)
  redis.call('SADD', handlers, agent)
  redis.call('EXPIRE', handlers, ttl)
end`;

// KEYS: queue, items, assigned, handled:<agent>, handlers:<conversation>. ARGV: conversation,
// agent, assignment JSON (without item), now ms, retention s.
const CLAIM = `${REMEMBER}
local owner = redis.call('HGET', KEYS[3], ARGV[1])
if owner then
  local a = cjson.decode(owner)
  if a.agentId == ARGV[2] then return owner end
  return 'taken:' .. a.agentId
end
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 'missing' end
local item = redis.call('HGET', KEYS[2], ARGV[1])
local a = cjson.decode(ARGV[3])
a.item = cjson.decode(item)
local json = cjson.encode(a)
redis.call('HSET', KEYS[3], ARGV[1], json)
remember(KEYS[4], KEYS[5], ARGV[1], ARGV[2], tonumber(ARGV[4]), tonumber(ARGV[5]))
return json`;

// KEYS: queue, items, assigned, handled:<new agent>, handlers:<conversation>. ARGV: conversation,
// agent, new agent ('' to release), now ms, retention s.
const HAND_OVER = `${REMEMBER}
local owner = redis.call('HGET', KEYS[3], ARGV[1])
if not owner then return 0 end
local a = cjson.decode(owner)
if a.agentId ~= ARGV[2] then return 0 end
if ARGV[3] == '' then
  redis.call('HDEL', KEYS[3], ARGV[1])
  local item = cjson.decode(redis.call('HGET', KEYS[2], ARGV[1]))
  redis.call('ZADD', KEYS[1], item.since - item.priority * 1e13, ARGV[1])
else
  a.agentId = ARGV[3]
  redis.call('HSET', KEYS[3], ARGV[1], cjson.encode(a))
  remember(KEYS[4], KEYS[5], ARGV[1], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]))
end
return 1`;

// KEYS: queue, items, assigned, closed, rating:<conversation>. ARGV: conversation, closedAt ms
// ('' when not closed by an agent), retention s, rating TTL s. Returns the assignment it had.
const FINISH = `
local owner = redis.call('HGET', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
if owner and ARGV[2] ~= '' then
  local now = tonumber(ARGV[2])
  redis.call('ZADD', KEYS[4], now, ARGV[1])
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now - tonumber(ARGV[3]) * 1000)
  redis.call('EXPIRE', KEYS[4], ARGV[3])
  redis.call('SET', KEYS[5], '1', 'EX', ARGV[4])
end
return owner or false`;

// KEYS: queue, items, assigned, closed, rating:<conversation>, handlers:<conversation>, then
// handled:<agent> of each agent in ARGV[2..] (the handlers the caller read). ARGV: conversation,
// those agents. Every key is declared (a Cluster routes by them); if the handlers changed since the
// caller read them, nothing is done and 'changed' says to read again. Returns {queued, assignment
// or '', handlers...}.
const FORGET = `
local declared = {}
for i = 2, #ARGV do declared[ARGV[i]] = KEYS[5 + i] end
local handlers = redis.call('SMEMBERS', KEYS[6])
for _, agent in ipairs(handlers) do if not declared[agent] then return { 'changed' } end end
local queued = redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
local owner = redis.call('HGET', KEYS[3], ARGV[1]) or ''
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('DEL', KEYS[5])
for _, agent in ipairs(handlers) do redis.call('ZREM', declared[agent], ARGV[1]) end
redis.call('DEL', KEYS[6])
return { queued, owner, unpack(handlers) }`;

/** How often a script that declares keys read just before runs again when they changed meanwhile. */
const DECLARED_KEYS_TRIES = 5;

type Client = Redis | Cluster;

// The claim script stores the assignment with its queue item; queuedSince comes from the item.
function readAssignment(json: string): Assignment {
  const a = JSON.parse(json) as Assignment;
  return { ...a, queuedSince: a.item?.since ?? a.since };
}
interface Scripts {
  pasokhEnqueue(queue: string, items: string, assigned: string, id: string, json: string, score: number): Promise<number>;
  pasokhClaim(queue: string, items: string, assigned: string, handled: string, handlers: string, id: string, agent: string, json: string, now: number, ttl: number): Promise<string>;
  pasokhHandOver(queue: string, items: string, assigned: string, handled: string, handlers: string, id: string, agent: string, to: string, now: number, ttl: number): Promise<number>;
  pasokhFinish(queue: string, items: string, assigned: string, closed: string, rating: string, id: string, closedAt: string, ttl: number, ratingTtl: number): Promise<string | null>;
  pasokhForget(numberOfKeys: number, ...keysThenArgs: string[]): Promise<[number | 'changed', string, ...string[]]>;
}

export function createRedisHandoffStore(client: Client, prefix: string, options: HandoffStoreOptions = {}): HandoffStore {
  const ttl = options.retentionSeconds ?? DEFAULT_RETENTION;
  // One hash tag: every key lives on one Cluster node, as the scripts need.
  const base = `${prefix}{handoff}:`;
  const queueKey = `${base}queue`;
  const itemsKey = `${base}items`;
  const assignedKey = `${base}assigned`;
  const closedKey = `${base}closed`;
  const handledKey = (agentId: string) => `${base}handled:${agentId}`;
  const handlersKey = (id: string) => `${base}handlers:${id}`;
  const ratingKey = (id: string) => `${base}rating:${id}`;
  client.defineCommand('pasokhEnqueue', { numberOfKeys: 3, lua: ENQUEUE });
  client.defineCommand('pasokhClaim', { numberOfKeys: 5, lua: CLAIM });
  client.defineCommand('pasokhHandOver', { numberOfKeys: 5, lua: HAND_OVER });
  client.defineCommand('pasokhFinish', { numberOfKeys: 5, lua: FINISH });
  client.defineCommand('pasokhForget', { lua: FORGET });
  const scripts = client as unknown as Scripts;
  const parse = <T>(json: string | null | undefined) => (json ? (JSON.parse(json) as T) : undefined);
  const shared = [queueKey, itemsKey, assignedKey] as const;
  /** The newest entries of a who-handled-what index, dropping those past the retention first. */
  const recent = async (key: string, limit: number) => {
    const cutoff = Date.now() - ttl * 1000;
    const results = await client.multi().zremrangebyscore(key, '-inf', cutoff).zrevrange(key, 0, limit - 1).exec();
    const failed = results?.find(([error]) => error);
    if (!results || failed) throw new StoreUnavailableError(failed?.[0] ?? 'transaction aborted');
    return results[1]![1] as string[];
  };

  return {
    enqueue: (item) => guarded(() => scripts.pasokhEnqueue(...shared, item.conversationId, JSON.stringify(item), score(item))),
    dequeue: (id) => guarded(async () => (await client.zrem(queueKey, id)) === 1),
    claim: (id, agentId, now) =>
      guarded(async () => {
        const result = await scripts.pasokhClaim(...shared, handledKey(agentId), handlersKey(id), id, agentId, JSON.stringify({ conversationId: id, agentId, since: now }), now, ttl);
        if (result === 'missing') return { ok: false, reason: 'missing' } as const;
        if (result.startsWith('taken:')) return { ok: false, reason: 'taken', agentId: result.slice(6) } as const;
        const a = JSON.parse(result) as Assignment;
        return { ok: true, item: a.item } as const;
      }),
    release: (id, agentId) => guarded(async () => (await scripts.pasokhHandOver(...shared, handledKey(agentId), handlersKey(id), id, agentId, '', Date.now(), ttl)) === 1),
    transfer: (id, from, to, now) => guarded(async () => (await scripts.pasokhHandOver(...shared, handledKey(to), handlersKey(id), id, from, to, now, ttl)) === 1),
    finish: (id, closedAt) =>
      guarded(async () => {
        const json = await scripts.pasokhFinish(...shared, closedKey, ratingKey(id), id, closedAt === undefined ? '' : String(closedAt), ttl, RATING_SECONDS);
        return json ? readAssignment(json) : undefined;
      }),
    forget: (id) =>
      guarded(async () => {
        for (let attempt = 1; ; attempt++) {
          const agents = await client.smembers(handlersKey(id));
          const keys = [...shared, closedKey, ratingKey(id), handlersKey(id), ...agents.map(handledKey)];
          const [queued, owner, ...handlers] = await scripts.pasokhForget(keys.length, ...keys, id, ...agents);
          if (queued !== 'changed') return { queued: queued === 1, assignment: owner ? readAssignment(owner) : undefined, handlers };
          if (attempt >= DECLARED_KEYS_TRIES) throw new ConflictError(handlersKey(id));
        }
      }),
    takeRating: (id) => guarded(async () => (await client.del(ratingKey(id))) === 1),
    queued: () =>
      guarded(async () => {
        const ids = await client.zrange(queueKey, '0', '-1');
        if (ids.length === 0) return [];
        const items = await client.hmget(itemsKey, ...ids);
        return items.map((json) => parse<QueueItem>(json)).filter((i): i is QueueItem => !!i);
      }),
    assigned: () => guarded(async () => Object.values(await client.hgetall(assignedKey)).map(readAssignment)),
    assignment: (id) =>
      guarded(async () => {
        const json = await client.hget(assignedKey, id);
        return json ? readAssignment(json) : undefined;
      }),
    position: (id) =>
      guarded(async () => {
        const rank = await client.zrank(queueKey, id);
        return rank === null ? undefined : rank + 1;
      }),
    handledBy: (agentId, limit) => guarded(() => recent(handledKey(agentId), limit)),
    hasHandled: (agentId, id) => guarded(async () => Number((await client.zscore(handledKey(agentId), id)) ?? 0) > Date.now() - ttl * 1000),
    closed: (limit) => guarded(() => recent(closedKey, limit)),
  };
}
