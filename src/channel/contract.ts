// The contract every channel implements (Telegram, Bale, the web widget; WhatsApp or Instagram
// next): what it declares about itself, the narrow ports it is given, and what it hands back. A
// channel is one folder under adapters/ and one line in the table in compose/channels.ts; src/
// knows channels only through these types, never by name.
import type { FastifyInstance } from 'fastify';
import type { Product, ShopConfig } from '../commerce/index.js';
import type { Config } from '../config.js';
import type { Engine, Inbound, Outbound } from '../engine/index.js';
import type { Handoff } from '../handoff/index.js';
import type { Bus, History, StateBackend } from '../state/index.js';
import type { RunOutcome } from '../runner/index.js';

/** Where a channel writes its log lines (pino's shape: an object, then the message). */
export interface Logger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

/**
 * What the channel itself proves about the person writing: the engine trusts these proofs only
 * from channels that declare them.
 */
export interface Vouches {
  /**
   * A phone the channel proves the customer owns, and how: `own-contact` (the platform shares the
   * sender's own number, as Telegram's «ارسال شماره‌ی من» button does; the activity carries it as
   * `channelData.verifiedPhone`), `signed-identity` (the shop's backend signs it, as the widget's
   * `data-customer` token). Unset: the channel proves no phone, and a `verifiedPhone` on its
   * activities is dropped before the engine sees it.
   */
  phone?: 'own-contact' | 'signed-identity';
  /**
   * Whether an order's phone typed into the chat proves the customer owns the order. False where
   * the channel can ask for a stronger proof (the shared contact): then only that proof counts.
   */
  typedPhoneProves: boolean;
}

/** What the platform lets the bot send, and what pasokh lets a customer send. */
export interface DeliveryLimits {
  /** Characters in one text message; longer replies are split (Telegram) or inbound text refused (web). */
  maxTextLength: number;
  /**
   * How long after the customer's last message the platform still lets the bot write to them, in
   * seconds (WhatsApp's and Instagram's 24-hour window). Unset: any time.
   */
  replyWindowSeconds?: number;
  /** Messages one customer may send a minute before being told to slow down (the rate limiter port). Unset: not limited. */
  inboundPerMinute?: number;
  /** Messages a second the platform accepts from the bot across chats (its flood limit; 429s are waited out). */
  outboundPerSecond?: number;
}

/** One documented HTTP route of a channel: kept exactly (shops and platforms are configured with it). */
export interface ChannelRoute {
  method: 'GET' | 'POST';
  path: string;
  /** What it is for, in a few words. */
  purpose: string;
}

/** One activity read from an inbound payload, and where its replies go. */
export interface Received<Target> {
  activity: Inbound;
  target: Target;
}

/** What an inbound payload (a webhook body, a polled update) became. */
export type Reading<Target> = { kind: 'activities'; items: Array<Received<Target>> } | { kind: 'ignored'; reason: string };

/** How one activity of a payload went: the runner's outcome and the replies handed to delivery. */
export interface Handled {
  outcome: RunOutcome;
  /** The replies given to `deliver` (only those not delivered before, on a redelivery). */
  replies: Outbound[];
}

/** What `receive` reports for a payload: one entry per activity, or that there was nothing to run. */
export type ReceiveResult = { outcome: 'ignored'; handled: [] } | { outcome: RunOutcome; handled: Handled[] };

/** The customer records a channel may write: only what it vouches for, and what the customer said. */
export interface CustomerPort {
  /** Links a phone the channel proves (throws unless the channel declares `vouches.phone`). */
  vouchPhone(userId: string, phone: string): Promise<void>;
  /** Details the customer gave about themselves (a name, a phone to be called back at: no proof). */
  updateProfile(userId: string, patch: { name?: string; contactPhone?: string }): Promise<void>;
  /** The engine's id of this channel's conversation (`<channel>:<id>`), as the delivery log keys it. */
  conversationId(channelConversationId: string): string;
}

/** The conversations' recorded entries, in order: channels whose customers read their replies (the widget's stream) read them here. */
export interface DeliveryLog {
  history: Pick<History, 'read'>;
  /** Announcements of conversations with new entries (on every instance); publish is for a readiness probe. */
  bus: Pick<Bus, 'subscribe' | 'publish'>;
}

/** A per-customer limit on inbound messages, from the channel's `inboundPerMinute`. */
export interface RateLimiter {
  /** Counts one message of `subject` in its minute: allowed, or refused with seconds to wait. */
  take(subject: string): Promise<{ allowed: true } | { allowed: false; retryAfter: number }>;
}

/** The handoff desk, for channels that mirror handoffs to staff (Telegram's staff group). */
export interface HandoffDesk {
  handoff: Pick<Handoff, 'observe' | 'claim' | 'release' | 'close' | 'holder' | 'reply'>;
  engine: Pick<Engine, 'inspect'>;
  state: Pick<StateBackend, 'storage' | 'keys'>;
}

