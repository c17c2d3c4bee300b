// Personal data and secrets kept out of logs and metrics. Customers type their mobile, card,
// Sheba and national ID numbers into chats, and URLs carry session tokens and webhook secrets:
// whatever reaches a log line or a metric label goes through here first. Masking keeps the last
// digits (enough to tell two customers apart in a log), the separators and the digits' script.

const DIGIT = '[0-9\u06F0-\u06F9\u0660-\u0669]';
const SEP = '[ -]?';
const ZERO = '[0\u06F0\u0660]';
const EIGHT = '[8\u06F8\u0668]';
const NINE = '[9\u06F9\u0669]';

/** Iranian mobiles: 09…, +98 9…, 0098 9…, 98 9…, or the bare ten digits 9…, in any digits. */
const MOBILE = new RegExp(`(?<!${DIGIT}|\\+)(?:(?:\\+|${ZERO}{2})${NINE}${EIGHT}${SEP}|${NINE}${EIGHT}${SEP}|${ZERO})?${NINE}${DIGIT}{2}${SEP}${DIGIT}{3}${SEP}${DIGIT}{2}${SEP}${DIGIT}{2}(?!${DIGIT})`, 'g');
/** Sixteen digits, optionally in groups of four (checked with Luhn before masking). */
const CARD = new RegExp(`(?<!${DIGIT})${DIGIT}{4}([ -]?)${DIGIT}{4}\\1${DIGIT}{4}\\1${DIGIT}{4}(?!${DIGIT})`, 'g');
/** Sheba: IR and 24 digits, optionally grouped. */
const SHEBA = new RegExp(`(?<![A-Za-z])IR(?:${SEP}${DIGIT}){24}(?!${DIGIT})`, 'gi');
/** National ID: ten digits (or 3-6-1), checked with its check digit before masking. */
const NATIONAL_ID = new RegExp(`(?<!${DIGIT})${DIGIT}{3}${SEP}${DIGIT}{6}${SEP}${DIGIT}(?!${DIGIT})`, 'g');

const isDigit = (c: string) => /^[0-9\u06F0-\u06F9\u0660-\u0669]$/.test(c);
const asciiDigits = (text: string) =>
  [...text].filter(isDigit).map((c) => {
    const code = c.charCodeAt(0);
    return code >= 0x06f0 ? code - 0x06f0 : code >= 0x0660 ? code - 0x0660 : code - 0x30;
  });

function luhnValid(digits: number[]): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits[digits.length - 1 - i]!;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** The Iranian national ID (کد ملی) check digit; ten equal digits are not an ID. */
function nationalIdValid(digits: number[]): boolean {
  if (digits.length !== 10 || digits.every((d) => d === digits[0])) return false;
  const sum = digits.slice(0, 9).reduce((s, d, i) => s + d * (10 - i), 0) % 11;
  const check = digits[9]!;
  return sum < 2 ? check === sum : check === 11 - sum;
}

/** Every digit but the last `keep` becomes `*`; separators and letters stay. */
function maskDigits(text: string, keep: number): string {
  let seen = 0;
  const chars = [...text];
  for (let i = chars.length - 1; i >= 0; i--) {
    if (!isDigit(chars[i]!)) continue;
    if (seen++ >= keep) chars[i] = '*';
  }
  return chars.join('');
}

/**
 * Masks Iranian mobile numbers, Luhn-valid card numbers, Sheba numbers and valid national IDs in
 * free text, in ASCII, Persian or Arabic digits.
 *
 * @example maskPersonalData('شماره‌ام ۰۹۱۲۳۸۴۷۵۶۱ است') // 'شماره‌ام *********۶۱ است'
 */
export function maskPersonalData(text: string): string {
  if (!/[0-9\u06F0-\u06F9\u0660-\u0669]{2}/.test(text)) return text;
  return text
    .replace(SHEBA, (m) => maskDigits(m, 4))
    .replace(CARD, (m) => (luhnValid(asciiDigits(m)) ? maskDigits(m, 4) : m))
    .replace(MOBILE, (m) => maskDigits(m, 2))
    .replace(NATIONAL_ID, (m) => (nationalIdValid(asciiDigits(m)) ? maskDigits(m, 2) : m));
}

/** Bot API tokens (`123456:AA…`) and passwords in URLs (`redis://:pw@host`). */
const BOT_TOKEN = /(?<!\d)(\d{5,15}):[A-Za-z0-9_-]{30,}/g;
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@"]*):[^\s/@"]+@/gi;

/** Secrets and personal data out of one piece of text bound for a log. */
export function maskForLog(text: string): string {
  return maskPersonalData(text.replace(BOT_TOKEN, '$1:[redacted]').replace(URL_PASSWORD, '$1:[redacted]@'));
}

/**
 * Masks inside every double-quoted string of a JSON log line or a Prometheus exposition (label
 * values), leaving numbers and structure alone, so the line still parses. A plain scan rather than
 * a regex: a regex over a multi-megabyte string overflows the stack, and a log call must not throw.
 *
 * @example maskQuoted('{"time":1700000000,"msg":"card 6037991234567893"}')
 */
export function maskQuoted(text: string): string {
  let out = '';
  let from = 0;
  for (let open = text.indexOf('"'); open >= 0; open = text.indexOf('"', from)) {
    let close = open + 1;
    while (close < text.length && text.charCodeAt(close) !== 0x22) close += text.charCodeAt(close) === 0x5c ? 2 : 1;
    out += text.slice(from, open) + maskForLog(text.slice(open, close + 1));
    from = close + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** Query parameters whose values are credentials. */
const SECRET_PARAMS = /^(token|access_token|secret|password|key|signature|sig)$/i;
/** Webhooks that take their secret as the last path segment (`/bale/webhook/<secret>`): all after it goes. */
const PATH_SECRET = /^((?:\/[^/]+)*?\/webhook\/).+$/;

/**
 * A request URL as it may be logged: path secrets and credential parameters replaced by
 * `[redacted]`, percent-escapes decoded (so that `%77ebhook` is seen, and masking sees the digits).
 *
 * @example redactUrl('/api/web/stream?token=v1.abc&after=5') // '/api/web/stream?token=[redacted]&after=5'
 */
export function redactUrl(url: string): string {
  const cut = url.indexOf('?');
  const path = decode(cut < 0 ? url : url.slice(0, cut)).replace(PATH_SECRET, '$1[redacted]');
  if (cut < 0) return path;
  const query = url
    .slice(cut + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = decode(eq < 0 ? pair : pair.slice(0, eq));
      return eq >= 0 && SECRET_PARAMS.test(name) ? `${name}=[redacted]` : decode(pair);
    });
  return `${path}?${query.join('&')}`;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}
