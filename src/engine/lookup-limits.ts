// Limits on order-lookup attempts, so order numbers and phones cannot be guessed. A failed proof
// counts against each thing it names — the visitor, the client's address, the order id and the
// phone — in the state backend, so the count holds across sessions, server instances and
// /forget. A scope that reaches its limit is locked for a whole window, for everyone: a locked
// order is not shown even to the right phone.
//
// Attempts are reserved before the proof is checked (an atomic increment), so a burst of
// concurrent guesses cannot slip past the limit; a proof that succeeds gives its reservation back.
// Reservations and give-backs are counted per fixed window, so the two always cover the same time.
// Key names hold a keyed hash of what they count, never the phone, user, address or order id.
import { createHmac } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { Counters, KeySpace } from '../state/index.js';
import type { Outbound } from './activity.js';

export type LookupScope = 'visitor' | 'ip' | 'order' | 'phone';

/** Failed order lookups allowed per scope within one window. */
export interface LookupLimits {
  /** Per customer (channel and user id). */
  visitor: number;
  /** Per client address (IPv6 per /64 network), where the channel knows it (the web). */
  ip: number;
  order: number;
  phone: number;
  windowSeconds: number;
  /**
   * Keys the hash in the counters' key names, so a phone or user id cannot be recovered from them
   * by trying every candidate. The same on every instance (src/config.ts lookupSecret); unset, the
   * key prefix stands in (tests, the CLI chat).
   */
  secret?: string;
}

export const DEFAULT_LOOKUP_LIMITS: LookupLimits = { visitor: 5, ip: 10, order: 5, phone: 5, windowSeconds: 3600 };

/** What one lookup names: each part present is limited on its own. */
export type Lookup = Partial<Record<LookupScope, string>>;

/** A lookup refused by a limit: which one, and when to try again. */
export interface Blocked {
  scope: LookupScope;
  retryAfterSeconds: number;
}

/** A reserved proof attempt: say how it went. */
export interface Attempt {
  /** False when this activity's attempt was counted already (the turn re-run or redelivered). */
  readonly counted: boolean;
  /** The proof was right: the reservation is given back. */
  succeeded(): Promise<void>;
  /** The proof was wrong: it stays counted. Returns the lock when this failure reached a limit. */
  failed(): Promise<Blocked | undefined>;
}

export interface LookupLimiter {
  /** The first locked scope the lookup names, if any. */
  locked(lookup: Lookup): Promise<Blocked | undefined>;
  /**
   * Reserves one proof attempt in every scope the lookup names; refused if any is locked or full.
   * With `activityId`, an activity's attempt at this lookup counts once, however often its turn
   * runs (a conflict re-run, a redelivery after a failed commit).
   */
  reserve(lookup: Lookup, now: Date, activityId?: string): Promise<{ blocked: Blocked } | { attempt: Attempt }>;
}

const SCOPES: readonly LookupScope[] = ['visitor', 'ip', 'order', 'phone'];

/**
 * The order lookups' limiter on a state backend's counters.
 *
 * @example
 * const limiter = lookupLimiter(state.counters, state.keys, DEFAULT_LOOKUP_LIMITS);
 * const r = await limiter.reserve({ visitor: 'web:v1', ip: '203.0.113.9', order: '10401', phone: '09123847561' }, new Date());
 * if ('blocked' in r) refuse(r.blocked.retryAfterSeconds);
 * else if (proofIsRight) await r.attempt.succeeded();
 * else await r.attempt.failed();
 */
