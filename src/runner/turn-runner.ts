// The one turn runner every channel uses, so the exactly-once rules live in one place: the inbound
// activity's conversation is claimed (its FIFO lock: a duplicate arriving meanwhile waits in line,
// a dead holder's ticket expires and the redelivery takes over), the engine runs the turn and
// records its replies and events as the turn's outbox, the channel delivers them, and how far
// delivery got is recorded as part of the same turn while the lock is released. A redelivery then
// gets only what was not delivered; a duplicate of a finished turn gets nothing.
import type { Engine, Outbound } from '../engine/index.js';
import type { Progress, StateBackend } from '../state/index.js';
import { EventsUndeliveredError } from '../errors.js';

/**
 * Delivers replies to the customer in order and returns how many were delivered. A failure after
 * some of them throws an error with `sent` (how many got through), so only the rest is sent again.
 */
export type Deliver = (replies: Outbound[]) => Promise<number>;

/** Passes a turn's events to the rest of the system (the handoff service); applied once by their ids. */
export type EventSink = (events: Outbound[]) => void | Promise<void>;

export type RunOutcome = 'processed' | 'duplicate';

export { EventsUndeliveredError };

export interface TurnRunner {
  /**
   * Runs one inbound activity exactly once.
   *
   * @example
   * const outcome = await runner.run(activity, (replies) => deliver(api, target, replies));
   */
  run(activity: unknown, deliver: Deliver): Promise<RunOutcome>;
  /**
   * Runs `work` once per inbound id for inputs that are not a customer's turn (the staff group's
   * messages): claimed under a lock, marked done afterwards. `work` returns false when the input
   * was not its to handle (nothing is marked then).
   */
  once(scope: string, id: string, work: () => Promise<boolean>): Promise<RunOutcome | 'declined'>;
}

export interface TurnRunnerDeps {
  engine: Pick<Engine, 'open'>;
  state: Pick<StateBackend, 'locks' | 'counters' | 'keys'>;
  events?: EventSink;
  log?: { warn(obj: object, msg: string): void };
}

/** Inbound ids handled by once() are remembered this long: Telegram redelivers for at most a day. */
const DONE_TTL_SECONDS = 24 * 3600;
/** Recording delivery is retried in the process (the lock still ours) before the request fails. */
const SETTLE_RETRIES_MS = [50, 200, 500, 1000, 2000];

// Unref'd: a turn still retrying at shutdown does not keep the process alive.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

export function createTurnRunner(deps: TurnRunnerDeps): TurnRunner {
  /**
   * The replies are out: losing the record of it now would send them again on the redelivery, so
   * a store that fails for a moment is waited for, boundedly.
   */
  async function settle(turn: { settle(p: Progress): Promise<void> }, delivered: Progress): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await turn.settle(delivered);
      } catch (error) {
        const wait = SETTLE_RETRIES_MS[attempt];
        if (wait === undefined) throw error;
        deps.log?.warn({ error: error instanceof Error ? error.message : String(error), retryInMs: wait }, 'recording a delivered turn failed, retrying');
        await sleep(wait);
      }
    }
  }

  return {
    async run(activity, deliver) {
      const turn = await deps.engine.open(activity);
      const delivered: Progress = { replies: 0, events: 0 };
      try {
        // Events first: a handoff is queued before the customer reads that it is.
        if (turn.events.length) {
          try {
            await deps.events?.(turn.events);
          } catch (error) {
            throw new EventsUndeliveredError(error);
          }
          delivered.events = turn.events.length;
        }
        if (turn.replies.length) {
          try {
            delivered.replies = await deliver(turn.replies);
          } catch (error) {
            const sent = (error as { sent?: unknown }).sent;
            if (typeof sent === 'number') delivered.replies = sent;
            throw error;
          }
        }
      } catch (error) {
        // Record what did go out (and release the lock) before the redelivery comes.
        await settle(turn, delivered).catch(() => {});
        throw error;
      }
      await settle(turn, delivered);
      return turn.duplicate ? 'duplicate' : 'processed';
    },

    async once(scope, id, work) {
      const { locks, counters, keys } = deps.state;
      const done = keys.dedup(scope, id);
      const lease = await locks.acquire(keys.lock(`inbound:${scope}:${id}`));
      try {
        if ((await counters.get(done)) > 0) return 'duplicate';
        if (!(await work())) return 'declined';
        await counters.claim(done, DONE_TTL_SECONDS);
        return 'processed';
      } finally {
        await lease.release().catch(() => {});
      }
    },
  };
}
