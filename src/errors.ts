// Every error pasokh raises, in one table keyed by a stable code (as fastify's FST_ERR_*): its
// HTTP status, the `error` name older clients read, whether it passes by itself (a 503 the
// webhook, the poller and the widget retry), its Retry-After, the Persian text a customer or an
// agent reads where one sees it, and the CLI's exit code. Logs, tests and the README name errors
// by code; the HTTP error handler, the Telegram poller and the CLI all decide from this table, so
// a webhook's 400 is never the poller's "retry three times", nor a 503 one and a 500 the other.
// This module imports nothing of pasokh but number formatting (and a type), so every layer can
// raise its errors without an import cycle.
import { ZodError } from 'zod';
import { formatNumber } from './commerce/format.js';
import type { FileProblem } from './commerce/types.js';

/** What the table says about one code. */
export interface ErrorSpec {
  /** HTTP status when it ends a request. Errors raised outside requests (start-up, CLI) say 500: reaching a client would be a fault. */
  readonly status: number;
  /** The body's `error` field, as the widget, the console and scripts read it before codes existed. */
  readonly error: string;
  /** A passing condition (the store away, a lock busy): answered 503 and retried (webhook redelivery, poller backoff). */
  readonly retryable?: boolean;
  /** Seconds for the Retry-After header. */
  readonly retryAfter?: number;
  /**
   * The Persian text a customer or an agent reads (the body's `message`), when one does; the
   * error's details fill it in. Errors for developers carry their own English message instead.
   */
  readonly text?: string | ((details: Readonly<Record<string, unknown>>) => string);
  /** Who reads `text`: a customer (the widget) or an agent (the console, the staff group). Set exactly when `text` is. */
  readonly reader?: 'customer' | 'agent';
  /** Exit code of the `pasokh` command that ends with it. */
  readonly exit?: number;
}

const RETRY_SECONDS = 5;
const named = (details: Readonly<Record<string, unknown>>) => (typeof details.agentName === 'string' ? details.agentName : 'همکار دیگری');

