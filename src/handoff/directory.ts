// Every conversation an agent may look for later, handed off or not: who the customer is (name,
// channel, phones), what was said (a capped, folded text for search), the customer's latest message,
// and how a handoff ended (the agent, the reason, the rating). The console's search and its closed
// tab read it; the transcript itself stays in the conversation's history.
//
// Keys (under the handoff's Cluster hash tag, so a script may touch both):
// - card:<conversation> (hash): c customer JSON, t search text, l latest message JSON, x closed JSON,
//   r rating. Expires after the retention period, counted from the last write.
// - recent (zset of conversation ids by last activity): trimmed to the retention on every write and
//   expiring with it. /forget deletes the card and the conversation's entry.
import type { Cluster, Redis } from 'ioredis';
import type { Middleware } from '../engine/index.js';
import { toKey } from '../nlu/normalize/index.js';
import { guarded } from '../state/index.js';

/** What the bot's side knows of the customer. */
export interface CustomerCard {
  channel: string;
  name?: string;
  /** Verified, linked, given and typed phones, as stored. */
  phones: string[];
  /** ISO 8601: when the conversation began. */
  createdAt: string;
}

export interface LastMessage {
  text: string;
  /** ISO 8601 */
  at: string;
}

/** How an agent closed the conversation's last handoff. */
export interface ClosedRecord {
  agentId: string;
  reason: string;
  /** ms since the epoch */
  closedAt: number;
}

export interface DirectoryEntry {
  id: string;
  customer?: CustomerCard;
  /** The customer's latest message. */
  last?: LastMessage;
  /** Folded (toKey) text to search: name, phones and messages, newest last. */
  text: string;
  closed?: ClosedRecord;
  rating?: number;
}

export interface ConversationDirectory {
  /** The customer wrote (or their details changed): the card is written, the conversation moves to the front. */
  touch(id: string, customer: CustomerCard, message: LastMessage | undefined, now: number): Promise<void>;
  /** Adds an agent's words to what search reads; only for a conversation already listed. */
  addText(id: string, text: string): Promise<void>;
  /** An agent closed the handoff (only for a conversation already listed). */
  close(id: string, record: ClosedRecord): Promise<void>;
  rate(id: string, score: number): Promise<void>;
  /** Conversation ids, most recently active first. */
  recent(limit: number): Promise<string[]>;
  read(ids: readonly string[]): Promise<Map<string, DirectoryEntry>>;
  /** The customer's /forget. */
  forget(id: string): Promise<void>;
}

export interface DirectoryOptions {
  retentionSeconds?: number;
}

const DEFAULT_RETENTION = 90 * 24 * 3600;
/** Search text kept per conversation (bytes in Redis, characters in memory): the newest messages win. */
const MAX_TEXT = 4000;
/** One message's share of it: a pasted essay does not push everything else out. */
const MAX_MESSAGE = 500;

/** The folded form search compares, of one message or a query. */
export const searchKey = (text: string): string => toKey(text.slice(0, MAX_MESSAGE)).replace(/\s+/g, ' ').trim();

/** Every spelling of a phone a query might use: as stored, digits only, and 0 plus the last ten. */
export function phoneForms(phone: string): string[] {
  const digits = toKey(phone).replace(/\D/g, '');
  const local = digits.length >= 10 ? `0${digits.slice(-10)}` : digits;
  return [...new Set([digits, local].filter(Boolean))];
}

/**
 * A query's words in the folded form the directory keeps; a phone or number typed with spaces or
 * dashes is one word, and a phone in any spelling (0912…, +98 912…, 98912…) its last ten digits.
 *
 * @example queryWords('+98 912 100 0002') // ['9121000002']
 */
export function queryWords(q: string): string[] {
  const key = searchKey(q);
  const compact = key.replace(/[\s\-+()]/g, '');
  if (/^\d{4,}$/.test(compact)) return [phoneForms(compact).at(-1)!.replace(/^0(?=\d{10}$)/, '')];
  return key.split(' ').filter(Boolean);
}

/** True when every word of the query is in the entry's name, phones or words. */
export const matches = (entry: DirectoryEntry, words: readonly string[]): boolean => words.length > 0 && words.every((w) => entry.text.includes(w));

