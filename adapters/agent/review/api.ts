// The review page's calls. Like the console's, they resolve (never throw) to a status and a body,
// status 0 meaning no answer. The sign-in is the console's own route and session.
import type { ErrorReply, Untrusted } from '../../../src/wire/common.js';
import type { SignedIn } from '../../../src/wire/console.js';
import type { AcceptRequest, FaqRequest, LabelRequest, ReviewResponse } from '../../../src/wire/review.js';

export type { ReviewResponse };
export type { WireIntentChoice as Choice, WireLabel as Label, WireLearnedFaq as LearnedFaq, WireProposal as Proposal, WireReviewItem as Item } from '../../../src/wire/review.js';

export interface Reply<T = unknown> {
  status: number;
  body: Untrusted<T & ErrorReply> | null;
}

const TIMEOUT_MS = 20_000;
let csrf = '';

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Reply<T>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (method === 'POST') Object.assign(headers, { 'content-type': 'application/json', 'x-csrf-token': csrf });
    const response = await fetch(`/agent/api${path}`, { method, headers, body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined, credentials: 'same-origin', cache: 'no-store', signal: controller.signal });
    let parsed: unknown = null;
    try {
      parsed = await response.json();
    } catch {
      // not JSON (a proxy's page): the status says enough
    }
    return { status: response.status, body: parsed && typeof parsed === 'object' ? (parsed as Untrusted<T & ErrorReply>) : null };
  } catch {
    return { status: 0, body: null };
  } finally {
    clearTimeout(timer);
  }
}

export const ok = (reply: Reply): boolean => reply.status >= 200 && reply.status < 300;

/** The server's Persian explanation, or ours for the status. */
export function problem(reply: Reply): string {
  const text = reply.body?.message;
  if (typeof text === 'string' && text.trim()) return text;
  if (reply.status === 0) return 'ارتباط با سرور برقرار نشد؛ اتصال اینترنت را بررسی کنید و دوباره تلاش کنید.';
  if (reply.status === 403) return 'این بخش فقط برای مدیر است.';
  if (reply.status >= 500) return 'خطایی در سرور رخ داد؛ کمی بعد دوباره تلاش کنید.';
  return 'انجام نشد؛ دوباره تلاش کنید.';
}

/** Who is signed in (and the CSRF token for changes), or the refusal. */
async function signed(reply: Reply<SignedIn>): Promise<{ name: string; role: string } | Reply> {
  const agent = reply.body?.agent;
  if (reply.status !== 200 || !agent || typeof agent !== 'object') return reply;
  csrf = typeof reply.body?.csrf === 'string' ? reply.body.csrf : '';
  const a = agent as { name?: unknown; id?: unknown; role?: unknown };
  return { name: typeof a.name === 'string' ? a.name : String(a.id ?? ''), role: a.role === 'admin' ? 'admin' : 'agent' };
}

export const me = async () => signed(await request<SignedIn>('GET', '/me'));
export const login = async (username: string, password: string) => signed(await request<SignedIn>('POST', '/login', { username, password }));

/** Ends this browser's session (the console's logout, with its CSRF token). */
export const logout = () => request('POST', '/logout');

export const queue = () => request<ReviewResponse>('GET', '/review');
const enc = encodeURIComponent;
export const label = (id: string, body: LabelRequest) => request('POST', `/review/${enc(id)}/label`, body);
export const teach = (id: string, body: FaqRequest) => request('POST', `/review/${enc(id)}/faq`, body);
export const dismiss = (id: string) => request('POST', `/review/${enc(id)}/dismiss`);
export const accept = (id: string, body: AcceptRequest) => request('POST', `/review/proposals/${enc(id)}/accept`, body);
export const dismissProposal = (id: string) => request('POST', `/review/proposals/${enc(id)}/dismiss`);
export const forgetLabel = (id: string) => request('POST', `/review/labels/${enc(id)}/delete`);
export const forgetFaq = (key: string) => request('POST', `/review/faq/${enc(key)}/delete`);
