// Catalog scale: the sample shop (42 products) and generated catalogs of 1k, 10k and 100k products
// (bench/catalog-generator.ts: Persian names, brands, model names and Finglish aliases, seeded).
// For each: `pasokh serve` from start to its first 200 on /healthz and its memory then, and in a
// process of its own whole engine turns on Redis (bench/catalog-turns.ts), the product index's build
// and update times, and the product-matching quality set on the sample shop. Figures are printed
// beside their ratio to the 42-product row of the same run: on a shared machine the ratios hold
// better than the absolute times. PASOKH_BENCH_CATALOG_SIZES=42,1000 measures fewer sizes.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLE_SHOP_DIR } from '../../src/commerce/index.js';
import { freePort } from '../../test/support/redis-server.js';
import { catalogCsv, generateCatalog } from '../catalog-generator.js';
import type { CatalogTurnsResult } from '../catalog-turns.js';
import { now } from '../measure.js';
import type { Section } from '../section.js';
import { fixed, formatTable, thousands } from '../table.js';

export const CATALOG_SIZES = [42, 1_000, 10_000, 100_000];
export const CATALOG_TARGETS = { products: 100_000, productP50Ms: 2, productP99Ms: 10, startMs: 4_000, rssMb: 400 };
const SAMPLE_PRODUCTS = 42;
// Generous: on a busy shared machine a start has taken over a minute.
const STARTUP_TIMEOUT_MS = 600_000;

export interface CatalogRow extends CatalogTurnsResult {
  /** `pasokh serve` → first 200 on /healthz. */
  startMs: number;
  /** CPU time the server process had used by then (less disturbed by other work on the machine). */
  startCpuMs: number;
  /** RSS of that server process once it answered. */
  serveRssMb: number;
}

const root = fileURLToPath(new URL('../../', import.meta.url));

/** A shop directory with the sample shop's settings and orders and `size` products (the sample's first). */
function writeShop(size: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'pasokh-catalog-'));
  for (const f of ['shop.yaml', 'orders.csv']) copyFileSync(join(SAMPLE_SHOP_DIR, f), join(dir, f));
  const sample = readFileSync(join(SAMPLE_SHOP_DIR, 'products.csv'), 'utf8').trimEnd();
  const extra = size > SAMPLE_PRODUCTS ? catalogCsv(generateCatalog(size - SAMPLE_PRODUCTS)).split('\n').slice(1).filter(Boolean) : [];
  // The sample's header has image, url and description after stock: the generated rows leave them empty.
  writeFileSync(join(dir, 'products.csv'), [sample, ...extra.map((line) => `${line},,,`)].join('\n') + '\n');
  return dir;
}

const rssOf = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
};
// utime and stime of /proc/PID/stat, in clock ticks of 10 ms (USER_HZ is 100 on Linux).
const cpuMsOf = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

