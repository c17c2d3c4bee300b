// Whether a person is at the console right now: the widget's «آنلاین» outside business hours.
// A signed-in session says little (it lasts 12 hours, and a closed tab does not end it); an open
// console event stream says someone is looking. Each open stream beats every few seconds into a
// short time slot's counter, shared by every instance through the state backend, so a console on
// any instance counts, and one that went away stops counting within a slot or two.
import type { Counters, KeySpace } from '../state/index.js';

/** Beats land in slots of this length; a slot's key lives three slots. */
const SLOT_MS = 10_000;
const SLOT_TTL_SECONDS = 30;
/** How often an open console beats: twice per slot, so no slot of an open console is empty. */
export const PRESENCE_BEAT_MS = SLOT_MS / 2;

/** Consoles open now, across instances. */
export interface Presence {
  /** An open console of the agent is alive (call every PRESENCE_BEAT_MS while it is open). */
  beat(agentId: string): Promise<void>;
  /** The agent's last console here closed: they stop counting at once instead of a slot later. */
  leave(agentId: string): Promise<void>;
  /** True when one of the agents has had an open console within the last slot or two. */
  anyone(agentIds: readonly string[]): Promise<boolean>;
}

export function createPresence(counters: Counters, keys: Pick<KeySpace, 'rateLimit'>, now: () => number = Date.now): Presence {
  const slot = () => Math.floor(now() / SLOT_MS);
  const key = (agentId: string, at: number) => keys.rateLimit(`agent-present:${agentId}:${at}`);
  return {
    async beat(agentId) {
      await counters.hit(key(agentId, slot()), SLOT_TTL_SECONDS);
    },
    async leave(agentId) {
      const at = slot();
      await counters.delete([key(agentId, at), key(agentId, at - 1)]);
    },
    async anyone(agentIds) {
      const at = slot();
      for (const agentId of agentIds) {
        const [current, previous] = await Promise.all([counters.get(key(agentId, at)), counters.get(key(agentId, at - 1))]);
        if (current > 0 || previous > 0) return true;
      }
      return false;
    },
  };
}
