// Where the learning loop keeps what it learned and what it is still asking about: the review
// queue, the agents' replies seen for recurring questions, and the owner's labels and FAQ answers.
// One logic over a small hash port, so Redis (production) and memory (the demo) behave alike.
//
// Keys and their lifecycle (under one Cluster hash tag, {learn}; no key names a customer, and no
// value holds an identifier: texts are masked before they get here, see review.ts):
// - review (hash): the missed messages, three fields per item (`<id>:item`, `<id>:n`, `<id>:first`).
//   An item leaves when it is labelled or dismissed; one not seen for REVIEW_DAYS is dropped on the
//   next read, and the whole key expires REVIEW_DAYS after the last miss (TTL renewed on each).
// - replies (hash): per recurring customer question, how often agents answered it and the latest
//   answer (`<id>:item`, `<id>:n`); the same REVIEW_DAYS TTL and pruning; an accepted or dismissed
//   proposal leaves at once.
// - labels (hash), faq (hash): what the owner taught. Durable, no TTL: they live until the owner
//   deletes them (the review page, `pasokh suggest --import` replaces what it names); `pasokh
//   suggest --export` writes them out.
import type { RedisClient } from '../state/index.js';
import { guarded } from '../state/index.js';

/** Missed messages and proposals not seen again for this long leave the queue. */
export const REVIEW_DAYS = 30;
const REVIEW_SECONDS = REVIEW_DAYS * 24 * 3600;

/** Why a message is in the review queue. */
export type MissReason = 'fallback' | 'low_confidence' | 'handoff_after_answer' | 'low_rating';

/** One occurrence of a missed message, as the middleware saw it (text already masked). */
export interface Miss {
  text: string;
  why: MissReason;
  /** The bot's best guess and how sure it was. */
  guess?: string;
  confidence?: number;
}

/** A missed message in the queue: its latest occurrence, how often it came, first and last seen. */
export interface ReviewItem extends Miss {
  id: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
}

/** A customer question agents answered more than once: the latest reply is proposed as its FAQ answer. */
export interface ReplySeen {
  id: string;
  question: string;
  reply: string;
  count: number;
  lastSeen: string;
}

/** The owner's label: this message means that intent. */
export interface Label {
  id: string;
  text: string;
  intent: string;
  at: string;
}

/** An FAQ answer the owner wrote from the review queue: answered as shop.yaml's `faq:` entries are. */
export interface LearnedFaq {
  /** lower_snake_case; the intent is `faq_<key>`. */
  key: string;
  /** The owner's short name for it (Persian), shown in the intent picker. */
  title: string;
  answer: string;
  questions: string[];
  at: string;
}

export interface LearningStore {
  recordMiss(id: string, miss: Miss, now: Date): Promise<void>;
  reviewItems(now: Date): Promise<ReviewItem[]>;
  /** Removes a review item; returns it, or undefined when it was not there. */
  takeReview(id: string): Promise<ReviewItem | undefined>;
  /** `again`: the same conversation's question answered once more (the latest reply kept, not counted). */
  recordReply(id: string, question: string, reply: string, now: Date, again?: boolean): Promise<void>;
  replies(now: Date): Promise<ReplySeen[]>;
  takeReply(id: string): Promise<ReplySeen | undefined>;
  labels(): Promise<Label[]>;
  putLabel(label: Label): Promise<void>;
  deleteLabel(id: string): Promise<boolean>;
  faqs(): Promise<LearnedFaq[]>;
  putFaq(faq: LearnedFaq): Promise<void>;
  deleteFaq(key: string): Promise<boolean>;
}

/** The few hash operations the store needs; `expire` renews a key's TTL. */
interface Hashes {
  /** Counts one more sighting of `id` (by 0: only the latest item changes), keeps its first and latest. */
  record(key: string, id: string, item: string, at: string, ttlSeconds?: number, by?: number): Promise<void>;
  all(key: string): Promise<Record<string, string>>;
  set(key: string, field: string, value: string): Promise<void>;
  del(key: string, fields: readonly string[]): Promise<number>;
}

function memoryHashes(): Hashes {
  const maps = new Map<string, Map<string, string>>();
  const of = (key: string) => maps.get(key) ?? maps.set(key, new Map()).get(key)!;
  return {
    async record(key, id, item, at, _ttl, by = 1) {
      const m = of(key);
      m.set(`${id}:n`, String(Number(m.get(`${id}:n`) ?? 0) + by));
      if (!m.has(`${id}:first`)) m.set(`${id}:first`, at);
      m.set(`${id}:item`, item);
    },
    async all(key) {
      return Object.fromEntries(of(key));
    },
    async set(key, field, value) {
      of(key).set(field, value);
    },
    async del(key, fields) {
      const m = of(key);
      return fields.filter((f) => m.delete(f)).length;
    },
  };
}

