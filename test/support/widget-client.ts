// The chat widget's side of the HTTP API, as a test drives it: a session, messages with a client
// message id, and the live stream (SSE) read into a list of entries that a test can wait on.
import { waitFor } from './wait.js';
import { readSseEntries } from './sse.js';

export interface WidgetEntry {
  /** The history's stream id (the SSE event id). */
  id: string;
  from: 'customer' | 'bot' | 'agent' | 'system';
  text?: string;
  clientMessageId?: string;
}

export interface WidgetSession {
  token: string;
  visitorId: string;
}

export async function openSession(baseUrl: string): Promise<WidgetSession> {
  const response = await fetch(`${baseUrl}/api/web/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  if (response.status !== 200) throw new Error(`POST /api/web/session answered ${response.status}`);
  return (await response.json()) as WidgetSession;
}

/** POST /api/web/messages; resolves with the response (status, headers, body read). */
export async function sendMessage(baseUrl: string, token: string, clientMessageId: string, text: string): Promise<{ status: number; retryAfter: string | null; body: unknown }> {
  const response = await fetch(`${baseUrl}/api/web/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ clientMessageId, text }),
    signal: AbortSignal.timeout(15_000),
  });
  const raw = await response.text();
  let body: unknown = raw;
  try {
    body = JSON.parse(raw);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body };
}

export interface WidgetStream {
  /** Every entry received, in arrival order. */
  readonly entries: WidgetEntry[];
  /** Set when the server ended the stream or it failed. */
  readonly ended: string | undefined;
  /** Waits until `check(entries)` holds; throws after timeoutMs with `what` and the entries seen. */
  until(what: string, check: (entries: WidgetEntry[]) => boolean, timeoutMs: number): Promise<void>;
  close(): void;
}

/** Opens GET /api/web/stream and reads it in the background until close(). */
export async function openStream(baseUrl: string, token: string, after?: string): Promise<WidgetStream> {
  const abort = new AbortController();
  const query = `token=${encodeURIComponent(token)}${after ? `&after=${encodeURIComponent(after)}` : ''}`;
  const response = await fetch(`${baseUrl}/api/web/stream?${query}`, { headers: { accept: 'text/event-stream' }, signal: abort.signal });
  if (response.status !== 200 || !response.body) {
    abort.abort();
    throw new Error(`GET /api/web/stream answered ${response.status}`);
  }
  const entries: WidgetEntry[] = [];
  let ended: string | undefined;
  readSseEntries(response.body, (data) => entries.push(JSON.parse(data) as WidgetEntry)).then(
    () => void (ended = 'the server ended the stream'),
    (error: unknown) => {
      if (!abort.signal.aborted) ended = (error as Error).message;
    },
  );
  return {
    entries,
    get ended() {
      return ended;
    },
    async until(what, check, timeoutMs) {
      try {
        await waitFor(what, () => check(entries), timeoutMs);
      } catch (error) {
        const seen = entries.map((e) => `${e.from}: ${(e.text ?? '').slice(0, 40)}`).join(' | ');
        throw new Error(`${(error as Error).message}; the stream had: ${seen || 'nothing'}${ended ? `; ${ended}` : ''}`);
      }
    },
    close: () => abort.abort(),
  };
}
