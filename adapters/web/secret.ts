// The key that signs visitors' sessions. WIDGET_SECRET in production; without it, the demo makes
// one at its first start and keeps it in the data folder (DATA_DIR/widget-secret, readable by its
// owner only), so a restart keeps visitors' sessions — and, on Redis, their chats — instead of
// quietly starting everyone over. In production nothing is written: a file per machine would
// differ between instances, so it warns and signs with a key made at start.
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../../src/channel/index.js';
import type { WidgetConfig } from '../../src/config.js';
import { randomSecret } from './tokens.js';

/** A kept key shorter than this (a truncated or hand-edited file) is replaced. */
const MIN_LENGTH = 32;

/**
 * WIDGET_SECRET, or the key kept in `config.secretFile` (made there at the first start), or —
 * in production, or when the file cannot be written — a key for this process only, said in the log.
 *
 * @example const secret = widgetSecret(settings, server.log);
 */
export function widgetSecret(config: Pick<WidgetConfig, 'secret' | 'secretFile'>, log: Logger): string {
  if (config.secret) return config.secret;
  if (!config.secretFile) {
    log.warn('WIDGET_SECRET is not set: widget sessions are signed with a key made at start, so visitors start over after a restart and another instance does not accept them; set WIDGET_SECRET');
    return randomSecret();
  }
  try {
    const kept = readKept(config.secretFile) ?? create(config.secretFile);
    log.info({ file: config.secretFile }, 'WIDGET_SECRET is not set: widget sessions are signed with the key kept in this file (set WIDGET_SECRET in production)');
    return kept;
  } catch (err) {
    log.warn({ file: config.secretFile, error: (err as Error).message }, 'WIDGET_SECRET is not set and its kept key cannot be read or written: visitors start over after a restart');
    return randomSecret();
  }
}

function readKept(file: string): string | undefined {
  try {
    const kept = readFileSync(file, 'utf8').trim();
    return kept.length >= MIN_LENGTH ? kept : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Writes a new key beside the file and links it into place: two processes starting at once both
 * end with the one that got there first, and nobody reads a half-written file.
 */
function create(file: string): string {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomSecret();
  const temporary = `${file}.${process.pid}.${Date.now()}`;
  writeFileSync(temporary, `${secret}\n`, { mode: 0o600 });
  try {
    chmodSync(temporary, 0o600);
    linkSync(temporary, file);
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const kept = readKept(file);
    if (kept) return kept;
    // A damaged file from before: replaced by ours.
    rmSync(file, { force: true });
    linkSync(temporary, file);
    return secret;
  } finally {
    rmSync(temporary, { force: true });
  }
}
