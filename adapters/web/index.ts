// The web channel on the shared server: widget.js and its fonts, the demo page, and the widget's
// API — sessions, messages (idempotent by client message id), and the live stream.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Channel, ChannelInstance, ChannelPorts } from '../../src/channel/index.js';
import type { WidgetConfig } from '../../src/config.js';
import { describeNextOpening, isOpen, retryAfterOf, texts, type Inbound } from '../../src/engine/index.js';
import { httpAnswer, PasokhError } from '../../src/errors.js';
import { MessageRequest, SessionRequest, type ConversationMode, type MessageResponse, type SessionResponse, type StatusResponse } from '../../src/wire/widget.js';
import { phoneOf } from '../../src/nlu/entities/index.js';
import { assertWidgetBuilt, FONTS_DIR, WIDGET_DIR } from './bundle.js';
import { compressed, serveFolder } from '../../src/server/assets.js';
import { streamRegistry } from '../../src/server/sse.js';
import { conversationFeed, streamConversation } from './stream.js';
import { renderDemoPage } from './demo-page.js';
import { widgetSecret } from './secret.js';
import { issueSession, verifyIdentity, verifySession } from './tokens.js';

export const WEB_CHANNEL = 'web';
export const MAX_MESSAGE_LENGTH = 1000;
/** How long the answer "an agent is signed in" is reused by the status route. */
const STAFFED_FRESH_MS = 5_000;

const DEMO_PAGE = fileURLToPath(new URL('./demo/index.html', import.meta.url));

/** The widget API's routes, as registered (at the root and under /pasokh). */
const API_ROUTE = /^(\/pasokh)?\/api\/web\//;

/** A widget message as the messages route checked it: the web channel's inbound payload. */
interface WebMessage {
  visitorId: string;
  clientMessageId: string;
  text?: string;
  value?: Record<string, string | number | boolean>;
  clientIp: string;
}

/**
 * The web chat widget's channel. Its customers read their replies from the conversation's history
 * (the stream), so delivering is only a look at them. A phone counts when the shop signs it
 * (`data-customer`) or when the customer types the order's phone.
 */
export const webChannel: Channel<WidgetConfig> = {
  name: WEB_CHANNEL,
  routes: [
    { method: 'POST', path: '/api/web/session', purpose: 'a signed session (also under /pasokh)' },
    { method: 'POST', path: '/api/web/messages', purpose: 'a visitor message, idempotent by clientMessageId' },
    { method: 'GET', path: '/api/web/stream', purpose: 'the conversation as Server-Sent Events' },
    { method: 'GET', path: '/api/web/status', purpose: 'who answers now (business hours, agents), and the visitor\'s handoff mode' },
    { method: 'GET', path: '/widget.js', purpose: 'the widget script' },
  ],
  vouches: { phone: 'signed-identity', typedPhoneProves: true },
  limits: (config) => ({ maxTextLength: MAX_MESSAGE_LENGTH, inboundPerMinute: config.rateLimit }),
  settings: (config) => config.widget,
  mount: mountWeb,
};

