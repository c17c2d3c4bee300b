// A local stand-in for Telegram's Bot API (https://core.telegram.org/bots/api), for tests: Telegram's
// servers are unreachable here, and a fake that answers like the real one (same errors, same shapes)
// lets the adapter tests catch what would break in production: missing HTML escaping, 429s, two pollers.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Call {
  token: string;
  method: string;
  params: Record<string, any>;
  at: number;
  /** The HTTP status answered; unset while a long poll waits or when the socket was destroyed. */
  status?: number;
  /** True when the call was answered with an error (or its socket destroyed). */
  failed?: boolean;
}

export type Failure =
  | { status: 429; retryAfter: number } // Too Many Requests with parameters.retry_after
  | { status: 400 | 403 | 500 | 502; description?: string }
  | 'network' // destroy the socket without answering
  | 'hang'; // take the call and never answer (the caller dies or gives up waiting); counted as failed

/** A file sent in a multipart/form-data part; params hold this instead of the bytes. */
export interface UploadedFile {
  filename: string;
  size: number;
  contentType?: string;
}

export interface BotApiStandIn {
  /** The apiRoot for grammY: grammY requests `${apiRoot}/bot${token}/${method}`. */
  readonly url: string;
  /** Every call, in arrival order, failed ones included (see Call.failed). */
  readonly calls: Call[];
  callsOf(method: string): Call[];
  /** Queue an update for getUpdates; update_id is assigned (incrementing from 1000) when missing. Returns the update. */
  pushUpdate(update: Record<string, any>): Record<string, any>;
  /** The next call(s) to `method` (or '*' for any method) fail as given; `times` defaults to 1. */
  failNext(method: string, failure: Failure, times?: number): void;
  /**
   * Answers later calls to `method` after `ms` (0: at once), as a distant Bot API does: lets a test stop a
   * server mid-batch. A call whose client goes away meanwhile is carried out at once, as Telegram would.
   */
  setLatency(method: string, ms: number): void;
  /** Resolves with the first call (already made or future) to `method` matching `predicate`; rejects after timeoutMs (default 5000). */
  waitForCall(method: string, predicate?: (c: Call) => boolean, timeoutMs?: number): Promise<Call>;
  /** Forget calls, queued updates, failures, webhook, messages and topics. update_id keeps counting up. */
  reset(): void;
  close(): Promise<void>;
}

export interface StandInOptions {
  token?: string;
  botId?: number;
  botUsername?: string;
  firstName?: string;
}

type Params = Record<string, any>;
type Json = Record<string, any>;

/** Telegram caps long polls at 50 s; tests must stay fast, so a poll waits at most this long. */
const MAX_POLL_SECONDS = 1;
const MAX_BODY_BYTES = 50 * 1024 * 1024;
const FIRST_UPDATE_ID = 1000;

/** An error answered as `{ ok: false, error_code, description, parameters? }`. */
class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly parameters?: { retry_after: number },
  ) {
    super(description);
  }
}
const badRequest = (what: string) => new ApiError(400, `Bad Request: ${what}`);

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';
const TWO_POLLERS = 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';
const WEBHOOK_ACTIVE = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";

const DEFAULT_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden: bot was blocked by the user',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
};

// ---------------------------------------------------------------------------------------------
// Request parsing: grammY posts JSON, or multipart/form-data when a file is uploaded; curl-style
// clients use query strings or urlencoded forms. Form values are strings, so restore their types.

/** Fields whose numeric form values are numbers in the Bot API. */
const INTEGER_FIELDS = new Set([
  'chat_id', 'from_chat_id', 'message_id', 'message_thread_id', 'reply_to_message_id', 'user_id',
  'offset', 'limit', 'timeout', 'max_connections', 'cache_time', 'icon_color',
]);
/** Free-text fields stay strings even when they read `true`, `42` or `{...}`. */
const TEXT_FIELDS = new Set(['text', 'caption', 'name', 'title', 'description', 'short_description', 'secret_token', 'url', 'callback_query_id', 'photo']);

