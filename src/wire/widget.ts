// What the web widget and the server say to each other, declared once. The server validates
// requests with these zod schemas and types its answers with these types; the widget (a browser
// bundle) imports the types only (`import type`), so nothing of zod reaches widget.js. A field
// renamed here, or on one side only, is a type error on the other.
import { z } from 'zod';

/** POST /api/web/session: start a visitor's session, or resume it with `token`. */
export const SessionRequest = z.object({
  shop: z.string().max(64).optional(),
  /** The visitor's previous session token: same visitor, same conversation. */
  token: z.string().max(1000).optional(),
  /** The shop's signed customer identity (`data-customer`). */
  customer: z.string().max(2000).optional(),
  /** The pre-chat form's name and mobile, for agents to call back (proves nothing). */
  name: z.string().trim().max(100).optional(),
  phone: z.string().max(40).optional(),
});
export type SessionRequest = z.input<typeof SessionRequest>;

/** What the widget shows before the first message. */
export interface WidgetSettings {
  title: string;
  shopName: string;
  welcome: string;
}

/** The answer to POST /api/web/session. */
export interface SessionResponse {
  /** A signed, expiring session token: `Authorization: Bearer` and the stream's `?token=`. */
  token: string;
  visitorId: string;
  /** ISO 8601. */
  expiresAt: string;
  config: WidgetSettings;
}

/** A quick reply's payload: one flat object (the engine's Choice), never a nested structure. */
export const ChoiceValue = z.record(z.string().max(32), z.union([z.string().max(200), z.number(), z.boolean()]));

/** POST /api/web/messages: one customer message, idempotent by `clientMessageId`. */
export const MessageRequest = z.object({
  clientMessageId: z.string().regex(/^[\w-]{8,100}$/, 'clientMessageId: 8–100 letters, digits, _ or -'),
  text: z.string().optional(),
  value: ChoiceValue.optional(),
});
export type MessageRequest = z.input<typeof MessageRequest>;

/** Who a conversation is with: the bot, the handoff queue (waiting for a person), or an agent. */
export type ConversationMode = 'bot' | 'queued' | 'agent';

/**
 * The answer to POST /api/web/messages: 200, or a 429 PASOKH_ERR_ORDER_LOOKUP_LIMITED that still
 * says `ok` (the message was handled; its answer is in the stream, so it is not sent again).
 */
export interface MessageResponse {
  ok: true;
  /** The same client message id was taken before: nothing new was recorded. */
  duplicate: boolean;
  /** Who the conversation is with after this message: the bot answers only in `bot`. */
  mode?: ConversationMode;
  /** How many replies the bot's turn made (0: none is coming, e.g. the chat waits for a person). */
  replies?: number;
  /** With the 429: `order_lookup_limited`, the code, the Persian text and the seconds to wait. */
  error?: string;
  code?: string;
  message?: string;
  retryAfter?: number;
}

/** GET /api/web/status: what the widget's header says about who answers. */
export interface StatusResponse {
  /** A person can answer now: within business hours, or an agent has the console open. */
  staffed: boolean;
  /** When nobody is: when a person answers next («ساعت ۹ فردا»), if in sight. */
  opensAt?: string;
  /** With the visitor's session (`Authorization: Bearer`): who their conversation is with. */
  mode?: ConversationMode;
}

export interface WireQuickReply {
  title: string;
  value: unknown;
}

export interface WireCard {
  title: string;
  subtitle?: string;
  text?: string;
  image?: string;
  url?: string;
}

/**
 * One `event: entry` of GET /api/web/stream (its SSE id is the history's id): a line of the
 * conversation as the customer may see it.
 */
export interface WidgetEntry {
  id: string;
  from: 'customer' | 'bot' | 'agent' | 'system';
  text?: string;
  /** On the customer's own messages: the id the widget sent it with. */
  clientMessageId?: string;
  quickReplies?: WireQuickReply[];
  cards?: WireCard[];
  /** ISO 8601. */
  at: string;
  /** An agent's name. */
  name?: string;
  notice?: 'agent_joined' | 'agent_left';
}

/** The SSE event name of a {@link WidgetEntry} (a type, so the browser takes nothing of this module at run time). */
export type EntryEvent = 'entry';
