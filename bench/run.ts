// Entry of `npm run bench`. Re-runs itself with --expose-gc (for exact heap figures) when needed,
// then runs every section of bench/sections/index.ts.
import { spawnSync } from 'node:child_process';

const RESPAWNED = 'PASOKH_BENCH_RESPAWNED';

if (typeof (globalThis as { gc?: unknown }).gc !== 'function' && !process.env[RESPAWNED]) {
  const child = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, [RESPAWNED]: '1' },
  });
  process.exit(child.status ?? 1);
}

const { runBench } = await import('./bench.js');
const { SECTIONS } = await import('./sections/index.js');
await runBench(SECTIONS);
