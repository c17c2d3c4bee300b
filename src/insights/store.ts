// Where the owner's figures are kept: one counter hash per Tehran day, the day's not-understood
// messages (normalized text and how often, the most frequent few hundred), and a small timing mark
// per open handoff. Nothing here names a customer: day keys carry a date, texts are masked before
// they arrive (./text.ts), and a handoff's mark is named by a hash of its conversation, dropped when
// the handoff ends or the customer leaves with /forget.
//
// Keys (Redis), under one Cluster hash tag, {insights}, so each script's keys share a slot:
// - day:<YYYY-MM-DD> (hash of counters) and missed:<YYYY-MM-DD> (zset text → count): expire
//   INSIGHTS_RETENTION_DAYS after the day's last write (days are written on their own day).
// - handoff:<hash> (hash: queued, claimed, replied ms): removed when the handoff closes or ends;
//   a mark that outlives a forgotten end expires after MARK_TTL_SECONDS.
// A turn costs one round trip (one script: HINCRBY per field, ZINCRBY, the cap, the TTLs).
import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { guarded } from '../state/index.js';

/** Durations are counted in these buckets (seconds, upper bounds; the last is open). */
export const DURATION_BUCKETS = [60, 300, 900, 3600, 14_400] as const;
/** Not-understood texts kept per day: the most frequent. */
export const MISSED_PER_DAY = 200;
/** A handoff's timing mark lives at most this long (one longer than this is not timed). */
export const MARK_TTL_SECONDS = 30 * 24 * 3600;

/** One day's counters and its not-understood texts (most frequent first). */
export interface DayRecord {
  day: string;
  counts: Record<string, number>;
  missed: Array<{ text: string; count: number }>;
}

/** Which duration a handoff mark measures when it ends: first reply (`fr`) or handling (`hd`). */
export type Timed = 'fr' | 'hd';

export interface InsightsStore {
  /** Adds `counts` to the day's counters and, when given, one occurrence of a not-understood text. */
  add(day: string, counts: Readonly<Record<string, number>>, missed?: string): Promise<void>;
  /** A handoff was queued at `at` (ms): its mark starts. `conversation` is hashed, never stored. */
  queued(conversation: string, at: number): Promise<void>;
  /** An agent took it (the first claim counts). */
  claimed(conversation: string, at: number): Promise<void>;
  /** An agent wrote to the customer: the first reply adds the wait since queueing to `day`. */
  replied(conversation: string, day: string, at: number): Promise<void>;
  /** Closed by an agent: the handling time since the first claim goes to `day`; the mark goes. */
  closed(conversation: string, day: string, at: number): Promise<void>;
  /** Ended without an agent's close (timeout, /bot, /forget): the mark goes. */
  dropped(conversation: string): Promise<void>;
  /** The days asked for, in the same order (a day without figures has empty counts). */
  read(days: readonly string[]): Promise<DayRecord[]>;
}

export interface InsightsStoreOptions {
  /** Seconds a day's figures are kept (INSIGHTS_RETENTION_DAYS). */
  retentionSeconds: number;
}

/** A handoff's mark is named by this: the same for every instance, naming nobody. */
export const markOf = (conversation: string) => createHash('sha256').update(`insights\n${conversation}`).digest('base64url').slice(0, 24);

/** The bucket field of a duration: `fr_b0` … (index into DURATION_BUCKETS, or its length for longer). */
export function bucketOf(seconds: number): number {
  const i = DURATION_BUCKETS.findIndex((b) => seconds <= b);
  return i < 0 ? DURATION_BUCKETS.length : i;
}

const LUA_BUCKET = `
local function bucket(s)
  local bounds = {${DURATION_BUCKETS.join(',')}}
  for i = 1, #bounds do if s <= bounds[i] then return i - 1 end end
  return #bounds
end
local function timed(day, what, s, ttl)
  redis.call('HINCRBY', day, what .. '_n', 1)
  redis.call('HINCRBY', day, what .. '_sum', s)
  redis.call('HINCRBY', day, what .. '_b' .. bucket(s), 1)
  redis.call('EXPIRE', day, ttl)
end`;

