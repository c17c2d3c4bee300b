// The composition root of the server: the channel table and the agent console plugged into the
// channel-neutral server (src/server/serve.ts). Tests and `pasokh serve` start pasokh here.
import { mountAgentConsole } from '../adapters/agent/index.js';
import type { Config } from '../src/config.js';
import { serveCommand as serveWith, startServer as startWith, type Plugins, type Running } from '../src/server/serve.js';
import type { ServerOptions } from '../src/server/http.js';
import { CHANNELS } from './channels.js';

export type { Running } from '../src/server/serve.js';

/** Every channel of the table (the configured ones run) and the agent console at /agent. */
export const PLUGINS: Plugins = {
  channels: CHANNELS,
  surfaces: [(server, app) => mountAgentConsole(server, app, { secret: app.config.handoff.agentSecret })],
};

/**
 * Starts pasokh with every configured channel on one server.
 *
 * @example const running = await startServer(readConfig()); await running.stop();
 */
export function startServer(config: Config, options: Pick<ServerOptions, 'logStream'> = {}): Promise<Running> {
  return startWith(config, PLUGINS, options);
}

/** `pasokh serve`: until SIGTERM or SIGINT. */
export function serveCommand(): Promise<number> {
  return serveWith(PLUGINS);
}
