// The widget's controller: ties the session, the stream, the outbox and the view together, and
// keeps the unread count, the typing indicator, the header's status and the pre-chat form in step
// with them.
import { backoff, get } from './api.js';
import { newId } from './format.js';
import { Outbox, type Pending } from './outbox.js';
import { Sessions } from './session.js';
import * as store from './store.js';
import { Stream } from './stream.js';
import type { ConversationMode, Entry, Prechat, Session, StatusResponse } from './types.js';
import { MAX_LENGTH, UI } from './ui.js';
import { Log } from './view-log.js';
import { prechatView } from './view-prechat.js';

export interface Options {
  base: string;
  shop?: string;
  customer?: string;
  prechat?: Prechat;
  title?: string;
  open: boolean;
  side: 'left' | 'right';
  color: string;
}

const BACKLOG_MS = 2000;
/** The bot's reply was recorded when the message was accepted; if the stream brings nothing by then, it is not coming. */
const REPLY_WAIT_MS = 10_000;
/** The header's status is asked again this often while the page is shown, and on opening after a minute. */
const STATUS_EVERY_MS = 5 * 60_000;
const STATUS_FRESH_MS = 60_000;
const MODES: readonly string[] = ['bot', 'queued', 'agent'] satisfies ConversationMode[];

export class Chat {
  readonly ui: UI;
  private readonly log: Log;
  private readonly sessions: Sessions;
  private readonly stream: Stream;
  private readonly outbox: Outbox;
  private visitor: string | null = null;
  /** Times (server clock) of bot/agent entries that arrived while closed. */
  private unread: number[] = [];
  /** The newest entry time the visitor has had in front of them, shared by all tabs. */
  private seen = Number(store.get(store.K.seen)) || 0;
  private newest = 0;
  /**
   * Messages whose bot reply is on its way: the typing dots show while there is one, and only
   * while the bot is who answers (never while the chat waits for a person or is with one).
   */
  private readonly awaiting = new Set<string>();
  /** Of those, the ones whose own entry came back: the next bot entry answers them. */
  private readonly recorded = new Set<string>();
  private mode: ConversationMode = 'bot';
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private statusAt = 0;
  private statusAsked = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private reconnects = 0;
  private prechat: HTMLElement | null = null;
  private prechatRequired = false;

  constructor(private readonly o: Options) {
    this.log = new Log(
      (reply) => this.send(reply.title, reply.value),
      (cid) => this.outbox.retry(cid),
    );
    this.ui = new UI({ side: o.side, color: o.color, title: o.title || 'پشتیبانی' }, this.log, {
      send: (text) => this.send(text),
      toggled: (open) => this.toggled(open),
    });
    this.sessions = new Sessions(`${o.base}/api/web/session`, { shop: o.shop, customer: o.customer }, (s) => this.onSession(s));
    this.stream = new Stream(`${o.base}/api/web/stream`, {
      entry: (entry) => this.onEntry(entry),
      state: (up) => {
        if (up) this.reconnects = 0;
        // The backlog follows the opening at once; entries after this are live ones.
        if (up) setTimeout(() => this.afterBacklog(), BACKLOG_MS);
        this.ui.setOnline(up && navigator.onLine !== false);
      },
      closed: () => this.reconnect(),
    });
    this.outbox = new Outbox(`${o.base}/api/web/messages`, {
      token: () => this.sessions.token(),
      unauthorized: (token) => this.sessions.unauthorized(token),
      state: (cid, state, canRetry, reply) => {
        this.ui.stick(() => this.log.setState(cid, state, canRetry));
        if (state === 'retrying' || state === 'failed') this.replyGone(cid);
        // No entry will come back to replace it: refused, or recorded long ago (duplicate).
        if ((state === 'failed' && !canRetry) || (state === 'sent' && reply?.body?.duplicate === true)) this.log.settle(cid);
      },
      answered: (cid, reply) => this.accepted(cid, reply.body),
      error: (text) => this.ui.stick(() => this.log.notice(text, true), true),
      save: (items) => (items.length ? store.setJSON(store.K.outbox, items) : store.del(store.K.outbox)),
    });

    addEventListener('online', () => {
      this.outbox.retry();
      if (!this.stream.connected) this.reconnect(0);
      else if (this.stream.open) this.ui.setOnline(true);
    });
    addEventListener('offline', () => this.ui.setOnline(false));
    setInterval(() => {
      if (document.visibilityState !== 'hidden') void this.refreshStatus();
    }, STATUS_EVERY_MS);
    addEventListener('storage', (e) => {
      if (e.key !== store.K.seen) return;
      this.seen = Math.max(this.seen, Number(e.newValue) || 0);
      this.updateBadge();
    });
  }

