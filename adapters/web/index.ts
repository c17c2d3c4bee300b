// The web channel on the shared server: widget.js and its fonts, the demo page, and the widget's
// API — sessions, messages (idempotent by client message id), and the live stream.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../../src/app.js';
import type { WidgetConfig } from '../../src/config.js';
import { retryAfterOf, texts } from '../../src/engine/index.js';
import { phoneOf } from '../../src/nlu/entities/index.js';
import type { TurnRunner } from '../../src/runner/index.js';
import { assertWidgetBuilt, FONTS_DIR, WIDGET_DIR } from './bundle.js';
import { compressed, serveFolder } from '../../src/server/assets.js';
import { streamRegistry } from '../../src/server/sse.js';
import { streamConversation } from './stream.js';
import { issueSession, randomSecret, verifyIdentity, verifySession } from './tokens.js';

export const WEB_CHANNEL = 'web';
export const MAX_MESSAGE_LENGTH = 1000;

const DEMO_PAGE = fileURLToPath(new URL('./demo/index.html', import.meta.url));

/** The widget API's routes, as registered (at the root and under /pasokh). */
const API_ROUTE = /^(\/pasokh)?\/api\/web\//;

const SessionBody = z.object({
  shop: z.string().max(64).optional(),
  token: z.string().max(1000).optional(),
  customer: z.string().max(2000).optional(),
  name: z.string().trim().max(100).optional(),
  phone: z.string().max(40).optional(),
});

const MessageBody = z.object({
  clientMessageId: z.string().regex(/^[\w-]{8,100}$/, 'clientMessageId: 8–100 letters, digits, _ or -'),
  text: z.string().optional(),
  // A quick reply's payload: one flat object (the engine's Choice), never a nested structure.
  value: z.record(z.string().max(32), z.union([z.string().max(200), z.number(), z.boolean()])).optional(),
});

export interface WebChannel {
  /** Checks that widget.js was built (npm run build). Call before the server listens. */
  ready(): Promise<void>;
}

