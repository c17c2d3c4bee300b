// HTTP to the widget API. Every call resolves (never throws) to a status and a parsed body, with
// status 0 for a network failure or timeout, so callers decide about retrying in one place.
import type { ErrorReply, Untrusted } from './types.js';

/** An answer as received: `T` is what a success carries (src/wire/widget.ts); an error adds its own fields. */
export interface Reply<T = unknown> {
  status: number;
  body: Untrusted<T & ErrorReply> | null;
}

const TIMEOUT_MS = 20_000;

export async function post<T = unknown>(url: string, body: unknown, token?: string): Promise<Reply<T>> {
  const controller = new AbortController();
  // A request hanging on a dead connection must turn into a retry, not a message stuck forever.
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal: controller.signal });
    let parsed: unknown = null;
    try {
      parsed = await response.json();
    } catch {
      // an HTML error page from a proxy: the status says enough
    }
    return { status: response.status, body: parsed && typeof parsed === 'object' ? (parsed as Untrusted<T & ErrorReply>) : null };
  } catch {
    return { status: 0, body: null };
  } finally {
    clearTimeout(timer);
  }
}

/** A GET of the widget API (the header's status), with the same answers as {@link post}. */
export async function get<T = unknown>(url: string, token?: string): Promise<Reply<T>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: controller.signal });
    const parsed: unknown = await response.json().catch(() => null);
    return { status: response.status, body: parsed && typeof parsed === 'object' ? (parsed as Untrusted<T & ErrorReply>) : null };
  } catch {
    return { status: 0, body: null };
  } finally {
    clearTimeout(timer);
  }
}

export const message = (reply: Reply): string => (typeof reply.body?.message === 'string' ? reply.body.message : '');

/** Worth sending again: no answer, a timeout, the rate limit, or the server (or its proxy) away. */
export const retryable = (status: number): boolean => status === 0 || status === 408 || status === 429 || status >= 500;

/** 1 s, 2 s, 4 s … 30 s, with a little jitter so many visitors don't return in lockstep. */
export const backoff = (attempt: number): number => Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5) * (0.85 + Math.random() * 0.3));

export function sleep(ms: number, wake?: (resolve: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake?.(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