function redisHashes(client: RedisClient): Hashes {
  return {
    record: (key, id, item, at, ttl, by = 1) =>
      guarded(async () => {
        // One step: the count, the first sighting and the latest occurrence never disagree.
        const tx = client.multi().hincrby(key, `${id}:n`, by).hsetnx(key, `${id}:first`, at).hset(key, `${id}:item`, item);
        if (ttl) tx.expire(key, ttl);
        await tx.exec();
      }),
    all: (key) => guarded(() => client.hgetall(key)),
    set: (key, field, value) => guarded(async () => void (await client.hset(key, field, value))),
    del: (key, fields) => guarded(() => (fields.length ? client.hdel(key, ...fields) : Promise.resolve(0))),
  };
}

const parse = <T>(json: string | undefined): T | undefined => {
  if (!json) return undefined;
  try {
    return JSON.parse(json) as T;
  } catch {
    return undefined;
  }
};

/** The items of a counted hash (`<id>:item`, `<id>:n`, `<id>:first`), newest last seen first. */
function counted<T extends { lastSeen: string }>(all: Record<string, string>): Array<T & { id: string; count: number; firstSeen: string }> {
  const out: Array<T & { id: string; count: number; firstSeen: string }> = [];
  for (const [field, value] of Object.entries(all)) {
    if (!field.endsWith(':item')) continue;
    const id = field.slice(0, -':item'.length);
    const item = parse<T>(value);
    if (!item) continue;
    out.push({ ...item, id, count: Number(all[`${id}:n`] ?? 1), firstSeen: all[`${id}:first`] ?? item.lastSeen });
  }
  return out.sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
}

const fieldsOf = (id: string) => [`${id}:item`, `${id}:n`, `${id}:first`];

function createStore(hashes: Hashes, prefix: string): LearningStore {
  const key = (what: string) => `${prefix}{learn}:${what}`;
  const REVIEW = key('review');
  const REPLIES = key('replies');
  const LABELS = key('labels');
  const FAQ = key('faq');

  /** The live items of a counted hash; stale ones are dropped here (their lifecycle step). */
  async function live<T extends { lastSeen: string }>(k: string, now: Date) {
    const items = counted<T>(await hashes.all(k));
    const cutoff = new Date(now.getTime() - REVIEW_SECONDS * 1000).toISOString();
    const stale = items.filter((i) => i.lastSeen < cutoff);
    if (stale.length) await hashes.del(k, stale.flatMap((i) => fieldsOf(i.id)));
    return items.filter((i) => i.lastSeen >= cutoff);
  }
  async function take<T extends { lastSeen: string }>(k: string, id: string) {
    const found = counted<T>(await hashes.all(k)).find((i) => i.id === id);
    if (found) await hashes.del(k, fieldsOf(id));
    return found;
  }
  const values = async <T>(k: string) => Object.values(await hashes.all(k)).flatMap((v) => parse<T>(v) ?? []);

  return {
    recordMiss: (id, miss, now) => hashes.record(REVIEW, id, JSON.stringify({ ...miss, lastSeen: now.toISOString() }), now.toISOString(), REVIEW_SECONDS),
    reviewItems: (now) => live<ReviewItem>(REVIEW, now),
    takeReview: (id) => take<ReviewItem>(REVIEW, id),
    recordReply: (id, question, reply, now, again) =>
      hashes.record(REPLIES, id, JSON.stringify({ question, reply, lastSeen: now.toISOString() }), now.toISOString(), REVIEW_SECONDS, again ? 0 : 1),
    replies: (now) => live<ReplySeen>(REPLIES, now),
    takeReply: (id) => take<ReplySeen>(REPLIES, id),
    labels: () => values<Label>(LABELS),
    putLabel: (label) => hashes.set(LABELS, label.id, JSON.stringify(label)),
    deleteLabel: async (id) => (await hashes.del(LABELS, [id])) > 0,
    faqs: () => values<LearnedFaq>(FAQ),
    putFaq: (faq) => hashes.set(FAQ, faq.key, JSON.stringify(faq)),
    deleteFaq: async (k) => (await hashes.del(FAQ, [k])) > 0,
  };
}

/** The demo's store: this process only, gone at exit. */
export function createMemoryLearningStore(): LearningStore {
  return createStore(memoryHashes(), '');
}

/** The production store, shared by every instance on one Redis (or Cluster). */
export function createRedisLearningStore(client: RedisClient, prefix: string): LearningStore {
  return createStore(redisHashes(client), prefix);
}
