// The three lists behind tabs (queue, mine, all) with their counts. Rows are buttons; the list is
// redrawn only when its data changes, and keyboard focus is put back on the same row afterwards.
import type { Summary, View } from './api.js';
import { fill, h } from './dom.js';
import { ago, channelLabel, count, customerName, duration, parse, reasonLabel } from './format.js';
import { type State, VIEWS } from './state.js';

const TAB_LABEL: Record<View, string> = { queued: 'در صف', mine: 'گفتگوهای من', all: 'همه', closed: 'بسته‌شده' };
const EMPTY: Record<View, string> = {
  queued: 'کسی در صف انتظار نیست.',
  mine: 'گفتگوی بازی در دست شما نیست.',
  all: 'هیچ گفتگویی به پشتیبان سپرده نشده است.',
  closed: 'هنوز گفتگویی بسته نشده است.',
};

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

export interface ListHandlers {
  tab(view: View): void;
  open(id: string): void;
}

export class ListView {
  readonly el: HTMLElement;
  private readonly tabs = new Map<View, { button: HTMLButtonElement; count: HTMLElement }>();
  private readonly list = h('ul');
  private readonly panel = h('div', { class: 'rows', id: 'ag-list', role: 'tabpanel' }, this.list);
  private drawn: { rows: Summary[] | null; view: View | null; openId: string | null; unseen: ReadonlySet<string> | null; me: string } = {
    rows: null,
    view: null,
    openId: null,
    unseen: null,
    me: '',
  };

  constructor(private readonly on: ListHandlers) {
    const bar = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'فهرست گفتگوها' });
    for (const view of VIEWS) {
      const n = h('span', { class: 'count' });
      const button = h('button', { type: 'button', role: 'tab', id: `ag-tab-${view}`, 'aria-controls': 'ag-list', 'data-agent': 'tab', 'data-view': view }, h('span', null, TAB_LABEL[view]), n);
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
    this.el = h('section', { class: 'lists', 'aria-label': 'گفتگوها' }, bar, this.panel);
  }

  render(s: State): void {
    for (const view of VIEWS) {
      const tab = this.tabs.get(view)!;
      const selected = view === s.view;
      tab.button.setAttribute('aria-selected', String(selected));
      tab.button.tabIndex = selected ? 0 : -1;
      const rows = s.lists[view];
      tab.count.textContent = rows ? count(rows.length) : '';
      tab.count.hidden = !rows;
      // New arrivals the agent hasn't looked at yet: a dot on the queue tab.
      tab.button.toggleAttribute('data-new', view === 'queued' && s.unseen.size > 0);
    }
    this.panel.setAttribute('aria-labelledby', `ag-tab-${s.view}`);
    const rows = s.lists[s.view];
    const d = this.drawn;
    if (d.rows === rows && d.view === s.view && d.openId === s.openId && d.unseen === s.unseen && d.me === (s.me?.id ?? '')) return;
    this.drawn = { rows, view: s.view, openId: s.openId, unseen: s.unseen, me: s.me?.id ?? '' };

    const focused = document.activeElement instanceof HTMLElement && this.list.contains(document.activeElement) ? document.activeElement.dataset.id : undefined;
    if (!rows) fill(this.list, h('li', { class: 'empty' }, 'در حال بارگذاری…'));
    else if (!rows.length) fill(this.list, h('li', { class: 'empty' }, EMPTY[s.view]));
    else fill(this.list, ...rows.map((row) => h('li', null, this.row(row, s))));
    if (focused !== undefined) this.list.querySelector<HTMLElement>(`[data-id="${CSS.escape(focused)}"]`)?.focus();
  }

  tick(): void {
    tick(this.list);
  }

  private row(c: Summary, s: State): HTMLButtonElement {
    const since = parse(c.since);
    const mine = c.status === 'agent' && c.agentId === s.me?.id;
    const who = c.status === 'queued' ? null : c.status === 'bot' ? 'بسته شده' : mine ? 'در دست شما' : c.agentName ? `در دست ${c.agentName}` : null;
    const button = h(
      'button',
      {
        type: 'button',
        class: 'row',
        'data-agent': 'conversation',
        'data-id': c.id,
        'data-status': c.status,
        'aria-current': c.id === s.openId ? 'true' : undefined,
        'data-new': s.unseen.has(c.id) ? '' : undefined,
      },
      h(
        'span',
        { class: 'row-top' },
        h('span', { class: 'name', dir: 'auto' }, customerName(c.customerName)),
        channelBadge(c.channel),
        reasonBadge(c.reason),
        c.lastAt && h('span', { class: 'last' }, liveTime('ago', parse(c.lastAt))),
      ),
      h('span', { class: 'preview', dir: 'auto' }, c.lastText?.trim() || '—'),
      h(
        'span',
        { class: 'row-meta' },
        c.status === 'queued' && c.position !== undefined && h('span', { class: 'pos' }, `نوبت ${count(c.position)}`),
        who && h('span', { class: 'who', dir: 'auto' }, who),
        // Queued: how long they have waited so far; taken: how long ago they asked for a person.
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
