// The lists: a search over every conversation the agent may see, filters by channel and agent,
// and the four tabs (queue, mine, all, closed) with their counts. While a search is typed its
// results stand in for the tab's list. Rows are buttons that tell chats apart at a glance: the
// customer's name (or channel and a short id), channel, reason, the customer's latest message, the
// unread count and the waiting time; the list is redrawn only when its data changes, and keyboard
// focus is put back on the same row afterwards.
import type { Agent, Summary, View } from './api.js';
import { fill, h } from './dom.js';
import { ago, channelLabel, count, customerName, duration, faDigits, parse, reasonLabel, stars } from './format.js';
import { type Filters, type State, VIEWS } from './state.js';

const TAB_LABEL: Record<View, string> = { queued: 'در صف', mine: 'من', all: 'همه', closed: 'بسته‌شده' };
const TAB_TITLE: Record<View, string> = { queued: 'در صف انتظار', mine: 'گفتگوهای من', all: 'همه‌ی گفتگوها', closed: 'گفتگوهای بسته‌شده' };
const EMPTY: Record<View, string> = {
  queued: 'کسی در صف انتظار نیست.',
  mine: 'گفتگوی بازی در دست شما نیست.',
  all: 'هیچ گفتگویی به پشتیبان سپرده نشده است.',
  closed: 'هنوز گفتگویی بسته نشده است.',
};
const CHANNELS = ['web', 'telegram', 'bale'] as const;

/** A time that keeps itself current: tick() rewrites every one of them from its data-t. */
export function liveTime(kind: 'ago' | 'wait', t: number): HTMLElement {
  const el = h('time', { 'data-t': String(t), 'data-kind': kind, datetime: Number.isNaN(t) ? undefined : new Date(t).toISOString() });
  el.textContent = timeText(kind, t);
  return el;
}

const timeText = (kind: string, t: number): string => (Number.isNaN(t) ? '' : kind === 'wait' ? duration(Date.now() - t) : ago(t));

export function tick(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>('time[data-t]')) {
    const text = timeText(el.dataset.kind ?? '', Number(el.dataset.t));
    if (el.textContent !== text) el.textContent = text;
  }
}

export const channelBadge = (channel: string): HTMLElement => h('span', { class: `badge ch ch-${/^[a-z]+$/.test(channel) ? channel : 'other'}` }, channelLabel(channel));

export const reasonBadge = (reason: string): HTMLElement => h('span', { class: `badge rs${reason === 'complaint' ? ' rs-complaint' : ''}` }, reasonLabel(reason));

/**
 * What a row calls the customer: their name, or the channel and the end of the conversation's id,
 * so two unnamed customers never read the same.
 */
export function rowName(c: Pick<Summary, 'customerName' | 'channel' | 'id'>): string {
  if (c.customerName?.trim()) return customerName(c.customerName);
  const tail = c.id.slice(c.id.indexOf(':') + 1).slice(-4);
  return `${customerName(undefined)} ${channelLabel(c.channel)} ${faDigits(tail)}`;
}

/** The filters' test for a row: its channel, and the agent who has it or closed it. */
export const passes = (c: Summary, f: Filters): boolean =>
  (!f.channel || c.channel === f.channel) && (!f.agent || (c.agentId ?? c.closed?.agentId) === f.agent);

export interface ListHandlers {
  tab(view: View): void;
  open(id: string): void;
  search(q: string): void;
  filter(filters: Filters): void;
}