export function mountWeb(server: FastifyInstance, app: App, config: WidgetConfig, options: { runner: TurnRunner }): WebChannel {
  const secret = config.secret ?? randomSecret();
  if (!config.secret) server.log.info('WIDGET_SECRET is not set: widget sessions are signed with a key made at start (visitors start over after a restart)');
  const anyOrigin = config.allowedOrigins.includes('*');
  const openStreams = streamRegistry(server);
  const { runner } = options;

  /** CORS for the widget's API: the shop's own pages may call it from their origin. */
  function allowOrigin(request: FastifyRequest, reply: FastifyReply): boolean {
    const origin = request.headers.origin;
    if (!origin) return true;
    const own = `${request.protocol}://${request.headers.host}`;
    if (origin !== own && !anyOrigin && !config.allowedOrigins.includes(origin)) return false;
    reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    return true;
  }

  // The route fastify matched, not the URL as sent: `/%61pi/web/session` is the same route.
  server.addHook('onRequest', async (request, reply) => {
    if (!API_ROUTE.test(request.routeOptions.url ?? '')) return;
    if (!allowOrigin(request, reply)) return reply.code(403).send({ error: 'origin_not_allowed', message: 'this site may not embed the chat' });
    if (request.method === 'OPTIONS') {
      return reply
        .code(204)
        .header('access-control-allow-methods', 'GET, POST, OPTIONS')
        .header('access-control-allow-headers', 'authorization, content-type')
        .header('access-control-max-age', '600')
        .send();
    }
  });

  function visitorOf(request: FastifyRequest, token?: string): string | undefined {
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    return verifySession(secret, token ?? bearer)?.v;
  }

  const routes = async (scope: FastifyInstance) => {
    // widget.js keeps its URL across releases, so caches revalidate it (ETag) after 5 minutes.
    scope.register(
      compressed((assets) => {
        serveFolder(assets, { root: WIDGET_DIR, prefix: '/', maxAge: '5m', fixedFiles: true });
        serveFolder(assets, { root: FONTS_DIR, prefix: '/fonts/', maxAge: '30d', immutable: true });
      }),
    );

    // Preflights need a route of their own, so the origin check above sees them as API calls.
    scope.options('/api/web/*', async (_request, reply) => reply.code(204).send());
    scope.post('/api/web/session', async (request, reply) => {
      const body = SessionBody.safeParse(request.body ?? {});
      if (!body.success) return reply.code(400).send({ error: 'bad_request', message: body.error.issues[0]?.message });
      const { shop, token, customer, name, phone } = body.data;
      const visitorId = verifySession(secret, token)?.v ?? randomUUID();
      if (customer && config.identitySecret) {
        const identity = verifyIdentity(config.identitySecret, customer);
        const verified = identity && phoneOf(identity.phone);
        if (verified) await app.engine.linkPhone(WEB_CHANNEL, visitorId, verified);
        if (identity?.name) await app.engine.updateProfile(WEB_CHANNEL, visitorId, { name: identity.name });
      }
      if (name || phone) {
        await app.engine.updateProfile(WEB_CHANNEL, visitorId, { name, contactPhone: phone ? phoneOf(phone) : undefined });
      }
      const issued = issueSession(secret, visitorId, shop);
      const shopName = app.commerce.shop().name;
      return {
        token: issued.token,
        visitorId,
        expiresAt: issued.expiresAt.toISOString(),
        config: { title: shopName, shopName, welcome: texts.webWelcome(shopName) },
      };
    });

    scope.post('/api/web/messages', async (request, reply) => {
      const visitorId = visitorOf(request);
      if (!visitorId) return reply.code(401).send({ error: 'unauthorized', message: 'نشست شما تمام شده است؛ صفحه را دوباره باز کنید.' });
      const body = MessageBody.safeParse(request.body);
      if (!body.success) return reply.code(400).send({ error: 'bad_request', message: body.error.issues[0]?.message });
      const { clientMessageId, text, value } = body.data;
      if ((text ?? '').length > MAX_MESSAGE_LENGTH) {
        return reply.code(413).send({ error: 'too_long', message: texts.webTooLong(MAX_MESSAGE_LENGTH) });
      }
      if (!text?.trim() && value === undefined) return reply.code(400).send({ error: 'empty', message: texts.webEmpty });
      const count = await app.state.counters.hit(app.state.keys.rateLimit(`${WEB_CHANNEL}:${visitorId}`), 60);
      if (count > config.rateLimit) {
        return reply.code(429).header('retry-after', '60').send({ error: 'rate_limited', message: texts.webRateLimited, retryAfter: 60 });
      }
      const activity = {
        type: 'message',
        id: clientMessageId,
        channelId: WEB_CHANNEL,
        from: { id: visitorId },
        conversation: { id: visitorId },
        text: text ?? '',
        value,
        // Set here, never from the body: the order lookups' limits count per client address.
        channelData: { clientIp: request.ip },
      };
      // The replies reach the widget through the conversation's history (the stream), which the
      // turn's commit wrote: nothing more to deliver here than a look at them.
      let retryAfter: number | undefined;
      const outcome = await runner.run(activity, async (replies) => {
        retryAfter = retryAfterOf(replies);
        return replies.length;
      });
      // A refused order lookup: the message was handled (its answer is in the stream), but the
      // client is told to slow down. `ok` tells the widget not to send it again.
      if (retryAfter) {
        return reply
          .code(429)
          .header('retry-after', String(retryAfter))
          .send({ ok: true, duplicate: outcome === 'duplicate', error: 'order_lookup_limited', message: texts.verificationLocked, retryAfter });
      }
      return { ok: true, duplicate: outcome === 'duplicate' };
    });

    scope.get<{ Querystring: { token?: string; after?: string } }>('/api/web/stream', async (request, reply) => {
      const visitorId = visitorOf(request, request.query.token);
      if (!visitorId) return reply.code(401).send({ error: 'unauthorized' });
      const after = (request.headers['last-event-id'] as string | undefined) ?? request.query.after;
      const cors: Record<string, string> = {};
      const acao = reply.getHeader('access-control-allow-origin');
      if (typeof acao === 'string') Object.assign(cors, { 'access-control-allow-origin': acao, vary: 'Origin' });
      await streamConversation(request, reply, app.state, app.engine.conversationId(WEB_CHANNEL, visitorId), after, cors, openStreams);
    });
  };

  // Shops proxy pasokh under /pasokh/ on their own domain; the demo serves it at the root.
  server.register(routes);
  server.register(routes, { prefix: '/pasokh' });
  const demo = readFileSync(DEMO_PAGE, 'utf8');
  server.register(compressed((page) => void page.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(demo))));

  return {
    async ready() {
      assertWidgetBuilt();
    },
  };
}
