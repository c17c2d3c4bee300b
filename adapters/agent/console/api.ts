// The agent API. Calls resolve (never throw) to a status and a parsed body, status 0 meaning no
// answer, so each caller says in one place what a failure looks like to the agent. A 401 from any
// call goes to one hook: the session is over, whichever request found out first.

// The wire shapes are the server's own (src/wire/console.ts), imported as types only: nothing of
// the server reaches the bundle, and a field renamed on either side is a type error here.
import type {
  AgentsResponse,
  CannedReply,
  ConversationDetail,
  ConversationsResponse,
  CustomerOrder,
  CustomerPanel,
  LoginRequest,
  PublicAgent,
  SignedIn,
  TakenDetails,
  OkResponse,
  Summary,
  TeamMember,
  TeamResponse,
  TextRequest,
  TransferRequest,
  TranscriptEntry,
  TranscriptFrom,
  View,
} from '../../../src/wire/console.js';
import type { Untrusted } from '../../../src/wire/common.js';
import { agentRequests, API_BASE, ok, type Reply } from './request.js';

export type { ChangeEvent, ChangeEventName } from '../../../src/wire/console.js';
export type { Untrusted };
export type { Summary, TeamMember, View };
/** The console also shows agents it knows by id and name only (a transfer's choice). */
export type Agent = Omit<PublicAgent, 'role'> & Partial<Pick<PublicAgent, 'role'>>;
export type From = TranscriptFrom;
export type Entry = TranscriptEntry;
export type Order = CustomerOrder;
export type Customer = CustomerPanel;
export type Canned = CannedReply;
export type Detail = ConversationDetail;

let unauthorized: () => void = () => {};

export function onUnauthorized(hook: () => void): void {
  unauthorized = hook;
}

// The login form's own 401 is a wrong password, not an ended session.
const { request, setCsrf } = agentRequests({ onUnauthorized: (path) => path !== '/login' && unauthorized() });

export { ok, type Reply };

