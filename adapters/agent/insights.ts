// The owner's insights at /agent/insights: the page, its script, and GET /agent/api/insights, for
// admins only. Mounted by the console (adapters/agent/index.ts) with its session guard and its
// admin check, so a session and a role mean the same thing on both pages.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PasokhError } from '../../src/errors.js';
import { daysOf, insightsReport, intentLabeller, isDayKey, MAX_PERIOD_DAYS, type InsightsStore, type Period } from '../../src/insights/index.js';
import type { CommerceSource } from '../../src/commerce/index.js';
import type { Learning } from '../../src/learning/index.js';
import { BROWSER_DIR, compressed, serveFolder } from '../../src/server/assets.js';
import { InsightsQuery, type InsightsReport } from '../../src/wire/insights.js';

/** insights.js, built by `npm run build` from ./insights/main.ts (scripts/build.js). */
const SCRIPT_DIR = join(BROWSER_DIR, 'insights');
const PAGE = fileURLToPath(new URL('./insights/index.html', import.meta.url));
/** The page's period when the query names none. */
const DEFAULT_DAYS = 30;

const fa = new Intl.NumberFormat('fa-IR');
/** What the owner (or a script) is told about a period that is not one: Persian, saying what to write. */
const PERIOD_MESSAGES = {
  days: `بازه باید بین ${fa.format(1)} تا ${fa.format(MAX_PERIOD_DAYS)} روز باشد (مثلاً days=30).`,
  date: (value: unknown) => `تاریخ «${String(value ?? '')}» معتبر نیست؛ به شکل YYYY-MM-DD بنویسید (روز تهران، مثلاً 2026-12-01).`,
  pair: 'from و to با هم می‌آیند: ?from=2026-11-01&to=2026-11-30 (روزهای تهران).',
  reversed: 'تاریخ شروع (from) نباید بعد از تاریخ پایان (to) باشد.',
  unknown: 'این درخواست فقط days یا from و to را می‌گیرد.',
};
const badPeriod = (message: string) => new PasokhError('PASOKH_ERR_BAD_REQUEST', { message });

/** The period a query asks for, or a 400 PASOKH_ERR_BAD_REQUEST that says in Persian what is wrong. */
export function periodOfQuery(raw: unknown): Period {
  const parsed = InsightsQuery.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path[0];
    if (field === 'days') throw badPeriod(PERIOD_MESSAGES.days);
    if (field === 'from' || field === 'to') throw badPeriod(PERIOD_MESSAGES.date((raw as Record<string, unknown>)[field]));
    throw badPeriod(PERIOD_MESSAGES.unknown);
  }
  const { from, to, days } = parsed.data;
  if (from === undefined && to === undefined) return { days: days ?? DEFAULT_DAYS };
  if (from === undefined || to === undefined) throw badPeriod(PERIOD_MESSAGES.pair);
  for (const day of [from, to]) if (!isDayKey(day)) throw badPeriod(PERIOD_MESSAGES.date(day));
  if (from > to) throw badPeriod(PERIOD_MESSAGES.reversed);
  return { from, to };
}

/**
 * What the insights route reads of the app: the figures, and the names of the shop's own FAQ
 * intents — what the owner taught (with its titles) and the shop's entries (shop.yaml `faq:`).
 */
export interface InsightsDesk {
  insights: InsightsStore;
  learning: Pick<Learning, 'learned'>;
  commerce: Pick<CommerceSource, 'shop'>;
}

/** The intents' names as the owner knows them now: learned titles first, then shop.yaml's questions. */
const labellerOf = (app: InsightsDesk) => {
  const faq = app.commerce.shop().faq;
  return intentLabeller([...app.learning.learned().faqs, ...Object.entries(faq).map(([key, entry]) => ({ key, questions: typeof entry === 'string' ? [] : entry.questions }))]);
};

export interface InsightsHooks {
  /** Signs the request's agent in (401 without a session). */
  guard: (request: FastifyRequest) => Promise<void>;
  /** 403 PASOKH_ERR_ADMIN_ONLY for an agent who is not an admin. */
  adminOnly: (request: FastifyRequest) => Promise<void>;
}

/**
 * Mounts the page (`/agent/insights`, its script under `/agent/insights/`) and the admins' API.
 *
 * @example await mountInsights(server, app, { guard, adminOnly });
 */
export async function mountInsights(server: FastifyInstance, app: InsightsDesk, hooks: InsightsHooks, now: () => Date = () => new Date()): Promise<void> {
  if (!existsSync(join(SCRIPT_DIR, 'insights.js'))) throw new PasokhError('PASOKH_ERR_NOT_BUILT', { message: `insights.js is not built (${SCRIPT_DIR}): run npm run build` });
  const page = readFileSync(PAGE, 'utf8');
  server.register(
    compressed((assets) => {
      assets.get('/agent/insights', async (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page));
      serveFolder(assets, { root: SCRIPT_DIR, prefix: '/agent/insights/', maxAgeSeconds: 300 });
    }),
  );
  server.register(async (api) => {
    api.addHook('preHandler', hooks.guard);
    api.get('/agent/api/insights', { preHandler: hooks.adminOnly }, async (request): Promise<InsightsReport> => {
      const days = daysOf(periodOfQuery(request.query), now());
      if (!days) throw badPeriod(PERIOD_MESSAGES.reversed);
      return insightsReport(app.insights, days, labellerOf(app));
    });
  });
}
