import type { CommerceSource } from '../commerce/index.js';
import type { Nlu, Understanding } from '../nlu/index.js';
import type { Normalized } from '../nlu/normalize/index.js';
import type { StateBackend } from '../state/index.js';
import type { Inbound, Outbound } from './activity.js';
import type { ConversationState, UserProfile } from './conversation.js';
import { DEFAULT_LOOKUP_LIMITS, type LookupLimits, type LookupOutcome } from './lookup-limits.js';

export interface EngineOptions {
  /** Failed order lookups allowed per visitor, client address, order and phone within a window. */
  lookupLimits: LookupLimits;
  /** Below this, a product match is not taken as the product the customer meant. */
  productMinScore: number;
  /** Two product matches closer than this are ambiguous: the customer is asked which. */
  productAmbiguityMargin: number;
  /**
   * How each channel proves a customer owns an order's phone: by typing it ('typed'), or only by a
   * phone the channel itself vouches for ('linked'). Channels declare it (`Channel.vouches`,
   * src/channel); one not named here counts typed phones.
   */
  verification: Readonly<Record<string, 'typed' | 'linked'>>;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  lookupLimits: DEFAULT_LOOKUP_LIMITS,
  productMinScore: 0.5,
  productAmbiguityMargin: 0.15,
  verification: {},
};

export interface Services {
  nlu: Nlu;
  commerce: CommerceSource;
  state: StateBackend;
  options: EngineOptions;
}

/** Everything one turn needs, and what it produces. */
export interface TurnContext {
  readonly activity: Inbound;
  /** Conversation id within the engine: channel and the channel's conversation id. */
  readonly conversationId: string;
  readonly userKey: string;
  readonly now: Date;
  readonly services: Services;
  state: ConversationState;
  profile: UserProfile;
  profileChanged: boolean;
  normalized?: Normalized;
  understanding?: Understanding;
  /** Replies to the customer, in order. */
  readonly replies: Outbound[];
  /** Events for the rest of the system (handoff protocol). */
  readonly events: Outbound[];
  /** History entries this turn adds (the transcript middleware fills it). */
  history: string[];
  /**
   * The turn's own records that need nothing from each other or from the commit (insights counts,
   * the console's directory): started beside the commit and awaited with it, so each costs the
   * turn no round trip of its own. Thunks, so nothing starts unless the turn reaches its commit.
   */
  readonly alongside: Array<() => Promise<unknown>>;
  /** What the order lookup limits did this turn (set by the order flow). */
  lookup?: LookupOutcome;
  /** A sum of things this turn's answer worked out, for a later clause's «ارسالش رایگانه؟». */
  sum?: number;
  /** Set by /forget: delete everything stored about this customer instead of saving. */
  forget: boolean;
  send(...replies: Outbound[]): void;
  emit(event: Outbound): void;
}

export type Middleware = (ctx: TurnContext, next: () => Promise<void>) => Promise<void>;

/** Runs middleware in order; each decides whether the rest runs by calling next(). */
export function compose(middleware: readonly Middleware[]): (ctx: TurnContext) => Promise<void> {
  return (ctx) => {
    const run = async (i: number): Promise<void> => {
      const current = middleware[i];
      if (current) await current(ctx, () => run(i + 1));
    };
    return run(0);
  };
}