  start(): void {
    // Messages left unsent on the previous page go first, before anything new.
    for (const item of store.getJSON<Pending[]>(store.K.outbox) ?? []) {
      if (!item || typeof item.cid !== 'string' || this.log.has(item.cid)) continue;
      this.log.addPending(item.cid, typeof item.text === 'string' ? item.text : '…');
      this.outbox.add(item);
    }
    if (this.o.open || store.get(store.K.open) === '1') this.ui.open(false);
    void this.sessions.ensure();
  }

  open(): void {
    this.ui.open();
  }

  close(): void {
    this.ui.close();
  }

  toggle(): void {
    this.ui.toggle();
  }

  /** A message from the composer, a quick reply, or the page's window.pasokh.send(). */
  send(text: string, value?: unknown): boolean {
    text = text.trim().slice(0, MAX_LENGTH);
    if (!text) return false;
    if (this.prechat && this.prechatRequired) {
      this.ui.setDraft(text);
      this.ui.open();
      return false;
    }
    this.finishPrechat();
    const cid = newId();
    this.ui.stick(() => {
      this.log.dropQuickReplies();
      this.log.addPending(cid, text);
    }, true);
    if (this.mode === 'bot') this.awaiting.add(cid);
    this.outbox.add(value === undefined ? { cid, text } : { cid, text, value });
    this.showTyping();
    return true;
  }

  /**
   * The backlog is in: what comes now is live. A visitor this page knew whose conversation came back
   * empty (the server's in-memory state was lost in a restart) is greeted again, not left blank.
   */
  private afterBacklog(): void {
    const welcome = this.sessions.current?.config.welcome;
    if (this.log.entries === 0 && !this.log.welcomed && welcome) this.ui.stick(() => this.log.showWelcome(welcome));
    this.log.keepWelcome();
  }

  /** The server took the message: with the bot's replies recorded (on their way in the stream), or none. */
  private accepted(cid: string, body: { duplicate?: unknown; mode?: unknown; replies?: unknown } | null | undefined): void {
    if (typeof body?.mode === 'string' && MODES.includes(body.mode)) this.mode = body.mode as ConversationMode;
    if (body?.duplicate === true || body?.replies === 0) this.awaiting.delete(cid);
    if (this.awaiting.has(cid)) {
      clearTimeout(this.typingTimer);
      this.typingTimer = setTimeout(() => {
        this.awaiting.clear();
        this.recorded.clear();
        this.showTyping();
      }, REPLY_WAIT_MS);
    }
    this.showTyping();
  }

  /** Sending failed or waits to be tried again: no reply is coming for now. */
  private replyGone(cid: string): void {
    this.awaiting.delete(cid);
    this.recorded.delete(cid);
    this.showTyping();
  }

  private showTyping(): void {
    this.ui.setTyping(this.awaiting.size > 0 && this.mode === 'bot');
  }

  /** Who answers now (the header) and who this chat is with (the typing dots). */
  private async refreshStatus(): Promise<void> {
    const token = this.sessions.current?.token;
    if (!token || this.statusAsked) return;
    this.statusAsked = true;
    try {
      const reply = await get<StatusResponse>(`${this.o.base}/api/web/status`, token);
      const body = reply.body;
      if (reply.status !== 200 || !body) return;
      this.statusAt = Date.now();
      if (typeof body.mode === 'string' && MODES.includes(body.mode)) this.mode = body.mode as ConversationMode;
      this.ui.setPresence({ staffed: body.staffed !== false, opensAt: typeof body.opensAt === 'string' ? body.opensAt : undefined });
      this.showTyping();
    } finally {
      this.statusAsked = false;
    }
  }

