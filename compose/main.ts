// The `pasokh` command line with every command: src/cli's, plus the two that need the channels
// (serve, telegram), wired here. bin/pasokh.js runs this file's main.
import { telegramCommand } from '../src/cli/telegram.js';
import { main as cli } from '../src/cli/main.js';
import { CHANNELS } from './channels.js';
import { serveCommand } from './serve.js';

/** Runs `pasokh <argv>` and resolves with the exit code. */
export function main(argv: string[]): Promise<number> {
  return cli(argv, {
    serve: () => serveCommand(),
    telegram: (p, v) => telegramCommand(p[0], { bale: v.bale === true }, CHANNELS),
  });
}
