// One conversation: its header and actions, the transcript, the customer panel and the reply box.
// Built once per opened conversation and then updated in place, so a live update never takes the
// agent's focus, half-typed reply or scroll position away; the transcript only ever gains entries.
import type { Agent, Canned, Customer, Detail, Entry, Summary } from './api.js';
import { fill, h } from './dom.js';
import { intentLabel } from '../../../src/wire/intent-labels.js';
import { channelLabel, count, customerName, faDigits, fullTime, jalaliDate, parse, percent, phone, reasonLabel, stamp, stars, toman } from './format.js';
import { owns, type State } from './state.js';
import { ask } from './view-dialog.js';
import { channelBadge, liveTime, reasonBadge, rowName, tick } from './view-list.js';

export const MAX_LENGTH = 4000;

export interface ConversationHandlers {
  back(): void;
  claim(): Promise<unknown>;
  release(): Promise<unknown>;
  close(): Promise<unknown>;
  transfer(to: Agent): Promise<unknown>;
  /** Resolves true once the server took the text (the box is emptied then). */
  send(text: string, note: boolean): Promise<boolean>;
  /** The transfer list is about to be used: a good time to refresh it. */
  wantAgents(): void;
}

/** Unsent replies, per conversation, while the agent looks at other ones. */
const drafts = new Map<string, string>();

const FROM_LABEL: Record<string, string> = { customer: 'مشتری', bot: 'ربات', agent: 'پشتیبان' };

function timeEl(at: string): HTMLElement | null {
  const t = parse(at);
  if (Number.isNaN(t)) return null;
  const d = new Date(t);
  return h('time', { datetime: d.toISOString(), title: fullTime(d) }, stamp(d));
}

export function entryView(e: Entry): HTMLElement {
  const attrs = { 'data-agent': 'entry', 'data-from': e.from, 'data-id': e.id };
  // Only customers write in any script (Finglish, English); everything else is Persian, where a
  // leading Latin name must not flip the line and throw the full stop to the wrong end.
  if (e.from === 'system') return h('div', { ...attrs, class: 'entry system', dir: 'rtl' }, e.text ?? '', ' ', timeEl(e.at));
  if (e.from === 'note') {
    return h(
      'div',
      { ...attrs, class: 'entry note' },
      h('div', { class: 'entry-head' }, h('strong', null, 'یادداشت داخلی'), e.name && h('span', { dir: 'auto' }, e.name), timeEl(e.at)),
      h('div', { class: 'text', dir: 'rtl' }, e.text ?? ''),
    );
  }
  const who = e.from === 'agent' ? e.name || FROM_LABEL.agent : FROM_LABEL[e.from];
  const cards = (e.cards ?? []).filter((c) => c.title);
  return h(
    'div',
    { ...attrs, class: `entry msg ${e.from}` },
    h('div', { class: 'entry-head' }, h('span', { class: 'from', dir: 'auto' }, who), timeEl(e.at)),
    e.text && h('div', { class: 'text', dir: e.from === 'customer' ? 'auto' : 'rtl' }, e.text),
    cards.length > 0 && h('ul', { class: 'cards', 'aria-label': 'کارت‌ها' }, ...cards.map((c) => h('li', { dir: 'auto' }, c.title))),
    e.from === 'customer' &&
      e.intent &&
      // In Persian; the code itself in the tooltip, for whoever tunes the intents.
      h('div', { class: 'intent', title: `برداشت ربات از پیام (${e.intent})` }, 'برداشت ربات: ', h('bdi', null, intentLabel(e.intent)), e.confidence === undefined ? '' : ` · ${percent(e.confidence)}`),
  );
}

