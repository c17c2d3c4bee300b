// What pasokh remembers about a conversation and a customer. Conversation state lives in one
// store item (eTag-checked); the customer's profile is a separate item shared by their chats.
import type { StoreItem } from '../state/index.js';
import type { Outbound, ProductAsk } from './activity.js';

export type DialogFrame =
  | { id: 'product.choose'; ask: ProductAsk; candidates: string[]; variant?: AskedVariant }
  | { id: 'product.which'; ask: ProductAsk; variant?: AskedVariant }
  | { id: 'order.number'; attempts: number }
  | { id: 'order.verify'; orderId: string; attempts: number; /** What the customer said went wrong with it, answered after the proof. */ told?: string }
  /** A rating of 1 or 2 was given: the next message says what went wrong. */
  | { id: 'rating.why' };

/** A size, colour or shade asked for before the product was settled («تیشرت سفید سایز مدیوم»). */
export interface AskedVariant {
  size?: string;
  colour?: string;
  shade?: string;
}

export interface Handoff {
  status: 'pending' | 'accepted';
  reason: 'requested' | 'complaint' | 'fallback';
  since: string;
  /** The customer, writing while still in the queue, was told so (and of /bot) once. */
  reminded?: boolean;
}

/**
 * What the customer has said in this conversation, reused instead of asked again: the product and
 * variant they are talking about, a phone they typed (a claim, not proof), their city, and the
 * topic of the last answer (for «پس برگشتش با کیه؟»).
 */
export interface Slots {
  size?: string;
  colour?: string;
  shade?: string;
  phone?: string;
  city?: string;
  /** The intent last answered, for a follow-up on the same subject. */
  topic?: string;
  /** The product talked about before the last one, for «همون قبلیه رو میگم». */
  previousProductId?: string;
  /** What was last asked about a product (price, availability, details). */
  ask?: ProductAsk;
  /** The products of the order last shown (after its proof), for «شالش هم هست؟». */
  orderProductIds?: string[];
  /** The order last shown (after its proof), for «کد رهگیری نداره؟» or «چرا لغو شده؟» next. */
  orderId?: string;
  /** The products last offered to choose from, for «اون یکی چی؟» after the customer picked one. */
  offeredIds?: string[];
  /** The variant asked before the current one of the same product, for «نه همون قبلی». */
  previousVariant?: AskedVariant;
  /** What the customer said they want («دوتا یاسی اس میخوام»), for «جمعش چند میشه؟». */
  wanted?: WantedLine[];
  /** A product the customer said they want in a variant that was sold out: its next variant asked is wanted. */
  wantedSoldOut?: string;
}

/** One thing the customer said they want, and how many. */
export interface WantedLine {
  productId: string;
  size?: string;
  colour?: string;
  shade?: string;
  count: number;
}

/**
 * A processed inbound activity and what it produced, for exactly-once delivery. How much of it was
 * delivered is recorded next to the state (the backend's delivery progress), not in it.
 */
export interface OutboxEntry {
  id: string;
  replies: Outbound[];
  /** Events for the rest of the system (handoff), delivered at least once like the replies. */
  events?: Outbound[];
  /** Replies delivered, as recorded before delivery progress was kept apart (older states). */
  sent: number;
}

export interface ConversationState extends StoreItem {
  channelId: string;
  userId: string;
  dialogStack: DialogFrame[];
  /** The product last talked about, for "قیمتش چنده؟". */
  lastProductId?: string;
  /** What the customer already told (see Slots); older states have none. */
  slots?: Slots;
  /** Consecutive messages the bot did not understand. */
  misses: number;
  handoff?: Handoff;
  /** An agent closed the handoff and the customer was asked for a rating, not given yet. */
  awaitingRating?: boolean;
  /**
   * The Tehran day this conversation was last counted in the owner's insights, and whether a person
   * had it that day (src/insights): each conversation counts once a day, with no id stored there.
   */
  insights?: { day: string; handed?: boolean };
  /** A phone number this conversation has proven it owns (by an order's phone). */
  verifiedPhone?: string;
  outbox: OutboxEntry[];
  createdAt: string;
  updatedAt: string;
  /** The customer's rating of the last handoff, with what went wrong when it was low (1–2). */
  rating?: { score: number; comment?: string; at: string };
}

export interface UserProfile extends StoreItem {
  /** Phones proven by the channel (Telegram's shared contact, a shop's signed identity). */
  linkedPhones: string[];
  name?: string;
  /** A number the customer gave to be reached at (the widget's pre-chat form): not proof of anything. */
  contactPhone?: string;
}

/** Inbound ids remembered, to recognise a redelivery. */
export const OUTBOX_SIZE = 20;
/** Of those, the newest whose replies are kept for resending; a redelivery comes within moments. */
export const OUTBOX_REPLIES = 3;

export function newConversation(channelId: string, userId: string, now: Date): ConversationState {
  return {
    eTag: '0',
    channelId,
    userId,
    dialogStack: [],
    misses: 0,
    outbox: [],
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}

export function newProfile(): UserProfile {
  return { eTag: '0', linkedPhones: [] };
}
