// Persian digits, clock times and day labels; mobile numbers typed with any digits.

const FA = '۰۱۲۳۴۵۶۷۸۹';

export const faDigits = (value: string | number): string => String(value).replace(/[0-9]/g, (d) => FA[Number(d)] ?? d);

// Extended Arabic-Indic (U+06F0…) and Arabic-Indic (U+0660…) zeros both sit on a multiple of 16.
export const latinDigits = (s: string): string => s.replace(/[\u06f0-\u06f9\u0660-\u0669]/g, (c) => String(c.charCodeAt(0) % 16));

/** 09xxxxxxxxx, or null: accepts +98 / 0098 / 98 prefixes, spaces, dashes and Persian digits. */
export function normalizeMobile(s: string): string | null {
  const m = /^(?:\+98|0098|98|0)?(9\d{9})$/.exec(latinDigits(s).replace(/[\s\-()]/g, ''));
  return m ? `0${m[1]}` : null;
}

let clockFormat: Intl.DateTimeFormat | undefined;
let dayFormat: Intl.DateTimeFormat | undefined;

export function toDate(iso: string | undefined): Date {
  const t = iso ? Date.parse(iso) : NaN;
  return new Date(Number.isNaN(t) ? Date.now() : t);
}

export const clock = (d: Date): string => (clockFormat ??= new Intl.DateTimeFormat('fa-IR', { hour: '2-digit', minute: '2-digit' })).format(d);

export const dayKey = (d: Date): string => `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;

export function dayLabel(d: Date, now = new Date()): string {
  const key = dayKey(d);
  if (key === dayKey(now)) return 'امروز';
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (key === dayKey(yesterday)) return 'دیروز';
  try {
    dayFormat ??= new Intl.DateTimeFormat('fa-IR-u-ca-persian', { day: 'numeric', month: 'long', year: 'numeric' });
  } catch {
    dayFormat = new Intl.DateTimeFormat('fa-IR', { day: 'numeric', month: 'long', year: 'numeric' });
  }
  return dayFormat.format(d);
}

export const badgeText = (n: number): string => (n > 99 ? '۹۹+' : faDigits(n));

/** A clientMessageId: randomUUID exists only in secure contexts, so plain-http shops get hex. */
export function newId(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof c?.getRandomValues === 'function') c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
