// The owner's insights at /agent/insights: the page, its script, and GET /agent/api/insights, for
// admins only. Mounted by the console (adapters/agent/index.ts) with its session guard and its
// admin check, so a session and a role mean the same thing on both pages.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PasokhError } from '../../src/errors.js';
import { daysOf, insightsReport, type InsightsStore } from '../../src/insights/index.js';
import { BROWSER_DIR, compressed, serveFolder } from '../../src/server/assets.js';
import { InsightsQuery, type InsightsReport } from '../../src/wire/insights.js';

/** insights.js, built by `npm run build` from ./insights/main.ts (scripts/build.js). */
const SCRIPT_DIR = join(BROWSER_DIR, 'insights');
const PAGE = fileURLToPath(new URL('./insights/index.html', import.meta.url));
/** The page's period when the query names none. */
const DEFAULT_DAYS = 30;

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
export async function mountInsights(server: FastifyInstance, app: { insights: InsightsStore }, hooks: InsightsHooks, now: () => Date = () => new Date()): Promise<void> {
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
      const query = InsightsQuery.parse(request.query);
      const period = query.from && query.to ? { from: query.from, to: query.to } : { days: query.days ?? DEFAULT_DAYS };
      const days = daysOf(period, now());
      if (!days) throw new PasokhError('PASOKH_ERR_BAD_REQUEST', { message: 'from and to are Tehran days (YYYY-MM-DD), from not after to' });
      return insightsReport(app.insights, days);
    });
  });
}
