// The owner's insights: figures per Tehran day, recorded by an engine middleware and a handoff
// observer, read back as one report for a period (the /agent/insights page, its API, `pasokh stats`).
import type { InsightsReport } from '../wire/insights.js';
import { dayRange, isDayKey, lastDays } from './days.js';
import { buildReport } from './report.js';
import type { InsightsStore } from './store.js';

export { addDays, dayRange, isDayKey, lastDays, tehranTime, weekdayOf, TEHRAN } from './days.js';
export { insightsMiddleware, insightsObserver } from './recorder.js';
export { buildReport, channelLabel, reasonLabel } from './report.js';
export { createMemoryInsightsStore, createRedisInsightsStore, DURATION_BUCKETS, MISSED_PER_DAY, type DayRecord, type InsightsStore } from './store.js';
export { groupMissed, storableText, type MissedGroup } from './text.js';
export { intentLabeller, type NamedFaq } from './labels.js';

/** A period: the last `days` Tehran days (today included), or `from`..`to` (Tehran day keys). */
export type Period = { days: number } | { from: string; to: string };

/** The longest period a report covers, in days. */
export const MAX_PERIOD_DAYS = 400;

/** The day keys of a period, oldest first (undefined when `from`/`to` are not dates or reversed). */
export function daysOf(period: Period, now: Date): string[] | undefined {
  if ('days' in period) return lastDays(Math.min(Math.max(1, period.days), MAX_PERIOD_DAYS), now);
  if (!isDayKey(period.from) || !isDayKey(period.to) || period.from > period.to) return undefined;
  return dayRange(period.from, period.to, MAX_PERIOD_DAYS);
}

/**
 * The report of a period, its intents named by `label` (default: the canonical labels).
 *
 * @example const report = await insightsReport(store, daysOf({ days: 30 }, new Date())!, intentLabeller(faqs));
 */
export async function insightsReport(store: InsightsStore, days: readonly string[], label?: (intent: string) => string): Promise<InsightsReport> {
  return buildReport(await store.read(days), label);
}