/** The server's own Persian explanation, or ours for the status. */
export function problem(reply: Reply): string {
  const text = reply.body?.message;
  if (typeof text === 'string' && text.trim()) return text;
  if (reply.status === 0) return 'ارتباط با سرور برقرار نشد؛ اتصال اینترنت را بررسی کنید و دوباره تلاش کنید.';
  if (reply.status === 403) return 'اجازهٔ این کار را ندارید؛ صفحه را دوباره بارگذاری کنید.';
  if (reply.status === 404) return 'این گفتگو دیگر وجود ندارد.';
  if (reply.status === 429) return 'درخواست‌ها زیاد است؛ کمی صبر کنید و دوباره تلاش کنید.';
  if (reply.status >= 500) return 'خطایی در سرور رخ داد؛ کمی بعد دوباره تلاش کنید.';
  return 'انجام نشد؛ دوباره تلاش کنید.';
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
/** An object read as `T`'s fields, none trusted; anything else as an empty one. */
const obj = <T>(v: unknown): Untrusted<T> => (v && typeof v === 'object' ? (v as Untrusted<T>) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

// The views trust these shapes, so whatever the server left out becomes a safe default here.
function agent(v: unknown): PublicAgent | null {
  const o = obj<PublicAgent>(v);
  const id = str(o.id) ?? (typeof o.id === 'number' ? String(o.id) : undefined);
  return id ? { id, name: str(o.name) || id, role: o.role === 'admin' ? 'admin' : 'agent' } : null;
}

function summary(v: unknown): Summary | null {
  const o = obj<Summary>(v);
  const id = str(o.id);
  if (!id) return null;
  return {
    id,
    channel: str(o.channel) ?? '',
    customerName: str(o.customerName),
    status: o.status === 'agent' || o.status === 'bot' ? o.status : 'queued',
    reason: str(o.reason) ?? '',
    agentId: str(o.agentId),
    agentName: str(o.agentName),
    position: num(o.position),
    since: str(o.since) ?? '',
    lastText: str(o.lastText),
    lastAt: str(o.lastAt),
    unread: num(o.unread),
    closed: closed(o.closed),
  };
}

function closed(v: unknown): Summary['closed'] {
  const o = obj<NonNullable<Summary['closed']>>(v);
  const agentId = str(o.agentId);
  return agentId ? { agentId, agentName: str(o.agentName), reason: str(o.reason) ?? '', at: str(o.at) ?? '', rating: num(o.rating) } : undefined;
}

const FROM = new Set<string>(['customer', 'bot', 'agent', 'note', 'system']);

function entry(v: unknown, index: number): Entry {
  const o = obj<Entry>(v);
  const from = str(o.from) ?? '';
  return {
    id: str(o.id) ?? `#${index}`,
    from: (FROM.has(from) ? from : 'system') as From,
    text: str(o.text),
    at: str(o.at) ?? '',
    intent: str(o.intent),
    confidence: num(o.confidence),
    name: str(o.name),
    cards: arr(o.cards).map((c) => ({ title: str(obj<{ title: string }>(c).title) ?? '' })),
  };
}

function detail(body: Untrusted<Detail> | null): Detail | null {
  const conversation = summary(body?.conversation);
  if (!body || !conversation) return null;
  const c = obj<Customer>(body.customer);
  return {
    conversation,
    customer: {
      name: str(c.name),
      verifiedPhone: str(c.verifiedPhone),
      linkedPhones: arr(c.linkedPhones).filter((p): p is string => typeof p === 'string'),
      contactPhone: str(c.contactPhone),
      orders: arr(c.orders).map((raw) => {
        const o = obj<Order>(raw);
        return { id: str(o.id) ?? String(o.id ?? ''), status: str(o.status) ?? '', statusLabel: str(o.statusLabel) ?? str(o.status) ?? '', createdAt: str(o.createdAt) ?? '', total: num(o.total) };
      }),
    },
    transcript: arr(body.transcript).map(entry),
    canned: arr(body.canned)
      .map((raw) => obj<Canned>(raw))
      .map((o) => ({ title: str(o.title) ?? '', text: str(o.text) ?? '' }))
      .filter((c) => c.text),
  };
}

export type Signed = { agent: Agent } | { agent?: undefined; reply: Reply };

function signed(reply: Reply<SignedIn>): Signed {
  const who = reply.status === 200 ? agent(reply.body?.agent) : null;
  if (!who) return { reply: reply.status === 200 ? { status: 502, body: null } : reply };
  setCsrf(str(reply.body?.csrf) ?? '');
  return { agent: who };
}

export const me = async (): Promise<Signed> => signed(await request<SignedIn>('GET', '/me'));

export const login = async (username: string, password: string): Promise<Signed> => signed(await request<SignedIn>('POST', '/login', { username, password } satisfies LoginRequest));

export async function logout(): Promise<Reply> {
  const reply = await request('POST', '/logout');
  setCsrf('');
  return reply;
}

export async function conversations(view: View): Promise<Summary[] | null> {
  const reply = await request<ConversationsResponse>('GET', `/conversations?view=${view}`);
  if (!ok(reply) || !Array.isArray(reply.body?.conversations)) return null;
  return reply.body.conversations.map(summary).filter((s): s is Summary => s !== null);
}

/** Every conversation the agent may see matching `q` (name, phone, order number, words); null when the search failed. */
export async function search(q: string, filters: { channel?: string; agent?: string } = {}): Promise<Summary[] | null> {
  const params = new URLSearchParams({ q });
  if (filters.channel) params.set('channel', filters.channel);
  if (filters.agent) params.set('agent', filters.agent);
  const reply = await request<ConversationsResponse>('GET', `/search?${params}`);
  if (!ok(reply) || !Array.isArray(reply.body?.conversations)) return null;
  return reply.body.conversations.map(summary).filter((s): s is Summary => s !== null);
}

export type Loaded = { detail: Detail } | { detail?: undefined; reply: Reply };

export async function conversation(id: string): Promise<Loaded> {
  const reply = await request<Detail>('GET', `/conversations/${encodeURIComponent(id)}`);
  const d = ok(reply) ? detail(reply.body) : null;
  return d ? { detail: d } : { reply: ok(reply) ? { status: 502, body: null } : reply };
}

export type Action = 'claim' | 'release' | 'close' | 'reply' | 'note' | 'transfer';

export const act = (id: string, action: Action, body?: TextRequest | TransferRequest): Promise<Reply<OkResponse & TakenDetails>> =>
  request<OkResponse & TakenDetails>('POST', `/conversations/${encodeURIComponent(id)}/${action}`, body);

export async function agents(): Promise<Agent[]> {
  const reply = await request<AgentsResponse>('GET', '/agents');
  return ok(reply) ? arr(reply.body?.agents).map(agent).filter((a): a is PublicAgent => a !== null) : [];
}

/** The team and their open sessions (admins only); null when refused. */
export async function team(): Promise<TeamMember[] | null> {
  const reply = await request<TeamResponse>('GET', '/team');
  if (!ok(reply)) return null;
  return arr(reply.body?.agents).flatMap((raw) => {
    const a = agent(raw);
    return a ? [{ ...a, sessions: num(obj<TeamMember>(raw).sessions) ?? 0 }] : [];
  });
}

/** Ends every session of the agent (admins only). */
export const revoke = (id: string): Promise<Reply> => request('POST', `/team/${encodeURIComponent(id)}/revoke`);

export const EVENTS_URL = `${API_BASE}/events`;
