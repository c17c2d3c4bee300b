// Persian digits, durations, clock times and Jalali dates, plus the Persian names of the server's
// codes (channels, reasons). Formatters are built once: Intl constructors are slow.

const FA = '۰۱۲۳۴۵۶۷۸۹';

export const faDigits = (value: string | number): string => String(value).replace(/[0-9]/g, (d) => FA[Number(d)] ?? d);

export const percent = (ratio: number): string => `${faDigits(Math.round(Math.min(1, Math.max(0, ratio)) * 100))}٪`;

export const count = (n: number): string => (n > 999 ? '۹۹۹+' : faDigits(n));

/** Milliseconds since the epoch, or NaN for a missing or malformed time. */
export const parse = (iso: string | undefined): number => (iso ? Date.parse(iso) : NaN);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** «۳ دقیقه», «۱ ساعت و ۵ دقیقه», «۲ روز»: how long a customer has waited. */
export function duration(ms: number): string {
  if (!(ms >= MINUTE)) return 'کمتر از یک دقیقه';
  if (ms < HOUR) return `${faDigits(Math.floor(ms / MINUTE))} دقیقه`;
  if (ms < DAY) {
    const hours = Math.floor(ms / HOUR);
    const minutes = Math.floor((ms % HOUR) / MINUTE);
    return minutes ? `${faDigits(hours)} ساعت و ${faDigits(minutes)} دقیقه` : `${faDigits(hours)} ساعت`;
  }
  return `${faDigits(Math.floor(ms / DAY))} روز`;
}

/** «همین حالا», «۲ دقیقه پیش». A clock a little ahead of ours reads as now, not as the future. */
export function ago(t: number, now = Date.now()): string {
  if (Number.isNaN(t)) return '';
  const ms = now - t;
  if (ms < MINUTE) return 'همین حالا';
  if (ms < HOUR) return `${faDigits(Math.floor(ms / MINUTE))} دقیقه پیش`;
  if (ms < DAY) return `${faDigits(Math.floor(ms / HOUR))} ساعت پیش`;
  return `${faDigits(Math.floor(ms / DAY))} روز پیش`;
}

let clockFormat: Intl.DateTimeFormat | undefined;
let dayFormat: Intl.DateTimeFormat | undefined;
let dateFormat: Intl.DateTimeFormat | undefined;
let fullFormat: Intl.DateTimeFormat | undefined;

// A browser without the Persian calendar still gets Persian digits, only in Gregorian dates.
function persian(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat('fa-IR-u-ca-persian', options);
  } catch {
    return new Intl.DateTimeFormat('fa-IR', options);
  }
}

export const clock = (d: Date): string => (clockFormat ??= new Intl.DateTimeFormat('fa-IR', { hour: '2-digit', minute: '2-digit' })).format(d);

/** «۱۴ مهر ۱۴۰۳» */
export const jalaliDate = (d: Date): string => (dateFormat ??= persian({ year: 'numeric', month: 'long', day: 'numeric' })).format(d);

/** For tooltips: the full Jalali date and time. */
export const fullTime = (d: Date): string => (fullFormat ??= persian({ year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' })).format(d);

const sameDay = (a: Date, b: Date) => a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/** A transcript time: the clock for today, with the Jalali day before it for older entries. */
export function stamp(d: Date, now = new Date()): string {
  if (sameDay(d, now)) return clock(d);
  return `${(dayFormat ??= persian({ month: 'short', day: 'numeric' })).format(d)}، ${clock(d)}`;
}

let moneyFormat: Intl.NumberFormat | undefined;
export const toman = (amount: number): string => `${(moneyFormat ??= new Intl.NumberFormat('fa-IR')).format(amount)} تومان`;

/** Phone numbers stay left-to-right (the element says so) but in Persian digits. */
export const phone = (p: string): string => faDigits(p);

const CHANNELS: Readonly<Record<string, string>> = { web: 'وب', telegram: 'تلگرام', bale: 'بله' };
export const channelLabel = (channel: string): string => CHANNELS[channel] ?? channel;

const REASONS: Readonly<Record<string, string>> = {
  requested: 'درخواست پشتیبان',
  complaint: 'شکایت',
  fallback: 'ربات پاسخی نداشت',
};
export const reasonLabel = (reason: string): string => REASONS[reason] ?? (reason || 'ارجاع');

export const customerName = (name: string | undefined): string => name?.trim() || 'مشتری';

/** «★★★★☆» for a rating of 4 (of 5). */
export const stars = (score: number): string => {
  const n = Math.max(0, Math.min(5, Math.round(score)));
  return '★'.repeat(n) + '☆'.repeat(5 - n);
};
