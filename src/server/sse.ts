// Server-Sent Events plumbing shared by the widget's stream and the agent console's events: the
// headers, a reconnect delay, heartbeats through proxies, and an end on shutdown (so browsers
// reconnect to an instance that is up instead of holding the old one open).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const HEARTBEAT_MS = 15_000;

export interface EventStream {
  write(chunk: string): void;
  /** Ends the stream from the server side (the client may reconnect). */
  end(): void;
  /** Runs when the client goes away or the server ends the stream. */
  onClose(cleanup: () => void): void;
  readonly closed: boolean;
}

/** The open streams of a server, each by the function that ends it. */
export type StreamRegistry = Set<() => void>;

/** A registry whose streams all end when the server starts closing. */
export function streamRegistry(server: FastifyInstance): StreamRegistry {
  const registry: StreamRegistry = new Set();
  server.addHook('preClose', async () => {
    for (const end of [...registry]) end();
  });
  return registry;
}

export function openEventStream(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { registry: StreamRegistry; retryMs: number; headers?: Record<string, string> },
): EventStream {
  reply.hijack();
  const out = reply.raw;
  out.writeHead(200, {
    ...options.headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  out.write(`retry: ${options.retryMs}\n\n`);

  const cleanups: Array<() => void> = [];
  let closed = false;
  const heartbeat = setInterval(() => out.write(': ping\n\n'), HEARTBEAT_MS);
  const close = () => {
    if (closed) return;
    closed = true;
    options.registry.delete(end);
    clearInterval(heartbeat);
    for (const cleanup of cleanups) cleanup();
  };
  const end = () => {
    close();
    out.end();
  };
  options.registry.add(end);
  request.raw.on('close', close);
  out.on('close', close);

  return {
    write: (chunk) => void (closed || out.write(chunk)),
    end,
    onClose: (cleanup) => void cleanups.push(cleanup),
    get closed() {
      return closed;
    },
  };
}
