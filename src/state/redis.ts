// Redis state through ioredis (a single server, Sentinel or Cluster client alike). Compare-and-set
// and counters are Lua scripts, so each is one atomic round trip; a conversation's keys share a
// hash tag (see keySpace), so the scripts stay on one Cluster node.
import type { Cluster, Redis } from 'ioredis';
import {
  ConflictError,
  keySpace,
  StoreUnavailableError,
  type Bus,
  type Lease,
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

// KEYS: state, history, lock. ARGV: eTag, state JSON, TTL, history cap, lock token ('' for none),
// bus channel ('' for none), bus message, then one history entry each. Saves the turn, releases the
// lock and announces the conversation in one round trip.
const COMMIT_TURN = `
local current = redis.call('HGET', KEYS[1], 'e') or '0'
if ARGV[1] ~= '*' and ARGV[1] ~= current then return false end
local next = redis.call('HINCRBY', KEYS[1], 'e', 1)
redis.call('HSET', KEYS[1], 'v', ARGV[2])
for i = 8, #ARGV do redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', 'a', ARGV[i]) end
if tonumber(ARGV[3]) > 0 then
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  if #ARGV >= 8 or redis.call('EXISTS', KEYS[2]) == 1 then redis.call('EXPIRE', KEYS[2], ARGV[3]) end
end
if ARGV[5] ~= '' and redis.call('GET', KEYS[3]) == ARGV[5] then redis.call('DEL', KEYS[3]) end
if ARGV[6] ~= '' then redis.call('PUBLISH', ARGV[6], ARGV[7]) end
return tostring(next)`;

// KEYS: lock, state. ARGV: token, ttl ms. The state (eTag, JSON) when the lock was taken; false if not.
const BEGIN_TURN = `
if not redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return false end
local state = redis.call('HMGET', KEYS[2], 'e', 'v')
return { state[1] or '', state[2] or '' }`;

const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

type Client = Redis | Cluster;
interface Scripts {
  pasokhBegin(lock: string, state: string, token: string, ttlMs: number): Promise<[string, string] | null>;
  pasokhCommit(state: string, history: string, lock: string, ...args: Array<string | number>): Promise<string | null>;
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
  client.defineCommand('pasokhCommit', { numberOfKeys: 3, lua: COMMIT_TURN });
  client.defineCommand('pasokhBegin', { numberOfKeys: 2, lua: BEGIN_TURN });
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

  const lease = (name: string, token: string): Lease => {
    let done = false;
    return {
      name,
      token,
      released: () => void (done = true),
      release: async () => {
        if (done) return;
        done = true;
        await guarded(() => scripts.pasokhRelease(name, token));
      },
    };
  };

  /** Tries `attempt` until it yields, backing off 5 ms → 100 ms, for at most waitMs. */
  async function withBackoff<T>(name: string, waitMs: number, attempt: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + waitMs;
    let delay = 5;
    for (;;) {
      const result = await attempt();
      if (result !== undefined) return result;
      if (Date.now() + delay > deadline) throw new Error(`lock ${name} not acquired within ${waitMs} ms`);
      await sleep(delay);
      delay = Math.min(delay * 2, 100);
    }
  }

  const newToken = () => `${process.pid}:${Math.random().toString(36).slice(2)}`;

  const locks: Locks = {
    acquire(name, { ttlMs = 15_000, waitMs = 10_000 } = {}) {
      const token = newToken();
      return withBackoff(name, waitMs, async () =>
        (await guarded(() => client.set(name, token, 'PX', ttlMs, 'NX'))) === 'OK' ? lease(name, token) : undefined,
      );
    },
  };

  const counters: Counters = {
    hit: (key, windowSeconds) => guarded(() => scripts.pasokhHit(key, windowSeconds)),
    get: (key) => guarded(async () => Number((await client.get(key)) ?? 0)),
    ttl: (key) => guarded(async () => Math.max(0, await client.ttl(key))),
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
      begin: <T extends StoreItem>(conversationId: string, { ttlMs = 15_000, waitMs = 10_000 } = {}) => {
        const name = keys.lock(conversationId);
        const token = newToken();
        return withBackoff(name, waitMs, async () => {
          const row = await guarded(() => scripts.pasokhBegin(name, keys.conversationState(conversationId), token, ttlMs));
          if (!row) return undefined;
          const [eTag, json] = row;
          return { lease: lease(name, token), state: eTag && json ? ({ ...JSON.parse(json), eTag } as T) : undefined };
        });
      },
      commit: (conversationId, state, entries, options = {}) =>
        guarded(async () => {
          const { eTag, ...value } = state;
          const key = keys.conversationState(conversationId);
          const lease = options.lease?.name === keys.lock(conversationId) ? options.lease : undefined;
          const next = await scripts.pasokhCommit(
            key,
            keys.history(conversationId),
            keys.lock(conversationId),
            eTag ?? '*',
            JSON.stringify(value),
            ttl,
            historyLimit,
            lease?.token ?? '',
            options.announce ? keys.bus(options.announce) : '',
            conversationId,
            ...entries,
          );
          if (next === null) throw new ConflictError(key);
          lease?.released();
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