  private onSession(session: Session): void {
    const c = session.config;
    this.ui.setTitle(this.o.title || c.title || c.shopName || 'پشتیبانی');
    if (session.visitorId === this.visitor) return;
    // First session of this page, or the old one was refused: (re)load this visitor's history.
    const first = this.visitor === null;
    this.visitor = session.visitorId;
    if (!first) {
      this.stream.reset();
      this.ui.stick(() => {
        this.log.clear();
        for (const item of this.outbox.pending()) this.log.addPending(item.cid, item.text ?? '…');
      });
      this.unread = [];
      this.updateBadge();
    }
    const last = store.getJSON<{ v?: string }>(store.K.last);
    const history = last?.v === session.visitorId;
    if (!history && c.welcome) this.ui.stick(() => this.log.showWelcome(c.welcome));
    const mode = this.o.prechat ?? c.prechat ?? 'off';
    if (mode !== 'off' && !history && store.get(store.K.prechat) !== '1' && !this.prechat) this.showPrechat(mode === 'required');
    // Without `after`: the server sends the last 50 entries, which is this page's history.
    this.stream.connect(session.token, null);
    void this.refreshStatus();
  }

  private onEntry(entry: Entry): void {
    store.setJSON(store.K.last, { v: this.visitor, id: entry.id });
    const at = Date.parse(entry.at) || 0;
    const pending = entry.clientMessageId ? this.log.has(entry.clientMessageId) : false;
    if (entry.clientMessageId) this.outbox.confirm(entry.clientMessageId);
    this.ui.stick(() => this.log.add(entry), pending);
    if (entry.from === 'customer') this.finishPrechat();
    if (entry.from === 'customer' && entry.clientMessageId && this.awaiting.has(entry.clientMessageId)) this.recorded.add(entry.clientMessageId);
    if (entry.from === 'agent' || entry.notice === 'agent_joined') this.mode = 'agent';
    // The bot speaking while the chat is with a person, or an agent leaving: the handoff may have
    // ended (closed, timed out), and the bot answers again.
    if ((entry.from === 'bot' && this.mode !== 'bot') || entry.notice === 'agent_left') void this.refreshStatus();
    if (entry.from === 'bot') {
      for (const cid of this.recorded) this.awaiting.delete(cid);
      this.recorded.clear();
    }
    this.showTyping();
    if (entry.from === 'bot' || entry.from === 'agent') {
      if (!this.ui.isOpen && at > this.seen) {
        this.unread.push(at);
        this.updateBadge();
      }
    }
    this.newest = Math.max(this.newest, at);
    if (this.ui.isOpen) this.markSeen();
  }

  /** The browser stopped retrying (e.g. 401 for an expired token): renew, then resume. */
  private reconnect(delay = backoff(this.reconnects++)): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      void this.sessions.ensure().then((session) => {
        // A new visitor was already connected by onSession.
        if (!this.stream.connected) this.stream.connect(session.token, this.stream.last);
      });
    }, delay);
  }

  private toggled(open: boolean): void {
    store.set(store.K.open, open ? '1' : '0');
    if (open) this.markSeen();
    if (open && Date.now() - this.statusAt > STATUS_FRESH_MS) void this.refreshStatus();
  }

  private markSeen(): void {
    if (this.newest > this.seen) {
      this.seen = this.newest;
      store.set(store.K.seen, String(this.seen));
    }
    this.unread = [];
    this.updateBadge();
  }

  private updateBadge(): void {
    this.unread = this.unread.filter((t) => t > this.seen);
    this.ui.setBadge(this.unread.length);
  }

  private showPrechat(required: boolean): void {
    this.prechatRequired = required;
    this.prechat = prechatView(required, {
      skip: () => this.finishPrechat(),
      submit: async (name, phone) => {
        const result = await this.sessions.once({ ...(name ? { name } : {}), ...(phone ? { phone } : {}) });
        if (!result.session) return result.message || 'ارتباط برقرار نشد؛ لطفاً دوباره تلاش کنید.';
        this.finishPrechat();
        return null;
      },
    });
    this.ui.setPrechat(this.prechat, required);
  }

  private finishPrechat(): void {
    store.set(store.K.prechat, '1');
    if (!this.prechat) return;
    this.prechat = null;
    this.ui.setPrechat(null, false);
  }
}
