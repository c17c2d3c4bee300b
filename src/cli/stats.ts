// pasokh stats: the owner's figures of a period in the terminal, from the daily aggregates in
// Redis (the same report as /agent/insights). With --url, or with no Redis configured (the demo
// keeps its figures in the server's memory), the running server's /metrics since it started.
import { loadDotEnv, readConfig } from '../config.js';
import { createRedisInsightsStore, daysOf, insightsReport, TEHRAN, weekdayOf, type Period } from '../insights/index.js';
import { openRedis, type RedisClient } from '../state/index.js';
import type { Durations, InsightsReport } from '../wire/insights.js';
import { print, printError, UsageError } from './io.js';
import { statsCommand as metricsSummary } from './ops.js';

export interface StatsOptions {
  url?: string;
  days?: string;
  from?: string;
  to?: string;
  json?: boolean;
}

const fa = new Intl.NumberFormat('fa-IR', { maximumFractionDigits: 1 });
const jalali = new Intl.DateTimeFormat('fa-IR-u-ca-persian', { timeZone: TEHRAN, day: 'numeric', month: 'long', year: 'numeric' });
const jalaliShort = new Intl.DateTimeFormat('fa-IR-u-ca-persian', { timeZone: TEHRAN, day: 'numeric', month: 'short' });
const WEEKDAYS = ['شنبه', 'یکشنبه', 'دوشنبه', 'سه‌شنبه', 'چهارشنبه', 'پنجشنبه', 'جمعه'];
const dateOf = (day: string) => new Date(`${day}T12:00:00+03:30`);
const percent = (rate: number | null) => (rate === null ? '—' : `${fa.format(Math.round(rate * 1000) / 10)}٪`);

function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${fa.format(Math.round(seconds))} ثانیه`;
  if (seconds < 3600) return `${fa.format(Math.round(seconds / 6) / 10)} دقیقه`;
  return `${fa.format(Math.round(seconds / 360) / 10)} ساعت`;
}

const timed = (d: Durations) => (d.count ? `میانگین ${duration(d.meanSeconds)} (${fa.format(d.count)} مورد)` : '—');
const bar = (n: number, max: number, width = 20) => '█'.repeat(max ? Math.round((n / max) * width) : 0);

function periodOf(options: StatsOptions): Period {
  if (options.from || options.to) {
    if (!options.from || !options.to) throw new UsageError('--from and --to go together: pasokh stats --from 2026-11-01 --to 2026-11-30 (Tehran days)');
    return { from: options.from, to: options.to };
  }
  const days = options.days === undefined ? 7 : Number(options.days);
  if (!Number.isInteger(days) || days < 1) throw new UsageError(`--days takes a whole number of days (got "${options.days}")`);
  return { days };
}

/** The report as the owner reads it in a terminal, in Persian. */
export function formatReport(r: InsightsReport): string {
  const maxDay = Math.max(0, ...r.daily.map((d) => d.messages));
  const busiestHours = r.hours
    .map((n, hour) => ({ hour, n }))
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n)
    .slice(0, 3);
  const lines = [
    `آمار پاسخ — ${fa.format(r.days)} روز، از ${jalali.format(dateOf(r.from))} تا ${jalali.format(dateOf(r.to))} (به وقت تهران)`,
    `پاسخ خودکار: ${percent(r.automation.rate)} (${fa.format(r.automation.count)} از ${fa.format(r.automation.of)} گفتگو بدون پشتیبان)`,
    `نفهمیده‌ها: ${percent(r.fallback.rate)} (${fa.format(r.fallback.count)} از ${fa.format(r.fallback.of)} پیام)`,
    `پیام‌ها: ${fa.format(r.messages)} (${r.channels.map((c) => `${c.label}: ${fa.format(c.count)}`).join('، ') || '—'})`,
    `بیشترین موضوع‌ها: ${r.intents.slice(0, 5).map((i) => `${i.label} ${fa.format(i.count)}`).join('، ') || '—'}`,
    'پرسش‌های بی‌پاسخ:',
    ...(r.unanswered.length ? r.unanswered.map((q) => `  ${fa.format(q.count)}× ${q.text}${q.variants.length ? ` (و: ${q.variants.join('، ')})` : ''}`) : ['  —']),
    `ارجاع به پشتیبان: ${r.handoffs.map((h) => `${h.label} ${fa.format(h.count)}`).join('، ') || '—'}؛ بی‌پاسخ‌مانده در صف: ${fa.format(r.timedOut)}`,
    `انتظار تا اولین پاسخ پشتیبان: ${timed(r.firstReply)}`,
    `زمان رسیدگی: ${timed(r.handling)}`,
    `رضایت: ${r.satisfaction.mean === null ? '—' : `${fa.format(Math.round(r.satisfaction.mean * 10) / 10)} از ۵ (${fa.format(r.satisfaction.count)} نظر)`}`,
    `ساعت‌های شلوغ: ${busiestHours.map((x) => `ساعت ${fa.format(x.hour)} (${fa.format(x.n)} پیام)`).join('، ') || '—'}`,
    `روزهای هفته: ${r.weekdays.map((n, i) => `${WEEKDAYS[i]} ${fa.format(n)}`).join('، ')}`,
    'روز به روز (پیام‌ها، پاسخ خودکار):',
    ...r.daily
      .filter((d) => d.messages > 0)
      .map((d) => `  ${WEEKDAYS[weekdayOf(d.day)]} ${jalaliShort.format(dateOf(d.day))}\t${fa.format(d.messages)}\t${percent(d.conversations ? d.automated / d.conversations : null)}\t${bar(d.messages, maxDay)}`),
  ];
  return lines.join('\n');
}

/**
 * `pasokh stats [--days N | --from YYYY-MM-DD --to YYYY-MM-DD] [--json] [--url URL]`.
 *
 * @example await insightsStatsCommand({ days: '30', json: true })
 */
export async function insightsStatsCommand(options: StatsOptions): Promise<number> {
  if (options.url) return metricsSummary({ url: options.url });
  loadDotEnv();
  const config = readConfig();
  const period = periodOf(options);
  if (!config.redis) {
    printError('pasokh: the daily figures are kept in Redis (REDIS_URL); without it the server keeps them in its memory. Here is its /metrics since it started; the page /agent/insights shows the days.');
    return metricsSummary({});
  }
  const days = daysOf(period, new Date());
  if (!days) throw new UsageError('--from and --to are Tehran days (YYYY-MM-DD), --from not after --to');
  let redis: RedisClient | undefined;
  try {
    redis = openRedis(config.redis);
    const report = await insightsReport(createRedisInsightsStore(redis, config.redisPrefix, { retentionSeconds: config.insightsRetentionSeconds }), days);
    print(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    printError(`pasokh: cannot read the figures from Redis (${(error as Error).message})`);
    return 1;
  } finally {
    redis?.disconnect();
  }
}
