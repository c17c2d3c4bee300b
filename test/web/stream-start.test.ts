// Right after a start, a reply reaches an open widget stream through its announcement, not the
// fallback poll five seconds later: the process subscribes to announcements before it serves, and
// only calls itself ready once an announcement made then comes back. Real Redis throughout.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { conversationFeed } from '../../adapters/web/stream.js';
import { CONVERSATION_TOPIC } from '../../src/engine/index.js';
import type { Running } from '../../src/server/serve.js';
import { connectRedis, createRedisBackend, type StateBackend } from '../../src/state/index.js';
import { readSseEntries } from '../support/sse.js';
import { testServer } from '../support/server.js';

/** Well inside the stream's fallback poll (5 s): an entry seen by then came through the bus. */
const BEFORE_THE_POLL_MS = 4000;

const opened: Array<{ close(): Promise<void> | void }> = [];
afterEach(async () => {
  for (const thing of opened.splice(0).reverse()) await thing.close();
});

function backend(prefix: string): StateBackend {
  const state = createRedisBackend(connectRedis(inject('redisUrl')), { prefix });
  opened.push(state);
  return state;
}

/** Resolves true when `wait` settles first, false when the time is up. */
function within<T>(wait: Promise<T>, ms: number): Promise<boolean> {
  return Promise.race([wait.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref())]);
}

describe('the conversation feed', () => {
  it('is ready only when an announcement published at once by another instance reaches it', async () => {
    const prefix = `fs-${randomUUID().slice(0, 8)}:`;
    // The other instance is connected already, so its announcement goes out at once; the feed's
    // backend is fresh: no subscription exists before the feed makes one.
    const other = backend(prefix);
    expect(await other.ping()).toBe(true);
    const feed = conversationFeed(backend(prefix));
    opened.push(feed);
    const heard: string[] = [];
    const arrived = new Promise<void>((resolve) => {
      feed.listen('web:a', () => (heard.push('web:a'), resolve()));
      feed.listen('web:b', () => heard.push('web:b'));
    });
    await feed.ready;
    await other.bus.publish(CONVERSATION_TOPIC, 'web:a');
    expect(await within(arrived, BEFORE_THE_POLL_MS)).toBe(true);
    // Each stream hears its own conversation only.
    expect(heard).toEqual(['web:a']);
  });
});

describe('a widget stream right after a start', () => {
  it('gets the reply to the first message through the announcement, before the poll', async () => {
    const server: Running = await testServer({ WIDGET_SECRET: 'widget-secret-for-tests-0123456789' });
    opened.push({ close: () => server.stop() });
    const { token } = (await (await fetch(`${server.url}/api/web/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { token: string };
    const abort = new AbortController();
    opened.push({ close: () => abort.abort() });
    const response = await fetch(`${server.url}/api/web/stream?token=${encodeURIComponent(token)}`, { signal: abort.signal });
    const reply = new Promise<void>((resolve) => {
      readSseEntries(response.body!, (data) => {
        if ((JSON.parse(data) as { from: string }).from === 'bot') resolve();
      }).catch(() => {});
    });
    const sent = await fetch(`${server.url}/api/web/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ clientMessageId: `first-${randomUUID()}`, text: 'سلام' }),
    });
    expect(sent.status).toBe(200);
    expect(await within(reply, BEFORE_THE_POLL_MS)).toBe(true);
  });
});
