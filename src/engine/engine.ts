// The engine: one inbound activity in, the replies out. A turn runs under the conversation's lock
// (so one conversation's messages are handled in order across server instances), reads the state,
// runs the pipeline, and commits state and transcript in one atomic step. A redelivered activity
// (same id) gets the replies recorded the first time instead of a second answer.
import { ConflictError, type Lease, type StateBackend } from '../state/index.js';
import type { CommerceSource } from '../commerce/index.js';
import type { Nlu } from '../nlu/index.js';
import { InboundSchema, type Inbound, type Outbound } from './activity.js';
import { compose, DEFAULT_ENGINE_OPTIONS, type EngineOptions, type Middleware, type TurnContext } from './context.js';
import { newConversation, newProfile, OUTBOX_REPLIES, OUTBOX_SIZE, type ConversationState, type UserProfile } from './conversation.js';
import { dialogs } from './flows/router.js';
import { handoffGate, normalizeText, transcript, understand } from './middleware.js';

export interface TurnResult {
  /** Activities for the customer (messages, in order). */
  replies: Outbound[];
  /** Activities for the rest of the system: handoff.initiate, handoff.message. */
  events: Outbound[];
  /** True when this activity was processed before (a redelivery): replies are the recorded ones. */
  duplicate: boolean;
}