function customerPanel(customer: Customer, c: Summary): Node[] {
  const phones: Node[] = [];
  const seen = new Set<string>();
  const addPhone = (p: string | undefined, label: string, cls: string) => {
    if (!p || seen.has(p)) return;
    seen.add(p);
    phones.push(h('li', null, h('bdi', { dir: 'ltr', class: 'phone' }, phone(p)), ' ', h('span', { class: `badge ${cls}` }, label)));
  };
  addPhone(customer.verifiedPhone, 'تأییدشده', 'ok');
  for (const p of customer.linkedPhones) addPhone(p, 'تأییدشده', 'ok');
  addPhone(customer.contactPhone, 'اعلام‌شده', 'said');

  const orders = customer.orders.map((o) => {
    const t = parse(o.createdAt);
    return h(
      'li',
      { class: 'order' },
      h('span', { class: 'order-id' }, 'سفارش ', h('bdi', null, phone(o.id))),
      h('span', { class: 'badge' }, o.statusLabel || o.status),
      !Number.isNaN(t) && h('time', { datetime: new Date(t).toISOString() }, jalaliDate(new Date(t))),
      o.total !== undefined && h('span', { class: 'total' }, toman(o.total)),
    );
  });

  return [
    h('h2', null, 'مشتری'),
    h(
      'dl',
      null,
      h('dt', null, 'نام'),
      h('dd', { dir: 'auto' }, customerName(customer.name ?? c.customerName)),
      h('dt', null, 'تلفن'),
      h('dd', null, phones.length ? h('ul', { class: 'phones' }, ...phones) : h('span', { class: 'muted' }, 'ثبت نشده')),
      h('dt', null, 'کانال'),
      h('dd', null, channelLabel(c.channel) || '—'),
    ),
    h('h3', null, 'سفارش‌های اخیر'),
    orders.length ? h('ul', { class: 'orders' }, ...orders) : h('p', { class: 'muted' }, 'سفارشی پیدا نشد.'),
  ];
}

export class ConversationView {
  readonly el: HTMLElement;
  private readonly title = h('h2', { class: 'conv-title', dir: 'auto', id: 'ag-conv-title', tabindex: '-1' }, '…');
  private readonly badges = h('div', { class: 'badges' });
  private readonly status = h('p', { class: 'conv-status' });
  private readonly claimButton = h('button', { type: 'button', class: 'primary', 'data-agent': 'claim', 'data-pasokh': 'claim', hidden: '' }, 'برداشتن');
  private readonly releaseButton = h('button', { type: 'button', 'data-agent': 'release', hidden: '' }, 'برگرداندن به صف');
  private readonly transferSelect = h('select', { id: 'ag-transfer', 'data-agent': 'transfer' });
  private readonly transferBox = h('span', { class: 'transfer', hidden: '' }, h('label', { for: 'ag-transfer', class: 'sr-only' }, 'انتقال گفتگو به همکار'), this.transferSelect);
  private readonly closeButton = h('button', { type: 'button', class: 'danger', 'data-agent': 'close', 'data-pasokh': 'close', hidden: '', title: 'بستن و بازگشت به ربات' }, 'بستن گفتگو');
  private readonly infoButton = h('button', { type: 'button', class: 'info-toggle', 'aria-expanded': 'false', 'aria-controls': 'ag-customer' }, 'مشتری');
  private readonly transcript = h('div', { class: 'transcript', role: 'log', 'aria-live': 'polite', 'aria-labelledby': 'ag-conv-title', tabindex: '0' });
  private readonly customer = h('aside', { id: 'ag-customer', class: 'panel', 'data-agent': 'customer', 'aria-label': 'اطلاعات مشتری' });
  private readonly input = h('textarea', {
    id: 'ag-reply',
    rows: '2',
    maxlength: String(MAX_LENGTH),
    // Right-to-left while empty (the placeholder with it); each line follows what is typed in it.
    dir: 'rtl',
    'data-agent': 'reply-input',
    'data-pasokh': 'reply',
    enterkeyhint: 'send',
  });
  private readonly sendButton = h('button', { type: 'submit', class: 'primary send', 'data-agent': 'reply-send', 'data-pasokh': 'send' }, 'ارسال');
  private readonly noteToggle = h('input', { type: 'checkbox', 'data-agent': 'note-toggle' });
  private readonly cannedButton = h('button', { type: 'button', class: 'canned-button', 'aria-haspopup': 'true', 'aria-expanded': 'false', 'aria-controls': 'ag-canned' }, 'پاسخ‌های آماده');
  private readonly cannedMenu = h('div', { id: 'ag-canned', class: 'canned-menu', role: 'menu', 'aria-label': 'پاسخ‌های آماده', hidden: '' });
  private readonly hint = h('p', { class: 'composer-hint', id: 'ag-hint' });
  private readonly composer: HTMLFormElement;
  private readonly shown = new Set<string>();
  private started = false;
  /** The agent just sent something: show it even if they had scrolled up. */
  private follow = false;
  private last: State | null = null;
  private drawnDetail: Detail | null = null;
  private drawnAgents = '';
  private drawnCanned = '';
  private busy = false;
  private sending = false;
  private canWrite = false;

