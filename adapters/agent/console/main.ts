// console.js, served at /agent/console.js for the page at /agent. Owns the session, the live event
// stream, refreshing, the open conversation (kept in the URL hash, so the phone's back button and a
// reload both work) and the notifications; the views only draw state and report clicks.
import * as api from './api.js';
import { errorBox, fill, h } from './dom.js';
import { count } from './format.js';
import { askNotifications, beep, desktopNotify, notificationPermission, setTitle, TITLE, unlockAudio } from './notify.js';
import { rowName } from './view-list.js';
import { initial, signedOut, type State, Store, VIEWS } from './state.js';
import { ConversationView } from './view-conversation.js';
import { ListView } from './view-list.js';
import { loginView } from './view-login.js';
import { roleLabel, TeamView } from './view-team.js';

const TICK_MS = 30_000;
/** While the event stream is down, the lists are polled instead. */
const POLL_MS = 20_000;
const AGENTS_MS = 60_000;
/** Phones: the lists and the conversation take turns on the screen (matches the CSS). */
const NARROW = matchMedia('(max-width: 760px)');
const FORGOTTEN = 'مشتری این گفتگو خواست همه‌ی اطلاعاتش پاک شود و گفتگو را ترک کرد؛ دیگر نمی‌توانید به او پیام دهید.';

const app = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app' }));
const store = new Store(initial());

// ---- the signed-in frame -------------------------------------------------------------------

const list = new ListView({
  tab: (view) => selectView(view),
  open: (id) => openConversation(id),
  search: (q) => void runSearch(q),
  filter: (filters) => {
    store.update({ filters });
    if (store.get().search.q.trim()) void runSearch(store.get().search.q);
  },
});
const agentName = h('span', { class: 'me', dir: 'auto' });
const roleBadge = h('span', { class: 'badge role', 'data-agent': 'role' });
const team = new TeamView(() => store.get().me);
// The admin's settings; the server refuses them to agents whatever the page shows.
const teamButton = h('button', { type: 'button', class: 'team-open', 'data-agent': 'team', hidden: '' }, 'همکاران');
teamButton.addEventListener('click', () => void team.open());
// The owner's pages, for admins: how the bot is doing, and what it missed.
const ownerLinks = h(
  'span',
  { class: 'owner-links', hidden: '' },
  h('a', { href: '/agent/insights', 'data-pasokh': 'insights-link' }, 'گزارش'),
  h('a', { href: '/agent/review', 'data-pasokh': 'review-link' }, 'آموزش ربات'),
);
const liveState = h('span', { class: 'live', role: 'status' });
const logoutButton = h('button', { type: 'button', class: 'logout' }, 'خروج');
// Desktop notifications need the agent's own click to be asked for; once decided, the button goes.
const notifyButton = h('button', { type: 'button', class: 'notify-open', 'data-pasokh': 'notifications', title: 'اعلان روی دسکتاپ وقتی مشتری تازه‌ای می‌آید یا پیام می‌دهد', hidden: '' }, h('span', { class: 'wide' }, 'فعال‌سازی '), 'اعلان‌ها');
notifyButton.addEventListener('click', () => {
  void askNotifications().then(() => (notifyButton.hidden = notificationPermission() !== 'default'));
});
const banner = errorBox();
const convSlot = h('div', { class: 'conv-slot' });
const placeholder = h('div', { class: 'placeholder' }, h('p', null, 'گفتگویی را از فهرست انتخاب کنید.'));
const shell = h(
  'div',
  { class: 'shell' },
  h('header', { class: 'top' }, h('h1', null, TITLE), liveState, h('span', { class: 'spacer' }), agentName, roleBadge, ownerLinks, notifyButton, teamButton, logoutButton),
  banner.el,
  h('div', { class: 'panes' }, list.el, convSlot),
  team.el,
);
let conv: ConversationView | null = null;
logoutButton.addEventListener('click', () => void logout());

let drawnPhase: State['phase'] | null = null;
let loginNotice = '';

