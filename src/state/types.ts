// The state pasokh keeps, behind small interfaces: Redis in production, memory for the demo and
// for tests that are about something else. Shapes follow the Bot Framework's Storage: items carry
// an eTag, and a write with a stale eTag fails instead of overwriting a newer turn's state.

export interface StoreItem {
  eTag?: string;
  [field: string]: unknown;
}

// The store's errors (codes PASOKH_ERR_STORE_*, _LOCK_TIMEOUT, _LEASE_LOST) live with every other error.
export { ConflictError, LeaseLostError, LockTimeoutError, StoreUnavailableError } from '../errors.js';

/** How long a turn waits in line for its conversation's lock before answering 503 (every backend). */
export const LOCK_WAIT_MS = 8000;

export interface Storage {
  read<T extends StoreItem>(key: string): Promise<T | undefined>;
  /**
   * Saves `item` if its eTag matches the stored one: an item without an eTag (or with "*") is
   * written unconditionally. Returns the new eTag; throws ConflictError on a stale eTag.
   */
  write(key: string, item: StoreItem): Promise<string>;
  delete(keys: readonly string[]): Promise<void>;
}

export interface HistoryEntry {
  id: string;
  /** JSON of one activity. */
  data: string;
}

/** Append-only, capped message history per conversation. */
export interface History {
  append(conversationId: string, entries: readonly string[]): Promise<string[]>;
  /** The newest `count` entries, oldest first; or those after `afterId`. */
  read(conversationId: string, options?: { count?: number; afterId?: string }): Promise<HistoryEntry[]>;
  delete(conversationId: string): Promise<void>;
}

/**
 * Fair mutual exclusion per name, across server instances: a FIFO ticket queue (as Rasa's lock
 * store). Tickets are issued in arrival order and the lowest live ticket holds the lock; a ticket
 * lives `ttlMs` unless its owner renews it (holders renew in the background, waiters on every
 * poll), so a dead holder's or waiter's ticket expires and the queue moves on.
 */
export interface Locks {
  /** Resolves with the lease once the lock is held; rejects with LockTimeoutError after `waitMs`. */
  acquire(name: string, options?: LockOptions): Promise<Lease>;
}

export interface LockOptions {
  /** How long a ticket lives without renewal: how soon a dead holder's lock is taken over. */
  ttlMs?: number;
  /** How long to wait in line before giving up (LockTimeoutError, a 503). */
  waitMs?: number;
}

/** How far delivery of one inbound activity's recorded replies and events has got. */
export interface Progress {
  replies: number;
  events: number;
}

/** Small counters and markers with expiry: rate limits, failed verifications, deduplication. */
export interface Counters {
  /** Adds one and returns the count within the window that started at the first hit. */
  hit(key: string, windowSeconds: number): Promise<number>;
  get(key: string): Promise<number>;
  /** Seconds until the key expires; 0 when it does not exist. */
  ttl(key: string): Promise<number>;
  /** True the first time a key is claimed within `ttlSeconds` (SET NX). */
  claim(key: string, ttlSeconds: number): Promise<boolean>;
  delete(keys: readonly string[]): Promise<void>;
}

/** A conversation turn's outcome, saved at once: its state (compare-and-set) and its history. */
export interface Turns {
  /**
   * Takes the conversation's lock and reads its state in one step (waiting in line up to
   * `waitMs`), with the delivery progress of inbound activity `inbound` when given. The lease is
   * released by commit(), settle() or its release().
   */
  begin<T extends StoreItem>(
    conversationId: string,
    options?: LockOptions & { inbound?: string },
  ): Promise<{ lease: Lease; state: T | undefined; progress?: Progress }>;
  /**
   * Writes the conversation state if its eTag is current and appends the history entries, as one
   * atomic step: a turn is recorded completely or not at all. Returns the new eTag.
   */
  commit(conversationId: string, state: StoreItem, history: readonly string[], options?: CommitOptions): Promise<string>;
  /**
   * Records how far delivery of inbound activity `inbound` got (never lowering what is recorded)
   * and releases `lease`, in one step. Progress is recorded even if the lease was lost: it is a fact
   * about what the customer has received, whoever holds the lock.
   */
  settle(conversationId: string, lease: Lease, inbound: string, progress: Progress): Promise<void>;
}

export interface CommitOptions {
  /** Announce the conversation on this bus topic, in the same step. */
  announce?: string;
  /**
   * The conversation's lease: the write happens only while it still holds the lock (else
   * LeaseLostError), and releases it in the same step unless `hold` is set.
   */
  lease?: Lease;
  /** Keep the lock after the commit: the turn goes on (delivery) and ends with settle(). */
  hold?: boolean;
  /** Inbound ids whose delivery progress is no longer needed (they left the outbox). */
  dropProgress?: readonly string[];
}

/** A held lock. */
export interface Lease {
  readonly name: string;
  readonly token: string;
  /** Idempotent; a no-op once the lease was released (also by a commit). */
  release(): Promise<void>;
  /** Marks the lease as released by someone else (a commit that released it). */
  released(): void;
  /** The ticket and its owner's secret, for scripts that check the lease (fencing). */
  readonly ticket?: string;
}

/** Tells every server instance that something happened (a conversation has new history). */
export interface Bus {
  publish(topic: string, message: string): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(topic: string, handler: (message: string) => void): () => void;
  /**
   * Resolves when every subscription asked for so far is in place on the server: an announcement
   * published before that is not heard. The server awaits it before it serves.
   */
  ready(): Promise<void>;
}

export interface StateBackend {
  readonly kind: 'redis' | 'memory';
  readonly bus: Bus;
  readonly storage: Storage;
  readonly turns: Turns;
  readonly history: History;
  readonly locks: Locks;
  readonly counters: Counters;
  readonly keys: KeySpace;
  /** True when the store answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Every key pasokh writes, under one prefix. A conversation's keys share a Redis Cluster hash tag
 * so they live on one node.
 */
export interface KeySpace {
  readonly prefix: string;
  conversationState(conversationId: string): string;
  history(conversationId: string): string;
  lock(conversationId: string): string;
  userProfile(userId: string): string;
  rateLimit(scope: string): string;
  /** Order-lookup attempt limits; `id` is a keyed hash, never a phone, user, address or order id. */
  lookupLimit(scope: string, id: string): string;
  dedup(scope: string, id: string): string;
  bus(topic: string): string;
}

export function keySpace(prefix: string): KeySpace {
  const conv = (id: string, what: string) => `${prefix}conv:{${id}}:${what}`;
  return {
    prefix,
    conversationState: (id) => conv(id, 'state'),
    history: (id) => conv(id, 'history'),
    lock: (id) => conv(id, 'lock'),
    userProfile: (id) => `${prefix}user:{${id}}:profile`,
    rateLimit: (scope) => `${prefix}rate:${scope}`,
    lookupLimit: (scope, id) => `${prefix}lookup:${scope}:${id}`,
    dedup: (scope, id) => `${prefix}dedup:${scope}:${id}`,
    bus: (topic) => `${prefix}bus:${topic}`,
  };
}
