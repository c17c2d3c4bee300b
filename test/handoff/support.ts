// Helpers for the handoff tests that drive a whole server over HTTP: a web customer, a signed-in
// agent, the agent's live events, and a dump of every Redis key under the server's prefix.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { scanKeys, type RedisClient } from '../../src/state/index.js';

export interface WebCustomer {
  token: string;
  visitorId: string;
  conversation: string;
  say(text: string, value?: unknown): Promise<Response>;
}

export async function webCustomer(url: string, prechat: { name?: string; phone?: string } = {}): Promise<WebCustomer> {
  const response = await fetch(`${url}/api/web/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(prechat) });
  const session = (await response.json()) as { token: string; visitorId: string };
  return {
    ...session,
    conversation: `web:${session.visitorId}`,
    say: (text, value) =>
      fetch(`${url}/api/web/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
        body: JSON.stringify({ clientMessageId: randomUUID(), text, ...(value === undefined ? {} : { value }) }),
      }),
  };
}

export interface AgentClient {
  cookie: string;
  csrf: string;
  role: string;
  post(path: string, body?: object): Promise<Response>;
  get(path: string): Promise<Response>;
  /** The conversation ids of a list view. */
  list(view: 'queued' | 'mine' | 'all'): Promise<string[]>;
}

export async function signIn(url: string, username: string, password: string): Promise<AgentClient> {
  const response = await fetch(`${url}/agent/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(response.status).toBe(200);
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  const { csrf, agent } = (await response.json()) as { csrf: string; agent: { role: string } };
  const client: AgentClient = {
    cookie,
    csrf,
    role: agent.role,
    post: (path, body = {}) =>
      fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf }, body: JSON.stringify(body) }),
    get: (path) => fetch(`${url}${path}`, { headers: { cookie } }),
    async list(view) {
      const answer = await client.get(`/agent/api/conversations?view=${view}`);
      expect(answer.status).toBe(200);
      return ((await answer.json()) as { conversations: Array<{ id: string }> }).conversations.map((c) => c.id);
    },
  };
  return client;
}

export const conversationPath = (id: string, action = '') => `/agent/api/conversations/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

/** The agent's live events, collected until stop(). */
export async function agentEvents(url: string, agent: AgentClient): Promise<{ text(): string; stop(): Promise<void>; ended: Promise<void> }> {
  const response = await fetch(`${url}/agent/api/events`, { headers: { cookie: agent.cookie } });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  let text = '';
  const ended = (async () => {
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (chunk.done) return;
      text += new TextDecoder().decode(chunk.value);
    }
  })();
  return { text: () => text, stop: () => reader.cancel().catch(() => {}), ended };
}

export interface KeyDump {
  key: string;
  type: string;
  /** Seconds; -1 no expiry. */
  ttl: number;
  /** Everything the key holds, as text. */
  content: string;
}

/** Every key under the prefix (SCAN, on every master of a Cluster), with its TTL and contents. */
export async function dumpKeys(redis: RedisClient, prefix: string): Promise<KeyDump[]> {
  // On a Cluster, every master's keys.
  const keys = await scanKeys(redis, `${prefix}*`);
  const dump = await Promise.all(
    keys.map(async (key) => {
      const type = await redis.type(key);
      const ttl = await redis.ttl(key);
      let content: unknown;
      if (type === 'string') content = await redis.get(key);
      else if (type === 'hash') content = await redis.hgetall(key);
      else if (type === 'set') content = await redis.smembers(key);
      else if (type === 'zset') content = await redis.zrange(key, '0', '-1');
      else if (type === 'list') content = await redis.lrange(key, 0, -1);
      else if (type === 'stream') content = await redis.xrange(key, '-', '+');
      return { key, type, ttl, content: JSON.stringify(content) ?? '' };
    }),
  );
  // A key that expired or was deleted between the SCAN and its read is gone, not a trace.
  return dump.filter((k) => k.type !== 'none');
}

/** The keys whose name or contents contain any of the strings (JSON-escaped forms included). */
export function naming(dump: readonly KeyDump[], needles: readonly string[]): Array<{ key: string; found: string }> {
  return dump.flatMap((k) => {
    const found = needles.find((n) => k.key.includes(n) || k.content.includes(n) || k.content.includes(JSON.stringify(n).slice(1, -1)));
    return found ? [{ key: k.key, found }] : [];
  });
}