function formValue(key: string, raw: string): unknown {
  if (TEXT_FIELDS.has(key)) return raw;
  const trimmed = raw.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed); // reply_markup, allowed_updates, reply_parameters…
    } catch {
      return raw;
    }
  }
  if (INTEGER_FIELDS.has(key) && /^-?\d+$/.test(trimmed)) return Number(trimmed);
  if (raw === 'true' || raw === 'false') return raw === 'true';
  return raw;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, 'Request Entity Too Large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseMultipart(body: Buffer, boundary: string): Params {
  const params: Params = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  for (let part = 0; start !== -1 && part < 1000; part++) {
    const from = start + delimiter.length;
    if (body.subarray(from, from + 2).toString('latin1') === '--') break; // the closing delimiter
    const end = body.indexOf(delimiter, from);
    if (end === -1) break;
    let chunk = body.subarray(from, end);
    // Each part sits between the CRLF ending its delimiter line and the CRLF before the next one.
    if (chunk[0] === 13 && chunk[1] === 10) chunk = chunk.subarray(2);
    if (chunk.at(-2) === 13 && chunk.at(-1) === 10) chunk = chunk.subarray(0, -2);
    const split = chunk.indexOf('\r\n\r\n');
    if (split !== -1) {
      const head = chunk.subarray(0, split).toString('utf8');
      const content = chunk.subarray(split + 4);
      const name = /(?:^|[;:])\s*name="([^"]*)"/im.exec(head)?.[1];
      // grammY writes filename=photo.jpg unquoted; browsers quote it.
      const filename = /filename="?([^";\r\n]*)"?/i.exec(head)?.[1];
      const contentType = /^content-type:\s*(.+)$/im.exec(head)?.[1]?.trim();
      if (name !== undefined) {
        params[name] =
          filename !== undefined
            ? ({ filename, size: content.length, ...(contentType ? { contentType } : {}) } satisfies UploadedFile)
            : formValue(name, content.toString('utf8'));
      }
    }
    start = end;
  }
  return params;
}

async function readParams(req: IncomingMessage, url: URL): Promise<Params> {
  const params: Params = {};
  for (const [key, value] of url.searchParams) params[key] = formValue(key, value);
  const body = await readBody(req);
  if (body.length === 0) return params;
  const contentType = req.headers['content-type'] ?? '';
  const type = contentType.toLowerCase();
  if (type.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw badRequest("can't parse JSON object");
    }
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) Object.assign(params, parsed);
  } else if (type.startsWith('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params[key] = formValue(key, value);
  } else if (type.startsWith('multipart/form-data')) {
    // The boundary is case-sensitive, so read it from the original header.
    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
    const value = boundary?.[1] ?? boundary?.[2];
    if (value) Object.assign(params, parseMultipart(body, value));
  }
  return params;
}

// ---------------------------------------------------------------------------------------------
// Validation that mirrors Telegram's, so formatting bugs surface in tests rather than in production.

const HTML_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code', 'pre', 'tg-spoiler', 'tg-emoji', 'blockquote', 'span']);
const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

const cantParse = (why: string) => badRequest(`can't parse entities: ${why}`);

