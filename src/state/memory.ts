// In-memory state: the demo's default when REDIS_URL is unset, and a stand-in for tests that are
// not about state. One process only; everything is lost on restart.
import { EventEmitter } from 'node:events';
import {
  ConflictError,
  keySpace,
  LockTimeoutError,
  LOCK_WAIT_MS,
  type Counters,
  type History,
  type HistoryEntry,
  type Locks,
  type Progress,
  type StateBackend,
  type Storage,
  type StoreItem,
} from './types.js';

interface Expiring<T> {
  value: T;
  expiresAt: number;
}

export interface MemoryOptions {
  prefix?: string;
  historyLimit?: number;
  now?: () => number;
}

export function createMemoryBackend(options: MemoryOptions = {}): StateBackend {
  const now = options.now ?? Date.now;
  const historyLimit = options.historyLimit ?? 500;
  const items = new Map<string, { eTag: number; json: string }>();
  const streams = new Map<string, HistoryEntry[]>();
  const counters = new Map<string, Expiring<number>>();
  const lockQueues = new Map<string, Promise<void>>();
  // Delivery progress per conversation state key and inbound id (Redis keeps it in the state hash).
  const progress = new Map<string, Map<string, Progress>>();
  let sequence = 0;

  const storage: Storage = {
    async read<T extends StoreItem>(key: string) {
      const item = items.get(key);
      return item ? ({ ...JSON.parse(item.json), eTag: String(item.eTag) } as T) : undefined;
    },
    async write(key, item) {
      const current = items.get(key);
      const expected = item.eTag;
      if (expected !== undefined && expected !== '*' && expected !== String(current?.eTag ?? 0)) {
        throw new ConflictError(key);
      }
      const { eTag: _ignored, ...value } = item;
      const eTag = (current?.eTag ?? 0) + 1;
      items.set(key, { eTag, json: JSON.stringify(value) });
      return String(eTag);
    },
    async delete(keys) {
      for (const key of keys) {
        items.delete(key);
        progress.delete(key);
      }
    },
  };

  const history: History = {
    async append(conversationId, entries) {
      const list = streams.get(conversationId) ?? [];
      const ids = entries.map((data) => {
        sequence += 1;
        const id = `${now()}-${sequence}`;
        list.push({ id, data });
        return id;
      });
      if (list.length > historyLimit) list.splice(0, list.length - historyLimit);
      streams.set(conversationId, list);
      return ids;
    },
    async read(conversationId, { count = 50, afterId } = {}) {
      const list = streams.get(conversationId) ?? [];
      if (afterId === undefined) return list.slice(-count);
      const from = list.findIndex((e) => e.id === afterId);
      return list.slice(from + 1, from + 1 + count);
    },
    async delete(conversationId) {
      streams.delete(conversationId);
    },
  };

  // Locks are a promise chain per name: each holder waits for the previous one to release, in
  // arrival order. One process: a holder cannot die without the waiters, so there is no expiry.
  const locks: Locks = {
    async acquire(name, { waitMs = LOCK_WAIT_MS } = {}) {
      const previous = lockQueues.get(name) ?? Promise.resolve();
      let release!: () => void;
      const mine = new Promise<void>((resolve) => (release = resolve));
      const chain = previous.then(() => mine);
      lockQueues.set(name, chain);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new LockTimeoutError(name, waitMs)), waitMs);
      });
      try {
        await Promise.race([previous, timeout]);
      } catch (error) {
        release();
        throw error;
      } finally {
        clearTimeout(timer);
      }
      let done = false;
      const end = () => {
        if (done) return;
        done = true;
        release();
        if (lockQueues.get(name) === chain) lockQueues.delete(name);
      };
      return { name, token: String(++sequence), release: async () => end(), released: end };
    },
  };

  const live = (key: string) => {
    const entry = counters.get(key);
    if (entry && entry.expiresAt <= now()) {
      counters.delete(key);
      return undefined;
    }
    return entry;
  };
  const countersApi: Counters = {
    async hit(key, windowSeconds) {
      const entry = live(key) ?? { value: 0, expiresAt: now() + windowSeconds * 1000 };
      entry.value += 1;
      counters.set(key, entry);
      return entry.value;
    },
    async get(key) {
      return live(key)?.value ?? 0;
    },
    async ttl(key) {
      const entry = live(key);
      return entry ? Math.ceil((entry.expiresAt - now()) / 1000) : 0;
    },
    async claim(key, ttlSeconds) {
      if (live(key)) return false;
      counters.set(key, { value: 1, expiresAt: now() + ttlSeconds * 1000 });
      return true;
    },
    async delete(keys) {
      for (const key of keys) counters.delete(key);
    },
  };

  const keys = keySpace(options.prefix ?? 'pasokh:');
  const emitter = new EventEmitter().setMaxListeners(0);
  return {
    kind: 'memory',
    bus: {
      async publish(topic, message) {
        emitter.emit(topic, message);
      },
      subscribe(topic, handler) {
        emitter.on(topic, handler);
        return () => void emitter.off(topic, handler);
      },
      // In one process a subscription is in place at once.
      ready: async () => {},
    },
    storage,
    turns: {
      async begin<T extends StoreItem>(conversationId: string, options: { ttlMs?: number; waitMs?: number; inbound?: string } = {}) {
        const lease = await locks.acquire(keys.lock(conversationId), options);
        const key = keys.conversationState(conversationId);
        const done = options.inbound === undefined ? undefined : progress.get(key)?.get(options.inbound);
        return { lease, state: await storage.read<T>(key), progress: done && { ...done } };
      },
      async settle(conversationId, lease, inbound, next) {
        const key = keys.conversationState(conversationId);
        if (items.has(key)) {
          const byId = progress.get(key) ?? new Map<string, Progress>();
          const old = byId.get(inbound) ?? { replies: 0, events: 0 };
          byId.set(inbound, { replies: Math.max(old.replies, next.replies), events: Math.max(old.events, next.events) });
          progress.set(key, byId);
        }
        await lease.release();
      },
      async commit(conversationId, state, entries, options = {}) {
        // Nothing awaits between the check and the writes, so the two are atomic here.
        const key = keys.conversationState(conversationId);
        const current = String(items.get(key)?.eTag ?? 0);
        if (state.eTag !== undefined && state.eTag !== '*' && state.eTag !== current) throw new ConflictError(key);
        const eTag = storage.write(key, { ...state, eTag: '*' });
        void history.append(conversationId, entries);
        for (const id of options.dropProgress ?? []) progress.get(key)?.delete(id);
        if (options.lease?.name === keys.lock(conversationId) && !options.hold) void options.lease.release();
        if (options.announce) emitter.emit(options.announce, conversationId);
        return eTag;
      },
    },
    history,
    locks,
    counters: countersApi,
    keys,
    ping: async () => true,
    close: async () => {},
  };
}
