// The errors registry (src/errors.ts) is the one place an error's code, status, retry and Persian
// text are decided: these tests keep it whole, and keep errors from being raised anywhere else.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { asPasokhError, classify, ERRORS, httpAnswer, PasokhError, specOf, StoreUnavailableError, type ErrorCode } from '../../src/errors.js';

const ROOT = join(import.meta.dirname, '..', '..');
const codes = Object.keys(ERRORS) as ErrorCode[];
const SAMPLE_DETAILS = { agentName: 'مریم', max: 1000, retryAfter: 60 };
const LATIN = /[A-Za-z]/;
const PERSIAN = /[\u0600-\u06ff]/;

function textOf(code: ErrorCode): string | undefined {
  const text = specOf(code).text;
  return typeof text === 'function' ? text(SAMPLE_DETAILS) : text;
}

describe('the registry', () => {
  it('names every code PASOKH_ERR_* once, each with an HTTP status and an error name', () => {
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) {
      expect(code).toMatch(/^PASOKH_ERR_[A-Z]+(_[A-Z]+)*$/);
      const { status, error } = specOf(code);
      expect(Number.isInteger(status) && status >= 400 && status <= 599, code).toBe(true);
      expect(error, code).toMatch(/^[a-z_]+$/);
      expect(new PasokhError(code).code).toBe(code);
    }
  });

  it('gives every text a customer or an agent reads in Persian, with no Latin letters and Persian digits', () => {
    for (const code of codes) {
      const spec = specOf(code);
      expect(spec.reader !== undefined, `${code}: reader set exactly when text is`).toBe(spec.text !== undefined);
      const text = textOf(code);
      if (text === undefined) continue;
      expect(text, code).toMatch(PERSIAN);
      expect(text, code).not.toMatch(LATIN);
      expect(text, code).not.toMatch(/[0-9]/);
    }
    expect(textOf('PASOKH_ERR_MESSAGE_TOO_LONG')).toContain('۱٬۰۰۰');
    expect(textOf('PASOKH_ERR_HANDOFF_TAKEN')).toContain('مریم');
  });

  it('retries exactly the 503s, each with a Retry-After', () => {
    for (const code of codes) {
      const spec = specOf(code);
      expect(spec.retryable === true, code).toBe(spec.status === 503);
      if (spec.retryable) expect(spec.retryAfter, code).toBeGreaterThan(0);
    }
  });

  it('gives the command line an exit code for what ends a command, and nothing else', () => {
    expect(specOf('PASOKH_ERR_USAGE').exit).toBe(2);
    for (const code of ['PASOKH_ERR_CONFIG', 'PASOKH_ERR_INTENTS', 'PASOKH_ERR_SHOP_FILES', 'PASOKH_ERR_AGENTS_CONFIG', 'PASOKH_ERR_LABELS_FILE'] as const) expect(specOf(code).exit, code).toBe(1);
    expect(codes.filter((c) => specOf(c).exit !== undefined)).toHaveLength(6);
  });

  it('lists every code in the README', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(codes.filter((code) => !readme.includes(`\`${code}\``))).toEqual([]);
  });
});

describe('translating what was thrown', () => {
  it('reads zod refusals as 400, framework 4xx keeping their status, and anything unknown as a 500 that tells nothing', () => {
    const zod = z.object({ text: z.string() }).safeParse({ text: 5 });
    expect(asPasokhError(zod.error).code).toBe('PASOKH_ERR_BAD_REQUEST');
    expect(asPasokhError(Object.assign(new SyntaxError('Unexpected end'), { statusCode: 400 })).code).toBe('PASOKH_ERR_BAD_JSON');
    expect(asPasokhError(Object.assign(new RangeError('too big'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' })).code).toBe('PASOKH_ERR_BODY_TOO_LARGE');
    expect(httpAnswer(Object.assign(new RangeError('x'), { statusCode: 431, code: 'FST_ERR_SOMETHING_NEW' })).status).toBe(431);
    const fault = httpAnswer(new TypeError('secret key pasokh:conv:1 undefined'));
    expect(fault).toEqual({ status: 500, headers: {}, body: { error: 'internal', code: 'PASOKH_ERR_INTERNAL', message: 'something went wrong' } });
  });

  it('answers a store outage 503 with Retry-After and a Persian message that names no key', () => {
    const answer = httpAnswer(new StoreUnavailableError(new Error('connect ECONNREFUSED 127.0.0.1:6379')));
    expect(answer.status).toBe(503);
    expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    expect(answer.body).toMatchObject({ error: 'unavailable', code: 'PASOKH_ERR_STORE_UNAVAILABLE', retryAfter: Number(answer.headers['retry-after']) });
    expect(answer.body.message).not.toMatch(LATIN);
    expect(classify(new StoreUnavailableError('down'))).toBe('retry');
  });

  it('classifies for the poller as the webhook answers: retry the 503s, never the 4xx, a fault otherwise', () => {
    expect(classify(new PasokhError('PASOKH_ERR_LOCK_TIMEOUT'))).toBe('retry');
    expect(classify(new PasokhError('PASOKH_ERR_BAD_UPDATE'))).toBe('client');
    expect(classify(new PasokhError('PASOKH_ERR_CONVERSATION_GONE'))).toBe('client');
    expect(classify(new Error('boom'))).toBe('fault');
    expect(classify(Object.assign(new Error('network'), { retryable: true }))).toBe('retry');
  });
});

// Errors are raised through the registry: a bare `new Error(...)` would answer 500 with no code.
// Allowed: src/errors.ts itself. Nothing else needs an exception today.
const ALLOWED = new Set(['src/errors.ts']);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.ts$/.test(name) ? [path] : [];
  });
}

describe('no errors outside the registry', () => {
  it('finds no bare Error, error class or hand-written error status in src/ or adapters/', () => {
    const found: string[] = [];
    for (const file of [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'adapters'))]) {
      const name = relative(ROOT, file).replaceAll('\\', '/');
      if (ALLOWED.has(name)) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/\bnew (Type|Range|Syntax)?Error\(|\bextends Error\b|statusCode:\s*\d|\.code\([45]\d\d\)/.test(line)) found.push(`${name}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });
});
