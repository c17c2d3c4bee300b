// pasokh stats: the owner's figures of a period in the terminal, from the daily aggregates in
// Redis (the same report as /agent/insights). With --url, or with no Redis configured (the demo
// keeps its figures in the server's memory), the running server's /metrics since it started.
import { faqEntries, openShopDirectory } from '../commerce/index.js';
import { loadDotEnv, readConfig, type Config } from '../config.js';
import { channelLabel, createRedisInsightsStore, daysOf, insightsReport, intentLabeller, TEHRAN, weekdayOf, type NamedFaq, type Period } from '../insights/index.js';
import { createRedisLearningStore } from '../learning/index.js';
import { openRedis, type RedisClient } from '../state/index.js';
import type { Durations, InsightsReport } from '../wire/insights.js';
import { print, printError, UsageError } from './io.js';

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

/** Exit code when no figures could be read (Redis or the server unreachable): as a broken start-up, 1. */
export const STATS_UNREADABLE = 1;

/** The shop's own FAQ entries (shop.yaml), for naming their intents; none when the files do not load. */
function shopFaqs(config: Config): NamedFaq[] {
  try {
    const shop = openShopDirectory(config.shopDir, { watch: false });
    try {
      return faqEntries(shop.shop()).map(({ key, questions }) => ({ key, questions }));
    } finally {
      shop.close();
    }
  } catch {
    // A broken shop directory is the server's to report; the figures stand without its names.
    return [];
  }
}

