// Redis state through ioredis (a single server, Sentinel or Cluster client alike). Compare-and-set
// and counters are Lua scripts, so each is one atomic round trip; a conversation's keys share a
// hash tag (see keySpace), so the scripts stay on one Cluster node.
import type { Cluster, Redis } from 'ioredis';
import { answers, openSubscriber } from './connection.js';
import { guarded } from './guarded.js';
import {
  ConflictError,
  keySpace,
  type Bus,
  type Lease,
  type Counters,
  type History,
  LeaseLostError,
  LockTimeoutError,
  LOCK_WAIT_MS,
  type Locks,
  type LockOptions,
  type Progress,
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

// The per-conversation lock is a FIFO ticket queue in one hash: field `n` issues tickets in
// arrival order; each ticket's field holds "<expires at, ms, Redis clock> <owner secret>". The lowest
// live ticket holds the lock; expired tickets (an owner that stopped renewing: a dead process) are
// pruned whenever anyone looks, so the next in line takes over without waiting for a fixed timeout.
const LOCK_LUA = `
local function clock()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function owner(value) return string.sub(value, (string.find(value, ' ', 1, true) or 0) + 1) end
local function head(lock, now)
  local fields = redis.call('HGETALL', lock)
  local low
  for i = 1, #fields, 2 do
    local ticket = tonumber(fields[i])
    if ticket then
      if tonumber(string.match(fields[i + 1], '^%d+')) <= now then redis.call('HDEL', lock, fields[i])
      elseif not low or ticket < low then low = ticket end
    end
  end
  return low
end
local function mine(lock, ticket, secret)
  local value = redis.call('HGET', lock, ticket)
  return value and owner(value) == secret
end
-- Ours and not expired: an expired ticket is lost even before someone prunes it, so a holder that
-- stalled past its TTL cannot renew its way back in ahead of the one who is owed the lock.
local function live(lock, ticket, secret, now)
  local value = redis.call('HGET', lock, ticket)
  return value and owner(value) == secret and tonumber(string.match(value, '^%d+')) > now
end
local function holds(lock, ticket, secret)
  return mine(lock, ticket, secret) and head(lock, clock()) == tonumber(ticket)
end
local function leave(lock, ticket, secret)
  if mine(lock, ticket, secret) then
    redis.call('HDEL', lock, ticket)
    if redis.call('HLEN', lock) <= 1 then redis.call('DEL', lock) end
  end
end
`;

// KEYS: lock, state. ARGV: ticket ('' for a new one), owner secret, ttl ms, '1' to read the state,
// progress field. Takes a ticket (or renews one) and says whether it holds the lock; the holder
// gets the state (eTag, JSON, delivery progress) in the same step. {ticket, 'held'|'wait'|'lost', ...}.
const ENTER = `${LOCK_LUA}
local now = clock()
local ttl = tonumber(ARGV[3])
local ticket = ARGV[1]
if ticket == '' then
  ticket = tostring(redis.call('HINCRBY', KEYS[1], 'n', 1))
elseif not live(KEYS[1], ticket, ARGV[2], now) then
  return { ticket, 'lost' }
end
redis.call('HSET', KEYS[1], ticket, string.format('%d %s', now + ttl, ARGV[2]))
if redis.call('PTTL', KEYS[1]) < ttl + 1000 then redis.call('PEXPIRE', KEYS[1], ttl + 1000) end
if head(KEYS[1], now) ~= tonumber(ticket) then return { ticket, 'wait' } end
if ARGV[4] ~= '1' then return { ticket, 'held' } end
local s = redis.call('HMGET', KEYS[2], 'e', 'v', ARGV[5])
return { ticket, 'held', s[1] or '', s[2] or '', s[3] or '' }`;

const LEAVE = `${LOCK_LUA}
leave(KEYS[1], ARGV[1], ARGV[2])
return 1`;

// KEYS: state, history, lock. ARGV: eTag, state JSON, TTL, history cap, ticket ('' for none), owner
// secret, '1' to keep the lock, bus channel ('' for none), bus message, n progress fields to drop,
// those fields, then one history entry each. Checks the lease (fencing: a lapsed holder writes
// nothing), saves the turn, releases the lock and announces the conversation in one round trip.
const COMMIT_TURN = `${LOCK_LUA}
if ARGV[5] ~= '' and not holds(KEYS[3], ARGV[5], ARGV[6]) then return 'lost' end
local current = redis.call('HGET', KEYS[1], 'e') or '0'
if ARGV[1] ~= '*' and ARGV[1] ~= current then return false end
local next = redis.call('HINCRBY', KEYS[1], 'e', 1)
redis.call('HSET', KEYS[1], 'v', ARGV[2])
local drop = tonumber(ARGV[10])
for i = 11, 10 + drop do redis.call('HDEL', KEYS[1], ARGV[i]) end
local first = 11 + drop
for i = first, #ARGV do redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', 'a', ARGV[i]) end
if tonumber(ARGV[3]) > 0 then
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  if #ARGV >= first or redis.call('EXISTS', KEYS[2]) == 1 then redis.call('EXPIRE', KEYS[2], ARGV[3]) end
end
if ARGV[5] ~= '' and ARGV[7] ~= '1' then leave(KEYS[3], ARGV[5], ARGV[6]) end
if ARGV[8] ~= '' then redis.call('PUBLISH', ARGV[8], ARGV[9]) end
return tostring(next)`;

// KEYS: state, lock. ARGV: progress field, replies, events, ticket, owner secret. Records delivery
// progress (the larger of old and new; nothing if the conversation was forgotten) and releases.
const SETTLE = `${LOCK_LUA}
if redis.call('EXISTS', KEYS[1]) == 1 then
  local r, e = tonumber(ARGV[2]), tonumber(ARGV[3])
  local old = redis.call('HGET', KEYS[1], ARGV[1])
  if old then
    local a, b = string.match(old, '^(%d+) (%d+)$')
    r = math.max(r, tonumber(a) or 0)
    e = math.max(e, tonumber(b) or 0)
  end
  redis.call('HSET', KEYS[1], ARGV[1], string.format('%d %d', r, e))
end
leave(KEYS[2], ARGV[4], ARGV[5])
return 1`;

const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n`;

type Client = Redis | Cluster;
interface Scripts {
  pasokhEnter(lock: string, state: string, ticket: string, secret: string, ttlMs: number, read: string, progressField: string): Promise<string[]>;
  pasokhLeave(lock: string, ticket: string, secret: string): Promise<number>;
  pasokhCommit(state: string, history: string, lock: string, ...args: Array<string | number>): Promise<string | null>;
  pasokhSettle(state: string, lock: string, field: string, replies: number, events: number, ticket: string, secret: string): Promise<number>;
  pasokhCas(key: string, eTag: string, json: string, ttl: number): Promise<string | null>;
  pasokhHit(key: string, windowSeconds: number): Promise<number>;
}

/** Tickets live this long without renewal: a dead holder's lock is taken over after at most this. */
export const LOCK_TTL_MS = 5000;

const progressField = (inbound: string) => `p:${inbound}`;

function parseProgress(value: string | undefined): Progress | undefined {
  const match = /^(\d+) (\d+)$/.exec(value ?? '');
  return match ? { replies: Number(match[1]), events: Number(match[2]) } : undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));


export function createRedisBackend(client: Client, options: RedisBackendOptions = {}): StateBackend {
  const keys = keySpace(options.prefix ?? 'pasokh:');
  const ttl = options.ttlSeconds ?? 90 * 24 * 3600;
  const historyLimit = options.historyLimit ?? 500;
  client.defineCommand('pasokhCas', { numberOfKeys: 1, lua: COMPARE_AND_SET });
  client.defineCommand('pasokhCommit', { numberOfKeys: 3, lua: COMMIT_TURN });
  client.defineCommand('pasokhEnter', { numberOfKeys: 2, lua: ENTER });
  client.defineCommand('pasokhLeave', { numberOfKeys: 1, lua: LEAVE });
  client.defineCommand('pasokhSettle', { numberOfKeys: 2, lua: SETTLE });
  client.defineCommand('pasokhHit', { numberOfKeys: 1, lua: HIT });
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

  /**
   * A held ticket. It renews itself every third of its TTL until released, so a turn may take
   * longer than the TTL while its process lives; a dead process stops renewing and its ticket
   * expires.
   */
  const lease = (name: string, ticket: string, secret: string, ttlMs: number): Lease => {
    let done = false;
    const timer = setInterval(() => {
      void scripts.pasokhEnter(name, name, ticket, secret, ttlMs, '0', '').then(
        ([, status]) => {
          if (status === 'lost') stop();
        },
        () => {},
      );
    }, Math.max(50, Math.floor(ttlMs / 3)));
    timer.unref();
    const stop = () => {
      done = true;
      clearInterval(timer);
    };
    return {
      name,
      token: secret,
      ticket,
      released: stop,
      release: async () => {
        if (done) return;
        stop();
        await guarded(() => scripts.pasokhLeave(name, ticket, secret));
      },
    };
  };

  const newSecret = () => `${process.pid}:${Math.random().toString(36).slice(2)}`;

  /**
   * Takes a ticket and polls (backing off 2 ms → 20 ms; each poll renews the ticket) until it is
   * first in line, for at most waitMs; then gives its place up and throws LockTimeoutError.
   */
  async function enter(name: string, stateKey: string | undefined, inbound: string | undefined, { ttlMs = LOCK_TTL_MS, waitMs = LOCK_WAIT_MS }: LockOptions) {
    const secret = newSecret();
    const deadline = Date.now() + waitMs;
    let ticket = '';
    let delay = 2;
    for (;;) {
      const row = await guarded(() => scripts.pasokhEnter(name, stateKey ?? name, ticket, secret, ttlMs, stateKey ? '1' : '0', inbound ? progressField(inbound) : ''));
      const [issued = '', status, eTag, json, progress] = row;
      // A waiter stalled past its TTL lost its place: it queues again at the back.
      ticket = status === 'lost' ? '' : issued;
      if (status === 'held') return { lease: lease(name, ticket, secret, ttlMs), eTag, json, progress };
      if (Date.now() + delay > deadline) {
        if (ticket) await guarded(() => scripts.pasokhLeave(name, ticket, secret)).catch(() => {});
        throw new LockTimeoutError(name, waitMs);
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 20);
    }
  }

  const locks: Locks = {
    acquire: async (name, options = {}) => (await enter(name, undefined, undefined, options)).lease,
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
  // SUBSCRIBE commands not yet confirmed (bus.ready waits for them).
  const pending = new Set<Promise<void>>();
  const bus: Bus = {
    ready: async () => void (await Promise.all([...pending])),
    publish: (topic, message) => guarded(async () => void (await client.publish(keys.bus(topic), message))),
    subscribe(topic, handler) {
      const channel = keys.bus(topic);
      if (!subscriber) {
        const sub = openSubscriber(client);
        sub.on('message', (ch: string, message: string) => {
          for (const h of handlers.get(ch) ?? []) h(message);
        });
        subscriber = sub;
      }
      const sub = subscriber;
      let set = handlers.get(channel);
      if (!set) {
        handlers.set(channel, (set = new Set()));
        const subscribed = sub.subscribe(channel).then(
          () => {},
          () => {},
        );
        pending.add(subscribed);
        void subscribed.finally(() => pending.delete(subscribed));
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
      begin: async <T extends StoreItem>(conversationId: string, options: LockOptions & { inbound?: string } = {}) => {
        const { lease, eTag, json, progress } = await enter(keys.lock(conversationId), keys.conversationState(conversationId), options.inbound, options);
        return { lease, state: eTag && json ? ({ ...JSON.parse(json), eTag } as T) : undefined, progress: parseProgress(progress) };
      },
      commit: (conversationId, state, entries, options = {}) =>
        guarded(async () => {
          const { eTag, ...value } = state;
          const key = keys.conversationState(conversationId);
          const lock = keys.lock(conversationId);
          const lease = options.lease?.name === lock ? options.lease : undefined;
          const drop = (options.dropProgress ?? []).map(progressField);
          const next = await scripts.pasokhCommit(
            key,
            keys.history(conversationId),
            lock,
            eTag ?? '*',
            JSON.stringify(value),
            ttl,
            historyLimit,
            lease?.ticket ?? '',
            lease?.token ?? '',
            options.hold ? '1' : '',
            options.announce ? keys.bus(options.announce) : '',
            conversationId,
            drop.length,
            ...drop,
            ...entries,
          );
          if (next === 'lost') throw new LeaseLostError(lock);
          if (next === null) throw new ConflictError(key);
          if (!options.hold) lease?.released();
          return next;
        }),
      settle: (conversationId, lease, inbound, progress) =>
        guarded(async () => {
          const lock = keys.lock(conversationId);
          await scripts.pasokhSettle(keys.conversationState(conversationId), lock, progressField(inbound), progress.replies, progress.events, lease.ticket ?? '', lease.token);
          lease.released();
        }),
    },
    history,
    locks,
    counters,
    keys,
    ping: () => answers(client),
    async close() {
      // Not quit(): on a connection with an offline queue it waits behind a queued subscribe, for ever
      // when Redis is gone; a subscriber has nothing to flush.
      subscriber?.disconnect();
      await client.quit().catch(() => client.disconnect());
    },
  };
}
