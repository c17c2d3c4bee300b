// Messages in and out are Bot Framework activities. Channels build inbound ones (validated here,
// at the edge) and render outbound ones: text, quick replies (suggested actions), product cards
// (hero-card attachments), typing, and events such as the handoff protocol's.
import { z } from 'zod';

// The part of the Bot Framework's activity schema pasokh uses, with its field names and string
// values, declared here: the schema package is 7 MB of types and enums for a handful of strings.

/** Activity types (Bot Framework `ActivityTypes`) pasokh sends or receives. */
export const ActivityTypes = { Message: 'message', Event: 'event', Typing: 'typing' } as const;
export type ActivityType = (typeof ActivityTypes)[keyof typeof ActivityTypes];

/** Card action types (Bot Framework `ActionTypes`) pasokh uses. */
export const ActionTypes = { PostBack: 'postBack', ImBack: 'imBack', OpenUrl: 'openUrl' } as const;

/** A button: a quick reply (postBack) or a link (openUrl). */
export interface CardAction {
  type: (typeof ActionTypes)[keyof typeof ActionTypes] | (string & {});
  title: string;
  value: unknown;
  text?: string;
  displayText?: string;
  image?: string;
  imageAltText?: string;
  channelData?: unknown;
}

export interface CardImage {
  url: string;
  alt?: string;
  tap?: CardAction;
}

/** A product card's content (contentType `application/vnd.microsoft.card.hero`). */
export interface HeroCard {
  title: string;
  subtitle: string;
  text: string;
  images: CardImage[];
  buttons: CardAction[];
  tap: CardAction;
}

export interface Attachment {
  contentType: string;
  contentUrl?: string;
  content?: unknown;
  name?: string;
  thumbnailUrl?: string;
}

export interface SuggestedActions {
  to: string[];
  actions: CardAction[];
}

export interface ChannelAccount {
  id: string;
  name: string;
  role?: string;
}

export interface ConversationAccount {
  id: string;
  name: string;
  isGroup: boolean;
  conversationType: string;
}

/** A Bot Framework activity, as far as pasokh reads or writes one. */
export interface Activity {
  type: ActivityType | (string & {});
  id?: string;
  timestamp?: Date;
  channelId: string;
  from: ChannelAccount;
  conversation: ConversationAccount;
  recipient: ChannelAccount;
  textFormat?: 'plain' | 'markdown' | 'xml' | (string & {});
  attachmentLayout?: 'list' | 'carousel' | (string & {});
  locale?: string;
  text: string;
  speak?: string;
  inputHint?: 'acceptingInput' | 'ignoringInput' | 'expectingInput' | (string & {});
  summary?: string;
  suggestedActions?: SuggestedActions;
  attachments?: Attachment[];
  /** Channel-specific extras (a verified phone in, a contact request out): a flat record. */
  channelData?: Record<string, unknown>;
  replyToId?: string;
  value?: unknown;
  name?: string;
}

export type Outbound = Partial<Activity>;

/** Longest message text the engine accepts; longer input is refused with a clear error. */
export const MAX_TEXT_LENGTH = 4096;

const Account = z.object({ id: z.string().min(1).max(256), name: z.string().max(256).optional() });

/** What a channel may hand to the engine: a subset of Activity. */
export const InboundSchema = z.object({
  type: z.enum(['message', 'event']), // ActivityTypes.Message, ActivityTypes.Event
  id: z.string().max(256).optional(),
  channelId: z.string().min(1).max(64),
  from: Account,
  conversation: z.object({ id: z.string().min(1).max(256) }),
  text: z.string().max(MAX_TEXT_LENGTH, `a message may be at most ${MAX_TEXT_LENGTH} characters`).optional(),
  /** A quick reply's payload (postBack), or an event's value. */
  value: z.unknown().optional(),
  name: z.string().max(128).optional(),
  timestamp: z.string().optional(),
  channelData: z.record(z.string(), z.unknown()).optional(),
});
export type Inbound = z.infer<typeof InboundSchema>;

/** Quick-reply payloads; small, so they fit Telegram's 64-byte callback data. */
export type Choice =
  | { do: 'product'; id: string; ask: ProductAsk }
  | { do: 'intent'; intent: string }
  | { do: 'handoff' }
  | { do: 'rate'; score: number };
export type ProductAsk = 'price' | 'availability' | 'info';

export interface QuickReply {
  title: string;
  value: Choice;
}

/** Quick replies as a reply's suggested actions (for a reply already made, as message() does for a new one). */
export function suggestedActionsOf(quickReplies: readonly QuickReply[]): NonNullable<Outbound['suggestedActions']> {
  return {
    to: [],
    actions: quickReplies.map((q): CardAction => ({ type: ActionTypes.PostBack, title: q.title, value: q.value, displayText: q.title })),
  };
}

export function message(text: string, options: { quickReplies?: QuickReply[]; attachments?: Outbound['attachments'] } = {}): Outbound {
  const reply: Outbound = { type: ActivityTypes.Message, text, textFormat: 'plain', locale: 'fa-IR' };
  if (options.quickReplies?.length) reply.suggestedActions = suggestedActionsOf(options.quickReplies);
  if (options.attachments?.length) reply.attachments = options.attachments;
  return reply;
}

export function event(name: string, value: unknown): Outbound {
  return { type: ActivityTypes.Event, name, value };
}

export const HERO_CARD = 'application/vnd.microsoft.card.hero';

export function heroCard(card: Partial<HeroCard>): NonNullable<Outbound['attachments']>[number] {
  return { contentType: HERO_CARD, content: card };
}

/** The handoff protocol's event names, as in the Bot Framework. */
export const HANDOFF = {
  initiate: 'handoff.initiate',
  status: 'handoff.status',
  /** pasokh's own additions: a customer message during a handoff, a cancel, a satisfaction rating. */
  message: 'handoff.message',
  cancelled: 'handoff.cancelled',
  rating: 'handoff.rating',
} as const;
export type HandoffState = 'accepted' | 'failed' | 'completed';
