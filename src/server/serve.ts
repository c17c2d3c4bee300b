// pasokh serve (npm start): config from the environment and .env, every configured channel of the
// table it is given on one server, and a clean shutdown on SIGTERM/SIGINT: in-flight turns finish
// (pollers hand back what they did not start), then Redis closes. The channels and the console
// come from the composition root (compose/), so nothing here names a channel.
import type { FastifyInstance } from 'fastify';
import { createApp, type App } from '../app.js';
import { mountChannels, verificationOf, type ChannelTable } from '../channel/index.js';
import { DEMO_AGENT } from '../handoff/index.js';
import { createTurnRunner } from '../runner/index.js';
import { ConfigError, loadDotEnv, readConfig, type Config } from '../config.js';
import { buildServer, type ServerOptions } from './http.js';

const SHUTDOWN_GRACE_MS = 5000;
const SUBSCRIBE_WAIT_MS = 3000;

export interface Running {
  url: string;
  stop(): Promise<void>;
}

/** What the composition root plugs into the server. */
export interface Plugins {
  /** The channels by name (compose/channels.ts); the configured ones are mounted, in table order. */
  channels: ChannelTable;
  /** Surfaces that are not channels (the agent console), mounted before the channels. */
  surfaces?: ReadonlyArray<(server: FastifyInstance, app: App) => Promise<void>>;
}

export async function startServer(config: Config, plugins: Plugins, options: Pick<ServerOptions, 'logStream'> = {}): Promise<Running> {
  if (config.production && !config.handoff.agents && !config.handoff.agentsFile) {
    throw new ConfigError([
      'AGENTS: NODE_ENV=production and no AGENTS or AGENTS_FILE: the agent console would accept demo/demo. Set agent accounts (hash: echo "password" | npx pasokh agent hash).',
    ]);
  }
  // The app logs through the server's logger, so startup notes land in the same stream.
  // The app starts before the server (and its logger) exists: its notes wait, then go to the log.
  type Level = 'info' | 'warn' | 'error';
  const early: Array<[Level, string]> = [];
  let sink: (level: Level, m: string) => void = (level, m) => void early.push([level, m]);
  const log = { info: (m: string) => sink('info', m), warn: (m: string) => sink('warn', m), error: (m: string) => sink('error', m) };
  // Which channels' typed phones prove an order is theirs: the channels say, not the engine.
  const app = createApp(config, log, { verification: verificationOf(plugins.channels) });
  const server = buildServer(app, options);
  sink = (level, m) => server.log[level](m);
  for (const [level, m] of early) sink(level, m);
  if (app.demoAgent) {
    server.log.warn(`AGENTS is not set: the agent console at /agent accepts ${DEMO_AGENT.id} / ${DEMO_AGENT.password} — set AGENTS or AGENTS_FILE before going live`);
  }
  if (config.sampleShop) server.log.info(`SHOP_DIR is not set: serving the sample shop (${config.shopDir})`);
  if (app.state.kind === 'memory') server.log.info('REDIS_URL is not set: conversation state is in memory (one process, lost on restart)');
  // One turn runner for every channel: turns' events go to the handoff service.
  const runner = createTurnRunner({ engine: app.engine, state: app.state, events: (events) => app.handoff.handleEvents(events), log: server.log });
  for (const mount of plugins.surfaces ?? []) await mount(server, app);
  const channels = mountChannels(server, app, plugins.channels, { runner, log: server.log });
  for (const { instance } of channels) await instance.ready?.();
  // Subscribed before serving: an announcement of another instance (a lesson learned, a reply
  // for a widget) published right after this one answers its first request is heard. Bounded:
  // with Redis down the server still starts and answers 503 until it is back.
  await Promise.race([app.state.bus.ready(), new Promise((resolve) => setTimeout(resolve, SUBSCRIBE_WAIT_MS).unref())]);
  const address = await server.listen({ port: config.port, host: config.host });
  for (const { name, instance } of channels) {
    // A channel that cannot start (bad token, Telegram unreachable) must not take the other channels down.
    await instance.start?.().catch((error: unknown) => server.log.error({ err: error, channel: name }, `${name}: could not start`));
  }
  app.handoff.start();
  server.log.info(`pasokh is ready at ${address}`);
  let stopping: Promise<void> | undefined;
  return {
    url: address,
    stop: () =>
      (stopping ??= (async () => {
        // No more sweeps first (a sweep runs turns too); then pollers stop fetching and finish (or
        // hand back) their turns while the HTTP server lets its requests finish: all need Redis,
        // which closes only after them.
        await app.handoff.stop();
        const closeHttp = async () => {
          // Requests in flight get a few seconds to finish; a client that never reads its response
          // does not hold the shutdown longer than that.
          const deadline = setTimeout(() => server.server.closeAllConnections(), SHUTDOWN_GRACE_MS);
          await server.close();
          clearTimeout(deadline);
        };
        const results = await Promise.allSettled([...channels.map(async ({ instance }) => instance.stop?.()), closeHttp()]);
        for (const r of results) if (r.status === 'rejected') server.log.error({ err: r.reason }, 'shutdown step failed');
        await app.close();
      })()),
  };
}

export async function serveCommand(plugins: Plugins): Promise<number> {
  loadDotEnv();
  const running = await startServer(readConfig(), plugins);
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      process.stderr.write(`pasokh: ${signal}, finishing in-flight turns…\n`);
      // A second signal means "now": what is unfinished is redelivered (webhook) or refetched (polling).
      process.once(signal, () => process.exit(1));
      void running
        .stop()
        .catch((error: unknown) => process.stderr.write(`pasokh: shutdown failed: ${(error as Error)?.message ?? error}\n`))
        .finally(resolve);
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
  return 0;
}
