// The one way the pages under /agent (console, review) call /agent/api: calls resolve (never
// throw) to a status and a parsed body, status 0 meaning no answer, and changes carry the
// session's CSRF token. Each page keeps its own client, so its token and 401 hook are its own.
import type { ErrorReply, Untrusted } from '../../../src/wire/common.js';

/** An answer as received: `T` is what a success carries; an error adds its own fields. */
export interface Reply<T = unknown> {
  status: number;
  body: Untrusted<T & ErrorReply> | null;
}

export interface AgentRequests {
  request<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Reply<T>>;
  /** The CSRF token of the signed-in session ('' after signing out). */
  setCsrf(token: string): void;
}

const TIMEOUT_MS = 20_000;
/** Where the agent API is. */
export const API_BASE = '/agent/api';

/** `onUnauthorized`: told of every 401 with the path that met it. */
export function agentRequests(options: { onUnauthorized?: (path: string) => void } = {}): AgentRequests {
  let csrf = '';
  return {
    setCsrf: (token) => void (csrf = token),
    async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Reply<T>> {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
      try {
        const headers: Record<string, string> = { accept: 'application/json' };
        if (method === 'POST') {
          headers['content-type'] = 'application/json';
          headers['x-csrf-token'] = csrf;
        }
        const response = await fetch(API_BASE + path, {
          method,
          headers,
          body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
          credentials: 'same-origin',
          cache: 'no-store',
          signal: controller.signal,
        });
        let parsed: unknown = null;
        try {
          parsed = await response.json();
        } catch {
          // a proxy's HTML error page: the status says enough
        }
        if (response.status === 401) options.onUnauthorized?.(path);
        return { status: response.status, body: parsed && typeof parsed === 'object' ? (parsed as Untrusted<T & ErrorReply>) : null };
      } catch {
        return { status: 0, body: null };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

export const ok = (reply: Reply): boolean => reply.status >= 200 && reply.status < 300;