function render(s: State): void {
  if (s.phase !== drawnPhase) {
    drawnPhase = s.phase;
    if (s.phase === 'loading') fill(app, h('p', { class: 'loading', role: 'status' }, 'در حال بارگذاری…'));
    else if (s.phase === 'signed-out') fill(app, loginView(signIn, loginNotice));
    else fill(app, shell);
  }
  setTitle(s.phase === 'signed-in' ? s.unseen.size : 0);
  if (s.phase !== 'signed-in') return;

  agentName.textContent = s.me?.name ?? '';
  roleBadge.textContent = roleLabel(s.me?.role);
  roleBadge.dataset.role = s.me?.role ?? 'agent';
  teamButton.hidden = s.me?.role !== 'admin';
  ownerLinks.hidden = s.me?.role !== 'admin';
  notifyButton.hidden = notificationPermission() !== 'default';
  liveState.textContent = s.live ? '' : 'در حال اتصال…';
  liveState.hidden = s.live;
  banner.set(s.error);
  list.render(s);
  if ((conv?.id ?? null) !== s.openId) {
    conv?.destroy();
    conv = s.openId === null ? null : new ConversationView(s.openId, conversationHandlers(s.openId));
    fill(convSlot, conv ? conv.el : placeholder);
  }
  shell.toggleAttribute('data-open', s.openId !== null);
  if (conv) {
    const first = !conv.loaded;
    conv.render(s);
    if (first && conv.loaded && s.detail) conv.focusStart(NARROW.matches);
  }
}
store.subscribe(render);

// ---- session -----------------------------------------------------------------------------

async function signIn(username: string, password: string): Promise<string | null> {
  const result = await api.login(username, password);
  if (!result.agent) return api.problem(result.reply) || 'نام کاربری یا رمز عبور درست نیست.';
  start(result.agent);
  return null;
}

function start(me: api.Agent): void {
  loginNotice = '';
  store.update({ phase: 'signed-in', me, error: '' });
  connect();
  schedule(true, false);
  void loadAgents(true);
  const id = hashId();
  if (id) showConversation(id);
}

/** The server no longer knows this session (401 anywhere) or the agent signed out. */
function stop(notice: string): void {
  if (store.get().phase === 'signed-out') return;
  disconnect();
  if (team.el.open) team.el.close();
  conv?.destroy();
  conv = null;
  fill(convSlot, placeholder);
  known = null;
  lastSeen = null;
  loginNotice = store.get().phase === 'signed-in' ? notice : '';
  store.update(signedOut);
}

api.onUnauthorized(() => stop('نشست شما به پایان رسیده است؛ دوباره وارد شوید.'));

async function logout(): Promise<void> {
  logoutButton.disabled = true;
  await api.logout();
  logoutButton.disabled = false;
  stop('');
}

// ---- refreshing ----------------------------------------------------------------------------

let want = { lists: false, conversation: false };
let timer: ReturnType<typeof setTimeout> | undefined;
let running = false;

/** Bursts of events (a chat in full swing) become one refresh, and never two at once. */
function schedule(lists: boolean, conversation: boolean): void {
  want = { lists: want.lists || lists, conversation: want.conversation || conversation };
  if (!timer && !running) timer = setTimeout(() => void run(), 100);
}

async function run(): Promise<void> {
  timer = undefined;
  running = true;
  const { lists, conversation } = want;
  want = { lists: false, conversation: false };
  try {
    await Promise.all([lists && refreshLists(), conversation && refreshConversation()]);
  } finally {
    running = false;
    if (want.lists || want.conversation) schedule(false, false);
  }
}

/** Queued ids at the last refresh; null before the first, which is no news. */
let known: Set<string> | null = null;
/** Put back in the queue by this agent: no news to them. */
const released = new Set<string>();

/** The customer's latest message time per listed conversation at the last refresh. */
let lastSeen: Map<string, string> | null = null;