/** Telegram's HTML parse mode, roughly: supported tags only, properly nested; returns the plain text. */
function parseHtml(text: string): string {
  const open: string[] = [];
  let plain = '';
  const tag = /<(\/?)([a-z][a-z0-9-]*)(\s[^<>]*)?>/iy;
  const entity = /&(#\d+|#x[0-9a-f]+|[a-z]+);/iy;
  for (let i = 0; i < text.length; ) {
    const ch = text[i]!;
    if (ch === '<') {
      // Telegram reports positions in UTF-8 bytes.
      const at = Buffer.byteLength(text.slice(0, i));
      tag.lastIndex = i;
      const m = tag.exec(text);
      if (!m) throw cantParse(`Unsupported start tag "${/^[^\s<>]*/.exec(text.slice(i + 1))?.[0] ?? ''}" at byte offset ${at}`);
      const name = m[2]!.toLowerCase();
      if (m[1]) {
        const top = open.pop();
        if (top === undefined) throw cantParse(`Unexpected end tag at byte offset ${at}`);
        if (top !== name) throw cantParse(`Unmatched end tag at byte offset ${at}, expected "</${top}>", found "</${name}>"`);
      } else {
        if (!HTML_TAGS.has(name)) throw cantParse(`Unsupported start tag "${name}" at byte offset ${at}`);
        if (name === 'span' && !/class\s*=\s*["']?tg-spoiler/i.test(m[3] ?? '')) throw cantParse(`Tag "span" must have class "tg-spoiler" at byte offset ${at}`);
        open.push(name);
      }
      i = tag.lastIndex;
      continue;
    }
    if (ch === '&') {
      entity.lastIndex = i;
      const m = entity.exec(text);
      const decoded = m ? decodeEntity(m[1]!) : undefined;
      if (m && decoded !== undefined) {
        plain += decoded;
        i = entity.lastIndex;
        continue;
      }
    }
    plain += ch; // Telegram keeps a bare `&` or `>` as text
    i++;
  }
  if (open.length > 0) throw cantParse(`Can't find end tag corresponding to start tag "${open.at(-1)}"`);
  return plain;
}

function decodeEntity(body: string): string | undefined {
  if (body.startsWith('#')) {
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
  }
  return NAMED_ENTITIES[body.toLowerCase()];
}

/**
 * Checks a text or caption as Telegram does (length counted after entity parsing) and returns the plain
 * text Telegram would echo back, plus a key that changes whenever the formatted content changes.
 */
function formatted(raw: unknown, parseMode: unknown, max: number, empty: string, tooLong: string): { plain: string; key: string } {
  const text = raw === undefined || raw === null ? '' : String(raw);
  let plain = text;
  if (parseMode === 'HTML' || parseMode === 'html') plain = parseHtml(text);
  else if (parseMode !== undefined && parseMode !== null && parseMode !== '' && !['Markdown', 'MarkdownV2', 'markdown', 'markdownv2'].includes(String(parseMode))) {
    throw badRequest('unsupported parse_mode');
  }
  // MarkdownV2 is not validated: the adapter uses HTML.
  if (empty && plain.trim() === '') throw badRequest(empty);
  if (plain.length > max) throw badRequest(tooLong);
  return { plain, key: `${String(parseMode ?? '')}\u0000${text}` };
}

/** Fields of an InlineKeyboardButton that give it an action; a button needs exactly one. */
const BUTTON_ACTIONS = ['url', 'callback_data', 'web_app', 'login_url', 'switch_inline_query', 'switch_inline_query_current_chat', 'switch_inline_query_chosen_chat', 'copy_text', 'callback_game', 'pay'];

/** Validates reply_markup; returns the inline keyboard a Message carries, if any (Telegram echoes only those). */
function inlineMarkup(raw: unknown): Json | undefined {
  let markup = raw;
  if (typeof markup === 'string') {
    try {
      markup = JSON.parse(markup);
    } catch {
      throw badRequest("can't parse reply keyboard markup JSON object");
    }
  }
  if (!markup || typeof markup !== 'object') return undefined;
  const rows = (markup as Json).inline_keyboard;
  if (rows === undefined) return undefined; // reply keyboards, remove_keyboard, force_reply
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
  for (const row of rows as unknown[][]) {
    for (const button of row as Json[]) {
      if (!button || typeof button.text !== 'string') throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
      if (!BUTTON_ACTIONS.some((field) => button[field] !== undefined)) throw badRequest('text buttons are unallowed in the inline keyboard');
      if (button.callback_data !== undefined) {
        // 1–64 bytes: long Persian callback data is an easy mistake.
        const bytes = Buffer.byteLength(String(button.callback_data));
        if (bytes < 1 || bytes > 64) throw badRequest('BUTTON_DATA_INVALID');
      }
    }
  }
  if (rows.length === 0) return undefined; // an empty keyboard removes the keyboard
  return JSON.parse(JSON.stringify(markup)) as Json;
}

const sameMarkup = (a: Json | undefined, b: Json | undefined) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function optInt(params: Params, key: string): number | undefined {
  const value = params[key];
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n)) throw badRequest(`invalid ${key} specified`);
  return n;
}

function chatIdOf(params: Params, key = 'chat_id'): number {
  const raw = params[key];
  if (raw === undefined || raw === null || raw === '') throw badRequest(`${key} is empty`);
  const id = typeof raw === 'number' ? raw : /^-?\d+$/.test(String(raw)) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id)) throw badRequest('chat not found'); // @usernames are not simulated
  return id;
}

const now = () => Math.floor(Date.now() / 1000);
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The update kind is its only field besides update_id; Telegram only sends these three when asked for. */
const updateKind = (update: Json) => Object.keys(update).find((key) => key !== 'update_id') ?? '';
const OPT_IN_KINDS = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);
const MESSAGE_KINDS = ['message', 'edited_message', 'channel_post', 'edited_channel_post', 'business_message', 'edited_business_message'];
const CHAT_ACTIONS = new Set(['typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice', 'upload_document', 'choose_sticker', 'find_location', 'record_video_note', 'upload_video_note']);

