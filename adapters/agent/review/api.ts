// The review page's calls. Like the console's, they resolve (never throw) to a status and a body,
// status 0 meaning no answer. The sign-in is the console's own route and session.
import { agentRequests, ok, type Reply } from '../console/request.js';
import type { SignedIn } from '../../../src/wire/console.js';
import type { AcceptRequest, FaqRequest, LabelRequest, ReviewResponse } from '../../../src/wire/review.js';

export type { ReviewResponse };
export type { WireIntentChoice as Choice, WireLabel as Label, WireLearnedFaq as LearnedFaq, WireProposal as Proposal, WireReviewItem as Item } from '../../../src/wire/review.js';

const { request, setCsrf } = agentRequests();

export { ok, type Reply };

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
  setCsrf(typeof reply.body?.csrf === 'string' ? reply.body.csrf : '');
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
