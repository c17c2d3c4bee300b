// Business hours of the support team, in the shop's time zone (Asia/Tehran by default).
import { persianDigits } from '../commerce/index.js';
import type { ShopConfig } from '../commerce/index.js';

const DAYS = ['saturday', 'sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;
const PERSIAN_DAYS = ['شنبه', 'یکشنبه', 'دوشنبه', 'سه‌شنبه', 'چهارشنبه', 'پنجشنبه', 'جمعه'];
type Day = (typeof DAYS)[number];

function localParts(now: Date, timeZone: string): { day: Day; minutes: number; date: string } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const hour = Number(get('hour')) % 24;
  return {
    day: get('weekday').toLowerCase() as Day,
    minutes: hour * 60 + Number(get('minute')),
    date: `${get('year')}-${get('month')}-${get('day')}`,
  };
}

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** True when support is open now; a shop without hours is always open. */
export function isOpen(shop: ShopConfig, now: Date): boolean {
  if (Object.keys(shop.hours).length === 0) return true;
  const { day, minutes, date } = localParts(now, shop.timezone);
  if (shop.holidays.includes(date)) return false;
  const hours = shop.hours[day];
  if (!hours || hours === 'closed') return false;
  const [from, to] = hours.split('-');
  return minutes >= toMinutes(from ?? '0:00') && minutes < toMinutes(to ?? '24:00');
}

const spoken = (hhmm: string) => {
  const [h, m] = hhmm.split(':');
  return persianDigits(m === '00' ? String(Number(h)) : `${Number(h)}:${m}`);
};

/** "شنبه تا چهارشنبه ۹ تا ۲۱، پنجشنبه ۹ تا ۱۴، جمعه تعطیل" */
export function describeHours(shop: ShopConfig): string {
  const groups: Array<{ from: number; to: number; hours: string }> = [];
  DAYS.forEach((day, i) => {
    const hours = shop.hours[day] ?? 'closed';
    const last = groups.at(-1);
    if (last && last.hours === hours && last.to === i - 1) last.to = i;
    else groups.push({ from: i, to: i, hours });
  });
  return groups
    .map(({ from, to, hours }) => {
      const days = from === to ? PERSIAN_DAYS[from] : `${PERSIAN_DAYS[from]} تا ${PERSIAN_DAYS[to]}`;
      if (hours === 'closed') return `${days} تعطیل`;
      const [start, end] = hours.split('-');
      return `${days} ${spoken(start ?? '')} تا ${spoken(end ?? '')}`;
    })
    .join('، ');
}
