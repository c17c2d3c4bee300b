// What both browser apps share on the wire: error answers, and how a browser reads JSON from the
// server: it trusts no value, but it may only read the fields the wire type declares, so a field
// renamed on the server is a type error where it is read. Types only.
import type { ErrorBody } from '../errors.js';

/** An error answer's fields a browser reads (src/errors.ts builds them; `retryAfter` whenever Retry-After is sent). */
export type ErrorReply = Pick<ErrorBody, 'error' | 'code' | 'message'> & { retryAfter?: number };

/**
 * Fields of `T` as read from JSON not yet checked: any may be missing or of the wrong type, but
 * only the declared names exist.
 *
 * @example
 * const o = body as Untrusted<SessionResponse>;
 * const token = typeof o.token === 'string' ? o.token : undefined;
 */
export type Untrusted<T> = { readonly [K in keyof T]?: unknown };
