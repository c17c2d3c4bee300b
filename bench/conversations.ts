// `npm run bench:conversations`: plays the held-out customer conversations in bench/conversations/
// through the real engine on a shop (the sample shop by default), one fresh app with memory state
// per conversation as `pasokh chat` builds it, checks every reply, and prints how many conversations
// were handled right end to end, how many turns, per category, every failed turn, and the ORDER
// LEAKS (an order's details shown to someone who has not proved it). It is a measure: exit 0 whatever
// the score, 2 when a conversation file is broken.
//
//   node --import tsx bench/conversations.ts [--json] [--verbose] [--isolated] [--only ID-PART] [--shop DIR] [--dir DIR]
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { createApp } from '../src/app.js';
import { readConfig } from '../src/config.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));

// ---- the files -------------------------------------------------------------------------------

const Turn = z.strictObject({
  say: z.string().min(1),
  has: z.array(z.string()).optional(),
  any: z.array(z.string()).optional(),
  not: z.array(z.string()).optional(),
  handoff: z.boolean().optional(),
  private: z.array(z.union([z.number(), z.string()]).transform(String)).optional(),
  note: z.string().optional(),
});
const Conversation = z.strictObject({
  id: z.string().min(1),
  categories: z.array(z.string()).min(1),
  note: z.string().optional(),
  turns: z.array(Turn).min(1),
});
const ConversationFile = z.strictObject({ conversations: z.array(Conversation) });
const MacroFile = z.strictObject({ macros: z.record(z.string(), z.string()) });

type TurnSpec = z.infer<typeof Turn>;
type ConversationSpec = z.infer<typeof Conversation> & { file: string };

class BrokenFile extends Error {}

/** What the checks see: ZWNJ as a space, Persian ی/ک, no diacritics, one space between words. */
export function foldText(s: string): string {
  return s
    .replace(/[\u200c\u200f\u200e\u00a0]/g, ' ')
    .replace(/ي/g, 'ی')
    .replace(/ك/g, 'ک')
    .replace(/[\u064b-\u065f\u0670]/g, '')
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n');
}

const toLatinDigits = (s: string) =>
  s.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
/** Digits in either script with the separators between them removed: for codes, phones, cards. */
const foldDigits = (s: string) => toLatinDigits(s).replace(/(?<=\d)[٬,،\s-]+(?=\d)/g, '');

const persianDigits = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)));

/** A price as customers read it: Persian digits, any thousands separator or none, or «… هزار». */
function priceRegex(toman: number): string {
  const groups = toman.toLocaleString('en-US').split(',').map(persianDigits);
  const sep = '[٬,،]?';
  const full = groups.join(sep);
  const alternatives = [`(?<![۰-۹])${full}(?![۰-۹])`];
  if (toman % 1000 === 0 && toman >= 10000) {
    const thousands = (toman / 1000).toLocaleString('en-US').split(',').map(persianDigits).join(sep);
    alternatives.push(`(?<![۰-۹])${thousands} هزار`);
  }
  return alternatives.join('|');
}

interface Matcher {
  source: string;
  test(reply: string): boolean;
}

function matcher(item: string, macros: Record<string, string>, where: string): Matcher {
  if (item.startsWith('price:')) {
    const n = Number(item.slice(6));
    if (!Number.isInteger(n) || n <= 0) throw new BrokenFile(`${where}: "${item}" is not a whole price in Toman`);
    const re = new RegExp(priceRegex(n), 'u');
    return { source: item, test: (r) => re.test(r) };
  }
  if (item.startsWith('digits:')) {
    const digits = foldDigits(item.slice(7));
    if (!/^\d+$/.test(digits)) throw new BrokenFile(`${where}: "${item}" is not digits`);
    return { source: item, test: (r) => foldDigits(r).includes(digits) };
  }
  let pattern = item;
  if (item.startsWith('@')) {
    const macro = macros[item.slice(1)];
    if (macro === undefined) throw new BrokenFile(`${where}: unknown macro ${item}`);
    pattern = macro;
  }
  try {
    const re = new RegExp(foldText(pattern), 'isu');
    return { source: item, test: (r) => re.test(r) };
  } catch (err) {
    throw new BrokenFile(`${where}: bad pattern ${JSON.stringify(item)}: ${(err as Error).message}`);
  }
}

const DEFAULT_DIR = join(HERE, 'conversations');