/** The card's own words for search: the name and the phones. */
const cardText = (c: CustomerCard) => [c.name ? searchKey(c.name) : '', ...c.phones.flatMap(phoneForms)].filter(Boolean).join(' ');

const clip = (text: string) => {
  if (text.length <= MAX_TEXT) return text;
  const cut = text.indexOf('\n', text.length - MAX_TEXT);
  return cut < 0 ? text.slice(-MAX_TEXT) : text.slice(cut + 1);
};

export function createMemoryDirectory(options: DirectoryOptions = {}): ConversationDirectory {
  const retentionMs = (options.retentionSeconds ?? DEFAULT_RETENTION) * 1000;
  const cards = new Map<string, { entry: DirectoryEntry; messages: string; until: number }>();
  const recent = new Map<string, number>();
  const live = (id: string) => {
    const card = cards.get(id);
    if (card && card.until <= Date.now()) cards.delete(id);
    return card && card.until > Date.now() ? card : undefined;
  };
  return {
    async touch(id, customer, message, now) {
      const card = live(id) ?? { entry: { id, text: '' }, messages: '', until: 0 };
      if (message) card.messages = clip(`${card.messages}\n${searchKey(message.text)}`);
      card.entry = { ...card.entry, customer, last: message ?? card.entry.last };
      card.until = Date.now() + retentionMs;
      cards.set(id, card);
      recent.set(id, now);
    },
    async addText(id, text) {
      const card = live(id);
      if (card) card.messages = clip(`${card.messages}\n${searchKey(text)}`);
    },
    async close(id, record) {
      const card = live(id);
      if (card) card.entry = { ...card.entry, closed: record };
    },
    async rate(id, score) {
      const card = live(id);
      if (card) card.entry = { ...card.entry, rating: score };
    },
    async recent(limit) {
      const cutoff = Date.now() - retentionMs;
      for (const [id, at] of recent) if (at <= cutoff) recent.delete(id);
      return [...recent]
        .sort((a, b) => b[1] - a[1])
        .slice(0, limit)
        .map(([id]) => id);
    },
    async read(ids) {
      const found = new Map<string, DirectoryEntry>();
      for (const id of ids) {
        const card = live(id);
        if (card) found.set(id, { ...card.entry, text: [card.entry.customer ? cardText(card.entry.customer) : '', card.messages].join('\n') });
      }
      return found;
    },
    async forget(id) {
      cards.delete(id);
      recent.delete(id);
    },
  };
}

// Appends a folded message to field t, keeping the newest MAX_TEXT bytes, cut at a line.
const APPEND = `
local function append(card, text, max)
  local t = (redis.call('HGET', card, 't') or '') .. '\\n' .. text
  if #t > max then
    local cut = string.find(t, '\\n', #t - max, true)
    t = cut and string.sub(t, cut + 1) or text
  end
  redis.call('HSET', card, 't', t)
end`;

// KEYS: card, recent. ARGV: conversation, customer JSON, folded text ('' none), latest message
// JSON ('' none), now ms, retention s, max text.
const TOUCH = `${APPEND}
redis.call('HSET', KEYS[1], 'c', ARGV[2])
if ARGV[3] ~= '' then append(KEYS[1], ARGV[3], tonumber(ARGV[7])) end
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'l', ARGV[4]) end
redis.call('EXPIRE', KEYS[1], ARGV[6])
local now = tonumber(ARGV[5])
redis.call('ZADD', KEYS[2], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[6]) * 1000)
redis.call('EXPIRE', KEYS[2], ARGV[6])
return 1`;

// KEYS: card. ARGV: field ('t' appends), value, retention s, max text. Only a card that exists
// (written by a customer's turn) changes: a late write after /forget must not bring one back.
const UPDATE = `${APPEND}
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[1] == 't' then append(KEYS[1], ARGV[2], tonumber(ARGV[4])) else redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1`;

interface DirectoryScripts {
  pasokhDirectoryTouch(card: string, recent: string, id: string, customer: string, text: string, last: string, now: number, ttl: number, max: number): Promise<number>;
  pasokhDirectoryUpdate(card: string, field: string, value: string, ttl: number, max: number): Promise<number>;
}

