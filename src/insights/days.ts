// The owner's figures are kept per day, and a shop in Iran counts its days in Tehran: a message at
// 23:30 UTC belongs to the next Tehran day. Days are named by their Gregorian date in Tehran
// (`2026-12-02`), which sorts and parses; pages and the CLI show them in the Jalali calendar.

export const TEHRAN = 'Asia/Tehran';

const parts = new Intl.DateTimeFormat('en-CA', { timeZone: TEHRAN, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Where a moment falls in Tehran: its day key and its hour (0–23). */
export function tehranTime(at: Date): { day: string; hour: number } {
  const p = Object.fromEntries(parts.formatToParts(at).map((x) => [x.type, x.value]));
  return { day: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour) % 24 };
}

/** True for a day key (`YYYY-MM-DD`) that names a real date. */
export function isDayKey(day: string): boolean {
  if (!DAY.test(day)) return false;
  // A month 13 or a day 32 is no date at all (an Invalid Date, whose toISOString throws); a
  // 30 February rolls over to March and is caught by the comparison.
  const at = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().startsWith(day);
}

/** The day after (or `n` days after) a day key. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Every day key from `from` to `to`, both included (at most `max`, the newest kept). */
export function dayRange(from: string, to: string, max = 3660): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days.slice(-max);
}

/** The last `n` Tehran days up to and including the day of `now`. */
export function lastDays(n: number, now: Date): string[] {
  const today = tehranTime(now).day;
  return dayRange(addDays(today, 1 - n), today);
}

/**
 * The weekday of a day key, counted the Iranian way: 0 is Saturday (شنبه), 6 Friday (جمعه).
 *
 * @example weekdayOf('2026-12-05') // 0: a Saturday
 */
export function weekdayOf(day: string): number {
  // getUTCDay: 0 Sunday … 6 Saturday.
  return (new Date(`${day}T12:00:00Z`).getUTCDay() + 1) % 7;
}