async function refreshLists(): Promise<void> {
  const { q } = store.get().search;
  const ticket = searchTicket;
  // The closed tab (the heaviest list, and one nobody writes in) is read while it is shown, and
  // once for its count; a search standing in for the tab at most every few seconds.
  const views = VIEWS.filter((view) => view !== 'closed' || store.get().view === 'closed' || store.get().lists.closed === null);
  const again = q.trim() !== '' && Date.now() - searchedAt > SEARCH_REFRESH_MS;
  const [answers, found] = await Promise.all([Promise.all(views.map((view) => api.conversations(view))), again ? searchFor(q) : null]);
  const results = VIEWS.map((view) => (views.includes(view) ? answers[views.indexOf(view)] : null));
  const s = store.get();
  if (s.phase !== 'signed-in') return;
  const lists = { ...s.lists };
  VIEWS.forEach((view, i) => {
    const rows = results[i];
    if (rows) lists[view] = rows;
  });
  let unseen = s.unseen;
  const queued = results[0];
  if (queued) {
    const ids = new Set(queued.map((c) => c.id));
    const arrived = known ? queued.filter((c) => !known!.has(c.id) && !released.has(c.id)) : [];
    known = ids;
    for (const id of released) if (ids.has(id)) released.delete(id);
    if (arrived.length) {
      beep();
      const first = arrived[0]!;
      if (!watching()) desktopNotify(arrived.length > 1 ? `${count(arrived.length)} مشتری تازه در صف` : `${rowName(first)} در صف است`, first.lastText ?? '', `queue:${first.id}`, () => openConversation(first.id));
    }
    const next = new Set([...unseen].filter((id) => ids.has(id)));
    if (!watchingQueue(s)) for (const c of arrived) next.add(c.id);
    if (next.size !== unseen.size || [...next].some((id) => !unseen.has(id))) unseen = next;
  }
  // A customer wrote again in a listed chat: the row is marked (and moves up) until opened; in the
  // agent's own chats, a desktop notice while they look elsewhere.
  const rows = VIEWS.flatMap((view) => lists[view] ?? []);
  const fresh = new Set([...s.fresh].filter((id) => rows.some((r) => r.id === id)));
  const seen = new Map(rows.flatMap((r) => (r.lastAt ? [[r.id, r.lastAt] as const] : [])));
  if (lastSeen) {
    const mine = new Set((lists.mine ?? []).map((r) => r.id));
    const changed = new Map(rows.filter((r) => r.lastAt && lastSeen!.has(r.id) && r.lastAt > lastSeen!.get(r.id)!).map((r) => [r.id, r]));
    for (const r of changed.values()) {
      if (!(r.id === s.openId && document.visibilityState === 'visible')) fresh.add(r.id);
      if (mine.has(r.id) && !watching()) desktopNotify(rowName(r), r.lastText ?? '', `message:${r.id}`, () => openConversation(r.id));
    }
  }
  lastSeen = seen;
  store.update({ lists, unseen, fresh: sameSet(fresh, s.fresh) ? s.fresh : fresh, ...(found && ticket === searchTicket && store.get().search.q === q ? { search: { q, results: found } } : {}) });
}

const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>) => a.size === b.size && [...a].every((x) => b.has(x));

/** The page is in front of the agent: no desktop notice needed. */
const watching = () => document.visibilityState === 'visible' && document.hasFocus();

// ---- search ---------------------------------------------------------------------------------

let searchTicket = 0;
let searchedAt = 0;
const SEARCH_REFRESH_MS = 5000;

function searchFor(q: string): Promise<api.Summary[] | null> {
  searchedAt = Date.now();
  return api.search(q.trim(), { channel: store.get().filters.channel, agent: store.get().filters.agent });
}

/** Searches every conversation the agent may see; the newest answer for the current text wins. */
async function runSearch(q: string): Promise<void> {
  const ticket = ++searchTicket;
  if (!q.trim()) return store.update({ search: { q: '', results: null } });
  store.update((s) => ({ search: { q, results: s.search.q === q ? s.search.results : null } }));
  const results = await searchFor(q);
  if (ticket !== searchTicket || store.get().phase !== 'signed-in') return;
  if (results === null) return store.update({ search: { q, results: [] }, error: 'جستجو انجام نشد؛ دوباره تلاش کنید.' });
  store.update({ search: { q, results } });
}

