// Mounts the channels of a table on the server: each configured channel gets its narrow ports, and
// its payloads go through one path — read into activities, the vouched phone applied as the
// channel declared it, then the one turn runner with the channel's delivery. Out-of-turn replies
// (agents') and /healthz are wired here too, so no channel reaches into the app for them.
import type { FastifyInstance } from 'fastify';
import type { App } from '../app.js';
import type { EngineOptions, Inbound, Outbound } from '../engine/index.js';
import type { TurnRunner } from '../runner/index.js';
import type { Channel, ChannelInstance, ChannelPorts, ChannelTable, Handled, Logger, RateLimiter, ReceiveResult } from './contract.js';
import { ChannelContractError } from '../errors.js';

/** The per-customer inbound limit counts in windows of a minute (DeliveryLimits.inboundPerMinute). */
const RATE_WINDOW_SECONDS = 60;

/** A channel that is configured and mounted. */
export interface MountedChannel {
  readonly name: string;
  readonly instance: ChannelInstance;
}

/**
 * How each channel's customers prove they own an order's phone, for the engine: from the
 * channels' declarations (`vouches.typedPhoneProves`), so the engine names no channel.
 */
export function verificationOf(channels: ChannelTable): EngineOptions['verification'] {
  return Object.fromEntries(Object.values(channels).map((c) => [c.name, c.vouches.typedPhoneProves ? 'typed' : 'linked']));
}

export { ChannelContractError };

/**
 * Mounts every configured channel of `channels` (in table order); the others are off, with their
 * note in the log.
 *
 * @example const mounted = mountChannels(server, app, CHANNELS, { runner, log: server.log });
 */
export function mountChannels(server: FastifyInstance, app: App, channels: ChannelTable, deps: { runner: TurnRunner; log: Logger }): MountedChannel[] {
  for (const [key, channel] of Object.entries(channels)) {
    if (key !== channel.name) throw new ChannelContractError(`the channel table names "${channel.name}" as "${key}"`);
  }
  const mounted: MountedChannel[] = [];
  for (const channel of Object.values(channels)) {
    const settings = channel.settings(app.config);
    if (settings === undefined) {
      const note = channel.offNote?.(app.config);
      if (note) deps.log[note.level](note.message);
      continue;
    }
    mounted.push({ name: channel.name, instance: mountChannel(server, app, channel, settings, deps) });
  }
  return mounted;
}

function rateLimiter(app: App, name: string, perMinute: number | undefined): RateLimiter {
  return {
    async take(subject) {
      if (perMinute === undefined) return { allowed: true };
      // rate:<channel>:<user>: the engine's /forget deletes the same key with the customer's data.
      const count = await app.state.counters.hit(app.state.keys.rateLimit(`${name}:${subject}`), RATE_WINDOW_SECONDS);
      return count > perMinute ? { allowed: false, retryAfter: RATE_WINDOW_SECONDS } : { allowed: true };
    },
  };
}

/** Mounts one channel with its settings; exported for tests of a single channel. */
export function mountChannel<S>(server: FastifyInstance, app: App, channel: Channel<S>, settings: S, deps: { runner: TurnRunner; log: Logger }): ChannelInstance {
  const { name, vouches } = channel;
  const { runner, log } = deps;
  let instance: ChannelInstance | undefined;
  const own = (): ChannelInstance => {
    if (!instance) throw new ChannelContractError(`${name}: a payload arrived while the channel was being mounted`);
    return instance;
  };

  /** The activity as the engine may see it: a phone proof only where the channel declares one. */
  async function vouched(activity: Inbound): Promise<Inbound> {
    if (activity.channelId !== name) throw new ChannelContractError(`${name}: read an activity of channel "${activity.channelId}"`);
    const phone = activity.channelData?.verifiedPhone;
    if (phone === undefined) return activity;
    if (vouches.phone !== 'own-contact' || typeof phone !== 'string') {
      const { verifiedPhone: _dropped, ...channelData } = activity.channelData!;
      return { ...activity, channelData };
    }
    await app.engine.linkPhone(name, activity.from.id, phone);
    return activity;
  }

  async function receive(payload: unknown): Promise<ReceiveResult> {
    const mounted = own();
    const reading = await mounted.read(payload);
    if (reading.kind === 'ignored') return { outcome: 'ignored', handled: [] };
    const handled: Handled[] = [];
    for (const item of reading.items) {
      const activity = await vouched(item.activity);
      const acknowledged = mounted.acknowledge?.(item);
      const done = typeof acknowledged === 'function' ? acknowledged : undefined;
      let replies: Outbound[] = [];
      try {
        const outcome = await runner.run(activity, (toDeliver) => {
          done?.();
          replies = toDeliver;
          return mounted.deliver(item.target, toDeliver);
        });
        handled.push({ outcome, replies });
      } finally {
        done?.();
      }
    }
    return { outcome: handled.some((h) => h.outcome === 'processed') ? 'processed' : 'duplicate', handled };
  }

  const ports: ChannelPorts<S> = {
    name,
    settings,
    http: server,
    receive,
    once: (id, work) => runner.once(name, id, work),
    customers: {
      async vouchPhone(userId, phone) {
        if (!vouches.phone) throw new ChannelContractError(`${name}: vouches for no phone, yet tried to link one`);
        await app.engine.linkPhone(name, userId, phone);
      },
      updateProfile: (userId, patch) => app.engine.updateProfile(name, userId, patch),
      conversationId: (id) => app.engine.conversationId(name, id),
    },
    deliveries: { history: app.state.history, bus: app.state.bus },
    rateLimit: rateLimiter(app, name, channel.limits(settings).inboundPerMinute),
    desk: { handoff: app.handoff, engine: app.engine, state: app.state },
    shopName: () => app.commerce.shop().name,
    storefront: {
      shop: () => app.commerce.shop(),
      products: () => app.commerce.catalog().products,
      // A console open now, not merely a session that has not expired (12 hours, a closed tab).
      staffed: () => app.presence.anyone(app.agents.map((a) => a.id)),
    },
    log,
  };
  instance = channel.mount(ports);
  const { targetOf } = instance;
  if (targetOf) {
    // Agents' replies and handoff notices reach the customer through the channel's own delivery.
    const mounted = instance;
    app.handoff.registerSender(name, async (key, replies) => {
      await mounted.deliver(targetOf.call(mounted, key.slice(key.indexOf(':') + 1)), replies);
    });
  }
  if (instance.problem) server.addHealthCheck(name, instance.problem.bind(instance));
  return instance;
}
