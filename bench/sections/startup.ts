// Start-up: `npm start` with the sample shop until the first 200 on /healthz, with an empty model
// cache (the classifier is trained and stored) and then with the cache filled (it is read back).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, now } from '../measure.js';
import type { Section } from '../section.js';
import { fixed, formatTable } from '../table.js';

export interface StartupResult {
  /** Empty MODEL_CACHE_DIR: trains, then stores the model. */
  coldMs: number;
  /** The same directory afterwards (median of WARM_RUNS). */
  warmMs: number;
  warmRuns: number[];
}

export const STARTUP_BUDGET_MS = 1000;
const WARM_RUNS = 3;
const GIVE_UP_MS = 60_000;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Milliseconds from spawning `npm start` to the first 200 on /healthz; the server is stopped after. */
async function timeToHealthy(cacheDir: string): Promise<number> {
  const port = 20_000 + Math.floor(Math.random() * 30_000);
  const start = now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    detached: true, // its own process group: npm, the shell and node are stopped together
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', MODEL_CACHE_DIR: cacheDir, REDIS_URL: '', SHOP_DIR: '' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (let i = 0; now() - start < GIVE_UP_MS && i < 20_000; i++) {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false);
      if (ok) return now() - start;
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}: ${stderr}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no 200 on /healthz within ${GIVE_UP_MS} ms`);
  } finally {
    if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
}

export const startupSection: Section = {
  id: 'startup',
  async run() {
    const cacheDir = mkdtempSync(join(tmpdir(), 'pasokh-bench-startup-'));
    try {
      const coldMs = await timeToHealthy(cacheDir);
      const warmRuns: number[] = [];
      for (let i = 0; i < WARM_RUNS; i++) warmRuns.push(await timeToHealthy(cacheDir));
      const result: StartupResult = { coldMs, warmMs: median(warmRuns), warmRuns };
      const text = [
        formatTable(
          ['npm start → first 200 on /healthz', 'ms'],
          [
            ['empty model cache (trains the classifier)', fixed(coldMs, 0)],
            [`model cache filled (median of ${WARM_RUNS}: ${warmRuns.map((r) => fixed(r, 0)).join(', ')})`, fixed(result.warmMs, 0)],
          ],
        ),
        '',
        '  the sample shop, in-memory state; MODEL_CACHE_DIR a fresh temporary directory',
      ].join('\n');
      return { title: 'Start-up', text, json: result };
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  },
};
