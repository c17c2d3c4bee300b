// The HTTP server every channel mounts on: fastify with pino logging, /healthz, and errors answered
// by their code (src/errors.ts): a store outage is a 503 with Retry-After, so Telegram delivers again.
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import { maskQuoted, redactUrl } from '../security/mask.js';
import { httpAnswer, PasokhError } from '../errors.js';
import { limitJsonDepth } from './json-body.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Adds a part's health to /healthz (a channel's poller): `check` says why it does not work, or undefined. */
    addHealthCheck(name: string, check: () => string | undefined): void;
  }
}

export interface ServerOptions {
  logLevel?: string;
  /** Largest request body accepted, in bytes. */
  bodyLimit?: number;
  /** Where log lines go (default stdout); tests read them here. */
  logStream?: { write(line: string): void };
}

/**
 * Two info lines per request cost about a fifth of a webhook's CPU: requests (and unknown routes)
 * are logged at debug; errors and warnings stay as fastify logs them.
 */
class RequestsAtDebug extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) return super.requestCompleted(error, request, reply);
    reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
  override routeNotFound(request: FastifyRequest): void {
    request.log.debug(`Route ${request.raw.method}:${request.raw.url} not found`);
  }
}

export function buildServer(app: App, options: ServerOptions = {}): FastifyInstance {
  const { trustProxy } = app.config;
  const server = Fastify({
    logger: {
      level: options.logLevel ?? app.config.logLevel,
      stream: options.logStream,
      // Session tokens and webhook path secrets travel in URLs; phones and cards in what customers type.
      serializers: { req: (request: FastifyRequest) => ({ method: request.method, url: redactUrl(request.url), host: request.host, remoteAddress: request.ip, remotePort: request.socket?.remotePort }) },
      hooks: { streamWrite: maskQuoted },
    },
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    // request.ip is the client's address only through proxies the configuration trusts. fastify
    // ignores a bare hop count; counted hops are trusted whatever their address (TRUST_PROXY=2).
    trustProxy: typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
    // Requests in flight finish on shutdown; new ones are refused.
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    logController: new RequestsAtDebug(),
  });
  limitJsonDepth(server);

  const checks = new Map<string, () => string | undefined>();
  server.decorate('addHealthCheck', (name: string, check: () => string | undefined) => void checks.set(name, check));
  server.get('/healthz', async (_request, reply) => {
    const store = await app.state.ping();
    const problems: Record<string, string> = {};
    for (const [name, check] of checks) {
      const problem = check();
      if (problem) problems[name] = problem;
    }
    const ok = store && Object.keys(problems).length === 0;
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', store: app.state.kind, ...(ok ? {} : { problems }) });
  });

  server.get('/metrics', async (_request, reply) => {
    return reply.type(app.metrics.registry.contentType).send(await app.metrics.registry.metrics());
  });

  server.setNotFoundHandler((request, reply) => {
    const { status, body } = httpAnswer(new PasokhError('PASOKH_ERR_ROUTE_NOT_FOUND', { message: `Route ${request.method}:${request.url.split('?')[0]} not found` }));
    return reply.code(status).send(body);
  });

  server.setErrorHandler((error, request, reply) => {
    const { status, headers, body } = httpAnswer(error);
    // Once per request during an outage: the message, not a stack trace each time.
    if (status === 503) request.log.warn({ code: body.code, error: error instanceof Error ? error.message : String(error) }, 'temporarily unavailable');
    else if (status >= 500) request.log.error({ code: body.code, err: error }, 'request failed');
    return reply.code(status).headers(headers).send(body);
  });

  return server;
}