/** The running server's /metrics on this machine, when PORT/HOST name one (PORT 0 is a random port). */
function localMetricsUrl(config: Config): string | undefined {
  if (!config.port) return undefined;
  const host = ['0.0.0.0', '::', ''].includes(config.host) ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}/metrics`;
}

/**
 * `pasokh stats [--days N | --from YYYY-MM-DD --to YYYY-MM-DD] [--json] [--url URL]`. Exit 0 when
 * it printed figures, STATS_UNREADABLE (1) when none could be read, 2 for a usage error.
 *
 * @example await insightsStatsCommand({ days: '30', json: true })
 */
export async function insightsStatsCommand(options: StatsOptions): Promise<number> {
  loadDotEnv();
  const config = readConfig();
  if (options.url) return metricsSummary(options.url, intentLabeller(shopFaqs(config)));
  const period = periodOf(options);
  if (!config.redis) return withoutRedis(config);
  const days = daysOf(period, new Date());
  if (!days) throw new UsageError('--from and --to are Tehran days (YYYY-MM-DD, a real date), --from not after --to');
  let redis: RedisClient | undefined;
  try {
    redis = openRedis(config.redis);
    // What the owner taught (with its titles) and shop.yaml's entries name the shop's own intents.
    const learned = await createRedisLearningStore(redis, config.redisPrefix).faqs();
    const label = intentLabeller([...learned, ...shopFaqs(config)]);
    const report = await insightsReport(createRedisInsightsStore(redis, config.redisPrefix, { retentionSeconds: config.insightsRetentionSeconds }), days, label);
    print(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    printError(`pasokh: cannot read the figures from Redis (${(error as Error).message})`);
    return STATS_UNREADABLE;
  } finally {
    redis?.disconnect();
  }
}

/** The demo (no REDIS_URL): where the days are, then the local server's totals if one is running. */
async function withoutRedis(config: Config): Promise<number> {
  printError(
    [
      'pasokh: آمار روز به روز در حافظه‌ی سرورِ در حال اجراست (REDIS_URL تنظیم نشده). برای دیدنش /agent/insights را در همان سرور باز کنید (با حساب مدیر)، یا REDIS_URL را تنظیم کنید، یا: pasokh stats --url http://host:port/metrics',
      "pasokh: the day-by-day figures live in the running server's memory (no REDIS_URL). To see them open /agent/insights on that server (as an admin), or set REDIS_URL, or run: pasokh stats --url http://host:port/metrics",
    ].join('\n'),
  );
  const url = localMetricsUrl(config);
  if (!url) {
    printError('pasokh: PORT is 0 (a random port), so there is no local server to ask; use --url.');
    return STATS_UNREADABLE;
  }
  printError(`pasokh: its totals since it started, from ${url}:`);
  return metricsSummary(url, intentLabeller(shopFaqs(config)));
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseMetrics(text: string): Sample[] {
  return text.split('\n').flatMap((line) => {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!m || line.startsWith('#')) return [];
    const labels: Record<string, string> = {};
    for (const pair of (m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)) labels[pair[1]!] = pair[2]!;
    return [{ name: m[1]!, labels, value: Number(m[3]) }];
  });
}

/** A server's /metrics text, or why it could not be read (not running, not pasokh, …). */
async function fetchMetrics(url: string): Promise<{ text: string } | { why: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) return { why: `HTTP ${response.status}` };
    return { text: await response.text() };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { why: cause?.code ?? cause?.message ?? (error as Error).message };
  }
}

/** A terminal summary of a running server's /metrics (since it started), intents by their Persian names. */
async function metricsSummary(url: string, label: (intent: string) => string): Promise<number> {
  const read = await fetchMetrics(url);
  if ('why' in read) {
    const refused = read.why === 'ECONNREFUSED';
    printError(`pasokh: ${refused ? 'no server is running at' : 'cannot read'} ${url} (${read.why})${refused ? '; start it with `npm start` (or `pasokh serve`), or point --url at the one that is running' : ''}.`);
    printError(`pasokh: ${refused ? `سروری در ${url} در حال اجرا نیست` : `خواندن ${url} نشد`}؛ هیچ آماری خوانده نشد.`);
    return STATS_UNREADABLE;
  }
  const samples = parseMetrics(read.text);
  const sum = (name: string, filter: (s: Sample) => boolean = () => true) => samples.filter((s) => s.name === name && filter(s)).reduce((a, s) => a + s.value, 0);
  const messages = sum('pasokh_messages_total');
  const byChannel = new Map<string, number>();
  const byIntent = new Map<string, number>();
  for (const s of samples.filter((x) => x.name === 'pasokh_messages_total')) {
    byChannel.set(s.labels.channel ?? '?', (byChannel.get(s.labels.channel ?? '?') ?? 0) + s.value);
    byIntent.set(s.labels.intent ?? '?', (byIntent.get(s.labels.intent ?? '?') ?? 0) + s.value);
  }
  const fallbacks = sum('pasokh_fallbacks_total');
  const mean = (base: string) => {
    const count = sum(`${base}_count`);
    return count ? sum(`${base}_sum`) / count : undefined;
  };
  const minutes = (s?: number) => (s === undefined ? '—' : `${fa.format(s / 60)} دقیقه`);
  const lines = [
    'آمار پاسخ (از زمان روشن شدن سرور)',
    `پیام‌ها: ${fa.format(messages)}  (${[...byChannel].map(([c, n]) => `${channelLabel(c)}: ${fa.format(n)}`).join('، ') || '—'})`,
    `بیشترین موضوع‌ها: ${[...byIntent].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([i, n]) => `${label(i)} ${fa.format(n)}`).join('، ') || '—'}`,
    `نفهمیده‌ها: ${fa.format(fallbacks)} (${messages ? fa.format((fallbacks / messages) * 100) : '۰'}٪)`,
    `ارجاع به پشتیبان: ${fa.format(sum('pasokh_handoffs_total'))}  در صف: ${fa.format(sum('pasokh_handoff_queue_length'))}`,
    `میانگین انتظار: ${minutes(mean('pasokh_handoff_wait_seconds'))}  میانگین رسیدگی: ${minutes(mean('pasokh_handoff_handle_seconds'))}`,
    `رضایت: ${mean('pasokh_satisfaction') === undefined ? '—' : `${fa.format(mean('pasokh_satisfaction')!)} از ۵ (${fa.format(sum('pasokh_satisfaction_count'))} نظر)`}`,
  ];
  print(lines.join('\n'));
  return 0;
}
