// The message list, in the server's order. Messages the visitor just sent sit at the bottom
// ("pending") until their own entry comes back on the stream and takes their place; every server
// entry is inserted above the pending ones, so the list always reads in the server's order.
import { h } from './dom.js';
import { dayKey, toDate } from './format.js';
import type { Entry, QuickReply } from './types.js';
import { dayView, messageView, noticeText, noticeView, quickRepliesView } from './view-message.js';

export type SendState = 'sending' | 'sent' | 'retrying' | 'failed';

const STATE_TEXT: Record<SendState, string> = {
  sending: 'در حال ارسال…',
  sent: '✓',
  retrying: 'در حال ارسال دوباره…',
  failed: 'ارسال نشد',
};

export class Log {
  readonly el = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': 'گفتگو' });
  /** Server entries shown: the welcome stays only while there are none. */
  entries = 0;
  private readonly pending = new Map<string, HTMLElement>();
  private lastDay = '';
  private quick: HTMLElement | null = null;
  private welcome: HTMLElement[] = [];
  /** Once the visitor wrote, or live entries arrived, the welcome is part of the conversation. */
  private keep = false;

  constructor(
    private readonly pick: (reply: QuickReply) => void,
    private readonly retry: (clientMessageId: string) => void,
  ) {}

  clear(): void {
    this.el.textContent = '';
    this.entries = 0;
    this.pending.clear();
    this.lastDay = '';
    this.quick = null;
    this.welcome = [];
    this.keep = false;
  }

  has(clientMessageId: string): boolean {
    return this.pending.has(clientMessageId);
  }

  private hasDay(key: string): boolean {
    return this.el.querySelector(`[data-day="${key}"]`) !== null;
  }

  /** Above the first pending message; a day separator first when the day changes. */
  private place(node: HTMLElement, at: Date): void {
    const before = this.el.querySelector('[data-pending]');
    const key = dayKey(at);
    if (key !== this.lastDay) {
      this.lastDay = key;
      if (!this.hasDay(key)) this.el.insertBefore(dayView(at), before);
    }
    this.el.insertBefore(node, before);
  }

  dropQuickReplies(): void {
    this.quick?.remove();
    this.quick = null;
  }

  add(entry: Entry): void {
    const at = toDate(entry.at);
    // The first entry before the visitor wrote anything is history: no welcome above it then.
    if (this.welcome.length && !this.entries && !this.keep) this.dropWelcome();
    this.entries++;
    if (entry.from === 'system') {
      const text = noticeText(entry);
      if (text) this.place(noticeView(text, entry.id), at);
      return;
    }
    const node = messageView(entry.from, entry.id, at, entry.text, entry.name, entry.cards);
    const mine = entry.clientMessageId ? this.pending.get(entry.clientMessageId) : undefined;
    if (mine && entry.clientMessageId) {
      this.pending.delete(entry.clientMessageId);
      mine.remove();
    }
    // Buttons belong under the latest bot message only; anything newer makes them stale.
    this.dropQuickReplies();
    if (entry.from === 'bot' && entry.quickReplies?.length) {
      const quick = quickRepliesView(entry.quickReplies, (reply) => {
        this.dropQuickReplies();
        this.pick(reply);
      });
      this.quick = quick;
      node.append(quick);
    }
    this.place(node, at);
  }

  addPending(clientMessageId: string, text: string): void {
    const now = new Date();
    this.keep = true;
    if (!this.hasDay(dayKey(now))) this.el.append(dayView(now));
    const node = messageView('customer', clientMessageId, now, text);
    node.setAttribute('data-pending', '');
    this.pending.set(clientMessageId, node);
    this.el.append(node);
    this.setState(clientMessageId, 'sending', false);
  }

  setState(clientMessageId: string, state: SendState, canRetry: boolean): void {
    const node = this.pending.get(clientMessageId);
    const meta = node?.querySelector('.meta');
    if (!node || !meta) return;
    node.setAttribute('data-state', state);
    meta.querySelector('.st')?.remove();
    const status = h('span', { class: 'st' }, STATE_TEXT[state]);
    if (canRetry) {
      const button = h('button', { type: 'button', class: 'rt', 'data-pasokh': 'retry' }, 'تلاش دوباره');
      button.addEventListener('click', () => this.retry(clientMessageId));
      status.append(' ', button);
    }
    meta.append(status);
  }

  /** No entry will replace this message (refused, or already old on the server): it stays put. */
  settle(clientMessageId: string): void {
    this.pending.get(clientMessageId)?.removeAttribute('data-pending');
    this.pending.delete(clientMessageId);
  }

  notice(text: string, error = false): void {
    this.el.append(noticeView(text, undefined, error));
  }

  showWelcome(text: string): void {
    const now = new Date();
    const message = messageView('bot', 'welcome', now, text);
    const day = this.el.querySelector(`[data-day="${dayKey(now)}"]`);
    if (day) {
      day.after(message);
      this.welcome = [message];
    } else {
      const separator = dayView(now);
      this.el.prepend(separator, message);
      this.welcome = [separator, message];
    }
    this.lastDay = dayKey(now);
  }

  /** The welcome is on the list. */
  get welcomed(): boolean {
    return this.welcome.length > 0;
  }

  /** The backlog is over: what arrives now is live, below the welcome. */
  keepWelcome(): void {
    this.keep = true;
  }

  private dropWelcome(): void {
    for (const node of this.welcome) node.remove();
    this.welcome = [];
    this.lastDay = '';
  }
}
