// The widget's frame in its shadow root: launcher with unread badge, panel with header, message
// list, typing indicator, pre-chat slot and composer. Opening, closing and focus live here.
import { h, icon, ICONS } from './dom.js';
import { badgeText } from './format.js';
import { CSS } from './styles.js';
import type { Log } from './view-log.js';

export const MAX_LENGTH = 1000;

export interface UIOptions {
  side: 'left' | 'right';
  color: string;
  title: string;
}

export interface UIHooks {
  /** true when the text was taken (the composer is cleared then). */
  send(text: string): boolean;
  toggled(open: boolean): void;
}

/** What the header says about who answers (GET /api/web/status). */
export interface Presence {
  staffed: boolean;
  /** When nobody is: when a person is back («ساعت ۹ فردا»). */
  opensAt?: string;
}

/** What Tab can reach inside the panel, in document order. */
const FOCUSABLE = 'button, a[href], input, textarea, select, [tabindex]:not([tabindex="-1"])';

export class UI {
  readonly host = h('div', { id: 'pasokh-widget' });
  isOpen = false;
  private readonly w: HTMLElement;
  private readonly launcher: HTMLButtonElement;
  private readonly badge = h('span', { class: 'badge', 'data-pasokh': 'badge', 'aria-hidden': 'true', hidden: '' });
  private readonly panel: HTMLElement;
  private readonly title = h('h2', { id: 'pk-title', dir: 'auto' });
  private readonly status = h('span', { 'data-pasokh': 'status' }, 'در حال اتصال…');
  /** The stream is up (else «در حال اتصال…» whatever the presence says). */
  private connected = false;
  /** Who answers now, from GET /api/web/status; until it answers, the bot (always there) does. */
  private presence: Presence = { staffed: true };
  private readonly body: HTMLElement;
  private readonly typing = h('div', { class: 'ty', 'data-pasokh': 'typing', role: 'status', 'aria-label': 'در حال نوشتن', hidden: '' }, h('i'), h('i'), h('i'));
  private readonly slot = h('div');
  private readonly input = h('textarea', {
    'data-pasokh': 'input',
    rows: '1',
    maxlength: String(MAX_LENGTH),
    // rtl, not auto: an empty field (the placeholder) is Persian; typed text still takes the
    // direction of its own first letter (unicode-bidi: plaintext in the CSS).
    dir: 'rtl',
    placeholder: 'پیام‌تان را بنویسید…',
    'aria-label': 'پیام',
    enterkeyhint: 'send',
  });
  private readonly sendButton = h('button', { type: 'submit', class: 'sd', 'data-pasokh': 'send', 'aria-label': 'ارسال', disabled: '' }, icon(ICONS.send));
  private blocked = false;

  constructor(
    options: UIOptions,
    log: Log,
    private readonly hooks: UIHooks,
  ) {
    const root = this.host.attachShadow({ mode: 'open' });
    this.launcher = h(
      'button',
      { type: 'button', class: 'l', 'data-pasokh': 'launcher', 'aria-label': 'گفتگو با پشتیبانی', 'aria-expanded': 'false', 'aria-controls': 'pk-panel' },
      icon(ICONS.chat, 'i1'),
      icon(ICONS.down, 'i2'),
      this.badge,
    );
    const close = h('button', { type: 'button', class: 'x', 'data-pasokh': 'close', 'aria-label': 'بستن' }, icon(ICONS.close));
    this.body = h('div', { class: 'bd' }, log.el, this.typing, this.slot);
    const composer = h('form', { class: 'cp' }, this.input, this.sendButton);
    this.panel = h(
      'div',
      { id: 'pk-panel', class: 'p', 'data-pasokh': 'panel', role: 'dialog', 'aria-labelledby': 'pk-title', dir: 'rtl', lang: 'fa', hidden: '' },
      h('div', { class: 'hd' }, h('div', { class: 'tt' }, this.title, h('div', { class: 'on' }, h('span', { class: 'dot' }), this.status)), close),
      this.body,
      composer,
    );
    this.w = h('div', { class: 'w', dir: 'rtl', lang: 'fa', 'data-side': options.side, 'data-offline': '' }, this.panel, this.launcher);
    this.w.style.setProperty('--a', options.color);
    this.setTitle(options.title);
    root.append(h('style', null, CSS), this.w);

    this.launcher.addEventListener('click', () => this.toggle());
    close.addEventListener('click', () => this.close(true));
    root.addEventListener('keydown', (event) => {
      const e = event as KeyboardEvent;
      if (e.key === 'Escape' && this.isOpen) {
        e.stopPropagation();
        this.close(true);
      }
      if (e.key === 'Tab' && this.isOpen) this.trapTab(e);
    });
    composer.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener('input', () => this.refresh());
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (!text || this.blocked) return;
    if (this.hooks.send(text)) {
      this.input.value = '';
      this.refresh();
    }
  }