function mountWeb(ports: ChannelPorts<WidgetConfig>): ChannelInstance<undefined> {
  const { http: server, settings: config } = ports;
  const secret = widgetSecret(config, server.log);
  const anyOrigin = config.allowedOrigins.includes('*');
  const openStreams = streamRegistry(server);
  // Subscribed now, so that ready() (awaited before listen) can wait until announcements arrive.
  const feed = conversationFeed(ports.deliveries);
  server.addHook('onClose', async () => feed.close());

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
    if (!allowOrigin(request, reply)) throw new PasokhError('PASOKH_ERR_ORIGIN_NOT_ALLOWED', { message: 'this site may not embed the chat' });
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

  // Whether an agent is signed in, asked at most every few seconds however many visitors ask
  // (it reads each agent's sessions).
  let staffed: { at: number; value: Promise<boolean> } | undefined;
  const agentSignedIn = (now: number) => {
    if (!staffed || now - staffed.at > STAFFED_FRESH_MS) staffed = { at: now, value: ports.storefront.staffed().catch(() => false) };
    return staffed.value;
  };

  /** Who the visitor's conversation is with, from its state: the bot answers only in `bot`. */
  async function modeOf(visitorId: string): Promise<ConversationMode> {
    const { state } = await ports.desk.engine.inspect(ports.customers.conversationId(visitorId));
    const status = state?.handoff?.status;
    return status === 'accepted' ? 'agent' : status === 'pending' ? 'queued' : 'bot';
  }

  const routes = async (scope: FastifyInstance) => {
    // widget.js keeps its URL across releases, so caches revalidate it (ETag) after 5 minutes.
    scope.register(
      compressed((assets) => {
        serveFolder(assets, { root: WIDGET_DIR, prefix: '/', maxAgeSeconds: 300 });
        serveFolder(assets, { root: FONTS_DIR, prefix: '/fonts/', maxAgeSeconds: 30 * 24 * 3600, immutable: true });
      }),
    );

    // Preflights need a route of their own, so the origin check above sees them as API calls.
    scope.options('/api/web/*', async (_request, reply) => reply.code(204).send());
    scope.post('/api/web/session', async (request): Promise<SessionResponse> => {
      const { shop, token, customer, name, phone } = SessionRequest.parse(request.body ?? {});
      const visitorId = verifySession(secret, token)?.v ?? randomUUID();
      if (customer && config.identitySecret) {
        const identity = verifyIdentity(config.identitySecret, customer);
        const verified = identity && phoneOf(identity.phone);
        if (verified) await ports.customers.vouchPhone(visitorId, verified);
        if (identity?.name) await ports.customers.updateProfile(visitorId, { name: identity.name });
      }
      if (name || phone) {
        await ports.customers.updateProfile(visitorId, { name, contactPhone: phone ? phoneOf(phone) : undefined });
      }
      const issued = issueSession(secret, visitorId, shop);
      const shopName = ports.shopName();
      return {
        token: issued.token,
        visitorId,
        expiresAt: issued.expiresAt.toISOString(),
        config: { title: shopName, shopName, welcome: texts.webWelcome(shopName) },
      };
    });

    scope.post('/api/web/messages', async (request, reply): Promise<MessageResponse> => {
      const visitorId = visitorOf(request);
      if (!visitorId) throw new PasokhError('PASOKH_ERR_WIDGET_SESSION');
      const { clientMessageId, text, value } = MessageRequest.parse(request.body);
      if ((text ?? '').length > MAX_MESSAGE_LENGTH) throw new PasokhError('PASOKH_ERR_MESSAGE_TOO_LONG', { details: { max: MAX_MESSAGE_LENGTH } });
      if (!text?.trim() && value === undefined) throw new PasokhError('PASOKH_ERR_MESSAGE_EMPTY');
      const limit = await ports.rateLimit.take(visitorId);
      if (!limit.allowed) throw new PasokhError('PASOKH_ERR_RATE_LIMITED', { details: { retryAfter: limit.retryAfter } });
      // Set here, never from the body: the order lookups' limits count per client address.
      const payload: WebMessage = { visitorId, clientMessageId, text, value, clientIp: request.ip };
      const [handled] = (await ports.receive(payload)).handled;
      const outcome = handled?.outcome;
      const retryAfter = retryAfterOf(handled?.replies ?? []);
      // A refused order lookup: the message was handled (its answer is in the stream), but the
      // client is told to slow down. `ok` tells the widget not to send it again.
      if (retryAfter) {
        const limited = httpAnswer(new PasokhError('PASOKH_ERR_ORDER_LOOKUP_LIMITED', { text: texts.verificationLocked, details: { retryAfter } }));
        const answer: MessageResponse = { ok: true, duplicate: outcome === 'duplicate', ...limited.body };
        return reply.code(limited.status).headers(limited.headers).send(answer);
      }
      return { ok: true, duplicate: outcome === 'duplicate', mode: await modeOf(visitorId), replies: handled?.replies.length ?? 0 };
    });

    // The header's «آنلاین»: a person answers within business hours or while an agent is signed
    // in to the console; otherwise it says when they are back (the bot answers meanwhile).
    scope.get('/api/web/status', async (request): Promise<StatusResponse> => {
      const now = new Date();
      const shop = ports.storefront.shop();
      const someone = isOpen(shop, now) || (await agentSignedIn(now.getTime()));
      const opensAt = someone ? undefined : describeNextOpening(shop, now);
      const visitorId = visitorOf(request);
      return { staffed: someone, ...(opensAt ? { opensAt } : {}), ...(visitorId ? { mode: await modeOf(visitorId) } : {}) };
    });

    scope.get<{ Querystring: { token?: string; after?: string } }>('/api/web/stream', async (request, reply) => {
      const visitorId = visitorOf(request, request.query.token);
      if (!visitorId) throw new PasokhError('PASOKH_ERR_WIDGET_SESSION');
      const after = (request.headers['last-event-id'] as string | undefined) ?? request.query.after;
      const cors: Record<string, string> = {};
      const acao = reply.getHeader('access-control-allow-origin');
      if (typeof acao === 'string') Object.assign(cors, { 'access-control-allow-origin': acao, vary: 'Origin' });
      await streamConversation(request, reply, ports.deliveries, ports.customers.conversationId(visitorId), after, cors, openStreams, feed);
    });
  };

  // Shops proxy pasokh under /pasokh/ on their own domain; the demo serves it at the root.
  server.register(routes);
  server.register(routes, { prefix: '/pasokh' });
  const demo = readFileSync(DEMO_PAGE, 'utf8');
  // The product cards come from the catalog as it is now (it may be reloaded), so prices and
  // colours on the page are the ones the bot quotes.
  server.register(
    compressed((page) => void page.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(renderDemoPage(demo, ports.storefront.products())))),
  );

  return {
    read(payload) {
      const { visitorId, clientMessageId, text, value, clientIp } = payload as WebMessage;
      const activity: Inbound = { type: 'message', id: clientMessageId, channelId: WEB_CHANNEL, from: { id: visitorId }, conversation: { id: visitorId }, text: text ?? '', value, channelData: { clientIp } };
      return { kind: 'activities', items: [{ activity, target: undefined }] };
    },
    // The replies reach the widget through the conversation's history (the stream), which the
    // turn's commit wrote: nothing more to deliver here than a look at them.
    deliver: async (_target, replies) => replies.length,
    async ready() {
      assertWidgetBuilt();
      await feed.ready;
    },
  };
}