/** The registry. Codes never change once published; add new ones, and a line in the README's "Errors". */
export const ERRORS = {
  // Start-up and the command line: never answered over HTTP.
  PASOKH_ERR_CONFIG: { status: 500, error: 'config', exit: 1 },
  PASOKH_ERR_AGENTS_CONFIG: { status: 500, error: 'config', exit: 1 },
  PASOKH_ERR_SHOP_FILES: { status: 500, error: 'shop_files', exit: 1 },
  PASOKH_ERR_INTENTS: { status: 500, error: 'intents', exit: 1 },
  PASOKH_ERR_USAGE: { status: 500, error: 'usage', exit: 2 },

  // The state store: passes by itself, so 503 with Retry-After and the sender tries again.
  PASOKH_ERR_STORE_UNAVAILABLE: { status: 503, error: 'unavailable', retryable: true, retryAfter: RETRY_SECONDS, text: 'الان نمی‌توانم پاسخ بدهم؛ لطفاً چند لحظه‌ی دیگر دوباره امتحان کنید.', reader: 'customer' },
  PASOKH_ERR_STORE_CONFLICT: { status: 503, error: 'unavailable', retryable: true, retryAfter: RETRY_SECONDS, text: 'الان نمی‌توانم پاسخ بدهم؛ لطفاً چند لحظه‌ی دیگر دوباره امتحان کنید.', reader: 'customer' },
  PASOKH_ERR_LOCK_TIMEOUT: { status: 503, error: 'unavailable', retryable: true, retryAfter: RETRY_SECONDS, text: 'الان نمی‌توانم پاسخ بدهم؛ لطفاً چند لحظه‌ی دیگر دوباره امتحان کنید.', reader: 'customer' },
  PASOKH_ERR_LEASE_LOST: { status: 503, error: 'unavailable', retryable: true, retryAfter: RETRY_SECONDS, text: 'الان نمی‌توانم پاسخ بدهم؛ لطفاً چند لحظه‌ی دیگر دوباره امتحان کنید.', reader: 'customer' },

  // Delivering a turn's replies and events.
  PASOKH_ERR_DELIVERY_FAILED: { status: 503, error: 'unavailable', retryable: true, retryAfter: RETRY_SECONDS },
  PASOKH_ERR_UNDELIVERABLE: { status: 500, error: 'undeliverable' },
  PASOKH_ERR_EVENTS_DEFERRED: { status: 503, error: 'unavailable', retryable: true, retryAfter: RETRY_SECONDS },
  PASOKH_ERR_EVENTS_FAILED: { status: 500, error: 'internal' },

  // A request's own mistakes: 4xx, nothing written, never retried as is.
  PASOKH_ERR_BAD_REQUEST: { status: 400, error: 'bad_request' },
  PASOKH_ERR_BAD_JSON: { status: 400, error: 'bad_request' },
  PASOKH_ERR_BODY_TOO_DEEP: { status: 400, error: 'too_deep' },
  PASOKH_ERR_BODY_TOO_LARGE: { status: 413, error: 'too_large' },
  PASOKH_ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, error: 'unsupported_media_type' },
  PASOKH_ERR_BAD_UPDATE: { status: 400, error: 'bad_request' },
  PASOKH_ERR_INVALID_ACTIVITY: { status: 400, error: 'invalid_activity' },
  PASOKH_ERR_WEBHOOK_SECRET: { status: 401, error: 'unauthorized' },
  PASOKH_ERR_ROUTE_NOT_FOUND: { status: 404, error: 'not_found' },

  // The widget's API: its visitors read these.
  PASOKH_ERR_ORIGIN_NOT_ALLOWED: { status: 403, error: 'origin_not_allowed' },
  PASOKH_ERR_WIDGET_SESSION: { status: 401, error: 'unauthorized', text: 'نشست شما تمام شده است؛ صفحه را دوباره باز کنید.', reader: 'customer' },
  PASOKH_ERR_MESSAGE_TOO_LONG: { status: 413, error: 'too_long', text: (d) => `پیام خیلی طولانی است؛ حداکثر ${formatNumber(Number(d.max))} نویسه بنویسید.`, reader: 'customer' },
  PASOKH_ERR_MESSAGE_EMPTY: { status: 400, error: 'empty', text: 'پیام خالی است.', reader: 'customer' },
  PASOKH_ERR_RATE_LIMITED: { status: 429, error: 'rate_limited', retryAfter: 60, text: 'پیام‌ها خیلی پشت سر هم فرستاده شده‌اند؛ لطفاً یک دقیقه صبر کنید و دوباره بفرستید.', reader: 'customer' },
  PASOKH_ERR_ORDER_LOOKUP_LIMITED: {
    status: 429,
    error: 'order_lookup_limited',
    text: 'تلاش‌های ناموفق برای دیدن سفارش زیاد بوده است؛ برای امنیت، پیگیری سفارش تا یک ساعت دیگر ممکن نیست. در این مدت می‌توانید با پشتیبان صحبت کنید.',
    reader: 'customer',
  },

  // The agent console: agents read these.
  PASOKH_ERR_LOGIN_FORM: { status: 400, error: 'bad_request', text: 'نام کاربری و رمز را بنویسید.', reader: 'agent' },
  PASOKH_ERR_LOGIN_RATE_LIMITED: { status: 429, error: 'rate_limited', retryAfter: 60, text: 'تلاش‌ها زیاد بود؛ یک دقیقه بعد دوباره امتحان کنید.', reader: 'agent' },
  PASOKH_ERR_LOGIN_FAILED: { status: 401, error: 'unauthorized', text: 'نام کاربری یا رمز درست نیست.', reader: 'agent' },
  PASOKH_ERR_AGENT_SESSION: { status: 401, error: 'unauthorized', text: 'لطفاً وارد شوید.', reader: 'agent' },
  PASOKH_ERR_CSRF: { status: 403, error: 'csrf', text: 'درخواست نامعتبر است؛ صفحه را دوباره باز کنید.', reader: 'agent' },
  PASOKH_ERR_ADMIN_ONLY: { status: 403, error: 'forbidden', text: 'این بخش فقط برای مدیر است.', reader: 'agent' },
  PASOKH_ERR_NOT_ASSIGNED: { status: 403, error: 'forbidden', text: 'این گفتگو به شما سپرده نشده است.', reader: 'agent' },
  PASOKH_ERR_UNKNOWN_COLLEAGUE: { status: 400, error: 'bad_request', text: 'چنین همکاری نیست.', reader: 'agent' },
  PASOKH_ERR_AGENT_NOT_FOUND: { status: 404, error: 'not_found', text: 'چنین همکاری نیست.', reader: 'agent' },
  PASOKH_ERR_HANDOFF_NOT_CLAIMED: { status: 409, error: 'not_claimed', text: 'این گفتگو را هنوز کسی برنداشته است.', reader: 'agent' },
  PASOKH_ERR_HANDOFF_TAKEN: { status: 409, error: 'taken', text: (d) => `${named(d)} این گفتگو را برداشته است.`, reader: 'agent' },
  PASOKH_ERR_HANDOFF_NOT_QUEUED: { status: 404, error: 'not_queued', text: 'این گفتگو در صف نیست.', reader: 'agent' },
  PASOKH_ERR_CONVERSATION_NOT_FOUND: { status: 404, error: 'not_found', text: 'چنین گفتگویی نیست.', reader: 'agent' },
  // The review queue (/agent/review, `pasokh suggest`): the owner reads these.
  PASOKH_ERR_REVIEW_ITEM_GONE: { status: 404, error: 'not_found', text: 'این مورد دیگر در صف بازبینی نیست؛ شاید همکار دیگری به آن رسیدگی کرده است.', reader: 'agent' },
  PASOKH_ERR_UNKNOWN_INTENT: { status: 400, error: 'bad_request', text: 'ربات چنین موضوعی را نمی‌شناسد؛ یکی از فهرست را انتخاب کنید.', reader: 'agent' },
  PASOKH_ERR_LABELS_FILE: { status: 500, error: 'labels_file', exit: 1 },
  /** The customer's /forget (or retention) removed it while a turn or an agent was at it. */
  PASOKH_ERR_CONVERSATION_GONE: { status: 404, error: 'not_found', text: 'این گفتگو دیگر وجود ندارد.', reader: 'agent' },

  /** dist/ lacks a browser bundle (widget.js, console.js): `npm run build` makes it. */
  PASOKH_ERR_NOT_BUILT: { status: 500, error: 'not_built' },
  /** A channel plugin breaks its contract (a misnamed table entry, another channel's activities). */
  PASOKH_ERR_CHANNEL_CONTRACT: { status: 500, error: 'channel_contract' },
  /** A fault of pasokh's own: logged with its stack, answered 500. */
  PASOKH_ERR_INTERNAL: { status: 500, error: 'internal' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

/** The spec of a code, typed as the general shape. */
export const specOf = (code: ErrorCode): ErrorSpec => ERRORS[code];

export interface PasokhErrorOptions {
  /** Developer-facing message; without it the code's Persian text (or the code itself). */
  message?: string;
  /** The Persian text for this one error, when it is the bot's own answer (texts.ts) rather than the code's. */
  text?: string;
  cause?: unknown;
  /** Extra fields for the HTTP body and the Persian text (`agentName`, `issues`, `retryAfter`). */
  details?: Record<string, unknown>;
  /** Only for a framework's 4xx that has no code of its own: its status instead of the code's. */
  status?: number;
}

/**
 * An error pasokh raises: a code from {@link ERRORS} and what the code's entry says about it.
 * `statusCode` is fastify's name for the status, so fastify and its plugins read it too.
 *
 * @example
 * throw new PasokhError('PASOKH_ERR_HANDOFF_TAKEN', { details: { agentName: 'مریم' } });
 */
export class PasokhError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly retryable: boolean;
  readonly details: Readonly<Record<string, unknown>>;
  readonly #text: string | undefined;

  constructor(code: ErrorCode, options: PasokhErrorOptions = {}) {
    const spec = specOf(code);
    const details = options.details ?? {};
    const text = options.text ?? textOf(spec, details);
    super(options.message ?? text ?? code, options.cause === undefined ? undefined : { cause: options.cause });
    this.#text = text;
    this.name = 'PasokhError';
    this.code = code;
    this.statusCode = options.status ?? spec.status;
    this.retryable = spec.retryable === true;
    this.details = details;
  }

  /** What a customer or an agent reads: the code's Persian text, else the message. */
  get publicMessage(): string {
    return this.#text ?? this.message;
  }
}