export function createRedisDirectory(client: Redis | Cluster, prefix: string, options: DirectoryOptions = {}): ConversationDirectory {
  const ttl = options.retentionSeconds ?? DEFAULT_RETENTION;
  const base = `${prefix}{handoff}:`;
  const recentKey = `${base}recent`;
  const cardKey = (id: string) => `${base}card:${id}`;
  client.defineCommand('pasokhDirectoryTouch', { numberOfKeys: 2, lua: TOUCH });
  client.defineCommand('pasokhDirectoryUpdate', { numberOfKeys: 1, lua: UPDATE });
  const scripts = client as unknown as DirectoryScripts;
  const update = (id: string, field: string, value: string) => guarded(async () => void (await scripts.pasokhDirectoryUpdate(cardKey(id), field, value, ttl, MAX_TEXT)));
  const json = <T>(text: string | undefined): T | undefined => {
    try {
      return text ? (JSON.parse(text) as T) : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    touch: (id, customer, message, now) =>
      guarded(async () => {
        const text = message ? searchKey(message.text) : '';
        await scripts.pasokhDirectoryTouch(cardKey(id), recentKey, id, JSON.stringify(customer), text, message ? JSON.stringify(message) : '', now, ttl, MAX_TEXT);
      }),
    addText: (id, text) => update(id, 't', searchKey(text)),
    close: (id, record) => update(id, 'x', JSON.stringify(record)),
    rate: (id, score) => update(id, 'r', String(score)),
    recent: (limit) =>
      guarded(async () => {
        await client.zremrangebyscore(recentKey, '-inf', Date.now() - ttl * 1000);
        return client.zrevrange(recentKey, 0, limit - 1);
      }),
    read: (ids) =>
      guarded(async () => {
        const found = new Map<string, DirectoryEntry>();
        if (!ids.length) return found;
        // One node holds every card (the hash tag): one pipeline reads them all.
        const pipeline = client.pipeline();
        for (const id of ids) pipeline.hgetall(cardKey(id));
        const results = (await pipeline.exec()) ?? [];
        ids.forEach((id, i) => {
          const [error, raw] = results[i] ?? [];
          const h = (error ? {} : raw) as Record<string, string>;
          if (!h.c) return;
          const customer = json<CustomerCard>(h.c);
          const rating = Number(h.r);
          found.set(id, {
            id,
            customer,
            last: json<LastMessage>(h.l),
            text: [customer ? cardText(customer) : '', h.t ?? ''].join('\n'),
            closed: json<ClosedRecord>(h.x),
            rating: Number.isFinite(rating) && rating > 0 ? rating : undefined,
          });
        });
        return found;
      }),
    forget: (id) =>
      guarded(async () => {
        await client.multi().del(cardKey(id)).zrem(recentKey, id).exec();
      }),
  };
}

/**
 * Engine middleware that lists every conversation in the directory as the customer writes: after
 * the turn, so the profile and a phone the turn proved are in. Never on /forget, and best effort:
 * a missed write only delays a conversation's showing in search until the next message.
 *
 * @example
 * createEngine({ nlu, commerce, state, middleware: [directoryMiddleware(directory)] });
 */
export function directoryMiddleware(directory: ConversationDirectory): Middleware {
  return async (ctx, next) => {
    await next();
    if (ctx.forget || ctx.activity.type !== 'message') return;
    // A rating's stars are not what the chat was about.
    const rating = (ctx.activity.value as { do?: string } | undefined)?.do === 'rate';
    const text = rating ? undefined : ctx.activity.text?.trim();
    const phones = [ctx.state.verifiedPhone, ...ctx.profile.linkedPhones, ctx.profile.contactPhone, ctx.state.slots?.phone].filter((p): p is string => !!p);
    const customer: CustomerCard = { channel: ctx.activity.channelId, name: ctx.profile.name ?? ctx.activity.from.name, phones: [...new Set(phones)], createdAt: ctx.state.createdAt };
    ctx.alongside.push(() => directory.touch(ctx.conversationId, customer, text ? { text: text.slice(0, 1000), at: ctx.now.toISOString() } : undefined, ctx.now.getTime()).catch(() => {}));
  };
}
