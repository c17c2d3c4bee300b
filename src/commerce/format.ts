// Numbers and dates as a Persian reader expects them: Persian digits, Persian separators, the
// Jalali calendar.
const number = new Intl.NumberFormat('fa-IR');
const jalaliDate = new Intl.DateTimeFormat('fa-IR-u-ca-persian', {
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  timeZone: 'Asia/Tehran',
});
const weekday = new Intl.DateTimeFormat('fa-IR-u-ca-persian', { weekday: 'long', timeZone: 'Asia/Tehran' });

/** ۱٬۸۵۰٬۰۰۰ تومان */
export const formatToman = (amount: number) => `${number.format(amount)} تومان`;

/** Persian digits, with separators for large numbers. */
export const formatNumber = (n: number) => number.format(n);

/** Digits of a code in Persian, no separators (order numbers, tracking codes). */
export const persianDigits = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)));

/** ۳ آبان ۱۴۰۵ */
export function formatJalali(iso: string | Date): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  return Number.isNaN(date.getTime()) ? String(iso) : jalaliDate.format(date);
}

export function formatWeekday(iso: string | Date): string {
  return weekday.format(typeof iso === 'string' ? new Date(iso) : iso);
}
