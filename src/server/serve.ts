// pasokh serve (npm start): config from the environment and .env, every configured channel on
// one server, and a clean shutdown on SIGTERM/SIGINT: in-flight turns finish (pollers hand back
// what they did not start), then Redis closes.
import { mountTelegram, type TelegramChannel } from '../../adapters/telegram/index.js';
import { mountAgentConsole } from '../../adapters/agent/index.js';
import { mountWeb } from '../../adapters/web/index.js';
import { createApp } from '../app.js';
import { DEMO_AGENT } from '../handoff/index.js';
import { createTurnRunner } from '../runner/index.js';
import { ConfigError, loadDotEnv, readConfig, type Config } from '../config.js';
import { buildServer, type ServerOptions } from './http.js';

const SHUTDOWN_GRACE_MS = 5000;

export interface Running {
  url: string;
  stop(): Promise<void>;
}

export async function startServer(config: Config, options: Pick<ServerOptions, 'logStream'> = {}): Promise<Running> {
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
  const app = createApp(config, { info: (m) => sink('info', m), warn: (m) => sink('warn', m), error: (m) => sink('error', m) });
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
  await mountAgentConsole(server, app, { secret: config.handoff.agentSecret });
  const web = mountWeb(server, app, config.widget, { runner });
  await web.ready();
  const channels: TelegramChannel[] = config.bots.map((bot) =>
    mountTelegram(server, app, bot, {
      log: server.log,
      runner,
      staffChatId: config.handoff.staffChatId,
      consoleUrl: config.publicUrl ? `${config.publicUrl}/agent` : undefined,
    }),
  );
  if (config.handoff.staffChatId !== undefined && !config.bots.some((b) => b.channel === 'telegram')) {
    server.log.warn('STAFF_CHAT_ID is set but there is no Telegram bot (TELEGRAM_BOT_TOKEN): the staff group is off');
  }
  if (channels.length === 0) server.log.info('no TELEGRAM_BOT_TOKEN or BALE_BOT_TOKEN: the Telegram and Bale channels are off');
  const address = await server.listen({ port: config.port, host: config.host });
  for (const channel of channels) {
    // A bot that cannot start (bad token, Telegram unreachable) must not take the other channels down.
    await channel.start().catch((error: unknown) => server.log.error({ err: error, channel: channel.channel }, `${channel.channel}: could not start`));
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
        const results = await Promise.allSettled([...channels.map((c) => c.stop()), closeHttp()]);
        for (const r of results) if (r.status === 'rejected') server.log.error({ err: r.reason }, 'shutdown step failed');
        await app.close();
      })()),
  };
}

export async function serveCommand(): Promise<number> {
  loadDotEnv();
  const running = await startServer(readConfig());
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
