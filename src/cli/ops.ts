// pasokh agent hash | pasokh stats
import { hashPassword } from '../handoff/index.js';
import { loadDotEnv, readConfig } from '../config.js';
import { print, stdinLines, UsageError } from './io.js';

/** Reads a password on stdin (one line) and prints its hash for AGENTS / AGENTS_FILE. */
export async function agentCommand(action: string | undefined): Promise<number> {
  if (action !== 'hash') throw new UsageError('pasokh agent hash   (reads the password on stdin, prints the hash for AGENTS)');
  for await (const line of stdinLines()) {
    if (!line) throw new UsageError('empty password');
    print(hashPassword(line));
    return 0;
  }
  throw new UsageError('give the password on stdin: echo "…" | pasokh agent hash');
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

const fa = new Intl.NumberFormat('fa-IR', { maximumFractionDigits: 1 });

/** A terminal summary of the running server's /metrics. */
export async function statsCommand(options: { url?: string }): Promise<number> {
  loadDotEnv();
  const config = readConfig();
  const url = options.url ?? `http://127.0.0.1:${config.port}/metrics`;
  const unreachable = (why: string) => new UsageError(`cannot read ${url} (${why}); is \`npm start\` running? Use --url to point elsewhere.`);
  const response = await fetch(url).catch((error: Error) => {
    throw unreachable(error.message);
  });
  if (!response.ok) throw unreachable(`HTTP ${response.status}`);
  const text = await response.text().catch((error: Error) => {
    throw unreachable(error.message);
  });
  const samples = parseMetrics(text);
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
    `پیام‌ها: ${fa.format(messages)}  (${[...byChannel].map(([c, n]) => `${c}: ${fa.format(n)}`).join('، ') || '—'})`,
    `بیشترین موضوع‌ها: ${[...byIntent].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([i, n]) => `${i} ${fa.format(n)}`).join('، ') || '—'}`,
    `نفهمیده‌ها: ${fa.format(fallbacks)} (${messages ? fa.format((fallbacks / messages) * 100) : '۰'}٪)`,
    `ارجاع به پشتیبان: ${fa.format(sum('pasokh_handoffs_total'))}  در صف: ${fa.format(sum('pasokh_handoff_queue_length'))}`,
    `میانگین انتظار: ${minutes(mean('pasokh_handoff_wait_seconds'))}  میانگین رسیدگی: ${minutes(mean('pasokh_handoff_handle_seconds'))}`,
    `رضایت: ${mean('pasokh_satisfaction') === undefined ? '—' : `${fa.format(mean('pasokh_satisfaction')!)} از ۵ (${fa.format(sum('pasokh_satisfaction_count'))} نظر)`}`,
  ];
  print(lines.join('\n'));
  return 0;
}
