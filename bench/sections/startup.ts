// Start-up and install size: `npm start`'s command (node bin/pasokh.js serve, the compiled code in
// dist/, the sample shop, in-memory state) from spawn to the first 200 on /healthz: once with an
// empty model cache (the classifier is trained and stored), then five runs with it filled; and a production install of the built tree (npm ci --omit=dev --offline in a
// temporary folder), its node_modules weighed as `du` does.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../test/support/redis-server.js';
import { copyBuiltTree, diskUsage, installProduction, ROOT } from '../../test/support/production-install.js';
import type { Section } from '../section.js';
import { fixed, formatTable } from '../table.js';

export interface StartupResult {
  runs: number;
  /** Spawn to first 200 on /healthz, ms, the model cache filled. */
  medianMs: number;
  /** The same with an empty MODEL_CACHE_DIR: the classifier is trained (and stored). */
  coldMs: number;
  minMs: number;
  maxMs: number;
  /** node_modules of the production install: on disk (MiB, as du -sh) and its files' bytes (MiB). */
  productionMiB: number;
  productionFilesMiB: number;
  productionFiles: number;
}

/** The targets of issue 12. */
export const STARTUP_BUDGET_MS = 1000;
export const PRODUCTION_BUDGET_MIB = 45;

const RUNS = 5;
const READY_LIMIT_MS = 60_000;

/** One start: ms from spawn to the first 200 on /healthz; the process is stopped after. */
async function timeOneStart(cacheDir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/pasokh.js', 'serve'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', MODEL_CACHE_DIR: cacheDir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    while (performance.now() - started < READY_LIMIT_MS) {
      if (child.exitCode !== null) throw new Error(`pasokh serve exited (${child.exitCode}):\n${stderr}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false);
      if (ok) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`pasokh serve was not ready within ${READY_LIMIT_MS} ms:\n${stderr}`);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

export const startupSection: Section = {
  id: 'startup',
  async run() {
    const cacheDir = mkdtempSync(join(tmpdir(), 'pasokh-bench-model-cache-'));
    const times: number[] = [];
    let coldMs: number;
    try {
      coldMs = await timeOneStart(cacheDir); // also the warm-up of the file cache
      for (let i = 0; i < RUNS; i++) times.push(await timeOneStart(cacheDir));
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
    times.sort((a, b) => a - b);
    const dir = copyBuiltTree('pasokh-bench-production-');
    let usage: ReturnType<typeof diskUsage>;
    try {
      installProduction(dir);
      usage = diskUsage(join(dir, 'node_modules'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const mib = (bytes: number) => bytes / 1024 / 1024;
    const result: StartupResult = {
      runs: RUNS,
      medianMs: times[Math.floor(RUNS / 2)]!,
      coldMs,
      minMs: times[0]!,
      maxMs: times[RUNS - 1]!,
      productionMiB: mib(usage.diskBytes),
      productionFilesMiB: mib(usage.fileBytes),
      productionFiles: usage.files,
    };
    const text = formatTable(
      ['measure', 'median', 'min', 'max'],
      [
        [`npm start → first 200 on /healthz, model cached (${RUNS} runs)`, `${fixed(result.medianMs, 0)} ms`, `${fixed(result.minMs, 0)} ms`, `${fixed(result.maxMs, 0)} ms`],
        ['npm start → first 200 on /healthz, empty model cache (trains)', `${fixed(result.coldMs, 0)} ms`, '', ''],
        [`production node_modules on disk (${result.productionFiles} files; ${fixed(result.productionFilesMiB, 1)} MiB of content)`, `${fixed(result.productionMiB, 1)} MiB`, '', ''],
      ],
    );
    return { title: 'Start-up (sample shop, in-memory state) and production install', text, json: result };
  },
};
