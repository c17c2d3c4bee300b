// What an error means for whoever handles a request or an update: the HTTP layer answers with it,
// the Telegram poller decides from it whether to try again. One place, so a webhook's 400 is never
// the poller's "retry three times", nor a 503 one and a 500 the other.
import { ZodError } from 'zod';
import { InvalidActivityError } from '../engine/index.js';
import { HandoffError } from '../handoff/index.js';

/** How an error is handled: retried later (503), the client's mistake (4xx, not retried), or a fault (500). */
export type ErrorClass =
  | { kind: 'retry' }
  | { kind: 'client'; status: number; body: Record<string, unknown> }
  | { kind: 'fault' };

/**
 * Classifies an error thrown while handling a request or an update.
 *
 * @example
 * if (classify(error).kind === 'retry') await sleep(backoff);
 */
export function classify(error: unknown): ErrorClass {
  const e = error as { retryable?: unknown; statusCode?: unknown; code?: unknown } | undefined;
  if (e?.retryable === true || e?.statusCode === 503) return { kind: 'retry' };
  if (error instanceof ZodError) return { kind: 'client', status: 400, body: { error: 'bad_request', message: error.issues[0]?.message ?? 'bad request' } };
  if (error instanceof HandoffError) return { kind: 'client', status: error.statusCode, body: { error: error.code, message: error.message, ...error.details } };
  if (error instanceof InvalidActivityError) return { kind: 'client', status: 400, body: { error: 'invalid_activity', message: error.message, issues: error.issues } };
  const status = e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { kind: 'client', status, body: { error: typeof e?.code === 'string' ? e.code : 'bad_request', message: error instanceof Error ? error.message : String(error) } };
  }
  return { kind: 'fault' };
}