// ---------------------------------------------------------------------------------------------

interface StoredMessage {
  message: Json;
  /** Raw text + parse mode: an edit that changes neither text nor markup is "not modified". */
  key: string;
}

interface Topic {
  name: string;
  closed: boolean;
  deleted: boolean;
}

interface State {
  updates: Json[]; // queued, sorted by update_id
  webhook: { url: string; secretToken?: string } | undefined;
  allowedUpdates: string[] | undefined; // one setting shared by getUpdates and setWebhook, as in Telegram
  failures: { method: string; failure: Failure; left: number }[];
  latency: Map<string, number>; // lower-case method name → ms before answering
  lastMessageId: Map<number, number>; // per chat: message ids are counted per chat
  messages: Map<string, StoredMessage>; // `${chatId}:${messageId}`
  chats: Map<number, Json>; // learnt from pushed updates
  users: Map<number, Json>;
  topics: Map<string, Topic>; // `${chatId}:${threadId}`
  commands: Json[];
  files: number;
}

const freshState = (): State => ({
  updates: [],
  webhook: undefined,
  allowedUpdates: undefined,
  failures: [],
  latency: new Map(),
  lastMessageId: new Map(),
  messages: new Map(),
  chats: new Map(),
  users: new Map(),
  topics: new Map(),
  commands: [],
  files: 0,
});

/** A getUpdates request waiting for an update to be pushed. */
interface Poll {
  wake(): void;
  end(): void;
  fail(error: ApiError): void;
}

