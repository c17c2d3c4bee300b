// The engine: one inbound activity in, the replies out. A turn runs under the conversation's lock
// (so one conversation's messages are handled in order across server instances), reads the state,
// runs the pipeline, and commits state, transcript and the turn's outbox (its replies and events)
// in one atomic step. A redelivered activity (same id) gets what was recorded the first time and
// not yet delivered, instead of a second answer. open() keeps the lock until the channel has
// delivered and settle() recorded how far it got (see src/runner), so a duplicate arriving
// meanwhile waits in line and finds the turn done.
import { createHash } from 'node:crypto';
import { ConflictError, type Lease, type Progress, type StateBackend } from '../state/index.js';
import type { CommerceSource } from '../commerce/index.js';
import type { Nlu } from '../nlu/index.js';
import { InboundSchema, type Inbound, type Outbound } from './activity.js';
import { compose, DEFAULT_ENGINE_OPTIONS, type EngineOptions, type Middleware, type TurnContext } from './context.js';
import { newConversation, newProfile, OUTBOX_REPLIES, OUTBOX_SIZE, type ConversationState, type UserProfile } from './conversation.js';
import { dialogs } from './flows/router.js';
import { handoffGate, normalizeText, transcript, understand } from './middleware.js';
import { ConversationGoneError, InvalidActivityError } from '../errors.js';

export interface TurnResult {
  /** Activities for the customer (messages, in order). */
  replies: Outbound[];
  /**
   * Activities for the rest of the system: handoff.initiate, handoff.message. Those of an activity
   * with an id carry an id of their own, the same on every redelivery, so a receiver applies each once.
   */
  events: Outbound[];
  /** True when this activity was processed before (a redelivery): replies are the recorded ones. */
  duplicate: boolean;
}

/**
 * A turn whose conversation lock is still held: `replies` and `events` are what remains to be
 * delivered (all of a new turn's; of a redelivery, what was not delivered before).
 */
export interface OpenTurn extends TurnResult {
  /**
   * Records how many of `replies` and `events` were delivered (counted from the start of these
   * lists) and releases the lock, in one step. Idempotent once it succeeded.
   */
  settle(delivered: Progress): Promise<void>;
}

export { ConversationGoneError, InvalidActivityError };

export interface EngineDeps {
  nlu: Nlu;
  commerce: CommerceSource;
  state: StateBackend;
  options?: Partial<EngineOptions>;
  now?: () => Date;
  /** Extra middleware run after the NLU stage and before the handoff gate. */
  middleware?: Middleware[];
}

export interface Engine {
  /** Runs a turn and releases the lock at once; the caller delivers the replies (or not) afterwards. */
  process(activity: unknown): Promise<TurnResult>;
  /** Runs a turn and keeps the conversation locked until settle(): for channels that deliver (src/runner). */
  open(activity: unknown): Promise<OpenTurn>;
  /** Links a phone the channel vouches for (a shared Telegram contact) to the customer. */
  linkPhone(channelId: string, userId: string, phone: string): Promise<void>;
  /** Details the customer gave about themselves (name, a phone to be reached at). */
  updateProfile(channelId: string, userId: string, patch: { name?: string; contactPhone?: string }): Promise<void>;
  /** Deletes everything stored about a customer's conversation. */
  forget(channelId: string, conversationId: string, userId: string): Promise<void>;
  conversationId(channelId: string, conversationId: string): string;
  /**
   * Adds entries (JSON objects: an agent's reply, an internal note) to a conversation's history,
   * by its engine id (channel:id), and announces them on the bus. Throws ConversationGoneError
   * (and writes nothing) when the conversation no longer exists.
   */
  record(conversationKey: string, entries: object[]): Promise<string[]>;
  /** The conversation's state and the customer's profile, for the agent side. */
  inspect(conversationKey: string): Promise<{ state?: ConversationState; profile?: UserProfile }>;
}

/** A turn's event's id: the same on every redelivery, and naming no conversation. */
const eventId = (conversationId: string, activityId: string, index: number) =>
  createHash('sha256').update(`${conversationId}\n${activityId}\n${index}`).digest('base64url').slice(0, 24);

const MAX_CONFLICT_RETRIES = 2;

/**
 * Applies the fields a turn changed in its profile (`before` → `after`) to the stored one: lists
 * are united (phones linked meanwhile by another chat stay), other fields take the turn's value.
 */