function loadConversations(dir: string): { conversations: ConversationSpec[]; macros: Record<string, string> } {
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  const conversations: ConversationSpec[] = [];
  const read = (file: string, from = dir) => {
    try {
      return parseYaml(readFileSync(join(from, file), 'utf8')) as unknown;
    } catch (err) {
      throw new BrokenFile(`${file}: ${(err as Error).message}`);
    }
  };
  const problems = (file: string, error: z.ZodError) =>
    new BrokenFile(error.issues.map((i) => `${file}: ${i.path.join('.')}: ${i.message}`).join('\n'));
  // Another --dir starts from these macros and may add or override its own.
  const base = MacroFile.safeParse(read('macros.yaml', DEFAULT_DIR));
  if (!base.success) throw problems('macros.yaml', base.error);
  const macros = { ...base.data.macros };
  if (resolve(dir) !== resolve(DEFAULT_DIR) && files.includes('macros.yaml')) {
    const parsed = MacroFile.safeParse(read('macros.yaml'));
    if (!parsed.success) throw problems('macros.yaml', parsed.error);
    Object.assign(macros, parsed.data.macros);
  }
  const seen = new Set<string>();
  for (const file of files.filter((f) => f !== 'macros.yaml')) {
    const parsed = ConversationFile.safeParse(read(file));
    if (!parsed.success) throw problems(file, parsed.error);
    for (const c of parsed.data.conversations) {
      if (seen.has(c.id)) throw new BrokenFile(`${file}: conversation id ${c.id} is used twice`);
      seen.add(c.id);
      conversations.push({ ...c, file });
    }
  }
  if (conversations.length === 0) throw new BrokenFile(`${dir}: no conversations`);
  return { conversations, macros };
}

// ---- order leaks -----------------------------------------------------------------------------

const STATUS_WORDS: Record<string, string> = {
  delivered: 'تحویل (داده )?(شد|شده)',
  shipped: 'ارسال (شد|شده)|تحویل (پست|تیپاکس|چاپار|پیک)',
  cancelled: 'لغو (شد|شده)',
  returned: 'مرجوع (شد|شده)',
  processing: 'در حال (پردازش|آماده)',
  pending_payment: 'در انتظار پرداخت|پرداخت نشده',
};

