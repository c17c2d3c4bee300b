// The state pasokh keeps, behind small interfaces: Redis in production, memory for the demo and
// for tests that are about something else. Shapes follow the Bot Framework's Storage: items carry
// an eTag, and a write with a stale eTag fails instead of overwriting a newer turn's state.

export interface StoreItem {
  eTag?: string;
  [field: string]: unknown;
}

/** A write lost a race: someone saved the item since it was read. */
export class ConflictError extends Error {
  constructor(readonly key: string) {
    super(`state of ${key} changed since it was read`);
    this.name = 'ConflictError';
  }
}

/** The store could not be reached; the caller should answer "try again later" (HTTP 503). */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`state store unavailable: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'StoreUnavailableError';
  }
}

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

/** Mutual exclusion per name, across server instances. */
export interface Locks {
  /** Resolves with the lease once the lock is held; rejects after `waitMs`. */
  acquire(name: string, options?: { ttlMs?: number; waitMs?: number }): Promise<Lease>;
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
   * Takes the conversation's lock and reads its state in one step (waiting for the lock up to
   * `waitMs`). The lease is released by commit() or by its release().
   */
  begin<T extends StoreItem>(conversationId: string, options?: { ttlMs?: number; waitMs?: number }): Promise<{ lease: Lease; state: T | undefined }>;
  /**
   * Writes the conversation state if its eTag is current and appends the history entries, as one
   * atomic step: a turn is recorded completely or not at all. Returns the new eTag.
   */
  commit(conversationId: string, state: StoreItem, history: readonly string[], options?: CommitOptions): Promise<string>;
}

export interface CommitOptions {
  /** Announce the conversation on this bus topic, in the same step. */
  announce?: string;
  /** Release this lease in the same step (it must be the conversation's lock). */
  lease?: Lease;
}

/** A held lock. */
export interface Lease {
  readonly name: string;
  readonly token: string;
  /** Idempotent; a no-op once the lease was released (also by a commit). */
  release(): Promise<void>;
  /** Marks the lease as released by someone else (a commit that released it). */
  released(): void;
}

/** Tells every server instance that something happened (a conversation has new history). */
export interface Bus {
  publish(topic: string, message: string): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(topic: string, handler: (message: string) => void): () => void;
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
  verifyFailures(conversationId: string): string;
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
    verifyFailures: (id) => conv(id, 'verify-failures'),
    userProfile: (id) => `${prefix}user:{${id}}:profile`,
    rateLimit: (scope) => `${prefix}rate:${scope}`,
    lookupLimit: (scope, id) => `${prefix}lookup:${scope}:${id}`,
    dedup: (scope, id) => `${prefix}dedup:${scope}:${id}`,
    bus: (topic) => `${prefix}bus:${topic}`,
  };
}