let loading = 0;

async function refreshConversation(): Promise<void> {
  const id = store.get().openId;
  if (id === null) return;
  const ticket = ++loading;
  const result = await api.conversation(id);
  const s = store.get();
  // A slower answer for a conversation no longer open (or an older request) changes nothing.
  if (ticket !== loading || s.openId !== id || s.phase !== 'signed-in') return;
  if (result.detail) return store.update({ detail: result.detail });
  if (result.reply.status === 401) return;
  if (result.reply.status === 404) {
    closeView();
    store.update({ error: 'این گفتگو دیگر وجود ندارد.' });
    return;
  }
  store.update({ error: api.problem(result.reply) });
}

let agentsAt = 0;

async function loadAgents(force = false): Promise<void> {
  if (!force && Date.now() - agentsAt < AGENTS_MS) return;
  agentsAt = Date.now();
  const agents = await api.agents();
  if (agents.length && store.get().phase === 'signed-in') store.update({ agents });
}

// ---- live events ---------------------------------------------------------------------------

let events: EventSource | null = null;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let retries = 0;

function connect(): void {
  disconnect();
  const es = new EventSource(api.EVENTS_URL);
  events = es;
  es.addEventListener('open', () => {
    retries = 0;
    // Whatever changed while the stream was down was not announced: fetch it all.
    store.update({ live: true });
    schedule(true, true);
  });
  es.addEventListener('change' satisfies api.ChangeEventName, (event) => {
    let data: api.Untrusted<api.ChangeEvent> = {};
    try {
      data = JSON.parse((event as MessageEvent<string>).data) as typeof data;
    } catch {
      // unreadable: refresh everything rather than miss something
    }
    const open = store.get().openId;
    // The customer left with /forget: their chat is gone, and the agent is told why.
    if (data.kind === 'forgotten' && typeof data.id === 'string' && data.id === open) {
      closeView();
      store.update({ error: FORGOTTEN });
      return schedule(true, false);
    }
    schedule(true, data.kind !== 'conversation' || (typeof data.id === 'string' && data.id === open));
  });
  es.addEventListener('error', () => {
    if (events !== es) return;
    if (store.get().live) store.update({ live: false });
    // CONNECTING: the browser retries by itself. CLOSED: it gave up (e.g. a 401 or 5xx answer).
    if (es.readyState === EventSource.CLOSED) {
      es.close();
      events = null;
      retryTimer = setTimeout(() => void revive(), Math.min(30_000, 1000 * 2 ** Math.min(retries++, 5)));
    }
  });
}

/** Before reconnecting, ask whether the session still stands: a 401 there shows the sign-in. */
async function revive(): Promise<void> {
  const result = await api.me();
  if (store.get().phase !== 'signed-in') return;
  if (result.agent) connect();
  else if (result.reply.status !== 401) retryTimer = setTimeout(() => void revive(), Math.min(30_000, 1000 * 2 ** Math.min(retries++, 5)));
}

function disconnect(): void {
  clearTimeout(retryTimer);
  events?.close();
  events = null;
}

// ---- navigation ----------------------------------------------------------------------------

const hashId = (): string | null => {
  const m = /^#\/c\/(.+)$/.exec(location.hash);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
};

/** Opened from the list: a history entry, so the phone's back button returns to the list. */
function openConversation(id: string): void {
  if (store.get().openId === id) return conv?.focusStart(NARROW.matches);
  const url = `#/c/${encodeURIComponent(id)}`;
  // One entry for "a conversation is open", however many are opened one after another.
  if (history.state?.pasokhAgent) history.replaceState({ pasokhAgent: true }, '', url);
  else history.pushState({ pasokhAgent: true }, '', url);
  showConversation(id);
}

function showConversation(id: string): void {
  store.update((s) => ({ openId: id, detail: null, error: '', fresh: s.fresh.has(id) ? new Set([...s.fresh].filter((x) => x !== id)) : s.fresh }));
  schedule(false, true);
}

