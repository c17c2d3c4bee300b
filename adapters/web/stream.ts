// The widget's live stream: Server-Sent Events whose ids are the history's stream ids. A reconnect
// resumes after the last id the browser saw (Last-Event-ID, or ?after=), so nothing is missed or
// sent twice. New entries are announced on the state bus by whichever instance recorded them; a
// slow poll covers an announcement lost while the bus reconnects. One subscription per process
// (the feed), made before the server serves, hands each announcement to its conversation's
// streams only.
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CONVERSATION_TOPIC } from '../../src/engine/index.js';
import { openEventStream, type StreamRegistry } from '../../src/server/sse.js';
import type { DeliveryLog } from '../../src/channel/index.js';
import type { HistoryEntry } from '../../src/state/index.js';
import type { EntryEvent } from '../../src/wire/widget.js';
import { toWidgetEntry } from './entries.js';

const BACKLOG = 50;
const ENTRY: EntryEvent = 'entry';
const POLL_MS = 5_000;
const STREAM_ID = /^(\d{1,20})-(\d{1,20})$/;
const MAX_ID_PART = 2n ** 64n - 1n;

/** The bus answers a probe within this, or the feed is called ready anyway (the poll covers). */
const READY_WAIT_MS = 10_000;
const PROBE_EVERY_MS = 50;

/** Every announced conversation of this process's streams, from one bus subscription. */
export interface ConversationFeed {
  /** Calls `listener` whenever `conversationId` has new entries; returns the unsubscribe function. */
  listen(conversationId: string, listener: () => void): () => void;
  /**
   * Resolves once an announcement made now reaches this feed (a probe went through the bus): the
   * pub/sub subscription is live. Await before serving, or a reply right after a start waits for the poll.
   */
  readonly ready: Promise<void>;
  close(): void;
}

/**
 * Subscribes once to the conversation topic and dispatches by conversation id (a map lookup, not
 * every open stream looking at every announcement).
 *
 * @example const feed = conversationFeed(app.state); await feed.ready; server.listen(…)
 */
export function conversationFeed(state: Pick<DeliveryLog, 'bus'>): ConversationFeed {
  const listeners = new Map<string, Set<() => void>>();
  // Conversation ids are `channel:id`; a probe id cannot be one of them.
  const probe = `probe ${randomUUID()}`;
  let heard: () => void = () => {};
  const unsubscribe = state.bus.subscribe(CONVERSATION_TOPIC, (id) => {
    if (id === probe) return heard();
    for (const listener of listeners.get(id) ?? []) listener();
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const ready = new Promise<void>((resolve) => {
    const deadline = Date.now() + READY_WAIT_MS;
    const done = () => {
      clearTimeout(timer);
      heard = () => {};
      resolve();
    };
    heard = done;
    const send = () => {
      if (Date.now() > deadline) return done();
      void state.bus.publish(CONVERSATION_TOPIC, probe).catch(() => {});
      timer = setTimeout(send, PROBE_EVERY_MS);
      timer.unref?.();
    };
    send();
  });
  return {
    listen(conversationId, listener) {
      let set = listeners.get(conversationId);
      if (!set) listeners.set(conversationId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(conversationId) === set) listeners.delete(conversationId);
      };
    },
    ready,
    close() {
      clearTimeout(timer);
      unsubscribe();
    },
  };
}

/** A Redis stream id both of whose parts fit in 64 bits (Redis refuses larger ones), or undefined. */
function cursorOf(after: string | undefined): string | undefined {
  const m = STREAM_ID.exec(after ?? '');
  return m && BigInt(m[1]!) <= MAX_ID_PART && BigInt(m[2]!) <= MAX_ID_PART ? after : undefined;
}

export async function streamConversation(
  request: FastifyRequest,
  reply: FastifyReply,
  state: DeliveryLog,
  conversationId: string,
  after: string | undefined,
  headers: Record<string, string>,
  open: StreamRegistry,
  feed?: ConversationFeed,
): Promise<void> {
  let last = cursorOf(after);
  // Read before hijacking: a store outage is still a plain 503 answer.
  const backlog = await state.history.read(conversationId, last ? { afterId: last, count: 1000 } : { count: BACKLOG });

  const stream = openEventStream(request, reply, { registry: open, retryMs: 1000, headers });
  let busy = Promise.resolve();
  const send = (entries: HistoryEntry[]) => {
    for (const entry of entries) {
      last = entry.id;
      const visible = toWidgetEntry(entry);
      // Hidden entries still move the cursor, as an id-only comment keeps Last-Event-ID right.
      stream.write(visible ? `id: ${entry.id}\nevent: ${ENTRY}\ndata: ${JSON.stringify(visible)}\n\n` : `id: ${entry.id}\n: hidden\n\n`);
    }
  };
  const catchUp = () => {
    busy = busy.then(async () => {
      if (stream.closed) return;
      try {
        send(await state.history.read(conversationId, last ? { afterId: last, count: 1000 } : { count: BACKLOG }));
      } catch {
        // Redis is away: the next announcement or poll tries again.
      }
    });
  };

  send(backlog);
  const unsubscribe = feed
    ? feed.listen(conversationId, catchUp)
    : state.bus.subscribe(CONVERSATION_TOPIC, (id) => {
        if (id === conversationId) catchUp();
      });
  const poll = setInterval(catchUp, POLL_MS);
  stream.onClose(() => {
    unsubscribe();
    clearInterval(poll);
  });
}
