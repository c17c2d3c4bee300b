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

/** «09:00-21:00» as said: from ۹ to ۲۱. */
const spokenRange = (hours: string) => {
  const [start, end] = hours.split('-');
  return { from: spoken(start ?? ''), to: spoken(end ?? '') };
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
      const { from: start, to: end } = spokenRange(hours);
      return `${days} ${start} تا ${end}`;
    })
    .join('، ');
}

// The weekdays as a matching key writes them («شنبه‌ها» → «شنبها»، «پنج شنبه»): compound names first,
// so «یکشنبه» is read whole and never as a Saturday.
const WEEKDAY = /(?:^|\s)(یک ?شنب|دو ?شنب|سه ?شنب|چهار ?شنب|پنج ?شنب|شنب|جمع)(?:ه(?: ?ها)?|ها)(?=\s|$|[?!.،,])/g;
const WEEKDAY_STEMS = ['شنب', 'یکشنب', 'دوشنب', 'سهشنب', 'چهارشنب', 'پنجشنب', 'جمع'];

/** The one weekday a matching key names («شنبه‌ها بازید؟» → 0, Saturday), or undefined for none or several. */
export function weekdayNamed(key: string): number | undefined {
  const days = new Set([...key.matchAll(WEEKDAY)].map((m) => WEEKDAY_STEMS.indexOf(m[1]!.replace(' ', ''))));
  return days.size === 1 ? [...days][0] : undefined;
}

// «ساعت ۵»، «۵ عصر»، «عصر»: a time of day asked about, in the matching key (ASCII digits).
const AT_HOUR = /(?:^|\s)(?:ساعت\s?)(\d{1,2})(?:[:.](\d{2}))?|(?:^|\s)(\d{1,2})(?:[:.](\d{2}))?\s(?=صبح|ظهر|بعد ?از ?ظهر|بعدازظهر|عصر|غروب|شب)/;
const PART_OF_DAY: ReadonlyArray<readonly [RegExp, number]> = [
  [/(?:^|\s)صبح/, 10 * 60], [/(?:^|\s)ظهر/, 13 * 60], [/بعد ?از ?ظهر|بعدازظهر/, 16 * 60], [/(?:^|\s)(?:عصر|غروب)/, 17 * 60], [/(?:^|\s)شب/, 20 * 60],
];
// Before this hour, a time said without «صبح» is in the afternoon («ساعت ۵» is five p.m. to a shop).
const SURELY_PM_BELOW = 8;

/** The time of day a matching key asks about, in minutes after midnight («پنجشنبه عصر ساعت ۵» → 17:00), or undefined. */
export function timeAsked(key: string): number | undefined {
  const part = PART_OF_DAY.find(([words]) => words.test(key));
  const m = AT_HOUR.exec(key);
  if (!m) return part?.[1];
  let hour = Number(m[1] ?? m[3]);
  const minute = Number(m[2] ?? m[4] ?? 0);
  if (hour > 24 || minute > 59) return part?.[1];
  const afternoon = part !== undefined && part[1] >= 13 * 60;
  if (hour < 12 && (afternoon || (part === undefined && hour < SURELY_PM_BELOW))) hour += 12;
  return hour * 60 + minute;
}

// Solar Hijri months as a matching key writes them (آ as ا): «۲ دی»، «۱۵ ابان ماه».
const MONTHS = ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'ابان', 'اذر', 'دی', 'بهمن', 'اسفند'];
const ON_DATE = new RegExp(`(?:^|\\s)(\\d{1,2})(?:ام|م|ٍ)?\\s?(${MONTHS.join('|')})(?:\\s?ماه)?(?=\\s|$|[?!.،,])`);
const RELATIVE_DAY: ReadonlyArray<readonly [RegExp, number]> = [[/(?:^|\s)پس ?فردا(?=\s|$|[?!.،,])/, 2], [/(?:^|\s)فردا(?=\s|$|[?!.،,])/, 1], [/(?:^|\s)امروز(?=\s|$|[?!.،,])/, 0]];
const DAY_MS = 86_400_000;

