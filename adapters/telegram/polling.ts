// Long polling, for when there is no public HTTPS address. One instance only: Telegram hands each
// update to one getUpdates caller, and a second poller makes the calls fail with 409 Conflict.
//
// Telegram forgets an update once getUpdates is called with an offset above its update_id, so the
// offset sent is never past the oldest update still held: a crash or a stop leaves every unfinished
// update with Telegram, which delivers it again (the handler skips the ones already done). This is
// an own getUpdates loop because @grammyjs/runner confirms each batch as soon as it is fetched.
// Updates of one chat run in order, different chats side by side (bounded). An update that cannot
// reach Redis or Telegram is retried with backoff for as long as that lasts, and no more updates are
// fetched meanwhile; one that fails otherwise is given up after a few tries. A conflict or a refused
// token is reported by problem() (shown in /healthz) and retried until it passes.
import { GrammyError, type Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { classify } from '../../src/errors.js';
import type { Logger, Outcome } from './handler.js';
import { chatOf } from './updates.js';

/** The update kinds the handler knows; one setting shared with the webhook, as in Telegram. */
const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;
/** getUpdates returns at most 100 updates, which bounds how many are held at once. */
const BATCH = 100;
/** Telegram's long poll, below the Bot API client's 30 s request timeout. */
const LONG_POLL_SECONDS = 25;

export interface PollingOptions {
  channel: string;
  handle: (update: unknown) => Promise<Outcome>;
  log: Logger;
  /** Run before the first getUpdates and retried like it (the bot's getMe). */
  prepare?: () => Promise<void>;
  /** Chats whose turns run at the same time. */
  concurrency?: number;
  /** Waits (ms) between attempts of a failed update; the last one repeats while the failure is passing. */
  retryMs?: readonly number[];
  /** Waits (ms) after a failed getUpdates; the last one repeats. */
  fetchRetryMs?: readonly number[];
  /** While updates are held, how often (ms) to look for new ones. */
  recheckMs?: number;
  /** How long stop() lets running turns finish before handing them back (ms). */
  drainMs?: number;
}

/** A running poller. */
export interface Poller {
  /** Why polling does not work right now (another poller, a refused token), or undefined when it does. */
  problem(): string | undefined;
  /** Stops fetching, lets the running turns finish (within drainMs) and confirms what is done. */
  stop(): Promise<void>;
}

const DEFAULTS = { concurrency: 8, retryMs: [500, 1000, 2000, 4000, 5000], fetchRetryMs: [1000, 2000, 4000, 8000, 15_000], recheckMs: 250, drainMs: 5000 };
/** Tries for an update whose failure does not look passing (a bug, a refused reply). */
const TRIES_FOR_FAULTS = 3;

/** Whose updates run in order: the chat's (its sender when it names none). */
const lineOf = (update: Update): string => String(chatOf(update) ?? update.callback_query?.from.id ?? '');

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

/**
 * Starts polling `bot` (deleting any webhook first) and hands each update to `handle`.
 *
 * @example
 * const poller = startPolling(bot, { channel: 'telegram', handle, log });
 * server.addHealthCheck('telegram', () => poller.problem());
 * process.once('SIGTERM', () => void poller.stop());
 */
export function startPolling(bot: Bot, options: PollingOptions): Poller {
  const { log, channel, handle } = options;
  const { concurrency, retryMs, fetchRetryMs, recheckMs, drainMs } = { ...DEFAULTS, ...definedOf(options) };
  const stopping = new AbortController();
  let problem: string | undefined;

  // Fetched and not finished, by update_id; finished ones above the oldest held (Telegram sends
  // them again until the offset passes them); per chat, the updates waiting for their turn.
  const held = new Map<number, Update>();
  const finished = new Set<number>();
  const queues = new Map<string, Update[]>();
  const busy = new Set<string>();
  const turns = new Set<Promise<void>>();
  /** Updates waiting for a retry: while any do, nothing new is fetched. */
  const failing = new Set<number>();
  let highest = -1;
  let wake: () => void = () => {};

  const offset = (): number | undefined => {
    if (held.size > 0) return Math.min(...held.keys());
    return highest >= 0 ? highest + 1 : undefined;
  };

  function take(updates: Update[]): void {
    const below = offset() ?? -1;
    for (const update of updates) {
      const id = update.update_id;
      if (id < below || held.has(id) || finished.has(id)) continue;
      held.set(id, update);
      highest = Math.max(highest, id);
      const chat = lineOf(update);
      const queue = queues.get(chat);
      if (queue) queue.push(update);
      else queues.set(chat, [update]);
    }
    pump();
  }

  function pump(): void {
    if (stopping.signal.aborted) return;
    for (const [chat, queue] of queues) {
      if (busy.size >= concurrency) return;
      if (busy.has(chat) || queue.length === 0) continue;
      busy.add(chat);
      const turn = runChat(queue).finally(() => {
        turns.delete(turn);
        busy.delete(chat);
        if (queue.length === 0 && queues.get(chat) === queue) queues.delete(chat);
        pump();
      });
      turns.add(turn);
    }
  }

  async function runChat(queue: Update[]): Promise<void> {
    while (queue.length > 0 && !stopping.signal.aborted) {
      const update = queue[0]!;
      const done = await work(update);
      if (!done) return; // stopping: the update stays unconfirmed, Telegram keeps it
      queue.shift();
      held.delete(update.update_id);
      finished.add(update.update_id);
      const below = offset() ?? 0;
      for (const id of finished) if (id < below) finished.delete(id);
      wake();
    }
  }

  /** True once the update is done with (handled, or given up); false when handed back on stop. */
  async function work(update: Update): Promise<boolean> {
    const id = update.update_id;
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          await handle(update);
          return true;
        } catch (error) {
          if (stopping.signal.aborted) return false;
          // As the webhook answers it: a passing failure (503) is retried while it lasts, the
          // update's own fault (4xx) never, anything else a few times.
          const kind = classify(error);
          const wait = kind === 'retry' ? retryMs[Math.min(attempt, retryMs.length) - 1]! : kind === 'client' || attempt >= TRIES_FOR_FAULTS ? undefined : retryMs[attempt - 1];
          if (wait === undefined) {
            log.error({ channel, update: id, attempt, error: messageOf(error) }, 'update given up');
            return true;
          }
          failing.add(id);
          log.warn({ channel, update: id, attempt, retryInMs: wait, error: messageOf(error) }, 'update failed, retrying');
          await sleep(wait, stopping.signal);
          if (stopping.signal.aborted) return false;
        }
      }
    } finally {
      failing.delete(id);
      wake();
    }
  }

  /** Resolves after `ms`, on stop, or earlier when a turn ends and `ready()` holds. */
  function pause(ms: number, ready: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        stopping.signal.removeEventListener('abort', done);
        wake = () => {};
        resolve();
      }
      wake = () => void (ready() && done());
      stopping.signal.addEventListener('abort', done);
    });
  }

  function explain(error: unknown): string | undefined {
    if (error instanceof GrammyError && error.error_code === 409) {
      return error.description.includes('webhook')
        ? `${channel}: a webhook is set for this bot token, so it cannot be polled (pasokh deletes it on start; something set it again)`
        : `${channel}: another process is polling with this bot token. Long polling works with one server instance only: stop the other one, or run every instance with a webhook (set the webhook secret and PUBLIC_URL).`;
    }
    if (error instanceof GrammyError && error.error_code === 401) return `${channel}: the bot token was refused (401 Unauthorized); check it with @BotFather`;
    return undefined;
  }

  // grammY types its signal with the abort-controller shim's AbortSignal; Node's is the same thing.
  type Signal = Parameters<Bot['api']['getUpdates']>[1];
  const signal = stopping.signal as unknown as Signal;
  let sentOffset: number | undefined;
  async function poll(): Promise<void> {
    let prepared = false;
    for (let failures = 0; !stopping.signal.aborted; ) {
      const full = () => failing.size > 0 || held.size >= BATCH;
      if (full()) {
        await pause(recheckMs, () => !full());
        continue;
      }
      try {
        if (!prepared) {
          await options.prepare?.();
          // A webhook left from an earlier setup would make getUpdates fail.
          await bot.api.deleteWebhook(undefined, signal);
          prepared = true;
          log.info({ channel }, `${channel}: long polling (one server instance only; set a webhook secret and PUBLIC_URL for several)`);
        }
        const holding = held.size > 0;
        const from = offset();
        const updates = await bot.api.getUpdates(
          { offset: from, limit: BATCH, timeout: holding ? 0 : LONG_POLL_SECONDS, allowed_updates: [...ALLOWED_UPDATES] },
          signal,
        );
        sentOffset = from;
        if (problem) log.info({ channel }, `${channel}: polling again`);
        problem = undefined;
        failures = 0;
        take(updates);
        // Held updates come back on every call until they are done: look again a little later, or
        // at once when all are done (to confirm them and wait for new ones).
        if (held.size > 0) await pause(recheckMs, () => held.size === 0);
      } catch (error) {
        if (stopping.signal.aborted) return;
        const wait = fetchRetryMs[Math.min(failures, fetchRetryMs.length - 1)]!;
        failures += 1;
        problem = explain(error);
        const line = { channel, attempt: failures, retryInMs: wait, error: problem ?? messageOf(error) };
        const what = prepared ? 'getUpdates failed, retrying' : 'polling could not start, retrying';
        if (problem) log.error(line, what);
        else log.warn(line, what);
        await sleep(wait, stopping.signal);
      }
    }
  }

  const polling = poll();
  let stopped: Promise<void> | undefined;
  return {
    problem: () => problem,
    stop: () =>
      (stopped ??= (async () => {
        stopping.abort();
        // The poll is aborted at once; a getMe still waiting on an unreachable Telegram is not waited for.
        await Promise.race([polling, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
        const deadline = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), drainMs).unref());
        if ((await Promise.race([Promise.all(turns), deadline])) === 'late') {
          log.warn({ channel, running: turns.size }, `${channel}: turns still running at stop are handed back to Telegram`);
        }
        // Confirm what finished since the last call, so a restart does not fetch it again.
        const confirm = offset();
        if (confirm !== undefined && confirm !== sentOffset) {
          await bot.api.getUpdates({ offset: confirm, limit: 1, timeout: 0 }, AbortSignal.timeout(2000) as unknown as Signal).catch(() => {});
        }
      })()),
  };
}

/** The options that are set, so unset ones keep their defaults. */
function definedOf(options: PollingOptions): Partial<typeof DEFAULTS> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<typeof DEFAULTS>;
}
