// Redis state through ioredis (a single server, Sentinel or Cluster client alike). Compare-and-set
// and counters are Lua scripts, so each is one atomic round trip; a conversation's keys share a
// hash tag (see keySpace), so the scripts stay on one Cluster node.
import type { Cluster, Redis } from 'ioredis';
import {
  ConflictError,
  keySpace,
  StoreUnavailableError,
  type Bus,
  type Counters,
  type History,
  type Locks,
  type StateBackend,
  type Storage,
  type StoreItem,
} from './types.js';

export interface RedisBackendOptions {
  prefix?: string;
  /** Seconds every conversation key lives after its last write (retention). */
  ttlSeconds?: number;
  /** Entries kept per conversation history stream (approximate, XADD MAXLEN ~). */
  historyLimit?: number;
}

// Returns the new eTag, or false when the expected one is stale. An absent item has eTag "0".
const COMPARE_AND_SET = `
local current = redis.call('HGET', KEYS[1], 'e') or '0'
if ARGV[1] ~= '*' and ARGV[1] ~= current then return false end
local next = redis.call('HINCRBY', KEYS[1], 'e', 1)
redis.call('HSET', KEYS[1], 'v', ARGV[2])
if tonumber(ARGV[3]) > 0 then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
return tostring(next)`;

// KEYS: state, history. ARGV: eTag, state JSON, TTL, history cap, then one history entry each.
const COMMIT_TURN = `
local current = redis.call('HGET', KEYS[1], 'e') or '0'
if ARGV[1] ~= '*' and ARGV[1] ~= current then return false end
local next = redis.call('HINCRBY', KEYS[1], 'e', 1)
redis.call('HSET', KEYS[1], 'v', ARGV[2])
for i = 5, #ARGV do redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', 'a', ARGV[i]) end
if tonumber(ARGV[3]) > 0 then
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  if #ARGV >= 5 or redis.call('EXISTS', KEYS[2]) == 1 then redis.call('EXPIRE', KEYS[2], ARGV[3]) end
end
return tostring(next)`;

const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

type Client = Redis | Cluster;
interface Scripts {
  pasokhCommit(state: string, history: string, eTag: string, json: string, ttl: number, cap: number, ...entries: string[]): Promise<string | null>;
  pasokhCas(key: string, eTag: string, json: string, ttl: number): Promise<string | null>;
  pasokhHit(key: string, windowSeconds: number): Promise<number>;
  pasokhRelease(key: string, token: string): Promise<number>;
}

