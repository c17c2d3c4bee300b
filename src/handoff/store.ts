// The handoff queue and who has which conversation, shared by every server instance. A claim is
// atomic (a Lua script on Redis): of two agents claiming one chat at once, exactly one gets it.
import type { Cluster, Redis } from 'ioredis';

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

export interface HandoffStore {
  /** Adds to the queue (once); returns the 1-based position. */
  enqueue(item: QueueItem): Promise<number>;
  /** Takes a conversation out of the queue; true for exactly one caller. */
  dequeue(conversationId: string): Promise<boolean>;
  claim(conversationId: string, agentId: string, now: number): Promise<ClaimResult>;
  release(conversationId: string, agentId: string): Promise<boolean>;
  transfer(conversationId: string, fromAgent: string, toAgent: string): Promise<boolean>;
  /** Removes the conversation from queue and assignments; returns the assignment it had. */
  finish(conversationId: string): Promise<Assignment | undefined>;
  queued(): Promise<QueueItem[]>;
  assigned(): Promise<Assignment[]>;
  /** Who has the conversation, if anyone. */
  assignment(conversationId: string): Promise<Assignment | undefined>;
  position(conversationId: string): Promise<number | undefined>;
}

const score = (item: QueueItem) => item.since - item.priority * 1e13;

export function createMemoryHandoffStore(): HandoffStore {
  const queue = new Map<string, QueueItem>();
  const assigned = new Map<string, Assignment>();
  const ordered = () => [...queue.values()].sort((a, b) => score(a) - score(b));
  return {
    async enqueue(item) {
      if (!queue.has(item.conversationId) && !assigned.has(item.conversationId)) queue.set(item.conversationId, item);
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
      return { ok: true, item };
    },
    async release(id, agentId) {
      const a = assigned.get(id);
      if (!a || a.agentId !== agentId) return false;
      assigned.delete(id);
      queue.set(id, a.item);
      return true;
    },
    async transfer(id, from, to) {
      const a = assigned.get(id);
      if (!a || a.agentId !== from) return false;
      assigned.set(id, { ...a, agentId: to });
      return true;
    },
    async finish(id) {
      const a = assigned.get(id);
      queue.delete(id);
      assigned.delete(id);
      return a;
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
  };
}

// KEYS: queue zset, items hash, assigned hash. ARGV: conversation, agent, assignment JSON (without item).
const CLAIM = `
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
return json`;

// KEYS: queue, items, assigned. ARGV: conversation, agent, new agent ('' to release).
const HAND_OVER = `
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
end
return 1`;

type Client = Redis | Cluster;

// The claim script stores the assignment with its queue item; queuedSince comes from the item.
function readAssignment(json: string): Assignment {
  const a = JSON.parse(json) as Assignment;
  return { ...a, queuedSince: a.item?.since ?? a.since };
}
interface Scripts {
  pasokhClaim(queue: string, items: string, assigned: string, id: string, agent: string, json: string): Promise<string>;
  pasokhHandOver(queue: string, items: string, assigned: string, id: string, agent: string, to: string): Promise<number>;
}

export function createRedisHandoffStore(client: Client, prefix: string): HandoffStore {
  // One hash tag: the three keys live on one Cluster node, as the scripts need.
  const queueKey = `${prefix}{handoff}:queue`;
  const itemsKey = `${prefix}{handoff}:items`;
  const assignedKey = `${prefix}{handoff}:assigned`;
  client.defineCommand('pasokhClaim', { numberOfKeys: 3, lua: CLAIM });
  client.defineCommand('pasokhHandOver', { numberOfKeys: 3, lua: HAND_OVER });
  const scripts = client as unknown as Scripts;
  const parse = <T>(json: string | null | undefined) => (json ? (JSON.parse(json) as T) : undefined);

  return {
    async enqueue(item) {
      if (!(await client.hexists(assignedKey, item.conversationId))) {
        await client.multi().hsetnx(itemsKey, item.conversationId, JSON.stringify(item)).zadd(queueKey, 'NX', score(item), item.conversationId).exec();
      }
      const rank = await client.zrank(queueKey, item.conversationId);
      return rank === null ? 0 : rank + 1;
    },
    async dequeue(id) {
      return (await client.zrem(queueKey, id)) === 1;
    },
    async claim(id, agentId, now) {
      const result = await scripts.pasokhClaim(queueKey, itemsKey, assignedKey, id, agentId, JSON.stringify({ conversationId: id, agentId, since: now }));
      if (result === 'missing') return { ok: false, reason: 'missing' };
      if (result.startsWith('taken:')) return { ok: false, reason: 'taken', agentId: result.slice(6) };
      const a = JSON.parse(result) as Assignment;
      return { ok: true, item: a.item };
    },
    async release(id, agentId) {
      return (await scripts.pasokhHandOver(queueKey, itemsKey, assignedKey, id, agentId, '')) === 1;
    },
    async transfer(id, from, to) {
      return (await scripts.pasokhHandOver(queueKey, itemsKey, assignedKey, id, from, to)) === 1;
    },
    async finish(id) {
      const results = await client.multi().hget(assignedKey, id).hdel(assignedKey, id).zrem(queueKey, id).hdel(itemsKey, id).exec();
      const json = results?.[0]?.[1] as string | null;
      return json ? readAssignment(json) : undefined;
    },
    async queued() {
      const ids = await client.zrange(queueKey, '0', '-1');
      if (ids.length === 0) return [];
      const items = await client.hmget(itemsKey, ...ids);
      return items.map((json) => parse<QueueItem>(json)).filter((i): i is QueueItem => !!i);
    },
    async assigned() {
      return Object.values(await client.hgetall(assignedKey)).map(readAssignment);
    },
    async assignment(id) {
      const json = await client.hget(assignedKey, id);
      return json ? readAssignment(json) : undefined;
    },
    async position(id) {
      const rank = await client.zrank(queueKey, id);
      return rank === null ? undefined : rank + 1;
    },
  };
}
