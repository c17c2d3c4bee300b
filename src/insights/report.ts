// From the stored days to the figures the owner reads, the same for the page, the API and
// `pasokh stats`. Every figure is defined in the README ("Insights for the owner").
import { intentLabel } from '../wire/intent-labels.js';
import type { Durations, InsightsReport, Labelled, Share } from '../wire/insights.js';
import { weekdayOf } from './days.js';
import { DURATION_BUCKETS, type DayRecord, type Timed } from './store.js';
import { groupMissed } from './text.js';

const CHANNEL_LABELS: Readonly<Record<string, string>> = { web: 'وب‌سایت', telegram: 'تلگرام', bale: 'بله' };
const REASON_LABELS: Readonly<Record<string, string>> = { requested: 'درخواست مشتری', complaint: 'شکایت', fallback: 'نفهمیدن ربات', keyword: 'کلمه‌ی کلیدی' };

/** The Persian name of a channel, or its id. */
export const channelLabel = (channel: string) => CHANNEL_LABELS[channel] ?? channel;
/** The Persian name of a handoff reason, or the reason. */
export const reasonLabel = (reason: string) => REASON_LABELS[reason] ?? reason;

const share = (count: number, of: number): Share => ({ count, of, rate: of > 0 ? count / of : null });

/** Sums of the fields starting with `prefix` (the rest of the name is the key), largest first. */
function byPrefix(totals: ReadonlyMap<string, number>, prefix: string, label: (key: string) => string, limit = 50): Labelled[] {
  const rows: Labelled[] = [];
  for (const [field, count] of totals) if (field.startsWith(prefix) && count > 0) rows.push({ key: field.slice(prefix.length), label: label(field.slice(prefix.length)), count });
  return rows.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1)).slice(0, limit);
}

function durations(totals: ReadonlyMap<string, number>, what: Timed): Durations {
  const count = totals.get(`${what}_n`) ?? 0;
  return {
    count,
    meanSeconds: count ? (totals.get(`${what}_sum`) ?? 0) / count : null,
    bounds: [...DURATION_BUCKETS],
    counts: Array.from({ length: DURATION_BUCKETS.length + 1 }, (_, i) => totals.get(`${what}_b${i}`) ?? 0),
  };
}

/**
 * The report of a period from its days' records (oldest first). `label` names the intents (the
 * shop's own FAQ entries too: see intentLabeller); by default the canonical labels only.
 *
 * @example buildReport(await store.read(lastDays(30, new Date())))
 */
export function buildReport(records: readonly DayRecord[], label: (intent: string) => string = intentLabel): InsightsReport {
  const totals = new Map<string, number>();
  const hours = Array<number>(24).fill(0);
  const weekdays = Array<number>(7).fill(0);
  for (const r of records) {
    for (const [field, n] of Object.entries(r.counts)) totals.set(field, (totals.get(field) ?? 0) + n);
    for (let h = 0; h < 24; h++) hours[h]! += r.counts[`h:${h}`] ?? 0;
    weekdays[weekdayOf(r.day)]! += r.counts.messages ?? 0;
  }
  const get = (field: string) => totals.get(field) ?? 0;
  const conversations = get('conversations');
  const ratings = [1, 2, 3, 4, 5].map((s) => get(`rate:${s}`));
  const rated = ratings.reduce((a, b) => a + b, 0);
  return {
    from: records[0]?.day ?? '',
    to: records.at(-1)?.day ?? '',
    days: records.length,
    messages: get('messages'),
    automation: share(Math.max(0, conversations - get('handed')), conversations),
    fallback: share(get('fallbacks'), get('messages')),
    daily: records.map((r) => ({
      day: r.day,
      messages: r.counts.messages ?? 0,
      conversations: r.counts.conversations ?? 0,
      automated: Math.max(0, (r.counts.conversations ?? 0) - (r.counts.handed ?? 0)),
      fallbacks: r.counts.fallbacks ?? 0,
    })),
    intents: byPrefix(totals, 'in:', label, 10),
    unanswered: groupMissed(records.flatMap((r) => r.missed)),
    handoffs: byPrefix(totals, 'ho:', reasonLabel),
    timedOut: get('timeouts'),
    firstReply: durations(totals, 'fr'),
    handling: durations(totals, 'hd'),
    satisfaction: { count: rated, mean: rated ? ratings.reduce((sum, n, i) => sum + n * (i + 1), 0) / rated : null, counts: ratings },
    hours,
    weekdays,
    channels: byPrefix(totals, 'ch:', channelLabel),
  };
}