/** Starts `pasokh serve` on the shop and times it to its first 200 on /healthz. */
async function timeStart(dir: string): Promise<{ startMs: number; startCpuMs: number; serveRssMb: number }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, SHOP_DIR: dir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  for (const name of ['REDIS_URL', 'TELEGRAM_BOT_TOKEN', 'BALE_BOT_TOKEN', 'NODE_ENV']) delete env[name];
  const t0 = now();
  const child = spawn(process.execPath, ['bin/pasokh.js', 'serve'], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  try {
    for (let attempt = 0; now() - t0 < STARTUP_TIMEOUT_MS && attempt < 20_000; attempt++) {
      if (child.exitCode !== null) throw new Error(`pasokh serve exited ${child.exitCode}: ${stderr.slice(-500)}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false);
      if (ok) return { startMs: now() - t0, startCpuMs: cpuMsOf(child.pid!), serveRssMb: rssOf(child.pid!) };
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`pasokh serve did not answer /healthz in ${STARTUP_TIMEOUT_MS / 1000} s`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
  }
}

function runTurns(dir: string): CatalogTurnsResult {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/catalog-turns.ts', dir], {
    cwd: root,
    encoding: 'utf8',
    timeout: 15 * 60_000,
    maxBuffer: 64 * 2 ** 20,
  });
  const line = run.stdout.split('\n').find((l) => l.startsWith('CATALOG_TURNS '));
  if (!line) throw new Error(`bench/catalog-turns.ts failed (${run.status}): ${(run.stderr || run.stdout).slice(-800)}`);
  return JSON.parse(line.slice('CATALOG_TURNS '.length)) as CatalogTurnsResult;
}

export async function measureCatalog(size: number): Promise<CatalogRow> {
  const dir = writeShop(size);
  try {
    const start = await timeStart(dir);
    return { ...runTurns(dir), ...start };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ratio = (value: number, base: number | undefined) => (base && base > 0 ? `×${fixed(value / base, value / base < 10 ? 1 : 0)}` : '');

export const catalogSection: Section = {
  id: 'catalog',
  async run() {
    const sizes = (process.env.PASOKH_BENCH_CATALOG_SIZES ?? '').split(',').map(Number).filter((n) => n > 0);
    const rows: CatalogRow[] = [];
    for (const size of sizes.length ? sizes : CATALOG_SIZES) rows.push(await measureCatalog(size));
    const base = rows.find((r) => r.products === SAMPLE_PRODUCTS);
    const cell = (r: CatalogRow, k: keyof CatalogRow, digits: number) => {
      const v = r[k] as number;
      return r === base ? fixed(v, digits) : `${fixed(v, digits)} (${ratio(v, base?.[k] as number)})`;
    };
    const table = formatTable(
      ['products', 'product p50 ms', 'p99 ms', 'CPU p50 ms', 'greeting p50 ms', 'index build ms', 'start ms', 'start CPU ms', 'RSS MB', 'update µs', 'add/remove µs', 'match µs', 'linear walk µs', 'index ×faster'],
      rows.map((r) => [
        thousands(r.products),
        cell(r, 'productP50Ms', 2),
        cell(r, 'productP99Ms', 2),
        cell(r, 'productCpuP50Ms', 2),
        cell(r, 'greetingP50Ms', 2),
        cell(r, 'indexBuildMs', 0),
        cell(r, 'startMs', 0),
        cell(r, 'startCpuMs', 0),
        cell(r, 'serveRssMb', 0),
        fixed(r.updateUs, 0),
        fixed(r.addRemoveUs, 0),
        cell(r, 'matchUs', 0),
        cell(r, 'linearMatchUs', 0),
        ratio(r.linearMatchUs, r.matchUs),
      ]),
    );
    const big = rows.find((r) => r.products === CATALOG_TARGETS.products);
    const t = CATALOG_TARGETS;
    const targets = big
      ? [
          [big.productP50Ms <= t.productP50Ms, `product turn p50 ≤ ${t.productP50Ms} ms at 100k`, `${fixed(big.productP50Ms, 2)} ms`],
          [big.productP99Ms <= t.productP99Ms, `product turn p99 ≤ ${t.productP99Ms} ms at 100k`, `${fixed(big.productP99Ms, 2)} ms`],
          [big.startMs <= t.startMs, `start ≤ ${t.startMs / 1000} s at 100k`, `${fixed(big.startMs / 1000, 1)} s`],
          [big.serveRssMb <= t.rssMb, `RSS ≤ ${t.rssMb} MB at 100k`, `${fixed(big.serveRssMb, 0)} MB`],
        ].map(([pass, target, value]) => `  ${pass ? 'PASS ✓' : 'FAIL ✗'}  ${target}: ${value}`)
      : [];
    const quality = base?.quality;
    const text = [
      table,
      '',
      `  product turns: ${rows[0]?.turns ?? 0} per size, ${thousands((rows[0]?.turns ?? 0) / 2)} conversations each greeting then asking twice (bench/catalog-turns.ts), engine on a local redis-server`,
      '  start: `pasokh serve` → first 200 on /healthz (in-memory state), RSS of that process then; (×n) = ratio to the 42-product row',
      '  index build: the product index alone from the loaded products; update: one product renamed; add/remove: one added, one removed',
      '  match / linear walk: CPU per product question for the index and, in the same process, the matcher it replaced (every name and alias per message)',
      quality ? `  product-matching quality set (test/data/product-mentions.jsonl, sample shop): ${quality.right}/${quality.cases} right` : '',
      ...targets,
      '  wall times are noisy on a shared machine: compare the ratios of one run, and the CPU column',
    ].filter(Boolean);
    return { title: 'Catalog scale (product index)', text: text.join('\n'), json: rows };
  },
};