function textOf(spec: ErrorSpec, details: Readonly<Record<string, unknown>>): string | undefined {
  return typeof spec.text === 'function' ? spec.text(details) : spec.text;
}

const causeMessage = (cause: unknown) => (cause instanceof Error ? cause.message : String(cause));

// The errors below carry data their catchers read (the problems, the key, how many replies went
// out); their codes are fixed, so `instanceof` and `code` always agree.

/** Configuration problems, one per variable: the start stops and names them. */
export class ConfigError extends PasokhError {
  constructor(readonly problems: string[]) {
    super('PASOKH_ERR_CONFIG', { message: `configuration problems:\n${problems.map((p) => `  ${p}`).join('\n')}` });
    this.name = 'ConfigError';
  }
}

/** AGENTS or AGENTS_FILE cannot be read. */
export class AgentsError extends PasokhError {
  constructor(message: string) {
    super('PASOKH_ERR_AGENTS_CONFIG', { message });
    this.name = 'AgentsError';
  }
}

/** A mistake in how a command was called: printed with the usage, exit code 2. */
export class UsageError extends PasokhError {
  constructor(message: string) {
    super('PASOKH_ERR_USAGE', { message });
    this.name = 'UsageError';
  }
}

/** A broken intents file or directory, with the file and line. */
export class IntentsError extends PasokhError {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    detail: string,
  ) {
    super('PASOKH_ERR_INTENTS', { message: `${file}${line ? `:${line}` : ''}: ${detail}` });
    this.name = 'IntentsError';
  }
}