/** For each order: the things in a reply that would tell a stranger about it. */
function orderSecrets(shopDir: string): Map<string, Matcher[]> {
  const csvOf = (file: string) =>
    parseCsv(readFileSync(join(shopDir, file), 'utf8'), { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  const names = new Map<string, string>();
  for (const row of csvOf('products.csv')) if (row.name) names.set(row.id ?? '', row.name);
  const secrets = new Map<string, Matcher[]>();
  for (const o of csvOf('orders.csv')) {
    const list: Matcher[] = [];
    const regex = (label: string, source: string) => {
      const re = new RegExp(foldText(source), 'isu');
      list.push({ source: label, test: (r) => re.test(r) });
    };
    if (o.tracking_code) list.push({ source: `tracking code ${o.tracking_code}`, test: (r) => foldDigits(r).includes(o.tracking_code ?? '') });
    if (o.total) regex(`total ${o.total}`, priceRegex(Number(o.total)));
    // («… اشتباه ارسال شده باشد» is a policy's hypothetical, said of no order.)
    if (o.status && STATUS_WORDS[o.status]) regex(`status ${o.status}`, `(?:${STATUS_WORDS[o.status]})(?!\\p{L})(?!\\s*(?:باشد|باشه|باشند))`);
    for (const item of (o.items ?? '').split(';')) {
      const name = names.get(item.split(':')[0] ?? '');
      if (name) regex(`item ${name}`, name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    }
    secrets.set(o.id ?? '', list);
  }
  return secrets;
}

// ---- playing a conversation ------------------------------------------------------------------

interface Card {
  title?: string;
  subtitle?: string;
  text?: string;
}
interface Reply {
  text?: string;
  attachments?: Array<{ content?: unknown }>;
  suggestedActions?: { actions?: Array<{ title: string; value?: unknown }> };
}

/** The reply as the customer sees it, the way `pasokh chat` prints it. */
function render(replies: Reply[]): string {
  const lines: string[] = [];
  for (const reply of replies) {
    if (reply.text) lines.push(reply.text);
    for (const a of reply.attachments ?? []) {
      const card = (a.content ?? {}) as Card;
      lines.push(`[${[card.title, card.subtitle, card.text].filter(Boolean).join(' | ')}]`);
    }
    (reply.suggestedActions?.actions ?? []).forEach((action, i) => lines.push(`${i + 1}) ${action.title}`));
  }
  return lines.join('\n');
}

interface TurnResult {
  say: string;
  reply: string;
  events: string[];
  failed: string[];
  leaks: string[];
}
interface ConversationResult {
  id: string;
  file: string;
  categories: string[];
  ok: boolean;
  turns: TurnResult[];
}

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

type App = ReturnType<typeof createApp>;

async function play(c: ConversationSpec, app: App, macros: Record<string, string>, secrets: Map<string, Matcher[]>): Promise<ConversationResult> {
  const turns: TurnResult[] = [];
  const person = matcher('@person', macros, 'macros');
  try {
    let choices: Array<{ title: string; value?: unknown }> = [];
    for (const [i, t] of c.turns.entries()) {
      const where = `${c.file}: ${c.id} turn ${i + 1}`;
      const picked = /^[1-9]$/.test(t.say.trim()) ? choices[Number(t.say.trim()) - 1] : undefined;
      const result = (await app.engine.process({
        type: 'message',
        id: `bench-${c.id}-${i + 1}`,
        channelId: 'cli',
        from: { id: `bench-${c.id}`, name: 'customer' },
        conversation: { id: `bench-${c.id}` },
        text: picked ? picked.title : t.say,
        ...(picked ? { value: picked.value } : {}),
      } as never)) as { replies: Reply[]; events: Array<{ name: string }> };
      choices = result.replies.flatMap((r) => r.suggestedActions?.actions ?? []);
      const shown = render(result.replies);
      const reply = foldText(shown);
      const events = result.events.map((e) => e.name);
      const failed = checkTurn(t, reply, events, macros, person, where);
      // One leak per order shown, whatever of it was shown (status, items, total, tracking code).
      const leaks: string[] = [];
      for (const order of t.private ?? []) {
        const list = secrets.get(order);
        if (!list) throw new BrokenFile(`${where}: private order ${order} is not in orders.csv`);
        const shownParts = list.filter((m) => m.test(reply)).map((m) => m.source);
        if (shownParts.length) leaks.push(`order ${order}: ${shownParts.join(', ')}`);
      }
      failed.push(...leaks.map((l) => `ORDER LEAK ${l}`));
      turns.push({ say: t.say, reply: shown, events, failed, leaks });
    }
  } catch (err) {
    if (err instanceof BrokenFile) throw err;
    throw new Error(`${c.file}: ${c.id}: the engine threw: ${(err as Error).stack ?? err}`);
  }
  return { id: c.id, file: c.file, categories: c.categories, ok: turns.every((t) => t.failed.length === 0), turns };
}

function checkTurn(t: TurnSpec, reply: string, events: string[], macros: Record<string, string>, person: Matcher, where: string): string[] {
  const failed: string[] = [];
  const handedOver = events.includes('handoff.initiate');
  // While a person has the chat the bot is rightly silent and forwards the message.
  const withPerson = handedOver || events.includes('handoff.message');
  if (!reply.trim() && !withPerson) failed.push('no reply at all');
  for (const item of t.has ?? []) if (!matcher(item, macros, where).test(reply)) failed.push(`missing ${item}`);
  if (t.any?.length && !t.any.some((item) => matcher(item, macros, where).test(reply))) failed.push(`none of ${t.any.join(' / ')}`);
  for (const item of t.not ?? []) if (matcher(item, macros, where).test(reply)) failed.push(`must not contain ${item}`);
  if (t.handoff === true && !withPerson && !person.test(reply)) failed.push('no handoff and no offer of a person');
  if (t.handoff === false && handedOver) failed.push('handed over to a person (the bot goes silent)');
  return failed;
}

/** Every pattern compiles and every private order exists, before anything is played. */
function checkPatterns(conversations: ConversationSpec[], macros: Record<string, string>, secrets: Map<string, Matcher[]>): void {
  for (const name of Object.keys(macros)) matcher(`@${name}`, macros, `macros.yaml: ${name}`);
  for (const c of conversations) {
    c.turns.forEach((t, i) => {
      const where = `${c.file}: ${c.id} turn ${i + 1}`;
      for (const item of [...(t.has ?? []), ...(t.any ?? []), ...(t.not ?? [])]) matcher(item, macros, where);
      for (const order of t.private ?? []) if (!secrets.has(order)) throw new BrokenFile(`${where}: private order ${order} is not in orders.csv`);
    });
  }
}

// ---- the report ------------------------------------------------------------------------------

const pct = (n: number, d: number) => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}%`);

function summarize(results: ConversationResult[]) {
  const turns = results.flatMap((r) => r.turns);
  const categories = new Map<string, { conversations: number; ok: number; turns: number; turnsOk: number }>();
  for (const r of results) {
    for (const cat of r.categories) {
      const s = categories.get(cat) ?? { conversations: 0, ok: 0, turns: 0, turnsOk: 0 };
      s.conversations += 1;
      s.ok += r.ok ? 1 : 0;
      s.turns += r.turns.length;
      s.turnsOk += r.turns.filter((t) => t.failed.length === 0).length;
      categories.set(cat, s);
    }
  }
  return {
    conversations: results.length,
    conversations_ok: results.filter((r) => r.ok).length,
    conversations_ok_rate: results.length ? results.filter((r) => r.ok).length / results.length : 0,
    turns: turns.length,
    turns_ok: turns.filter((t) => t.failed.length === 0).length,
    turns_ok_rate: turns.length ? turns.filter((t) => t.failed.length === 0).length / turns.length : 0,
    order_leaks: turns.reduce((n, t) => n + t.leaks.length, 0),
    categories: Object.fromEntries([...categories].sort(([a], [b]) => a.localeCompare(b))),
  };
}

function printReport(results: ConversationResult[], verbose: boolean): void {
  const s = summarize(results);
  const out: string[] = [];
  if (verbose) {
    for (const r of results) {
      out.push(`\n=== ${r.id} (${r.file}) ${r.ok ? 'OK' : 'FAILED'} [${r.categories.join(', ')}]`);
      for (const t of r.turns) {
        out.push(`> ${t.say}`);
        out.push(t.reply.replace(/^/gm, '  '));
        if (t.events.length) out.push(`  (${t.events.join(', ')})`);
        for (const f of t.failed) out.push(`  ✗ ${f}`);
      }
    }
  }
  out.push('\nFailed turns:');
  for (const r of results) {
    r.turns.forEach((t, i) => {
      if (!t.failed.length) return;
      out.push(`\n- ${r.id} turn ${i + 1} [${r.categories.join(', ')}]`);
      out.push(`  customer: ${t.say}`);
      out.push(`  bot:      ${t.reply.replace(/\n/g, '\n            ') || '(nothing)'}${t.events.length ? `   (${t.events.join(', ')})` : ''}`);
      for (const f of t.failed) out.push(`  ✗ ${f}`);
    });
  }
  out.push('\nPer category (conversations right / all, turns right / all):');
  const width = Math.max(...Object.keys(s.categories).map((k) => k.length));
  for (const [cat, c] of Object.entries(s.categories)) {
    out.push(`  ${cat.padEnd(width)}  ${`${c.ok}/${c.conversations}`.padStart(6)} ${pct(c.ok, c.conversations).padStart(7)}   turns ${`${c.turnsOk}/${c.turns}`.padStart(6)} ${pct(c.turnsOk, c.turns).padStart(7)}`);
  }
  out.push('');
  out.push(`Conversations handled right end to end: ${s.conversations_ok}/${s.conversations} (${pct(s.conversations_ok, s.conversations)})   target ≥ 85%`);
  out.push(`Customer turns answered right:          ${s.turns_ok}/${s.turns} (${pct(s.turns_ok, s.turns)})`);
  const leaked = results.flatMap((r) => r.turns.flatMap((t, i) => t.leaks.map((l) => `  ${r.id} turn ${i + 1}: ${l}`)));
  if (leaked.length) out.push('ORDER LEAKS:', ...leaked);
  out.push(
    s.order_leaks === 0
      ? 'ORDER LEAKS: 0 (no order detail shown before proof)'
      : `!!!!!!!!!! ORDER LEAKS: ${s.order_leaks} — order details shown to someone who had not proved the order !!!!!!!!!!`,
  );
  console.log(out.join('\n'));
}

// ---- main ------------------------------------------------------------------------------------

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const verbose = args.includes('--verbose');
  const only = option(args, '--only');
  const shop = option(args, '--shop');
  const dir = resolve(option(args, '--dir') ?? DEFAULT_DIR);
  let loaded;
  try {
    loaded = loadConversations(dir);
  } catch (err) {
    if (err instanceof BrokenFile) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  // No REDIS_URL, no tokens: the demo set-up `pasokh chat` runs with, on the chosen shop.
  const config = readConfig({ ...(shop ? { SHOP_DIR: shop } : {}), ...(process.env.INTENTS_DIR ? { INTENTS_DIR: process.env.INTENTS_DIR } : {}) });
  const secrets = orderSecrets(config.shopDir);
  try {
    checkPatterns(loaded.conversations, loaded.macros, secrets);
  } catch (err) {
    if (err instanceof BrokenFile) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  const chosen = loaded.conversations.filter((c) => !only || c.id.includes(only));
  // One app for all (a server with many customers, each conversation its own ids), or with
  // --isolated a fresh app per conversation, as one `pasokh chat` process each: slower, same figures
  // unless the engine keeps state across conversations.
  const isolated = args.includes('--isolated');
  const results: ConversationResult[] = [];
  let shared: App | undefined;
  try {
    for (const c of chosen) {
      const app = isolated ? createApp(config, quiet, { watchShop: false }) : (shared ??= createApp(config, quiet, { watchShop: false }));
      try {
        results.push(await play(c, app, loaded.macros, secrets));
      } finally {
        if (isolated) await app.close();
      }
    }
  } catch (err) {
    if (err instanceof BrokenFile) {
      console.error(err.message);
      return 2;
    }
    throw err;
  } finally {
    await shared?.close();
  }
  if (json) console.log(JSON.stringify({ ...summarize(results), results }, null, 2));
  else printReport(results, verbose);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
