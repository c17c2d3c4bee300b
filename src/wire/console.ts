// What the agent console and the server say to each other under /agent/api, declared once. The
// server validates request bodies with these zod schemas and types its answers with these types;
// the console (a browser bundle) imports the types only, so nothing of zod reaches console.js. A
// field renamed here, or on one side only, is a type error on the other.
import { z } from 'zod';

/** POST /agent/api/login */
export const LoginRequest = z.object({ username: z.string().max(100), password: z.string().max(200) });
export type LoginRequest = z.input<typeof LoginRequest>;

/** POST /agent/api/conversations/:id/reply and …/note */
export const TextRequest = z.object({ text: z.string().trim().min(1, 'متن خالی است').max(4000) });
export type TextRequest = z.input<typeof TextRequest>;

/** POST /agent/api/conversations/:id/transfer: the colleague's id. */
export const TransferRequest = z.object({ to: z.string() });
export type TransferRequest = z.input<typeof TransferRequest>;

/** agent: the chats in handoff that are theirs to see; admin: everything, and the team. */
export type WireRole = 'agent' | 'admin';

/** An agent as the console shows them (never the password hash). */
export interface PublicAgent {
  id: string;
  name: string;
  role: WireRole;
}

/** POST /agent/api/login and GET /agent/api/me: who is signed in, and the CSRF token for changes. */
export interface SignedIn {
  agent: PublicAgent;
  csrf: string;
}

/** GET /agent/api/agents */
export interface AgentsResponse {
  agents: PublicAgent[];
}

/** A colleague as the admin's team settings show them. */
export interface TeamMember extends PublicAgent {
  /** Open console sessions. */
  sessions: number;
}

/** GET /agent/api/team (admins) */
export interface TeamResponse {
  agents: TeamMember[];
}

/** Every action (claim, release, close, reply, note, transfer) and logout. */
export interface OkResponse {
  ok: true;
}

/** What a 409 PASOKH_ERR_HANDOFF_TAKEN adds to the error body: who has the chat. */
export interface TakenDetails {
  agentName?: string;
}

/** POST /agent/api/team/:id/revoke (admins): how many sessions ended. */
export interface RevokeResponse extends OkResponse {
  ended: number;
}

/** GET /agent/api/conversations?view= */
export const VIEW_NAMES = ['queued', 'mine', 'all', 'closed'] as const;
export type View = (typeof VIEW_NAMES)[number];

/** GET /agent/api/search?q=&channel=&agent= : every conversation the agent may see, whatever the tab. */
export const SearchQuery = z.object({
  q: z.string().trim().max(200).default(''),
  /** Only this channel (web, telegram, bale). */
  channel: z.string().max(32).optional().transform((v) => v || undefined),
  /** Only chats this agent has now or closed. */
  agent: z.string().max(100).optional().transform((v) => v || undefined),
});
export type SearchQuery = z.output<typeof SearchQuery>;

/** How an agent closed a conversation's last handoff. */
export interface ClosedSummary {
  agentId: string;
  agentName?: string;
  reason: string;
  /** ISO 8601 */
  at: string;
  /** The customer's rating, 1–5, once given. */
  rating?: number;
}

/** A conversation in the lists. */
export interface Summary {
  id: string;
  channel: string;
  customerName?: string;
  /** bot: no longer in handoff (closed; listed for the agents who handled it). */
  status: 'queued' | 'agent' | 'bot';
  reason: string;
  agentId?: string;
  agentName?: string;
  /** Place in the queue, from 1. */
  position?: number;
  /** ISO 8601: queued or claimed at. */
  since: string;
  /** The customer's latest message, and when. */
  lastText?: string;
  lastAt?: string;
  /** The customer's messages since the last answer (the bot's or an agent's). */
  unread?: number;
  /** Set when an agent closed it and it is back with the bot. */
  closed?: ClosedSummary;
}

export interface ConversationsResponse {
  conversations: Summary[];
}

export type TranscriptFrom = 'customer' | 'bot' | 'agent' | 'note' | 'system';

/** A line of the transcript; for a customer's message, what the bot read in it. */
export interface TranscriptEntry {
  id: string;
  from: TranscriptFrom;
  text?: string;
  at: string;
  intent?: string;
  confidence?: number;
  name?: string;
  cards?: Array<{ title: string }>;
}

export interface CustomerOrder {
  id: string;
  status: string;
  statusLabel: string;
  /** ISO 8601, and the same in the Jalali calendar. */
  createdAt: string;
  createdAtLabel?: string;
  total?: number;
}

export interface CustomerPanel {
  name?: string;
  verifiedPhone?: string;
  linkedPhones: string[];
  contactPhone?: string;
  orders: CustomerOrder[];
}

export interface CannedReply {
  title: string;
  text: string;
}

/** GET /agent/api/conversations/:id */
export interface ConversationDetail {
  conversation: Summary;
  customer: CustomerPanel;
  transcript: TranscriptEntry[];
  canned: CannedReply[];
}

/**
 * One `event: change` of GET /agent/api/events: the lists changed (`queue`), a conversation
 * changed (`conversation`, with its id), or a customer's /forget removed one (`forgotten`).
 */
export interface ChangeEvent {
  kind: 'queue' | 'conversation' | 'forgotten';
  id?: string;
  /** On `forgotten`, for the server only: the agents who may hear its id (`*`: everyone). */
  to?: string[] | '*';
}

/** The SSE event name of a {@link ChangeEvent}. */
export type ChangeEventName = 'change';
