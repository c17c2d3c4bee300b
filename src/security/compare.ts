// Secrets compared in constant time. Node's timingSafeEqual throws when the lengths differ (and a
// non-ASCII string's byte length is not its character count), so both sides are hashed first: the
// comparison is always of two 32-byte digests, never throws, and leaks neither content nor length.
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string | Buffer) => createHash('sha256').update(value).digest();

/**
 * True when `given` equals `expected`, compared in constant time; false for anything that is not
 * a string or buffer.
 *
 * @example safeEqual(request.headers['x-secret'], config.secret)
 */
export function safeEqual(given: unknown, expected: string | Buffer): boolean {
  if (typeof given !== 'string' && !Buffer.isBuffer(given)) return false;
  return timingSafeEqual(digest(given), digest(expected));
}
