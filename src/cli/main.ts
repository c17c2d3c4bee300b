// The `pasokh` command line. Each command is a small function; this file only parses arguments.
// The commands that need the channels (serve, telegram) are added by the composition root
// (compose/main.ts), since src/ does not import adapters/.
import { parseArgs } from 'node:util';
import { PasokhError, specOf } from '../errors.js';
import { chatCommand } from './chat.js';
import { agentCommand } from './ops.js';
import { insightsStatsCommand } from './stats.js';
import { classifyCommand, evalCommand, intentsCommand, normalizeCommand } from './nlu-commands.js';
import { print, printError, UsageError } from './io.js';
import { suggestCommand } from './suggest.js';

const USAGE = `pasokh — Persian customer-support bot

usage:
  pasokh normalize [--key]              stdin lines → display form (--key: matching key)
  pasokh classify "متن"                 JSON: normalized text, intent, confidence, alternatives, entities
  pasokh intents [--json]               the training data (--json: [{intent, description, examples}])
  pasokh eval --data FILE.jsonl [--json]
                                        accuracy, macro-F1, per-intent precision/recall, confusions
  pasokh serve                          the server (npm start): every configured channel, /healthz
  pasokh telegram set-webhook [--bale]  register PUBLIC_URL/telegram/webhook (or /bale/webhook) with the secret
  pasokh telegram delete-webhook|info [--bale]
  pasokh stats [--days N | --from YYYY-MM-DD --to YYYY-MM-DD] [--json]
                                        the owner's figures of the last N Tehran days (default 7) from Redis
  pasokh stats --url URL                a summary of a running server's /metrics (since it started)
  pasokh agent hash                     reads a password on stdin, prints its hash for AGENTS
  pasokh chat [--shop DIR]              talk to the bot in the terminal (stdin not a TTY: one message per line)
  pasokh suggest [--json]               the review queue (messages the bot missed, agents' answers proposed as FAQ)
  pasokh suggest --export FILE          what the owner taught, as intents/-style YAML (one document per intent)
  pasokh suggest --import FILE          reads such a file back; the running servers re-train on it
options:
  --intents DIR                         intents directory (default: the bundled intents/fa)
  -h, --help                            this help`;

/** One command: its positional arguments and parsed options in, the exit code out. */
export type Command = (positionals: string[], values: Record<string, string | boolean | undefined>) => number | Promise<number>;

const intentsDir = (values: Record<string, string | boolean | undefined>) =>
  typeof values.intents === 'string' ? values.intents : undefined;

const str = (value: string | boolean | undefined) => (typeof value === 'string' ? value : undefined);

const COMMANDS: Record<string, Command> = {
  normalize: (_, v) => normalizeCommand({ key: v.key === true }),
  classify: (p, v) => classifyCommand(p.join(' ') || undefined, intentsDir(v)),
  intents: (_, v) => intentsCommand({ json: v.json === true }, intentsDir(v)),
  stats: (_, v) => insightsStatsCommand({ url: str(v.url), days: str(v.days), from: str(v.from), to: str(v.to), json: v.json === true }),
  agent: (p) => agentCommand(p[0]),
  chat: (_, v) => chatCommand({ shop: typeof v.shop === 'string' ? v.shop : undefined, intents: intentsDir(v) }),
  suggest: (_, v) =>
    suggestCommand({ export: typeof v.export === 'string' ? v.export : undefined, import: typeof v.import === 'string' ? v.import : undefined, json: v.json === true, intents: intentsDir(v) }),
  eval: (_, v) => evalCommand({ data: typeof v.data === 'string' ? v.data : undefined, json: v.json === true }, intentsDir(v)),
};

/**
 * Runs the command line; `commands` adds the ones wired by the composition root.
 *
 * @example process.exitCode = await main(process.argv.slice(2), { serve: () => serveCommand(plugins) });
 */
export async function main(argv: string[], commands: Readonly<Record<string, Command>> = {}): Promise<number> {
  // `pasokh intents | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        key: { type: 'boolean' },
        json: { type: 'boolean' },
        data: { type: 'string' },
        intents: { type: 'string' },
        shop: { type: 'string' },
        bale: { type: 'boolean' },
        url: { type: 'string' },
        export: { type: 'string' },
        import: { type: 'string' },
        days: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    const [name, ...rest] = positionals;
    if (values.help || name === undefined || name === 'help') {
      print(USAGE);
      return name === undefined && !values.help ? 2 : 0;
    }
    const command = Object.hasOwn(commands, name) ? commands[name] : Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!command) throw new UsageError(`unknown command "${name}"`);
    return await command(rest, values);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      printError(`pasokh: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    // By name, not instanceof: importing grammY here would load it for every command (it is the
    // telegram command's, loaded only when that runs).
    if (error instanceof Error && (error.name === 'GrammyError' || error.name === 'HttpError')) {
      printError(`pasokh: the Bot API said: ${error.message}`);
      return 1;
    }
    // Start-up problems (configuration, shop files, intents) say what is wrong and exit by their code.
    const exit = error instanceof PasokhError ? specOf(error.code).exit : undefined;
    if (exit !== undefined) {
      printError(`pasokh: ${(error as Error).message}`);
      return exit;
    }
    throw error;
  }
}
