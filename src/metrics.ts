// Prometheus metrics (prom-client, on a registry of our own): messages by channel and intent,
// fallbacks, order lookups failed and refused, handoffs, queue length, wait and handle times,
// satisfaction. Served at /metrics; `pasokh stats --url` summarises them for shop owners
// without Prometheus (the owner's daily figures are src/insights).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Middleware } from './engine/index.js';
import type { HandoffMetrics } from './handoff/index.js';
import { maskQuoted } from './security/mask.js';

export interface Metrics {
  registry: Registry;
  /** Engine middleware (after the NLU stage) counting messages, intents and fallbacks. */
  middleware: Middleware;
  handoff: HandoffMetrics;
}

const MINUTES = [15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200];

/** A registry whose exposition masks personal data in label values, whichever metric carries them. */
class MaskedRegistry extends Registry {
  override async metrics(): Promise<string> {
    return maskQuoted(await super.metrics());
  }
}

export function createMetrics(): Metrics {
  const registry = new MaskedRegistry();
  collectDefaultMetrics({ register: registry, prefix: 'pasokh_process_' });
  const messages = new Counter({ name: 'pasokh_messages_total', help: 'Customer messages by channel and intent', labelNames: ['channel', 'intent'], registers: [registry] });
  const fallbacks = new Counter({ name: 'pasokh_fallbacks_total', help: 'Messages the bot did not understand', labelNames: ['channel'], registers: [registry] });
  const handoffs = new Counter({ name: 'pasokh_handoffs_total', help: 'Conversations handed to a person, by reason', labelNames: ['reason'], registers: [registry] });
  const queue = new Gauge({ name: 'pasokh_handoff_queue_length', help: 'Conversations waiting for an agent', registers: [registry] });
  const wait = new Histogram({ name: 'pasokh_handoff_wait_seconds', help: 'Time from handoff to claim', buckets: MINUTES, registers: [registry] });
  const handle = new Histogram({ name: 'pasokh_handoff_handle_seconds', help: 'Time from claim to close', buckets: MINUTES, registers: [registry] });
  const lookupFailures = new Counter({ name: 'pasokh_order_lookup_failures_total', help: 'Order lookups whose phone did not match (or whose order does not exist)', labelNames: ['channel'], registers: [registry] });
  const lookupsBlocked = new Counter({ name: 'pasokh_order_lookup_blocked_total', help: 'Order lookups refused by a limit, by scope (visitor, ip, order, phone)', labelNames: ['scope'], registers: [registry] });
  const satisfaction = new Histogram({ name: 'pasokh_satisfaction', help: 'Ratings 1–5 after a handoff', buckets: [1, 2, 3, 4, 5], registers: [registry] });

  return {
    registry,
    middleware: async (ctx, next) => {
      const misses = ctx.state.misses;
      await next();
      if (ctx.lookup?.failed) lookupFailures.inc({ channel: ctx.activity.channelId });
      if (ctx.lookup?.refused) lookupsBlocked.inc({ scope: ctx.lookup.refused });
      if (ctx.activity.type !== 'message') return;
      messages.inc({ channel: ctx.activity.channelId, intent: ctx.understanding?.intent ?? 'none' });
      if (ctx.state.misses > misses) fallbacks.inc({ channel: ctx.activity.channelId });
    },
    handoff: {
      handoff: (reason) => handoffs.inc({ reason }),
      queueLength: (n) => queue.set(n),
      waited: (s) => wait.observe(s),
      handled: (s) => handle.observe(s),
      rated: (score) => satisfaction.observe(score),
    },
  };
}