export class InvalidActivityError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid activity: ${issues.join('; ')}`);
    this.name = 'InvalidActivityError';
  }
}

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
  process(activity: unknown): Promise<TurnResult>;
  /**
   * The channel delivered a turn's replies (the first `count` of them; all by default): a later
   * redelivery of the same activity sends only the rest.
   */
  markDelivered(activity: Pick<Inbound, 'channelId' | 'conversation' | 'id'>, count?: number): Promise<void>;
  /** Links a phone the channel vouches for (a shared Telegram contact) to the customer. */
  linkPhone(channelId: string, userId: string, phone: string): Promise<void>;
  /** Details the customer gave about themselves (name, a phone to be reached at). */
  updateProfile(channelId: string, userId: string, patch: { name?: string; contactPhone?: string }): Promise<void>;
  /** Deletes everything stored about a customer's conversation. */
  forget(channelId: string, conversationId: string, userId: string): Promise<void>;
  conversationId(channelId: string, conversationId: string): string;
  /**
   * Adds entries (JSON objects: an agent's reply, an internal note) to a conversation's history,
   * by its engine id (channel:id), and announces them on the bus.
   */
  record(conversationKey: string, entries: object[]): Promise<string[]>;
  /** The conversation's state and the customer's profile, for the agent side. */
  inspect(conversationKey: string): Promise<{ state?: ConversationState; profile?: UserProfile }>;
}

const MAX_CONFLICT_RETRIES = 2;

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

  async function withLock<T>(conversationId: string, work: (lease: Lease) => Promise<T>): Promise<T> {
    const lease = await backend.locks.acquire(backend.keys.lock(conversationId));
    try {
      return await work(lease);
    } finally {
      // Usually the turn's commit released it already, in the same round trip.
      await lease.release().catch(() => {});
    }
  }

  async function forgetKeys(conversationId: string, user: string): Promise<void> {
    await backend.storage.delete([backend.keys.conversationState(conversationId), backend.keys.userProfile(user)]);
    await backend.history.delete(conversationId);
    // The channel's per-customer rate limit is keyed by the same user key (rate:web:<visitor>).
    await backend.counters.delete([backend.keys.verifyFailures(conversationId), backend.keys.rateLimit(user)]);
  }

  async function turn(activity: Inbound, lease: Lease, stored: ConversationState | undefined, storedProfile: UserProfile | undefined): Promise<TurnResult> {
    const conversationId = conversationKey(activity.channelId, activity.conversation.id);
    const user = userKey(activity.channelId, activity.from.id);
    const at = now();
    const recorded = activity.id ? stored?.outbox.find((e) => e.id === activity.id) : undefined;
    if (recorded) return { replies: recorded.replies.slice(recorded.sent), events: [], duplicate: true };

    const profile = storedProfile ?? newProfile();
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
      forget: false,
      send: (...replies) => void ctx.replies.push(...replies),
      emit: (e) => void ctx.events.push(e),
    };
    await pipeline(ctx);

    if (ctx.forget) {
      await forgetKeys(conversationId, user);
      return { replies: ctx.replies, events: ctx.events, duplicate: false };
    }
    ctx.state.updatedAt = at.toISOString();
    if (activity.id) {
      const outbox = [...ctx.state.outbox, { id: activity.id, replies: ctx.replies, sent: 0 }].slice(-OUTBOX_SIZE);
      // Older entries keep only their id: the state stays small, and so does each write.
      ctx.state.outbox = outbox.map((e, i) => (i < outbox.length - OUTBOX_REPLIES && e.replies.length ? { id: e.id, replies: [], sent: 0 } : e));
    }
    // One step: state, history, the lock released, and live views (the widget's stream, the agent
    // console) on every instance told.
    await backend.turns.commit(conversationId, ctx.state, ctx.history, { announce: CONVERSATION_TOPIC, lease });
    if (ctx.profileChanged) await backend.storage.write(backend.keys.userProfile(user), ctx.profile);
    return { replies: ctx.replies, events: ctx.events, duplicate: false };
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
      await backend.bus.publish(CONVERSATION_TOPIC, conversationKey).catch(() => {});
      return ids;
    },
    async inspect(key) {
      const state = await backend.storage.read<ConversationState>(backend.keys.conversationState(key));
      const profile = state ? await backend.storage.read<UserProfile>(backend.keys.userProfile(userKey(state.channelId, state.userId))) : undefined;
      return { state, profile };
    },
    async process(raw) {
      const parsed = InboundSchema.safeParse(raw);
      if (!parsed.success) {
        throw new InvalidActivityError(parsed.error.issues.map((i) => `${i.path.join('.') || 'activity'}: ${i.message}`));
      }
      const activity = parsed.data;
      const conversationId = conversationKey(activity.channelId, activity.conversation.id);
      // The profile is read alongside the lock: its writes are eTag-checked, so it needs no lock.
      const profileKey = backend.keys.userProfile(userKey(activity.channelId, activity.from.id));
      // Lock and state in one round trip; the profile alongside (its writes are eTag-checked).
      const [profile, begun] = await Promise.all([
        backend.storage.read<UserProfile>(profileKey),
        backend.turns.begin<ConversationState>(conversationId),
      ]);
      const { lease } = begun;
      try {
        // The lock makes conflicts rare (only if a lock expired mid-turn); then the turn reruns.
        for (let attempt = 0; ; attempt++) {
          try {
            if (attempt === 0) return await turn(activity, lease, begun.state, profile);
            const [state, fresh] = await Promise.all([
              backend.storage.read<ConversationState>(backend.keys.conversationState(conversationId)),
              backend.storage.read<UserProfile>(profileKey),
            ]);
            return await turn(activity, lease, state, fresh);
          } catch (error) {
            if (!(error instanceof ConflictError) || attempt >= MAX_CONFLICT_RETRIES) throw error;
          }
        }
      } finally {
        await lease.release().catch(() => {});
      }
    },
    async markDelivered(activity, count) {
      if (!activity.id) return;
      const conversationId = conversationKey(activity.channelId, activity.conversation.id);
      await withLock(conversationId, async () => {
        const key = backend.keys.conversationState(conversationId);
        const state = await backend.storage.read<ConversationState>(key);
        const entry = state?.outbox.find((e) => e.id === activity.id);
        if (!state || !entry) return;
        const sent = Math.min(entry.replies.length, count ?? entry.replies.length);
        if (sent <= entry.sent) return;
        entry.sent = sent;
        await backend.storage.write(key, state);
      });
    },
    linkPhone: (channelId, userId, phone) =>
      editProfile(userKey(channelId, userId), (p) => (p.linkedPhones.includes(phone) ? false : ((p.linkedPhones = [...p.linkedPhones, phone]), true))),
    updateProfile: (channelId, userId, patch) =>
      editProfile(userKey(channelId, userId), (p) => {
        if (patch.name) p.name = patch.name;
        if (patch.contactPhone) p.contactPhone = patch.contactPhone;
        return Boolean(patch.name || patch.contactPhone);
      }),
    async forget(channelId, conversationId, userId) {
      const id = conversationKey(channelId, conversationId);
      await withLock(id, () => forgetKeys(id, userKey(channelId, userId)));
    },
  };
}