interface Watcher {
  method: string;
  predicate?: (c: Call) => boolean;
  resolve(c: Call): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

type Handler = (params: Params, res: ServerResponse) => unknown;

export async function startBotApiStandIn(options: StandInOptions = {}): Promise<BotApiStandIn> {
  const token = options.token ?? '123456:TEST-TOKEN';
  const botUser = {
    id: options.botId ?? 123456,
    is_bot: true,
    first_name: options.firstName ?? 'Pasokh',
    username: options.botUsername ?? 'pasokh_test_bot',
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
  };
  const calls: Call[] = [];
  const watchers = new Set<Watcher>();
  let state = freshState();
  let poll: Poll | undefined;
  // Never restarts, not even on reset(): a running poller's offset would otherwise drop new updates.
  let nextUpdateId = FIRST_UPDATE_ID;

  const sameMethod = (a: string, b: string) => b === '*' || a.toLowerCase() === b.toLowerCase();

  function record(call: Call) {
    calls.push(call);
    for (const watcher of [...watchers]) {
      let matched = false;
      try {
        matched = sameMethod(call.method, watcher.method) && (!watcher.predicate || watcher.predicate(call));
      } catch (error) {
        watchers.delete(watcher);
        clearTimeout(watcher.timer);
        watcher.reject(error as Error);
        continue;
      }
      if (matched) {
        watchers.delete(watcher);
        clearTimeout(watcher.timer);
        watcher.resolve(call);
      }
    }
  }

  // --- chats and messages -------------------------------------------------------------------

  function chatFor(id: number): Json {
    const known = state.chats.get(id);
    if (known) return clone(known);
    // Positive ids are users' private chats; negative ones are taken to be the (forum) staff supergroup.
    return id > 0 ? { id, type: 'private', first_name: 'User' } : { id, type: 'supergroup', title: 'Group', is_forum: true };
  }

  function nextMessageId(chatId: number): number {
    const id = (state.lastMessageId.get(chatId) ?? 0) + 1;
    state.lastMessageId.set(chatId, id);
    return id;
  }

  function remember(message: Json, key: string) {
    state.messages.set(`${message.chat.id}:${message.message_id}`, { message, key });
  }

  function findMessage(params: Params, chatKey: string, idKey: string, missing: string): StoredMessage {
    const chatId = chatIdOf(params, chatKey);
    const messageId = optInt(params, idKey);
    if (messageId === undefined) throw badRequest('message identifier is not specified');
    const stored = state.messages.get(`${chatId}:${messageId}`);
    if (!stored) throw badRequest(missing);
    return stored;
  }

  function checkThread(chatId: number, params: Params): number | undefined {
    const thread = optInt(params, 'message_thread_id');
    if (thread !== undefined && state.topics.get(`${chatId}:${thread}`)?.deleted) throw badRequest('message thread not found');
    return thread;
  }

  function replyTarget(chatId: number, params: Params): Json | undefined {
    const reply = (typeof params.reply_parameters === 'object' && params.reply_parameters) || undefined;
    const messageId = reply?.message_id ?? params.reply_to_message_id;
    if (messageId === undefined) return undefined;
    const replyChat = reply?.chat_id !== undefined ? chatIdOf(reply) : chatId;
    const target = state.messages.get(`${replyChat}:${messageId}`);
    if (!target) {
      if (reply?.allow_sending_without_reply || params.allow_sending_without_reply) return undefined;
      throw badRequest('message to be replied not found');
    }
    const { reply_to_message: _nested, ...shallow } = target.message; // Telegram does not nest replies
    return clone(shallow);
  }

  /** Builds, stores and returns a message the bot sends; everything is validated before an id is used. */
  function sendOwn(params: Params, content: Json, key: string): Json {
    const chatId = chatIdOf(params);
    const thread = checkThread(chatId, params);
    const reply = replyTarget(chatId, params);
    const markup = inlineMarkup(params.reply_markup);
    const chat = chatFor(chatId);
    const message: Json = { message_id: nextMessageId(chatId), from: { ...botUser }, chat, date: now() };
    if (thread !== undefined) {
      message.message_thread_id = thread;
      if (chat.type === 'supergroup') message.is_topic_message = true;
    }
    if (reply) message.reply_to_message = reply;
    Object.assign(message, content);
    if (markup) message.reply_markup = markup;
    remember(message, key);
    return clone(message);
  }

  function topicOf(params: Params): Topic {
    const chatId = chatIdOf(params);
    const thread = optInt(params, 'message_thread_id');
    if (thread === undefined) throw badRequest('message thread not found');
    const key = `${chatId}:${thread}`;
    const topic = state.topics.get(key) ?? { name: '', closed: false, deleted: false };
    if (topic.deleted) throw badRequest('message thread not found');
    state.topics.set(key, topic);
    return topic;
  }

  // --- updates ------------------------------------------------------------------------------

  function allowed(update: Json): boolean {
    const kind = updateKind(update);
    const list = state.allowedUpdates;
    return list && list.length > 0 ? list.includes(kind) : !OPT_IN_KINDS.has(kind);
  }

  /** Queued updates the bot would get; updates of kinds it did not ask for are dropped, as Telegram never makes them. */
  function take(limit: number): Json[] {
    state.updates = state.updates.filter(allowed);
    return clone(state.updates.slice(0, limit));
  }

  /** Fills what Telegram always sets on an incoming message, and remembers its chat, sender and id. */
  function learnMessage(message: unknown) {
    if (!message || typeof message !== 'object') return;
    const m = message as Json;
    const chatId = m.chat?.id;
    if (typeof chatId !== 'number') return;
    if (typeof m.message_id !== 'number') m.message_id = nextMessageId(chatId);
    else state.lastMessageId.set(chatId, Math.max(state.lastMessageId.get(chatId) ?? 0, m.message_id));
    if (typeof m.date !== 'number') m.date = now();
    state.chats.set(chatId, clone(m.chat));
    if (typeof m.from?.id === 'number') state.users.set(m.from.id, clone(m.from));
    if (!state.messages.has(`${chatId}:${m.message_id}`)) remember(m, `\u0000${m.text ?? m.caption ?? ''}`);
  }

  function pushUpdate(update: Record<string, any>): Record<string, any> {
    if (typeof update.update_id !== 'number') update.update_id = nextUpdateId;
    nextUpdateId = Math.max(nextUpdateId, update.update_id + 1);
    for (const kind of MESSAGE_KINDS) learnMessage(update[kind]);
    const query = update.callback_query;
    if (query && typeof query === 'object') {
      if (query.id === undefined) query.id = String(update.update_id);
      if (typeof query.from?.id === 'number') state.users.set(query.from.id, clone(query.from));
      learnMessage(query.message);
    }
    state.updates.push(update);
    state.updates.sort((a, b) => a.update_id - b.update_id);
    poll?.wake();
    return update;
  }

  // --- methods ------------------------------------------------------------------------------

  const methods: Record<string, Handler> = {
    getMe: () => ({ ...botUser }),

    getUpdates: (params, res) => {
      if (state.webhook) throw new ApiError(409, WEBHOOK_ACTIVE);
      poll?.fail(new ApiError(409, TWO_POLLERS)); // the older poller learns it was replaced
      const offset = optInt(params, 'offset');
      const limit = Math.min(100, Math.max(1, optInt(params, 'limit') ?? 100));
      const timeout = Math.max(0, optInt(params, 'timeout') ?? 0);
      if (Array.isArray(params.allowed_updates)) state.allowedUpdates = params.allowed_updates.map(String);
      // An offset confirms every update below it; a negative one keeps only the last -offset updates.
      if (offset !== undefined) state.updates = offset < 0 ? state.updates.slice(offset) : state.updates.filter((u) => u.update_id >= offset);
      const ready = take(limit);
      if (ready.length > 0 || timeout === 0) return ready;
      return new Promise<Json[]>((resolve, reject) => {
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          if (poll === waiting) poll = undefined;
          settle();
        };
        const waiting: Poll = {
          wake: () => {
            const updates = take(limit);
            if (updates.length > 0) finish(() => resolve(updates));
          },
          end: () => finish(() => resolve([])),
          fail: (error) => finish(() => reject(error)),
        };
        const timer = setTimeout(waiting.end, Math.min(timeout, MAX_POLL_SECONDS) * 1000);
        poll = waiting;
        res.once('close', waiting.end); // the client gave up (grammY aborts its poll on bot.stop())
      });
    },

    sendMessage: (params) => {
      const { plain, key } = formatted(params.text, params.parse_mode, 4096, 'message text is empty', 'message is too long');
      return sendOwn(params, { text: plain }, key);
    },

    sendPhoto: (params) => {
      const photo = params.photo;
      let source: string | undefined;
      if (typeof photo === 'string' && photo.startsWith('attach://')) {
        const file = params[photo.slice('attach://'.length)];
        if (file && typeof file === 'object') source = 'upload';
      } else if (typeof photo === 'string' && photo !== '') source = photo;
      else if (photo && typeof photo === 'object' && 'filename' in photo) source = 'upload'; // curl -F photo=@file
      if (!source) throw badRequest('there is no photo in the request');
      const { plain, key } = formatted(params.caption, params.parse_mode, 1024, '', 'message caption is too long');
      const n = ++state.files;
      // Telegram returns several sizes, smallest first; clients usually take the last one.
      const sizes = [
        { file_id: `AgACAgIAAxkBAAI-${n}-s`, file_unique_id: `AQAD${n}s`, width: 320, height: 180, file_size: 12_000 },
        { file_id: `AgACAgIAAxkBAAI-${n}-x`, file_unique_id: `AQAD${n}x`, width: 1280, height: 720, file_size: 96_000 },
      ];
      return sendOwn(params, { photo: sizes, ...(plain ? { caption: plain } : {}) }, `photo\u0000${key}`);
    },

    sendChatAction: (params) => {
      chatIdOf(params);
      if (!CHAT_ACTIONS.has(String(params.action))) throw badRequest('wrong parameter action in request');
      return true;
    },

    answerCallbackQuery: (params) => {
      if (!params.callback_query_id) throw badRequest('query is too old and response timeout expired or query ID is invalid');
      return true;
    },

    editMessageText: (params) => {
      const { plain, key } = formatted(params.text, params.parse_mode, 4096, 'message text is empty', 'message is too long');
      const markup = inlineMarkup(params.reply_markup);
      if (params.inline_message_id) return true;
      const stored = findMessage(params, 'chat_id', 'message_id', 'message to edit not found');
      if (stored.message.from?.id !== botUser.id) throw badRequest("message can't be edited");
      if (typeof stored.message.text !== 'string') throw badRequest('there is no text in the message to edit');
      if (stored.key === key && sameMarkup(markup, stored.message.reply_markup)) throw badRequest(NOT_MODIFIED);
      stored.key = key;
      stored.message.text = plain;
      stored.message.edit_date = now();
      if (markup) stored.message.reply_markup = markup;
      else delete stored.message.reply_markup;
      return clone(stored.message);
    },

    editMessageReplyMarkup: (params) => {
      const markup = inlineMarkup(params.reply_markup);
      if (params.inline_message_id) return true;
      const stored = findMessage(params, 'chat_id', 'message_id', 'message to edit not found');
      if (stored.message.from?.id !== botUser.id) throw badRequest("message can't be edited");
      if (sameMarkup(markup, stored.message.reply_markup)) throw badRequest(NOT_MODIFIED);
      stored.message.edit_date = now();
      if (markup) stored.message.reply_markup = markup;
      else delete stored.message.reply_markup;
      return clone(stored.message);
    },

    deleteMessage: (params) => {
      const stored = findMessage(params, 'chat_id', 'message_id', 'message to delete not found');
      state.messages.delete(`${stored.message.chat.id}:${stored.message.message_id}`);
      return true;
    },

    copyMessage: (params) => {
      const source = findMessage(params, 'from_chat_id', 'message_id', 'message to copy not found');
      const { message_id: _id, from: _from, chat: _chat, date: _date, reply_to_message: _reply, message_thread_id: _thread, is_topic_message: _topic, reply_markup: _markup, edit_date: _edit, ...content } =
        source.message;
      const copy = sendOwn(params, content, source.key);
      return { message_id: copy.message_id };
    },

    setWebhook: (params) => {
      const url = String(params.url ?? '');
      if (url === '') {
        state.webhook = undefined; // Telegram: an empty url removes the webhook
        return true;
      }
      if (!url.startsWith('https://')) throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
      state.webhook = { url, ...(params.secret_token ? { secretToken: String(params.secret_token) } : {}) };
      if (Array.isArray(params.allowed_updates)) state.allowedUpdates = params.allowed_updates.map(String);
      if (params.drop_pending_updates === true) state.updates = [];
      return true;
    },

    deleteWebhook: (params) => {
      state.webhook = undefined;
      if (params.drop_pending_updates === true) state.updates = [];
      return true;
    },

    getWebhookInfo: () => ({
      url: state.webhook?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: state.updates.length,
      ...(state.allowedUpdates ? { allowed_updates: [...state.allowedUpdates] } : {}),
    }),

    createForumTopic: (params) => {
      const chatId = chatIdOf(params);
      if (chatFor(chatId).type !== 'supergroup') throw badRequest('the chat is not a forum');
      const name = String(params.name ?? '');
      if (name.length < 1 || name.length > 128) throw badRequest('topic name must be 1-128 characters long');
      // A topic's id is the id of the service message that created it.
      const thread = nextMessageId(chatId);
      state.topics.set(`${chatId}:${thread}`, { name, closed: false, deleted: false });
      return { message_thread_id: thread, name, icon_color: optInt(params, 'icon_color') ?? 7322096 };
    },

    editForumTopic: (params) => {
      const topic = topicOf(params);
      if (typeof params.name === 'string') topic.name = params.name;
      return true;
    },

    closeForumTopic: (params) => {
      const topic = topicOf(params);
      if (topic.closed) throw badRequest('TOPIC_NOT_MODIFIED');
      topic.closed = true;
      return true;
    },

    reopenForumTopic: (params) => {
      const topic = topicOf(params);
      if (!topic.closed) throw badRequest('TOPIC_NOT_MODIFIED');
      topic.closed = false;
      return true;
    },

    deleteForumTopic: (params) => {
      topicOf(params).deleted = true;
      return true;
    },

    getChat: (params) => ({ ...chatFor(chatIdOf(params)), accent_color_id: 0, max_reaction_count: 11 }),

    getChatMember: (params) => {
      chatIdOf(params);
      const userId = optInt(params, 'user_id');
      if (userId === undefined) throw badRequest('invalid user_id specified');
      const user = userId === botUser.id ? { ...botUser } : (state.users.get(userId) ?? { id: userId, is_bot: false, first_name: 'User' });
      return { status: 'member', user: clone(user) };
    },

    // Set up at start-up by most bots; remembered so a test can read them back.
    setMyCommands: (params) => {
      state.commands = Array.isArray(params.commands) ? clone(params.commands) : [];
      return true;
    },
    getMyCommands: () => clone(state.commands),
    deleteMyCommands: () => {
      state.commands = [];
      return true;
    },
    setMyDescription: () => true,
    setMyShortDescription: () => true,
    setChatMenuButton: () => true,
  };
  // Telegram matches method names case-insensitively.
  const byLowerName = new Map(Object.keys(methods).map((name) => [name.toLowerCase(), name]));