export function lookupLimiter(counters: Counters, keys: KeySpace, limits: LookupLimits): LookupLimiter {
  const window = limits.windowSeconds;
  // Keyed by a secret the installation configures: names are stable across instances, and name nobody.
  const hash = (text: string) => createHmac('sha256', `pasokh lookup limits ${limits.secret ?? keys.prefix}`).update(text).digest('hex').slice(0, 32);
  const key = (scope: LookupScope, value: string) => keys.lookupLimit(scope, hash(`${scope}\n${value}`));
  const named = (lookup: Lookup) =>
    SCOPES.flatMap((scope) => {
      const value = lookup[scope];
      return value ? [{ scope, key: key(scope, scope === 'ip' ? addressGroup(value) : value) }] : [];
    });

  const lock = async (scope: LookupScope, base: string): Promise<Blocked> => {
    await counters.claim(`${base}:locked`, window);
    return { scope, retryAfterSeconds: Math.max(1, await counters.ttl(`${base}:locked`)) };
  };

  async function locked(lookup: Lookup): Promise<Blocked | undefined> {
    const scopes = named(lookup);
    const ttls = await Promise.all(scopes.map((s) => counters.ttl(`${s.key}:locked`)));
    const i = ttls.findIndex((t) => t > 0);
    return i < 0 ? undefined : { scope: scopes[i]!.scope, retryAfterSeconds: ttls[i]! };
  }

  return {
    locked,
    async reserve(lookup, now, activityId) {
      const blocked = await locked(lookup);
      if (blocked) return { blocked };
      const period = Math.floor(now.getTime() / 1000 / window);
      const scopes = named(lookup);
      const once = activityId ? keys.lookupLimit('attempt', hash(`${activityId}\n${scopes.map((s) => s.key).join('\n')}`)) : undefined;
      const counted = once ? await counters.claim(once, window) : true;
      const counts = await Promise.all(
        scopes.map(async ({ scope, key: base }) => {
          const given = `${base}:${period}:ok`;
          const [tries, back] = await Promise.all([counted ? counters.hit(`${base}:${period}`, window) : counters.get(`${base}:${period}`), counters.get(given)]);
          return { scope, base, given, failures: tries - back };
        }),
      );
      const over = counts.filter((c) => c.failures > limits[c.scope]);
      if (over.length) return { blocked: (await Promise.all(over.map((c) => lock(c.scope, c.base))))[0]! };
      return {
        attempt: {
          counted,
          async succeeded() {
            // Given back once per reservation, however often the turn runs.
            if (once && !(await counters.claim(`${once}:ok`, window))) return;
            await Promise.all(counts.map((c) => counters.hit(c.given, window)));
          },
          async failed() {
            const reached = counts.filter((c) => c.failures >= limits[c.scope]);
            return (await Promise.all(reached.map((c) => lock(c.scope, c.base))))[0];
          },
        },
      };
    },
  };
}

/** An IPv6 client can pick any address in its /64, so the network counts as one client. */
function addressGroup(ip: string): string {
  const address = ip.replace(/^::ffff:(?=\d+\.)/i, '');
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** Marks a reply as the answer to a refused lookup: channels with status codes answer 429. */
export function limitedReply(reply: Outbound, blocked: Blocked): Outbound {
  return { ...reply, channelData: { ...reply.channelData, retryAfter: blocked.retryAfterSeconds } };
}

/** Seconds to wait, when one of a turn's replies refused a lookup. */
export function retryAfterOf(replies: readonly Outbound[]): number | undefined {
  for (const reply of replies) {
    const seconds = (reply.channelData as { retryAfter?: unknown } | undefined)?.retryAfter;
    if (typeof seconds === 'number' && seconds > 0) return seconds;
  }
  return undefined;
}

/** What the order flow's limits did in a turn, for metrics and the log. */
export interface LookupOutcome {
  /** A proof was wrong (and counted). */
  failed?: boolean;
  /** This failure reached the limit of that scope and locked it. */
  locked?: LookupScope;
  /** The lookup was refused: that scope was locked or full. */
  refused?: LookupScope;
}

/** Logs refused and locking lookups, by scope and channel only (no phone, order, user or address). */
export function logLookupLimits(log: { warn(msg: string): void }) {
  // Typed by what it reads, so this module needs nothing from the context's (a Middleware all the same).
  return async (ctx: { lookup?: LookupOutcome; activity: { channelId: string } }, next: () => Promise<void>): Promise<void> => {
    await next();
    const { refused, locked } = ctx.lookup ?? {};
    if (refused) log.warn(`order lookup refused: the ${refused} limit is reached (channel ${ctx.activity.channelId})`);
    else if (locked) log.warn(`order lookups locked: the ${locked} limit was reached (channel ${ctx.activity.channelId})`);
  };
}
