// The `pasokh` command line with every command: src/cli's, plus the two that need the channels
// (serve, telegram), wired here. bin/pasokh.js runs this file's main. The channels are loaded only
// by the commands that use them, so `pasokh classify` does not start with fastify and grammY.
import { main as cli } from '../src/cli/main.js';

/** Runs `pasokh <argv>` and resolves with the exit code. */
export function main(argv: string[]): Promise<number> {
  return cli(argv, {
    serve: async () => (await import('./serve.js')).serveCommand(),
    telegram: async (p, v) => {
      const [{ telegramCommand }, { CHANNELS }] = await Promise.all([import('../src/cli/telegram.js'), import('./channels.js')]);
      return telegramCommand(p[0], { bale: v.bale === true }, CHANNELS);
    },
  });
}