// KEYS: day hash, missed zset. ARGV: ttl, cap, missed text ('' for none), then field, increment pairs.
const ADD = `
for i = 4, #ARGV, 2 do redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('EXPIRE', KEYS[1], ARGV[1])
if ARGV[3] ~= '' then
  redis.call('ZINCRBY', KEYS[2], 1, ARGV[3])
  if redis.call('ZCARD', KEYS[2]) > tonumber(ARGV[2]) then redis.call('ZPOPMIN', KEYS[2]) end
  redis.call('EXPIRE', KEYS[2], ARGV[1])
end
return 1`;

// KEYS: mark, day hash. ARGV: what happened (queued, claimed, replied, closed), at (ms), day ttl, mark ttl.
const MARK = `${LUA_BUCKET}
local op, at = ARGV[1], tonumber(ARGV[2])
if op == 'queued' then
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'q', ARGV[2])
  redis.call('EXPIRE', KEYS[1], ARGV[4])
  return 1
end
local q = redis.call('HGET', KEYS[1], 'q')
if not q then return 0 end
if op == 'claimed' then
  redis.call('HSETNX', KEYS[1], 'c', ARGV[2])
elseif op == 'replied' then
  if redis.call('HSETNX', KEYS[1], 'r', ARGV[2]) == 1 then timed(KEYS[2], 'fr', math.max(0, math.floor((at - tonumber(q)) / 1000)), ARGV[3]) end
elseif op == 'closed' then
  local c = redis.call('HGET', KEYS[1], 'c')
  if c then timed(KEYS[2], 'hd', math.max(0, math.floor((at - tonumber(c)) / 1000)), ARGV[3]) end
  redis.call('DEL', KEYS[1])
end
return 1`;

interface Scripts {
  pasokhInsightsAdd(day: string, missed: string, ...args: Array<string | number>): Promise<number>;
  pasokhInsightsMark(mark: string, day: string, op: string, at: number, dayTtl: number, markTtl: number): Promise<number>;
}

/**
 * The Redis store (a single server, Sentinel or Cluster client).
 *
 * @example const insights = createRedisInsightsStore(redis, 'pasokh:', { retentionSeconds: 400 * 86400 });
 */
export function createRedisInsightsStore(client: Redis | Cluster, prefix: string, options: InsightsStoreOptions): InsightsStore {
  const base = `${prefix}{insights}:`;
  const dayKey = (day: string) => `${base}day:${day}`;
  const missedKey = (day: string) => `${base}missed:${day}`;
  const markKey = (conversation: string) => `${base}handoff:${markOf(conversation)}`;
  const ttl = options.retentionSeconds;
  client.defineCommand('pasokhInsightsAdd', { numberOfKeys: 2, lua: ADD });
  client.defineCommand('pasokhInsightsMark', { numberOfKeys: 2, lua: MARK });
  const scripts = client as unknown as Scripts;
  // The day key is passed even when a step does not touch it, so every call names its slot's keys.
  const mark = (conversation: string, op: string, at: number, day = '0000-00-00') =>
    guarded(async () => void (await scripts.pasokhInsightsMark(markKey(conversation), dayKey(day), op, at, ttl, MARK_TTL_SECONDS)));

  return {
    add: (day, counts, missed) =>
      guarded(async () => {
        const pairs = Object.entries(counts).flatMap(([field, n]) => [field, n]);
        await scripts.pasokhInsightsAdd(dayKey(day), missedKey(day), ttl, MISSED_PER_DAY, missed ?? '', ...pairs);
      }),
    queued: (conversation, at) => mark(conversation, 'queued', at),
    claimed: (conversation, at) => mark(conversation, 'claimed', at),
    replied: (conversation, day, at) => mark(conversation, 'replied', at, day),
    closed: (conversation, day, at) => mark(conversation, 'closed', at, day),
    dropped: (conversation) => guarded(async () => void (await client.del(markKey(conversation)))),
    read: (days) =>
      guarded(async () => {
        if (days.length === 0) return [];
        const pipeline = client.pipeline();
        for (const day of days) pipeline.hgetall(dayKey(day)).zrevrange(missedKey(day), 0, -1, 'WITHSCORES');
        const results = (await pipeline.exec()) ?? [];
        const failed = results.find(([error]) => error);
        if (failed) throw failed[0];
        return days.map((day, i): DayRecord => {
          const hash = (results[2 * i]?.[1] ?? {}) as Record<string, string>;
          const flat = (results[2 * i + 1]?.[1] ?? []) as string[];
          const missed: DayRecord['missed'] = [];
          for (let j = 0; j + 1 < flat.length; j += 2) missed.push({ text: flat[j]!, count: Number(flat[j + 1]) });
          return { day, counts: Object.fromEntries(Object.entries(hash).map(([k, v]) => [k, Number(v)])), missed };
        });
      }),
  };
}