/** Runs a Redis call, turning connection failures into StoreUnavailableError. */
async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ConflictError) throw error;
    throw new StoreUnavailableError(error);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createRedisBackend(client: Client, options: RedisBackendOptions = {}): StateBackend {
  const keys = keySpace(options.prefix ?? 'pasokh:');
  const ttl = options.ttlSeconds ?? 90 * 24 * 3600;
  const historyLimit = options.historyLimit ?? 500;
  client.defineCommand('pasokhCas', { numberOfKeys: 1, lua: COMPARE_AND_SET });
  client.defineCommand('pasokhCommit', { numberOfKeys: 2, lua: COMMIT_TURN });
  client.defineCommand('pasokhHit', { numberOfKeys: 1, lua: HIT });
  client.defineCommand('pasokhRelease', { numberOfKeys: 1, lua: RELEASE });
  const scripts = client as unknown as Scripts;
  // One DEL per key: keys of different conversations live in different Cluster slots.
  const deleteKeys = async (list: readonly string[]) => {
    await Promise.all(list.map((key) => client.del(key)));
  };

  const storage: Storage = {
    read: <T extends StoreItem>(key: string) =>
      guarded(async () => {
        const [eTag, json] = await client.hmget(key, 'e', 'v');
        return eTag && json ? ({ ...JSON.parse(json), eTag } as T) : undefined;
      }),
    write: (key, item) =>
      guarded(async () => {
        const { eTag, ...value } = item;
        const next = await scripts.pasokhCas(key, eTag ?? '*', JSON.stringify(value), ttl);
        if (next === null) throw new ConflictError(key);
        return next;
      }),
    delete: (list) => guarded(() => deleteKeys(list)),
  };

  const history: History = {
    append: (conversationId, entries) =>
      guarded(async () => {
        const key = keys.history(conversationId);
        const pipeline = client.multi();
        for (const data of entries) pipeline.xadd(key, 'MAXLEN', '~', historyLimit, '*', 'a', data);
        pipeline.expire(key, ttl);
        const results = (await pipeline.exec()) ?? [];
        const failed = results.find(([error]) => error);
        if (failed) throw failed[0];
        return results.slice(0, entries.length).map(([, id]) => String(id));
      }),
    read: (conversationId, { count = 50, afterId } = {}) =>
      guarded(async () => {
        const key = keys.history(conversationId);
        const rows =
          afterId === undefined
            ? (await client.xrevrange(key, '+', '-', 'COUNT', count)).reverse()
            : await client.xrange(key, `(${afterId}`, '+', 'COUNT', count);
        return rows.map(([id, fields]) => ({ id, data: fields[1] ?? '' }));
      }),
    delete: (conversationId) => guarded(async () => void (await client.del(keys.history(conversationId)))),
  };

  const locks: Locks = {
    async acquire(name, { ttlMs = 15_000, waitMs = 10_000 } = {}) {
      const token = `${process.pid}:${Math.random().toString(36).slice(2)}`;
      const deadline = Date.now() + waitMs;
      let delay = 5;
      for (;;) {
        const ok = await guarded(() => client.set(name, token, 'PX', ttlMs, 'NX'));
        if (ok === 'OK') return async () => void (await guarded(() => scripts.pasokhRelease(name, token)));
        if (Date.now() + delay > deadline) throw new Error(`lock ${name} not acquired within ${waitMs} ms`);
        await sleep(delay);
        delay = Math.min(delay * 2, 100);
      }
    },
  };

  const counters: Counters = {
    hit: (key, windowSeconds) => guarded(() => scripts.pasokhHit(key, windowSeconds)),
    get: (key) => guarded(async () => Number((await client.get(key)) ?? 0)),
    claim: (key, ttlSeconds) => guarded(async () => (await client.set(key, '1', 'EX', ttlSeconds, 'NX')) === 'OK'),
    delete: (list) => guarded(() => deleteKeys(list)),
  };

  // Pub/sub needs a connection of its own; opened on the first subscription.
  let subscriber: Client | undefined;
  const handlers = new Map<string, Set<(message: string) => void>>();
  const bus: Bus = {
    publish: (topic, message) => guarded(async () => void (await client.publish(keys.bus(topic), message))),
    subscribe(topic, handler) {
      const channel = keys.bus(topic);
      if (!subscriber) {
        const sub: Client = (client as Redis).duplicate();
        sub.on('error', () => {});
        sub.on('message', (ch: string, message: string) => {
          for (const h of handlers.get(ch) ?? []) h(message);
        });
        subscriber = sub;
      }
      const sub = subscriber;
      let set = handlers.get(channel);
      if (!set) {
        handlers.set(channel, (set = new Set()));
        void sub.subscribe(channel).catch(() => {});
      }
      set.add(handler);
      return () => {
        set.delete(handler);
        if (set.size === 0) {
          handlers.delete(channel);
          void sub.unsubscribe(channel).catch(() => {});
        }
      };
    },
  };

  return {
    kind: 'redis',
    bus,
    storage,
    turns: {
      commit: (conversationId, state, entries) =>
        guarded(async () => {
          const { eTag, ...value } = state;
          const key = keys.conversationState(conversationId);
          const next = await scripts.pasokhCommit(
            key,
            keys.history(conversationId),
            eTag ?? '*',
            JSON.stringify(value),
            ttl,
            historyLimit,
            ...entries,
          );
          if (next === null) throw new ConflictError(key);
          return next;
        }),
    },
    history,
    locks,
    counters,
    keys,
    async ping() {
      try {
        return (await client.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    async close() {
      if (subscriber) await subscriber.quit().catch(() => subscriber?.disconnect());
      await client.quit().catch(() => client.disconnect());
    },
  };
}