function closeView(): void {
  if (history.state?.pasokhAgent) history.back();
  else {
    history.replaceState(null, '', location.pathname + location.search);
    hide();
  }
}

function hide(): void {
  const id = store.get().openId;
  if (id === null) return;
  store.update((s) => ({ openId: null, detail: null, unseen: watchingQueue({ ...s, openId: null }) ? new Set<string>() : s.unseen }));
  // Back on the list (phones): keep the keyboard where the agent left it.
  document.querySelector<HTMLElement>(`[data-agent=conversation][data-id="${CSS.escape(id)}"]`)?.focus();
}

addEventListener('popstate', () => {
  if (store.get().phase !== 'signed-in') return;
  const id = hashId();
  if (id === null) hide();
  else if (id !== store.get().openId) showConversation(id);
});

/** A tab click also ends a search: the tab's list is what the agent asked to see. */
function selectView(view: api.View): void {
  searchTicket += 1;
  store.update((s) => ({ view, unseen: view === 'queued' ? new Set<string>() : s.unseen, search: { q: '', results: null } }));
  if (view === 'closed') schedule(true, false);
}

function watchingQueue(s: State): boolean {
  return s.view === 'queued' && document.visibilityState === 'visible' && !(s.openId !== null && NARROW.matches);
}

// ---- conversation actions ------------------------------------------------------------------

function conversationHandlers(id: string): ConstructorParameters<typeof ConversationView>[1] {
  /** Posts an action; true when done. Either way the lists and the conversation are re-read. */
  const act = async (action: api.Action, body?: Parameters<typeof api.act>[2]): Promise<boolean> => {
    const reply = await api.act(id, action, body);
    // A search on screen shows the change at once, not after its next scheduled read.
    searchedAt = 0;
    if (reply.status === 401) return false;
    if (api.ok(reply)) {
      if (store.get().error) store.update({ error: '' });
    } else {
      const taken = reply.status === 409 && reply.body?.error === 'taken';
      const who = typeof reply.body?.agentName === 'string' && reply.body.agentName ? reply.body.agentName : 'همکار دیگری';
      store.update({ error: taken && typeof reply.body?.message !== 'string' ? `${who} این گفتگو را برداشته است.` : api.problem(reply) });
    }
    schedule(true, store.get().openId === id);
    return api.ok(reply);
  };
  return {
    back: () => closeView(),
    claim: () => act('claim'),
    release: async () => {
      released.add(id);
      if (!(await act('release'))) released.delete(id);
    },
    transfer: (to) => act('transfer', { to: to.id }),
    close: async () => {
      if ((await act('close')) && store.get().openId === id) closeView();
    },
    send: (text, note) => act(note ? 'note' : 'reply', { text }),
    wantAgents: () => void loadAgents(),
  };
}

// ---- clocks and visibility -----------------------------------------------------------------

setInterval(() => {
  if (store.get().phase !== 'signed-in') return;
  list.tick();
  conv?.tick();
}, TICK_MS);

setInterval(() => {
  if (store.get().phase === 'signed-in' && !store.get().live && document.visibilityState === 'visible') schedule(true, true);
}, POLL_MS);

document.addEventListener('visibilitychange', () => {
  const s = store.get();
  if (s.phase !== 'signed-in' || document.visibilityState !== 'visible') return;
  if (watchingQueue(s) && s.unseen.size) store.update({ unseen: new Set() });
  // Back to a conversation left open meanwhile: its new messages are in front of the agent now.
  if (s.openId !== null && s.fresh.has(s.openId)) store.update({ fresh: new Set([...s.fresh].filter((id) => id !== s.openId)) });
  list.tick();
  conv?.tick();
});

// ---- boot ----------------------------------------------------------------------------------

unlockAudio();
render(store.get());
void api.me().then((result) => {
  if (result.agent) return start(result.agent);
  if (result.reply.status === 401) return;
  loginNotice = result.reply.status === 0 ? api.problem(result.reply) : '';
  store.update({ phase: 'signed-out' });
});