/** `orders.csv:5: order 10404: unknown product "ghost-9"` */
export const formatProblem = (p: FileProblem) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`;

/** The shop's files cannot be served at all (no usable shop.yaml or catalog). */
export class ShopFilesError extends PasokhError {
  constructor(readonly problems: readonly FileProblem[]) {
    super('PASOKH_ERR_SHOP_FILES', { message: `the shop files have problems:\n${problems.map(formatProblem).join('\n')}` });
    this.name = 'ShopFilesError';
  }
}

/** A write lost a race: someone saved the item since it was read. Retryable: the caller answers 503. */
export class ConflictError extends PasokhError {
  constructor(readonly key: string) {
    super('PASOKH_ERR_STORE_CONFLICT', { message: `state of ${key} changed since it was read` });
    this.name = 'ConflictError';
  }
}

/** The store could not be reached; it passes by itself: 503 with Retry-After, the poller retries. */
export class StoreUnavailableError extends PasokhError {
  constructor(cause: unknown) {
    super('PASOKH_ERR_STORE_UNAVAILABLE', { message: `state store unavailable: ${causeMessage(cause)}`, cause });
    this.name = 'StoreUnavailableError';
  }
}

/**
 * A lock was not ours within the time allowed: its holder is still working, or it died and its
 * lease has not expired yet. 503: by the time the redelivery comes, a dead holder's lease has
 * expired and the redelivery takes over.
 */
export class LockTimeoutError extends PasokhError {
  constructor(
    readonly lock: string,
    waitMs: number,
  ) {
    super('PASOKH_ERR_LOCK_TIMEOUT', { message: `lock ${lock} not acquired within ${waitMs} ms` });
    this.name = 'LockTimeoutError';
  }
}

/** The lease expired (its holder stalled longer than its TTL) and a later ticket may hold the lock: nothing was written. */
export class LeaseLostError extends PasokhError {
  constructor(readonly lock: string) {
    super('PASOKH_ERR_LEASE_LOST', { message: `lease on ${lock} was lost before the write` });
    this.name = 'LeaseLostError';
  }
}

/** An inbound activity that is not one: 400 with every issue. */
export class InvalidActivityError extends PasokhError {
  constructor(readonly issues: string[]) {
    super('PASOKH_ERR_INVALID_ACTIVITY', { message: `invalid activity: ${issues.join('; ')}`, details: { issues } });
    this.name = 'InvalidActivityError';
  }
}

/** The conversation is gone (the customer's /forget, retention): nothing more is written to it. */
export class ConversationGoneError extends PasokhError {
  constructor(conversationKey: string) {
    super('PASOKH_ERR_CONVERSATION_GONE', { message: `conversation ${conversationKey} is gone` });
    this.name = 'ConversationGoneError';
  }
}

/** Codes of the handoff service's refusals. */
export type HandoffCode = 'PASOKH_ERR_NOT_ASSIGNED' | 'PASOKH_ERR_HANDOFF_NOT_CLAIMED' | 'PASOKH_ERR_HANDOFF_TAKEN' | 'PASOKH_ERR_HANDOFF_NOT_QUEUED' | 'PASOKH_ERR_CONVERSATION_NOT_FOUND';

/** The handoff service refused an agent's action; its Persian text is shown to the agent (console, staff group). */
export class HandoffError extends PasokhError {
  constructor(code: HandoffCode, details?: Record<string, unknown>) {
    super(code, { details });
    this.name = 'HandoffError';
  }
}

/** A channel's update that pasokh cannot read (a number where `text` belongs): 400, nothing recorded. */
export class BadUpdateError extends PasokhError {
  constructor(problem: string) {
    super('PASOKH_ERR_BAD_UPDATE', { message: problem });
    this.name = 'BadUpdateError';
  }
}

/** The customer blocked the bot or left: nothing more can be delivered. `sent` replies got through. */
export class UndeliverableError extends PasokhError {
  constructor(
    readonly sent: number,
    cause: unknown,
  ) {
    super('PASOKH_ERR_UNDELIVERABLE', { message: `cannot deliver: ${causeMessage(cause)}`, cause });
    this.name = 'UndeliverableError';
  }
}

/** Sending failed in a way that may pass (network, the platform's 5xx): 503, delivered again later. */
export class DeliveryFailedError extends PasokhError {
  constructor(
    readonly sent: number,
    cause: unknown,
  ) {
    super('PASOKH_ERR_DELIVERY_FAILED', { message: `delivery failed: ${causeMessage(cause)}`, cause });
    this.name = 'DeliveryFailedError';
  }
}

/**
 * A turn's events could not be passed on: they stay in its outbox and go out on the redelivery.
 * Retryable (503) only when its cause is: a fault that will not pass is not asked for again forever.
 */
export class EventsUndeliveredError extends PasokhError {
  constructor(cause: unknown) {
    super(asPasokhError(cause).retryable ? 'PASOKH_ERR_EVENTS_DEFERRED' : 'PASOKH_ERR_EVENTS_FAILED', { message: `turn events not delivered: ${causeMessage(cause)}`, cause });
    this.name = 'EventsUndeliveredError';
  }
}

// fastify's own refusals of a request (its FST_ERR_* codes), as ours.
const FRAMEWORK: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PASOKH_ERR_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'PASOKH_ERR_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'PASOKH_ERR_BAD_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'PASOKH_ERR_BAD_JSON',
};

/**
 * Any thrown value as a PasokhError: ours as they are; a zod refusal is PASOKH_ERR_BAD_REQUEST;
 * fastify's refusals of a request (bad JSON, too large, wrong media type, any 4xx) keep their
 * status under our code; an error marked `retryable` (grammY's network errors are not) passes
 * by itself; anything else is PASOKH_ERR_INTERNAL with the original as its cause.
 *
 * @example
 * if (asPasokhError(error).retryable) await sleep(backoff);
 */
export function asPasokhError(error: unknown): PasokhError {
  if (error instanceof PasokhError) return error;
  if (error instanceof ZodError) return new PasokhError('PASOKH_ERR_BAD_REQUEST', { message: error.issues[0]?.message ?? 'bad request', cause: error });
  const e = error as { statusCode?: unknown; code?: unknown; retryable?: unknown; message?: unknown } | undefined;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  if (e?.retryable === true || e?.statusCode === 503) return new PasokhError('PASOKH_ERR_STORE_UNAVAILABLE', { message, cause: error });
  const status = e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const known = typeof e?.code === 'string' ? FRAMEWORK[e.code] : undefined;
    if (known) return new PasokhError(known, { message, cause: error });
    // JSON that does not parse is a SyntaxError marked 400; any other 4xx of fastify's keeps its status.
    if (error instanceof SyntaxError && status === 400) return new PasokhError('PASOKH_ERR_BAD_JSON', { message, cause: error });
    return new PasokhError('PASOKH_ERR_BAD_REQUEST', { message, cause: error, status });
  }
  return new PasokhError('PASOKH_ERR_INTERNAL', { message, cause: error });
}

/** How an error is handled: retried later (503), the client's mistake (4xx, not retried), or a fault (500). */
export type ErrorKind = 'retry' | 'client' | 'fault';

/**
 * Classifies an error thrown while handling a request or an update.
 *
 * @example
 * if (classify(error) === 'retry') await sleep(backoff);
 */
export function classify(error: unknown): ErrorKind {
  const e = asPasokhError(error);
  if (e.retryable) return 'retry';
  return e.statusCode >= 400 && e.statusCode < 500 ? 'client' : 'fault';
}

/** The JSON body of an error response: `{ error, code, message }` and the error's details. */
export interface ErrorBody {
  /** The name clients read before codes existed (`bad_request`, `taken`, `unavailable`…). */
  error: string;
  /** The stable code from {@link ERRORS}. */
  code: ErrorCode;
  /** Persian for customers and agents; the developer's message otherwise. */
  message: string;
  [detail: string]: unknown;
}

/** What an error answers over HTTP: status, headers and body, all from the table. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: ErrorBody;
}

/**
 * The HTTP answer for an error. A fault's body says nothing of its cause.
 *
 * @example
 * const { status, headers, body } = httpAnswer(error);
 * reply.code(status).headers(headers).send(body);
 */
export function httpAnswer(error: unknown): HttpAnswer {
  const e = asPasokhError(error);
  const spec = specOf(e.code);
  const retryAfter = typeof e.details.retryAfter === 'number' ? e.details.retryAfter : spec.retryAfter;
  const headers: Record<string, string> = retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) };
  // The seconds are in the body too, for clients that cannot read the header (a cross-origin page).
  const wait = retryAfter === undefined ? {} : { retryAfter };
  // A server-side failure's own message names keys and causes: the client gets the code's text only.
  if (e.statusCode >= 500) {
    const message = textOf(spec, e.details) ?? (e.retryable ? textOf(specOf('PASOKH_ERR_STORE_UNAVAILABLE'), {})! : 'something went wrong');
    return { status: e.statusCode, headers, body: { error: spec.error, code: e.code, message, ...wait } };
  }
  return { status: e.statusCode, headers, body: { ...e.details, error: spec.error, code: e.code, message: e.publicMessage, ...wait } };
}

/** A channel that tries to write another channel's activities, or breaks its own contract. */
export class ChannelContractError extends PasokhError {
  constructor(message: string) {
    super('PASOKH_ERR_CHANNEL_CONTRACT', { message });
    this.name = 'ChannelContractError';
  }
}