  // --- failures -----------------------------------------------------------------------------

  /** Takes the failure queued for this method (a method-specific one before a '*' one). */
  function takeFailure(method: string): Failure | undefined {
    const entry = state.failures.find((f) => f.method.toLowerCase() === method.toLowerCase()) ?? state.failures.find((f) => f.method === '*');
    if (!entry) return undefined;
    if (--entry.left <= 0) state.failures.splice(state.failures.indexOf(entry), 1);
    return entry.failure;
  }

  function failureError(failure: Exclude<Failure, 'network' | 'hang'>): ApiError {
    if (failure.status === 429) {
      return new ApiError(429, `Too Many Requests: retry after ${failure.retryAfter}`, { retry_after: failure.retryAfter });
    }
    return new ApiError(failure.status, failure.description ?? DEFAULT_DESCRIPTIONS[failure.status] ?? 'Error');
  }

  // --- HTTP ---------------------------------------------------------------------------------

  function answer(res: ServerResponse, call: Call | undefined, status: number, body: Json) {
    if (call) {
      call.status = status;
      if (status !== 200) call.failed = true;
    }
    if (res.writableEnded || res.destroyed) return; // the client already gave up
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  function answerError(res: ServerResponse, call: Call | undefined, error: unknown) {
    const e = error instanceof ApiError ? error : new ApiError(500, `Internal Server Error: ${(error as Error)?.message ?? error}`);
    answer(res, call, e.status, { ok: false, error_code: e.status, description: e.description, ...(e.parameters ? { parameters: e.parameters } : {}) });
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = /^\/bot([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (!path) {
      req.resume();
      answer(res, undefined, 404, { ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    const callToken = decodeURIComponent(path[1]!);
    const asked = decodeURIComponent(path[2]!);
    const method = byLowerName.get(asked.toLowerCase()) ?? asked;
    const call: Call = { token: callToken, method, params: {}, at: Date.now() };
    try {
      call.params = await readParams(req, url);
    } catch (error) {
      record(call);
      answerError(res, call, error);
      return;
    }
    record(call);
    if (callToken !== token) {
      answer(res, call, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      return;
    }
    const failure = takeFailure(method);
    if (failure === 'network') {
      call.failed = true;
      req.socket.destroy();
      return;
    }
    if (failure === 'hang') {
      call.failed = true;
      return;
    }
    if (failure) {
      answerError(res, call, failureError(failure));
      return;
    }
    const latency = state.latency.get(method.toLowerCase());
    if (latency) {
      // Telegram acts on a request it has received even when the client is gone before the answer.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, latency);
        res.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    const handler = methods[method];
    if (!handler) {
      answer(res, call, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
      return;
    }
    try {
      const result = await handler(call.params, res);
      answer(res, call, 200, { ok: true, result });
    } catch (error) {
      answerError(res, call, error);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => answerError(res, undefined, error));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    callsOf: (method) => calls.filter((c) => sameMethod(c.method, method)),
    pushUpdate,
    failNext(method, failure, times = 1) {
      if (times > 0) state.failures.push({ method, failure, left: times });
    },
    setLatency(method, ms) {
      state.latency.set(method.toLowerCase(), ms);
    },
    waitForCall(method, predicate, timeoutMs = 5000) {
      try {
        const made = calls.find((c) => sameMethod(c.method, method) && (!predicate || predicate(c)));
        if (made) return Promise.resolve(made);
      } catch (error) {
        return Promise.reject(error as Error);
      }
      return new Promise<Call>((resolve, reject) => {
        const watcher: Watcher = {
          method,
          ...(predicate ? { predicate } : {}),
          resolve,
          reject,
          timer: setTimeout(() => {
            watchers.delete(watcher);
            const seen = calls.map((c) => c.method).join(', ') || 'none';
            reject(new Error(`waitForCall(${method}): no matching call within ${timeoutMs} ms (calls so far: ${seen})`));
          }, timeoutMs),
        };
        watchers.add(watcher);
      });
    },
    reset() {
      poll?.end();
      calls.length = 0;
      state = freshState();
    },
    async close() {
      poll?.end();
      for (const watcher of watchers) {
        clearTimeout(watcher.timer);
        watcher.reject(new Error(`waitForCall(${watcher.method}): the Bot API stand-in was closed`));
      }
      watchers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections(); // grammY keeps sockets alive; without this close() would wait for them
      await closed;
    },
  };
}