function mergeProfile(fresh: UserProfile, before: UserProfile, after: UserProfile): boolean {
  let changed = false;
  const target = fresh as Record<string, unknown>;
  for (const [field, value] of Object.entries(after)) {
    if (field === 'eTag' || JSON.stringify(value) === JSON.stringify((before as Record<string, unknown>)[field])) continue;
    const old = target[field];
    const next = Array.isArray(value) && Array.isArray(old) ? [...new Set([...old, ...value])] : value;
    if (JSON.stringify(next) === JSON.stringify(old)) continue;
    target[field] = next;
    changed = true;
  }
  return changed;
}

/** Bus topic on which the engine announces conversations with new history. */
export const CONVERSATION_TOPIC = 'conversation';

export function createEngine(deps: EngineDeps): Engine {
  const options = { ...DEFAULT_ENGINE_OPTIONS, ...deps.options };
  const services = { nlu: deps.nlu, commerce: deps.commerce, state: deps.state, options };
  const { state: backend } = deps;
  const now = deps.now ?? (() => new Date());
  const pipeline = compose([transcript, normalizeText, understand, ...(deps.middleware ?? []), handoffGate, dialogs]);

  const conversationKey = (channelId: string, id: string) => `${channelId}:${id}`;
  const userKey = (channelId: string, userId: string) => `${channelId}:${userId}`;

  async function forgetKeys(conversationId: string, user: string): Promise<void> {
    await backend.storage.delete([backend.keys.conversationState(conversationId), backend.keys.userProfile(user)]);
    await backend.history.delete(conversationId);
    // The channel's per-customer rate limit is keyed by the same user key (rate:web:<visitor>).
    await backend.counters.delete([backend.keys.rateLimit(user)]);
  }

  async function turn(activity: Inbound, lease: Lease, stored: ConversationState | undefined, storedProfile: UserProfile | undefined, hold: boolean): Promise<TurnResult> {
    const conversationId = conversationKey(activity.channelId, activity.conversation.id);
    const user = userKey(activity.channelId, activity.from.id);
    const at = now();
    const profile = storedProfile ?? newProfile();
    const before = structuredClone(profile);
    const ctx: TurnContext = {
      activity,
      conversationId,
      userKey: user,
      now: at,
      services,
      state: stored ?? newConversation(activity.channelId, activity.from.id, at),
      profile,
      profileChanged: false,
      replies: [],
      events: [],
      history: [],
      alongside: [],
      forget: false,
      send: (...replies) => void ctx.replies.push(...replies),
      emit: (e) => void ctx.events.push(e),
    };
    await pipeline(ctx);
    // The same id on every redelivery: receivers (the handoff service) apply an event once.
    // Hashed, so the receivers' applied-once markers name nobody (/forget leaves no trace).
    const events = activity.id ? ctx.events.map((e, i) => ({ ...e, id: eventId(conversationId, activity.id!, i) })) : ctx.events;

    if (ctx.forget) {
      await forgetKeys(conversationId, user);
      return { replies: ctx.replies, events, duplicate: false };
    }
    // Before the commit, merged into the stored profile (never the turn re-run): a redelivery after
    // a failed commit merges the same change again, which changes nothing.
    if (ctx.profileChanged) await editProfile(user, (fresh) => mergeProfile(fresh, before, ctx.profile));
    ctx.state.updatedAt = at.toISOString();
    const dropProgress: string[] = [];
    if (activity.id) {
      const outbox = [...ctx.state.outbox, { id: activity.id, replies: ctx.replies, events, sent: 0 }];
      for (const e of outbox.slice(0, -OUTBOX_SIZE)) dropProgress.push(e.id);
      const kept = outbox.slice(-OUTBOX_SIZE);
      // Older entries keep only their id: the state stays small, and so does each write.
      ctx.state.outbox = kept.map((e, i) => {
        if (i >= kept.length - OUTBOX_REPLIES || !(e.replies.length || e.events?.length)) return e;
        dropProgress.push(e.id);
        return { id: e.id, replies: [], sent: 0 };
      });
    }
    // One step: state, history, the lock released (or kept for delivery), and live views (the
    // widget's stream, the agent console) on every instance told.
    await Promise.all([
      backend.turns.commit(conversationId, ctx.state, ctx.history, { announce: CONVERSATION_TOPIC, lease, hold, dropProgress }),
      ...ctx.alongside.map((write) => write()),
    ]);
    return { replies: ctx.replies, events, duplicate: false };
  }

  /** Runs (or, for a redelivery, recalls) a turn; with `hold` the lock stays taken for settle(). */
  async function start(raw: unknown, hold: boolean): Promise<OpenTurn> {
    const parsed = InboundSchema.safeParse(raw);
    if (!parsed.success) {
      throw new InvalidActivityError(parsed.error.issues.map((i) => `${i.path.join('.') || 'activity'}: ${i.message}`));
    }
    const activity = parsed.data;
    const conversationId = conversationKey(activity.channelId, activity.conversation.id);
    const profileKey = backend.keys.userProfile(userKey(activity.channelId, activity.from.id));
    // Lock, state and this activity's delivery progress in one round trip; the profile alongside.
    const [profile, begun] = await Promise.all([
      backend.storage.read<UserProfile>(profileKey),
      backend.turns.begin<ConversationState>(conversationId, { inbound: activity.id }),
    ]);
    const { lease } = begun;
    let done: Progress = { replies: 0, events: 0 };
    const settle = async (delivered: Progress) => {
      if (!activity.id) return lease.release();
      await backend.turns.settle(conversationId, lease, activity.id, { replies: done.replies + delivered.replies, events: done.events + delivered.events });
    };
    try {
      const recorded = activity.id ? begun.state?.outbox.find((e) => e.id === activity.id) : undefined;
      if (recorded) {
        done = begun.progress ?? { replies: recorded.sent, events: 0 };
        const replies = recorded.replies.slice(done.replies);
        const events = (recorded.events ?? []).slice(done.events);
        if (hold && (replies.length || events.length)) return { replies, events, duplicate: true, settle };
        await lease.release();
        return { replies, events, duplicate: true, settle: async () => {} };
      }
      // The lock makes conflicts rare (a write that did not take it); then the turn reruns.
      for (let attempt = 0; ; attempt++) {
        try {
          if (attempt === 0) return { ...(await turn(activity, lease, begun.state, profile, hold)), settle };
          const [state, fresh] = await Promise.all([
            backend.storage.read<ConversationState>(backend.keys.conversationState(conversationId)),
            backend.storage.read<UserProfile>(profileKey),
          ]);
          return { ...(await turn(activity, lease, state, fresh, hold)), settle };
        } catch (error) {
          if (!(error instanceof ConflictError) || attempt >= MAX_CONFLICT_RETRIES) throw error;
        }
      }
    } catch (error) {
      await lease.release().catch(() => {});
      throw error;
    } finally {
      // Usually the commit released it already, in the same round trip.
      if (!hold) await lease.release().catch(() => {});
    }
  }

  /** Read-modify-write of a profile, retried on a concurrent change; `change` says whether to save. */
  async function editProfile(user: string, change: (profile: UserProfile) => boolean): Promise<void> {
    const key = backend.keys.userProfile(user);
    for (let attempt = 0; attempt <= MAX_CONFLICT_RETRIES; attempt++) {
      const profile = (await backend.storage.read<UserProfile>(key)) ?? newProfile();
      if (!change(profile)) return;
      try {
        await backend.storage.write(key, profile);
        return;
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt === MAX_CONFLICT_RETRIES) throw error;
      }
    }
  }

  return {
    conversationId: conversationKey,
    async record(conversationKey, entries) {
      const ids = await backend.history.append(conversationKey, entries.map((e) => JSON.stringify(e)));
      // Checked after the append: a /forget that deleted the conversation before it (or between a
      // caller's own check and it) would otherwise find its history recreated.
      if (!(await backend.storage.read(backend.keys.conversationState(conversationKey)))) {
        await backend.history.delete(conversationKey);
        throw new ConversationGoneError(conversationKey);
      }
      await backend.bus.publish(CONVERSATION_TOPIC, conversationKey).catch(() => {});
      return ids;
    },
    async inspect(key) {
      const state = await backend.storage.read<ConversationState>(backend.keys.conversationState(key));
      const profile = state ? await backend.storage.read<UserProfile>(backend.keys.userProfile(userKey(state.channelId, state.userId))) : undefined;
      return { state, profile };
    },
    async process(raw) {
      const { replies, events, duplicate } = await start(raw, false);
      return { replies, events, duplicate };
    },
    open: (raw) => start(raw, true),
    linkPhone: (channelId, userId, phone) =>
      editProfile(userKey(channelId, userId), (p) => (p.linkedPhones.includes(phone) ? false : ((p.linkedPhones = [...p.linkedPhones, phone]), true))),
    updateProfile: (channelId, userId, patch) =>
      editProfile(userKey(channelId, userId), (p) => {
        if (patch.name) p.name = patch.name;
        if (patch.contactPhone) p.contactPhone = patch.contactPhone;
        return Boolean(patch.name || patch.contactPhone);
      }),
    async forget(channelId, conversationId, userId) {
      // No lock: the caller is the handoff side applying the /forget turn's event, which the turn
      // runner delivers while that turn still holds the conversation's lock (waiting for it here
      // would wait for ourselves). Deleting is idempotent.
      const id = conversationKey(channelId, conversationId);
      await forgetKeys(id, userKey(channelId, userId));
    },
  };
}