  constructor(
    readonly id: string,
    private readonly on: ConversationHandlers,
  ) {
    const back = h('button', { type: 'button', class: 'back', 'aria-label': 'بازگشت به فهرست' }, '→ بازگشت');
    back.addEventListener('click', () => this.on.back());
    this.claimButton.addEventListener('click', () => this.run(() => this.on.claim()));
    this.releaseButton.addEventListener('click', () => this.run(() => this.on.release()));
    this.closeButton.addEventListener('click', () => {
      void ask({ title: 'بستن گفتگو', text: 'گفتگو بسته شود و مشتری دوباره با ربات صحبت کند؟ از مشتری خواسته می‌شود به گفتگو امتیاز بدهد.', confirm: 'بستن گفتگو', danger: true }).then(
        (yes) => {
          if (yes) void this.run(() => this.on.close());
        },
      );
    });
    this.transferSelect.addEventListener('focus', () => this.on.wantAgents());
    this.transferSelect.addEventListener('pointerdown', () => this.on.wantAgents());
    this.transferSelect.addEventListener('change', () => {
      const option = this.transferSelect.selectedOptions[0];
      const to = option?.value ? { id: option.value, name: option.textContent ?? '' } : null;
      this.transferSelect.value = '';
      if (to) this.run(() => this.on.transfer(to));
    });
    this.infoButton.addEventListener('click', () => {
      const open = this.infoButton.getAttribute('aria-expanded') !== 'true';
      this.infoButton.setAttribute('aria-expanded', String(open));
      this.el.toggleAttribute('data-info', open);
    });

    const label = h('label', { for: 'ag-reply', class: 'sr-only' }, 'متن پاسخ');
    const note = h('label', { class: 'note-toggle' }, this.noteToggle, h('span', null, 'یادداشت داخلی'));
    this.composer = h(
      'form',
      { class: 'composer', 'aria-label': 'پاسخ به مشتری' },
      h('div', { class: 'composer-tools' }, h('div', { class: 'canned' }, this.cannedButton, this.cannedMenu), note, this.hint),
      h('div', { class: 'composer-row' }, label, this.input, this.sendButton),
    );
    this.input.setAttribute('aria-describedby', 'ag-hint');
    this.input.value = drafts.get(id) ?? '';
    this.input.addEventListener('input', () => {
      drafts.set(id, this.input.value);
      this.autosize();
    });
    this.input.addEventListener('keydown', (e) => {
      // Enter sends, Shift+Enter breaks the line; never in the middle of an IME composition.
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        this.composer.requestSubmit();
      }
    });
    this.composer.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.send();
    });
    this.noteToggle.addEventListener('change', () => this.paintMode());
    this.cannedButton.addEventListener('click', () => this.toggleCanned());
    this.cannedMenu.addEventListener('keydown', (e) => this.menuKeys(e));
    document.addEventListener('click', this.outside, true);

    this.el = h(
      'section',
      { class: 'conv', 'aria-labelledby': 'ag-conv-title', 'data-id': id },
      h(
        'header',
        { class: 'conv-head' },
        back,
        h('div', { class: 'conv-who' }, h('div', { class: 'conv-line' }, this.title, this.badges), this.status),
        this.infoButton,
        h('div', { class: 'actions' }, this.claimButton, this.releaseButton, this.transferBox, this.closeButton),
      ),
      h('div', { class: 'conv-body' }, this.transcript, this.customer),
      this.composer,
    );
    fill(this.transcript, h('p', { class: 'empty' }, 'در حال بارگذاری گفتگو…'));
    this.paintMode();
    this.setWritable(false, '');
  }

  /** Stop listening outside this view; the draft stays for when it is opened again. */
  destroy(): void {
    document.removeEventListener('click', this.outside, true);
  }

  render(s: State): void {
    this.last = s;
    const d = s.openId === this.id ? s.detail : null;
    if (d && d !== this.drawnDetail) {
      this.drawnDetail = d;
      this.draw(d, s);
    }
    this.drawAgents(s);
    if (d) this.drawControls(d.conversation, s);
  }

  /** Where focus goes when the conversation opens: the reply box if the agent can write. */
  focusStart(always: boolean): void {
    if (!this.input.disabled) this.input.focus();
    else if (always) this.title.focus();
  }

  get loaded(): boolean {
    return this.started;
  }

  tick(): void {
    tick(this.status);
  }

  private draw(d: Detail, _state: State): void {
    const c = d.conversation;
    this.title.textContent = d.customer.name ? customerName(d.customer.name) : rowName(c);
    fill(this.badges, channelBadge(c.channel), c.reason && reasonBadge(c.reason));
    fill(this.customer, ...customerPanel(d.customer, c));
    this.drawCanned(d.canned);
    this.append(d.transcript);
  }

  private append(entries: Entry[]): void {
    const box = this.transcript;
    const first = !this.started;
    this.started = true;
    // Follow the conversation only when the agent is already at its end, not while reading back.
    const atEnd = first || box.scrollHeight - box.scrollTop - box.clientHeight < 80;
    const fresh = entries.filter((e) => !this.shown.has(e.id));
    if (first) {
      // A new conversation is drawn off the live region so screen readers don't read it all out.
      box.removeAttribute('aria-live');
      fill(box, ...(entries.length ? [] : [h('p', { class: 'empty' }, 'پیامی نیست.')]));
    } else if (fresh.length) box.querySelector(':scope > .empty')?.remove();
    for (const e of fresh) {
      this.shown.add(e.id);
      box.append(entryView(e));
    }
    if (first) {
      requestAnimationFrame(() => box.setAttribute('aria-live', 'polite'));
    }
    if (fresh.length && (atEnd || this.follow)) {
      this.follow = false;
      this.scrollToEnd();
    }
  }

  private scrollToEnd(): void {
    const box = this.transcript;
    box.scrollTop = box.scrollHeight;
    // Once more after layout: fonts and wrapping can still change the height.
    requestAnimationFrame(() => (box.scrollTop = box.scrollHeight));
  }

  private drawControls(c: Summary, s: State): void {
    const mine = owns(s, c);
    this.claimButton.hidden = c.status !== 'queued';
    this.releaseButton.hidden = !mine;
    this.transferBox.hidden = !mine;
    this.closeButton.hidden = !mine;
    for (const b of [this.claimButton, this.releaseButton, this.closeButton, this.transferSelect]) b.disabled = this.busy;
    if (this.transferSelect.options.length <= 1) this.transferSelect.disabled = true;

    const since = parse(c.since);
    const parts: Array<Node | string> = [];
    if (c.status === 'queued') {
      parts.push('در صف');
      if (c.position !== undefined) parts.push(` · نوبت ${count(c.position)}`);
      if (!Number.isNaN(since)) parts.push(' · ', liveTime('wait', since), ' انتظار');
    } else if (c.status === 'agent') parts.push(mine ? 'در دست شما' : `در دست ${c.agentName || 'همکار دیگر'}`);
    else if (c.closed) {
      const closed = c.closed;
      const at = parse(closed.at);
      parts.push(`بسته‌شده به دست ${closed.agentId === s.me?.id ? 'شما' : closed.agentName || closed.agentId}`);
      if (!Number.isNaN(at)) parts.push(' · ', liveTime('ago', at));
      if (closed.reason) parts.push(` · دلیل: ${reasonLabel(closed.reason)}`);
      parts.push(' · ', closed.rating !== undefined ? h('span', { class: 'stars', title: `${faDigits(closed.rating)} از ۵` }, `امتیاز ${stars(closed.rating)}`) : 'بی‌امتیاز');
    } else parts.push('این گفتگو با ربات است');
    fill(this.status, ...parts);

    const hint =
      c.status === 'queued'
        ? 'برای پاسخ دادن، اول گفتگو را بردارید.'
        : c.status === 'agent' && !mine
          ? `این گفتگو در دست ${c.agentName || 'همکار دیگری'} است.`
          : c.status !== 'agent'
            ? 'این گفتگو دیگر در دست پشتیبان نیست.'
            : '';
    this.setWritable(mine, hint);
  }

  private setWritable(on: boolean, hint: string): void {
    const changed = on !== this.canWrite;
    this.canWrite = on;
    this.input.disabled = !on;
    this.sendButton.disabled = !on || this.sending;
    this.noteToggle.disabled = !on;
    this.cannedButton.disabled = !on;
    if (!on) this.closeCanned();
    this.hint.textContent = hint || (this.noteToggle.checked ? 'مشتری یادداشت را نمی‌بیند.' : 'Enter برای ارسال، Shift+Enter برای خط تازه');
    if (changed && on) this.autosize();
  }

  private drawAgents(s: State): void {
    const others = s.agents.filter((a) => a.id !== s.me?.id);
    const key = others.map((a) => `${a.id}\u0000${a.name}`).join('\u0001');
    if (key === this.drawnAgents && this.transferSelect.options.length) return;
    this.drawnAgents = key;
    // Rebuilt only when the colleagues change: rebuilding an open <select> closes it.
    fill(
      this.transferSelect,
      h('option', { value: '' }, others.length ? 'انتقال به…' : 'همکار دیگری نیست'),
      ...others.map((a) => h('option', { value: a.id }, a.name)),
    );
    this.transferSelect.disabled = this.busy || !others.length;
  }

  private drawCanned(canned: Canned[]): void {
    const key = canned.map((c) => `${c.title}\u0000${c.text}`).join('\u0001');
    if (key === this.drawnCanned) return;
    this.drawnCanned = key;
    this.cannedButton.parentElement!.hidden = !canned.length;
    fill(
      this.cannedMenu,
      ...canned.map((c) => {
        const item = h(
          'button',
          { type: 'button', role: 'menuitem', tabindex: '-1', dir: 'auto', title: c.text, 'data-pasokh': 'canned' },
          h('span', { class: 'canned-title' }, c.title || c.text.slice(0, 40)),
          c.title && h('span', { class: 'canned-text' }, c.text),
        );
        item.addEventListener('click', () => this.insert(c.text));
        return item;
      }),
    );
  }

  private async run(action: () => Promise<unknown>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.redraw();
    try {
      await action();
    } finally {
      this.busy = false;
      this.redraw();
    }
  }

  private redraw(): void {
    if (this.last) this.render(this.last);
  }

  private async send(): Promise<void> {
    const text = this.input.value.trim();
    if (!text || this.sending || !this.canWrite) return;
    this.sending = true;
    this.sendButton.disabled = true;
    try {
      const note = this.noteToggle.checked;
      this.follow = true;
      const accepted = await this.on.send(text, note);
      if (!accepted) this.follow = false;
      else {
        // Only if the agent didn't type more meanwhile.
        if (this.input.value.trim() === text) this.input.value = '';
        drafts.set(this.id, this.input.value);
        this.autosize();
      }
    } finally {
      this.sending = false;
      this.sendButton.disabled = !this.canWrite;
      if (this.canWrite) this.input.focus();
    }
  }

  private paintMode(): void {
    const note = this.noteToggle.checked;
    this.composer.toggleAttribute('data-note', note);
    this.input.placeholder = note ? 'یادداشت برای همکاران (مشتری نمی‌بیند)…' : 'پاسخ به مشتری…';
    this.sendButton.textContent = note ? 'ثبت یادداشت' : 'ارسال';
    if (this.canWrite) this.hint.textContent = note ? 'مشتری یادداشت را نمی‌بیند.' : 'Enter برای ارسال، Shift+Enter برای خط تازه';
  }

  private autosize(): void {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight + 2, 200)}px`;
  }

  /** Puts a canned reply where the cursor is (replacing a selection), for the agent to adjust. */
  private insert(text: string): void {
    this.closeCanned();
    const input = this.input;
    const start = input.selectionStart ?? input.value.length;
    const end = input.selectionEnd ?? input.value.length;
    input.setRangeText(text, start, end, 'end');
    input.focus();
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }

  private toggleCanned(): void {
    if (!this.cannedMenu.hidden) return this.closeCanned(true);
    this.cannedMenu.hidden = false;
    this.cannedButton.setAttribute('aria-expanded', 'true');
    this.cannedMenu.querySelector<HTMLElement>('[role=menuitem]')?.focus();
  }

  private closeCanned(refocus = false): void {
    if (this.cannedMenu.hidden) return;
    this.cannedMenu.hidden = true;
    this.cannedButton.setAttribute('aria-expanded', 'false');
    if (refocus) this.cannedButton.focus();
  }

  private menuKeys(e: KeyboardEvent): void {
    const items = [...this.cannedMenu.querySelectorAll<HTMLElement>('[role=menuitem]')];
    const i = items.indexOf(document.activeElement as HTMLElement);
    const step = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
    if (step) {
      e.preventDefault();
      items[(i + step + items.length) % items.length]?.focus();
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      (e.key === 'Home' ? items[0] : items[items.length - 1])?.focus();
    } else if (e.key === 'Escape' || e.key === 'Tab') {
      if (e.key === 'Escape') e.preventDefault();
      this.closeCanned(e.key === 'Escape');
    }
  }

  private readonly outside = (e: Event): void => {
    if (!this.cannedMenu.hidden && e.target instanceof Node && !this.cannedMenu.parentElement!.contains(e.target)) this.closeCanned();
  };
}
