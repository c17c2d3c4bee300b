import { wordsToNumber } from '@persian-tools/persian-tools';
import { spanSet } from './spans.js';
import type { Entity } from './types.js';

// Iran Post parcel ids are 20–24 digits; international (UPU S10) codes look like RR123456789IR.
const TRACKING_KEYWORD = /(?:کد ?)?(?:رهگیری|رهگیر|پیگیری مرسوله|بارنامه|tracking|rahgiri)[\s:#-]*((?:[a-z]{2}\d{9}[a-z]{2})|\d{8,26})/g;
const LONG_NUMBER = /(?<![\d.])\d{20,26}(?![\d.])|(?<![a-z])[a-z]{2}\d{9}ir(?![a-z])/g;
// Every tracking code above has eight digits in a row; most messages have none.
const EIGHT_DIGITS = /\d{8}/;

/** Postal tracking codes: after a tracking keyword, or shaped like a post parcel id. */
export function findTrackingCodes(key: string): Entity[] {
  const found: Entity[] = [];
  if (!EIGHT_DIGITS.test(key)) return found;
  const spans = spanSet(key.length);
  const push = (text: string, start: number) => {
    const span = { start, end: start + text.length };
    if (spans.overlaps(span)) return;
    found.push({ type: 'tracking_code', value: text.toUpperCase(), text, ...span, score: 1 });
    spans.add(span);
  };
  for (const m of key.matchAll(TRACKING_KEYWORD)) {
    const code = m[1] ?? '';
    push(code, m.index + m[0].length - code.length);
  }
  for (const m of key.matchAll(LONG_NUMBER)) push(m[0], m.index);
  return found;
}

// "سفارش ۱۲۳۴۵", "کد سفارش: 12345", "#12345", "order 12345"; a bare number of 5–10 digits too.
const ORDER_KEYWORD = /(?:سفارش(?:م|مو|ام|ای)?|فاکتور|order|sefaresh(?:am)?|شماره|کد)[\s:#-]*(?:شماره|کد)?[\s:#-]*(\d{3,12})(?!\d)/g;
const HASH_NUMBER = /#\s?(\d{3,12})(?!\d)/g;
// («10416, 0901…»: a comma or full stop before a space ends the number; only one between digits groups them.)
const BARE_NUMBER = /(?<![\d/:#]|\d[.,])\d{5,10}(?![\d/:]|[.,]\d)/g;
// «سفارش ده هزار و چهارصد و دو»: an order number said in words, as voice typing writes it.
const NUMBER_WORD = '(?:یک|یه|دو|سه|چهار|پنج|شش|شیش|هفت|هشت|نه|ده|یازده|دوازده|سیزده|چهارده|پانزده|شانزده|هفده|هجده|نوزده|بیست|سی|چهل|پنجاه|شصت|هفتاد|هشتاد|نود|صد|یکصد|دویست|سیصد|چهارصد|پانصد|ششصد|هفتصد|هشتصد|نهصد|هزار)';
const ORDER_IN_WORDS = new RegExp(`(?:سفارش(?:م|مو|ام|ای)?|شماره)\\s+(${NUMBER_WORD}(?:\\s+(?:و\\s+)?${NUMBER_WORD})*)(?!\\p{L})`, 'gu');
// A number followed by a money or quantity word is a price or a count, not an order.
const MONEY_AFTER = /\s*(?:تومان|تومن|ریال|هزار|میلیون|تا|عدد|toman|tomn|hezar|ta)/y;
// Postal codes and national ids are ten digits too.
// Every order number above has three digits in a row.
const THREE_DIGITS = /\d{3}/;
const OTHER_ID_BEFORE = /(?:پستی|ملی|posti|meli|کارت|شبا)[\s:#-]*$/;

/** Order numbers; `taken` are spans already claimed by phones and tracking codes. */
export function findOrderNumbers(key: string, taken: readonly Entity[]): Entity[] {
  const found: Entity[] = [];
  if (!THREE_DIGITS.test(key)) return found;
  const spans = spanSet(key.length, taken);
  const moneyAfter = (end: number) => {
    MONEY_AFTER.lastIndex = end;
    return MONEY_AFTER.test(key);
  };
  const push = (digits: string, start: number, score: number) => {
    const span = { start, end: start + digits.length };
    if (spans.overlaps(span)) return;
    if (moneyAfter(span.end) || OTHER_ID_BEFORE.test(key.slice(Math.max(0, start - 12), start))) return;
    found.push({ type: 'order_number', value: digits, text: digits, ...span, score });
    spans.add(span);
  };
  for (const m of key.matchAll(ORDER_KEYWORD)) {
    const digits = m[1] ?? '';
    push(digits, m.index + m[0].length - digits.length, 1);
  }
  for (const m of key.matchAll(HASH_NUMBER)) {
    const digits = m[1] ?? '';
    push(digits, m.index + m[0].length - digits.length, 1);
  }
  for (const m of key.matchAll(BARE_NUMBER)) push(m[0], m.index, 0.7);
  if (key.includes('هزار')) {
    for (const m of key.matchAll(ORDER_IN_WORDS)) {
      const words = m[1] ?? '';
      const n = wordsToNumber(words);
      const start = m.index + m[0].length - words.length;
      const span = { start, end: start + words.length };
      if (typeof n !== 'number' || n < 10_000 || n > 9_999_999_999 || spans.overlaps(span) || moneyAfter(span.end)) continue;
      found.push({ type: 'order_number', value: String(n), text: words, ...span, score: 1 });
      spans.add(span);
    }
  }
  return found;
}