/**
 * The in-memory store, for the demo (one process, lost on restart): the same figures as Redis, days
 * older than the retention dropped as new ones come.
 */
export function createMemoryInsightsStore(options: InsightsStoreOptions): InsightsStore {
  const days = new Map<string, { counts: Map<string, number>; missed: Map<string, number> }>();
  const marks = new Map<string, { q: number; c?: number; r?: number; expires: number }>();
  const keepDays = Math.ceil(options.retentionSeconds / 86_400);
  const dayOf = (day: string) => {
    let entry = days.get(day);
    if (!entry) {
      entry = { counts: new Map(), missed: new Map() };
      days.set(day, entry);
      const cutoff = new Date(`${day}T12:00:00Z`);
      cutoff.setUTCDate(cutoff.getUTCDate() - keepDays);
      const oldest = cutoff.toISOString().slice(0, 10);
      for (const d of days.keys()) if (d < oldest) days.delete(d);
    }
    return entry;
  };
  const bump = (map: Map<string, number>, key: string, n: number) => map.set(key, (map.get(key) ?? 0) + n);
  const timed = (day: string, what: Timed, ms: number) => {
    const s = Math.max(0, Math.floor(ms / 1000));
    const counts = dayOf(day).counts;
    bump(counts, `${what}_n`, 1);
    bump(counts, `${what}_sum`, s);
    bump(counts, `${what}_b${bucketOf(s)}`, 1);
  };
  const live = (conversation: string, at: number) => {
    const key = markOf(conversation);
    const m = marks.get(key);
    if (m && m.expires <= at) marks.delete(key);
    return marks.get(key);
  };

  return {
    async add(day, counts, missed) {
      const entry = dayOf(day);
      for (const [field, n] of Object.entries(counts)) bump(entry.counts, field, n);
      if (missed === undefined) return;
      bump(entry.missed, missed, 1);
      if (entry.missed.size > MISSED_PER_DAY) {
        const [lowest] = [...entry.missed].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
        if (lowest) entry.missed.delete(lowest[0]);
      }
    },
    async queued(conversation, at) {
      marks.set(markOf(conversation), { q: at, expires: at + MARK_TTL_SECONDS * 1000 });
    },
    async claimed(conversation, at) {
      const m = live(conversation, at);
      if (m && m.c === undefined) m.c = at;
    },
    async replied(conversation, day, at) {
      const m = live(conversation, at);
      if (!m || m.r !== undefined) return;
      m.r = at;
      timed(day, 'fr', at - m.q);
    },
    async closed(conversation, day, at) {
      const m = live(conversation, at);
      if (!m) return;
      if (m.c !== undefined) timed(day, 'hd', at - m.c);
      marks.delete(markOf(conversation));
    },
    async dropped(conversation) {
      marks.delete(markOf(conversation));
    },
    async read(wanted) {
      return wanted.map((day) => {
        const entry = days.get(day);
        const missed = [...(entry?.missed ?? [])].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : -1)).map(([text, count]) => ({ text, count }));
        return { day, counts: Object.fromEntries(entry?.counts ?? []), missed };
      });
    },
  };
}