  /** Send enabled only with text; the textarea grows with its content up to a few lines. */
  private refresh(): void {
    this.sendButton.disabled = this.blocked || !this.input.value.trim();
    this.input.style.height = 'auto';
    if (this.input.scrollHeight) this.input.style.height = `${Math.min(this.input.scrollHeight + 2, 120)}px`;
  }

  /**
   * Tab and Shift+Tab go round the open panel's controls: from the last back to the first and the
   * other way, and from the launcher into the panel. Esc leaves (focus back on the launcher).
   */
  private trapTab(e: KeyboardEvent): void {
    const inside = Array.from(this.panel.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
      (el) => !(el as HTMLButtonElement).disabled && el.getClientRects().length > 0,
    );
    const first = inside[0];
    const last = inside.at(-1);
    if (!first || !last) return;
    const active = this.host.shadowRoot?.activeElement ?? null;
    const within = active !== null && this.panel.contains(active);
    if (!within || (e.shiftKey ? active === first : active === last)) {
      e.preventDefault();
      (e.shiftKey ? last : first).focus();
    }
  }

  open(focus = true): void {
    if (!this.isOpen) {
      this.isOpen = true;
      this.panel.hidden = false;
      this.w.setAttribute('data-open', '');
      this.launcher.setAttribute('aria-expanded', 'true');
      this.hooks.toggled(true);
      this.refresh();
      this.body.scrollTop = this.body.scrollHeight;
    }
    if (focus) this.focus();
  }

  close(returnFocus = false): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.panel.hidden = true;
    this.w.removeAttribute('data-open');
    this.launcher.setAttribute('aria-expanded', 'false');
    this.hooks.toggled(false);
    if (returnFocus) this.launcher.focus();
  }

  toggle(): void {
    if (this.isOpen) this.close(true);
    else this.open();
  }

  focus(): void {
    const field = this.slot.querySelector('input') ?? this.input;
    field.focus({ preventScroll: true });
  }

  setTitle(title: string): void {
    this.title.textContent = title;
  }

  setOnline(up: boolean): void {
    this.connected = up;
    this.showStatus();
  }

  setPresence(presence: Presence): void {
    this.presence = presence;
    this.showStatus();
  }

  /** «آنلاین» while someone answers now; outside business hours with nobody signed in, when they are back. */
  private showStatus(): void {
    const { staffed, opensAt } = this.presence;
    this.w.toggleAttribute('data-offline', !this.connected);
    this.w.toggleAttribute('data-away', this.connected && !staffed);
    this.status.textContent = !this.connected ? 'در حال اتصال…' : staffed ? 'آنلاین' : opensAt ? `پاسخ‌گویی از ${opensAt}` : 'پاسخ‌گویی با ربات';
  }

  setBadge(count: number): void {
    this.badge.hidden = count === 0;
    this.badge.textContent = count ? badgeText(count) : '';
  }

  setTyping(on: boolean): void {
    this.stick(() => {
      this.typing.hidden = !on;
    });
  }

  /** Runs a change to the list, keeping the view at the bottom if it was there (or `force`). */
  stick(change: () => void, force = false): void {
    const b = this.body;
    const atBottom = b.scrollHeight - b.scrollTop - b.clientHeight < 80;
    change();
    if (atBottom || force) b.scrollTop = b.scrollHeight;
  }

  /** The pre-chat form, or null to remove it; `block` keeps the composer off until it's done. */
  setPrechat(form: HTMLElement | null, block: boolean): void {
    const hadFocus = this.slot.contains(this.host.shadowRoot?.activeElement ?? null);
    this.slot.replaceChildren(...(form ? [form] : []));
    this.blocked = block && form !== null;
    this.input.disabled = this.blocked;
    this.input.placeholder = this.blocked ? 'اول فرم بالا را پر کنید' : 'پیام‌تان را بنویسید…';
    this.refresh();
    if (form) this.stick(() => undefined, true);
    else if (hadFocus) this.input.focus();
  }

  setDraft(text: string): void {
    this.input.value = text.slice(0, MAX_LENGTH);
    this.refresh();
  }
}
