// JSON request bodies with a nesting limit. A 10 KB body can nest a value 5,000 levels deep; it
// parses, but everything that walks it afterwards (JSON.stringify, zod, Redis) may overflow the
// stack and answer 500. No body pasokh accepts nests anywhere near the limit (a Telegram update
// is about ten levels deep), so deeper ones are refused with a 400 before they are parsed.
import type { FastifyInstance } from 'fastify';
import { PasokhError } from '../errors.js';

/** Deepest nesting of arrays and objects a request body may have. */
export const MAX_JSON_DEPTH = 64;

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * True when the JSON text nests arrays and objects deeper than `limit`; brackets inside strings
 * do not count. Linear, and stops at the first level too deep.
 *
 * @example nestsDeeperThan('[[1]]', 1) // true
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--;
  }
  return false;
}

/** Replaces fastify's JSON parser with the same parser (prototype poisoning refused) behind the nesting check. */
export function limitJsonDepth(server: FastifyInstance, limit = MAX_JSON_DEPTH): void {
  const parse = server.getDefaultJsonParser('error', 'error');
  server.removeContentTypeParser('application/json');
  server.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body: string, done) => {
    if (nestsDeeperThan(body, limit)) {
      done(new PasokhError('PASOKH_ERR_BODY_TOO_DEEP', { message: `the JSON body nests deeper than ${limit} levels` }), undefined);
      return;
    }
    parse(request, body, done);
  });
}