/** What a channel's own pages show of the shop (the widget's header, the demo page's products). */
export interface Storefront {
  /** The shop's settings as last loaded: its business hours, holidays and time zone. */
  shop(): ShopConfig;
  /** The catalog's products as last loaded. */
  products(): readonly Product[];
  /** True when some agent has a console session open: a person may answer even outside business hours. */
  staffed(): Promise<boolean>;
}

/** Everything a channel is given: no more than these. */
export interface ChannelPorts<Settings> {
  /** The channel's name, as in the table. */
  readonly name: string;
  /** This channel's own configuration (from `Channel.settings`). */
  readonly settings: Settings;
  /** Where the channel's routes go (webhooks, the widget's API). */
  readonly http: FastifyInstance;
  /**
   * Runs an inbound payload through the channel's `read`, then each activity exactly once through
   * the one turn runner, delivering its replies with the channel's `deliver`. A redelivery gets only
   * what was not delivered; a duplicate of a finished turn nothing.
   */
  receive(payload: unknown): Promise<ReceiveResult>;
  /** Runs `work` once per inbound id for inputs that are not a customer's turn (the staff group's messages). */
  once(id: string, work: () => Promise<boolean>): Promise<RunOutcome | 'declined'>;
  readonly customers: CustomerPort;
  readonly deliveries: DeliveryLog;
  readonly rateLimit: RateLimiter;
  readonly desk: HandoffDesk;
  /** The shop's name, for welcome texts. */
  shopName(): string;
  readonly storefront: Storefront;
  readonly log: Logger;
}

/** A mounted channel: how its payloads become activities and its replies reach the customer, and its lifecycle. */
export interface ChannelInstance<Target = unknown> {
  /** An inbound payload as activities for the runner (throws an error with statusCode 400 for a malformed one). */
  read(payload: unknown): Reading<Target> | Promise<Reading<Target>>;
  /**
   * Delivers replies in order and returns how many got through; a failure after some throws an
   * error with `sent`, and a passing one (network, the platform's 5xx) is `retryable` (503).
   */
  deliver(target: Target, replies: Outbound[]): Promise<number>;
  /**
   * Shows the customer the bot is at work before the turn (a pressed button's spinner stopped, a
   * typing indicator); what it returns is called once the replies go out or the turn ends
   * (e.g. to stop a typing indicator that shows only while a turn is slow).
   */
  acknowledge?(item: Received<Target>): void | (() => void);
  /**
   * Where replies outside a turn (an agent's, a handoff notice) go, by the conversation's id within
   * the channel. Absent where the customer reads the delivery log (the widget's stream).
   */
  targetOf?(conversationId: string): Target;
  /** Before the server listens (build what the routes serve). */
  ready?(): Promise<void>;
  /** After the server listens (a poller starts, the bot learns its name). */
  start?(): Promise<void>;
  stop?(): Promise<void>;
  /** Why the channel does not work right now (shown on /healthz), or undefined. */
  problem?(): string | undefined;
}

/** Registers a channel's webhook with its platform (`pasokh telegram set-webhook`). */
export interface WebhookAdmin {
  /** The route the platform posts to. */
  readonly path: string;
  /** The secret the platform is given, when one is configured. */
  readonly secret?: string;
  set(url: string, secret: string): Promise<void>;
  remove(): Promise<void>;
  /** What the platform has registered, for printing. */
  describe(): Promise<unknown>;
}

/**
 * A channel: its declaration and how it mounts. One per entry of the channel table.
 *
 * @example
 * export const telegram: Channel<TelegramSettings> = {
 *   name: 'telegram', routes: [...], vouches: { phone: 'own-contact', typedPhoneProves: false },
 *   limits: () => ({ maxTextLength: 4096 }), settings: (config) => ..., mount: (ports) => ...,
 * };
 */
export interface Channel<Settings = unknown> {
  /** The channel's id: activities' `channelId`, the first part of its conversations' ids. */
  readonly name: string;
  /** Its HTTP routes, when configured (a webhook only with its secret set). */
  readonly routes: readonly ChannelRoute[];
  readonly vouches: Vouches;
  limits(settings: Settings): DeliveryLimits;
  /** This channel's settings from the configuration, or undefined when it is not configured (off). */
  settings(config: Config): Settings | undefined;
  /** A line for the log when the channel is off, or nothing to say. */
  offNote?(config: Config): { level: 'info' | 'warn'; message: string } | undefined;
  mount(ports: ChannelPorts<Settings>): ChannelInstance;
  /** Webhook registration with the platform, for channels that have one. */
  webhookAdmin?(settings: Settings): WebhookAdmin;
}

/** The channel table, keyed by channel name (compose/channels.ts). */
export type ChannelTable = Readonly<Record<string, Channel>>;