/** Whether a matching key names a calendar day («فردا»، «۲ دی»), whatever day that is. */
export const namesDate = (key: string): boolean => ON_DATE.test(key) || RELATIVE_DAY.some(([words]) => words.test(key));

/**
 * The calendar day a matching key asks about — «۲ دی» (the next one, within a year), «فردا»،
 * «امروز» — as the shop's local date (YYYY-MM-DD) and weekday (Saturday 0), or undefined.
 */
export function dateAsked(key: string, now: Date, timeZone: string): { date: string; day: number } | undefined {
  const at = (inDays: number) => {
    const { day, date } = localParts(new Date(now.getTime() + inDays * DAY_MS), timeZone);
    return { date, day: DAYS.indexOf(day) };
  };
  const relative = RELATIVE_DAY.find(([words]) => words.test(key));
  if (relative) return at(relative[1]);
  const m = ON_DATE.exec(key);
  if (!m) return undefined;
  const wantedDay = Number(m[1]);
  const wantedMonth = MONTHS.indexOf(m[2]!) + 1;
  if (wantedDay < 1 || wantedDay > 31) return undefined;
  const solar = new Intl.DateTimeFormat('en-US-u-ca-persian', { timeZone, month: 'numeric', day: 'numeric' });
  // Tehran keeps no daylight saving time: whole days of 24 hours land on the next dates.
  for (let inDays = 0; inDays <= 366; inDays++) {
    const parts = solar.formatToParts(new Date(now.getTime() + inDays * DAY_MS));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    if (get('month') === wantedMonth && get('day') === wantedDay) return at(inDays);
  }
  return undefined;
}

/** Whether support is open on a weekday (Saturday 0) at a time (minutes after midnight). */
export function openAt(shop: ShopConfig, day: number, minutes: number): boolean {
  const hours = shop.hours[DAYS[day]!] ?? 'closed';
  if (hours === 'closed') return false;
  const [from = '00:00', to = '24:00'] = hours.split('-');
  return minutes >= toMinutes(from) && minutes < toMinutes(to);
}

/** A weekday's hours (DAYS' order, Saturday 0) as spoken, or that support is closed that day. */
export function hoursOn(shop: ShopConfig, day: number): { day: string; from: string; to: string } | { day: string; closed: true } {
  const hours = shop.hours[DAYS[day]!] ?? 'closed';
  if (hours === 'closed') return { day: PERSIAN_DAYS[day]!, closed: true };
  return { day: PERSIAN_DAYS[day]!, ...spokenRange(hours) };
}

/** When support opens next, as far as two weeks ahead: days from today (0: later today) and its hh:mm. */
export function nextOpening(shop: ShopConfig, now: Date): { inDays: number; weekday: string; at: string } | undefined {
  if (Object.keys(shop.hours).length === 0) return undefined;
  const today = localParts(now, shop.timezone);
  for (let inDays = 0; inDays <= 14; inDays++) {
    // Tehran keeps no daylight saving time, so whole days of 24 hours land on the next dates.
    const { day, date } = inDays === 0 ? today : localParts(new Date(now.getTime() + inDays * 86_400_000), shop.timezone);
    const hours = shop.hours[day];
    if (!hours || hours === 'closed' || shop.holidays.includes(date)) continue;
    const [from = '0:00'] = hours.split('-');
    if (inDays === 0 && toMinutes(from) <= today.minutes) continue;
    return { inDays, weekday: PERSIAN_DAYS[DAYS.indexOf(day)] ?? '', at: from };
  }
  return undefined;
}

/**
 * When a person answers next, for a chat's header: «ساعت ۹» (later today), «ساعت ۹ فردا»,
 * «ساعت ۹:۳۰ شنبه»; undefined when no opening is in sight.
 */
export function describeNextOpening(shop: ShopConfig, now: Date): string | undefined {
  const next = nextOpening(shop, now);
  if (!next) return undefined;
  const when = next.inDays === 0 ? '' : next.inDays === 1 ? ' فردا' : ` ${next.weekday}`;
  return `ساعت ${spoken(next.at)}${when}`;
}