export class ListView {
  readonly el: HTMLElement;
  private readonly tabs = new Map<View, { button: HTMLButtonElement; count: HTMLElement }>();
  private readonly list = h('ul');
  private readonly heading = h('p', { class: 'list-heading', role: 'status' });
  private readonly panel = h('div', { class: 'rows', id: 'ag-list', role: 'tabpanel' }, this.heading, this.list);
  private readonly searchInput = h('input', {
    type: 'search',
    id: 'ag-search',
    dir: 'rtl',
    enterkeyhint: 'search',
    autocomplete: 'off',
    placeholder: 'جستجو: نام، تلفن، شماره‌ی سفارش یا متن پیام',
    'data-pasokh': 'search',
    'aria-controls': 'ag-list',
  });
  private readonly channelSelect = h('select', { 'data-pasokh': 'filter-channel', 'aria-label': 'کانال' });
  private readonly agentSelect = h('select', { 'data-pasokh': 'filter-agent', 'aria-label': 'همکار' });
  private drawn: { rows: Summary[] | null; key: string; openId: string | null; marks: ReadonlySet<string> | null; fresh: ReadonlySet<string> | null; me: string } = {
    rows: null,
    key: '',
    openId: null,
    marks: null,
    fresh: null,
    me: '',
  };
  private drawnAgents = '';
  private typed: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly on: ListHandlers) {
    const bar = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'فهرست گفتگوها' });
    for (const view of VIEWS) {
      const n = h('span', { class: 'count' });
      const button = h(
        'button',
        { type: 'button', role: 'tab', id: `ag-tab-${view}`, title: TAB_TITLE[view], 'aria-controls': 'ag-list', 'data-agent': 'tab', 'data-view': view, 'data-pasokh': 'tab', 'data-tab': view },
        h('span', null, TAB_LABEL[view]),
        n,
      );
      button.addEventListener('click', () => this.on.tab(view));
      this.tabs.set(view, { button, count: n });
      bar.append(button);
    }
    // Arrow keys move between tabs (the tab pattern); in RTL, left is "next".
    bar.addEventListener('keydown', (e) => {
      const step = e.key === 'ArrowLeft' ? 1 : e.key === 'ArrowRight' ? -1 : 0;
      if (!step) return;
      const i = VIEWS.findIndex((v) => this.tabs.get(v)?.button === document.activeElement);
      if (i < 0) return;
      const next = VIEWS[(i + step + VIEWS.length) % VIEWS.length]!;
      e.preventDefault();
      this.on.tab(next);
      this.tabs.get(next)?.button.focus();
    });

    // Typing searches after a pause; Enter at once; Escape clears.
    this.searchInput.addEventListener('input', () => {
      clearTimeout(this.typed);
      this.typed = setTimeout(() => this.on.search(this.searchInput.value), 250);
    });
    this.searchInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        clearTimeout(this.typed);
        this.on.search(this.searchInput.value);
      } else if (e.key === 'Escape' && this.searchInput.value) {
        e.preventDefault();
        this.searchInput.value = '';
        clearTimeout(this.typed);
        this.on.search('');
      }
    });
    fill(this.channelSelect, h('option', { value: '' }, 'همه‌ی کانال‌ها'), ...CHANNELS.map((c) => h('option', { value: c }, channelLabel(c))));
    const changed = () => this.on.filter({ channel: this.channelSelect.value, agent: this.agentSelect.value });
    this.channelSelect.addEventListener('change', changed);
    this.agentSelect.addEventListener('change', changed);

    const search = h(
      'div',
      { class: 'search', role: 'search' },
      h('label', { for: 'ag-search', class: 'sr-only' }, 'جستجو در همه‌ی گفتگوها'),
      this.searchInput,
      h('div', { class: 'filters' }, this.channelSelect, this.agentSelect),
    );
    this.el = h('section', { class: 'lists', 'aria-label': 'گفتگوها' }, search, bar, this.panel);
  }

  render(s: State): void {
    const searching = s.search.q.trim() !== '';
    for (const view of VIEWS) {
      const tab = this.tabs.get(view)!;
      const selected = view === s.view && !searching;
      tab.button.setAttribute('aria-selected', String(selected));
      tab.button.tabIndex = view === s.view ? 0 : -1;
      const rows = s.lists[view];
      tab.count.textContent = rows ? count(rows.filter((r) => passes(r, s.filters)).length) : '';
      tab.count.hidden = !rows;
      // New arrivals the agent hasn't looked at yet: a dot on the queue tab; new messages in their chats on mine.
      tab.button.toggleAttribute('data-new', (view === 'queued' && s.unseen.size > 0) || (view === 'mine' && !!rows?.some((r) => s.fresh.has(r.id))));
    }
    this.drawAgentFilter(s.agents);
    if (this.searchInput.value !== s.search.q && document.activeElement !== this.searchInput) this.searchInput.value = s.search.q;
    this.channelSelect.value = s.filters.channel;
    this.agentSelect.value = s.filters.agent;
    this.panel.setAttribute('aria-labelledby', `ag-tab-${s.view}`);

    const source = searching ? s.search.results : s.lists[s.view];
    const key = `${searching ? `?${s.search.q}` : s.view}|${s.filters.channel}|${s.filters.agent}`;
    const d = this.drawn;
    if (d.rows === source && d.key === key && d.openId === s.openId && d.marks === s.unseen && d.fresh === s.fresh && d.me === (s.me?.id ?? '')) return;
    this.drawn = { rows: source, key, openId: s.openId, marks: s.unseen, fresh: s.fresh, me: s.me?.id ?? '' };

    const rows = source?.filter((r) => passes(r, s.filters)) ?? null;
    this.heading.hidden = !searching;
    if (searching) this.heading.textContent = !rows ? 'در حال جستجو…' : rows.length ? `${count(rows.length)} گفتگو پیدا شد` : 'گفتگویی با این مشخصات پیدا نشد.';
    const focused = document.activeElement instanceof HTMLElement && this.list.contains(document.activeElement) ? document.activeElement.dataset.id : undefined;
    if (!rows) fill(this.list, searching ? null : h('li', { class: 'empty' }, 'در حال بارگذاری…'));
    else if (!rows.length) fill(this.list, searching ? null : h('li', { class: 'empty' }, source?.length ? 'با این فیلترها گفتگویی نیست.' : EMPTY[s.view]));
    else fill(this.list, ...rows.map((row) => h('li', null, this.row(row, s))));
    if (focused !== undefined) this.list.querySelector<HTMLElement>(`[data-id="${CSS.escape(focused)}"]`)?.focus();
  }

  tick(): void {
    tick(this.list);
  }

  private drawAgentFilter(agents: Agent[]): void {
    const key = agents.map((a) => `${a.id}\u0000${a.name}`).join('\u0001');
    if (key === this.drawnAgents) return;
    this.drawnAgents = key;
    fill(this.agentSelect, h('option', { value: '' }, 'همه‌ی همکاران'), ...agents.map((a) => h('option', { value: a.id }, a.name)));
  }

  private row(c: Summary, s: State): HTMLButtonElement {
    const since = parse(c.since);
    const mine = c.status === 'agent' && c.agentId === s.me?.id;
    const closed = c.closed;
    const who =
      c.status === 'queued'
        ? null
        : closed
          ? `بسته‌شده به دست ${closed.agentId === s.me?.id ? 'شما' : closed.agentName || closed.agentId}`
          : c.status === 'bot'
            ? 'با ربات'
            : mine
              ? 'در دست شما'
              : c.agentName
                ? `در دست ${c.agentName}`
                : null;
    const marked = s.unseen.has(c.id) || s.fresh.has(c.id);
    const unread = c.unread ?? 0;
    const button = h(
      'button',
      {
        type: 'button',
        class: 'row',
        'data-agent': 'conversation',
        'data-pasokh': 'queue-row',
        'data-id': c.id,
        'data-status': closed ? 'closed' : c.status,
        'data-reason': c.reason || undefined,
        'aria-current': c.id === s.openId ? 'true' : undefined,
        'data-new': marked ? '' : undefined,
      },
      h(
        'span',
        { class: 'row-top' },
        h('span', { class: 'name', dir: 'auto', 'data-pasokh': 'row-name' }, rowName(c)),
        channelBadge(c.channel),
        c.reason && reasonBadge(c.reason),
        unread > 0 && c.status !== 'bot' && h('span', { class: 'unread', 'data-pasokh': 'row-unread', title: 'پیام‌های بی‌پاسخ', 'aria-label': `${count(unread)} پیام بی‌پاسخ` }, count(unread)),
        c.lastAt && h('span', { class: 'last' }, liveTime('ago', parse(c.lastAt))),
      ),
      h('span', { class: 'preview', dir: 'auto', 'data-pasokh': 'row-last' }, c.lastText?.trim() || '—'),
      h(
        'span',
        { class: 'row-meta' },
        c.status === 'queued' && c.position !== undefined && h('span', { class: 'pos' }, `نوبت ${count(c.position)}`),
        who && h('span', { class: 'who', dir: 'auto' }, who),
        closed?.rating !== undefined && h('span', { class: 'stars', title: `امتیاز مشتری: ${faDigits(closed.rating)} از ۵` }, stars(closed.rating)),
        closed && h('span', { class: 'wait' }, liveTime('ago', parse(closed.at))),
        // Queued: how long they have waited so far; taken: how long ago they asked for a person.
        !closed &&
          c.status !== 'bot' &&
          !Number.isNaN(since) &&
          (c.status === 'queued'
            ? h('span', { class: 'wait' }, liveTime('wait', since), ' انتظار')
            : h('span', { class: 'wait' }, 'ارجاع: ', liveTime('ago', since))),
      ),
    );
    button.addEventListener('click', () => this.on.open(c.id));
    return button;
  }
}
