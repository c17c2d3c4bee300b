// `npm run build`: the TypeScript of the server (src/, adapters/, compose/, bin/) compiled to
// dist/ by tsc (tsconfig.build.json; a type error fails the build), the two browser apps bundled
// once by esbuild into dist/browser/ with brotli and gzip copies for @fastify/static, and the
// pages the adapters read copied beside their compiled modules. `--if-stale` builds only when
// dist/ is missing or older than the sources (npm install runs it as `prepare`). `--no-check`
// emits without type checking (tsc --noCheck), for the test setup: a type error in work in
// progress should not stop its tests, and `npm run typecheck` is where types are checked.
//
// The new build is made in a folder of its own and swapped in at the end, so a failed build
// leaves the previous one in place and a running server never sees half a build.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { BUILD_INFO, buildProblem, buildState, DIST, hashSources, listSources, ROOT } from './build-state.js';

/** The browser apps: entry, and output under dist/browser/. The adapters serve these folders. */
const BUNDLES = [
  { entry: 'adapters/web/widget/main.ts', out: 'browser/web/widget.js' },
  { entry: 'adapters/agent/console/main.ts', out: 'browser/agent/console.js' },
  { entry: 'adapters/agent/review/main.ts', out: 'browser/agent/review.js' },
  { entry: 'adapters/agent/insights/main.ts', out: 'browser/insights/insights.js' },
];
/** Files the compiled adapters read beside themselves (pages), copied to the same place in dist/. */
const COPIED = /\.(html|css)$/;

const ifStale = process.argv.includes('--if-stale');
const quiet = process.argv.includes('--quiet');
const typeCheck = !process.argv.includes('--no-check');
const say = (line) => void (quiet || process.stdout.write(`${line}\n`));

if (ifStale) {
  const state = buildState();
  if (state.state === 'fresh') {
    say('pasokh build: dist/ is up to date');
    process.exit(0);
  }
  if (!toolsInstalled()) {
    // A production install (npm ci --omit=dev) of a tree that was not built, or changed after.
    process.stderr.write(
      `${buildProblem(state)}\n` +
        'pasokh build: TypeScript and esbuild are not installed here (npm ci --omit=dev?). Build where the dev dependencies are (npm ci && npm run build), then install for production.\n',
    );
    process.exit(1);
  }
}

const started = Date.now();
const sources = listSources();
const sourceHashes = hashSources(sources);
const next = join(ROOT, `dist.next-${process.pid}`);
rmSync(next, { recursive: true, force: true });
try {
  await Promise.all([compile(next), ...BUNDLES.map((bundle) => buildBundle(bundle, next))]);
  copyPages(next);
  writeFileSync(join(next, BUILD_INFO), `${JSON.stringify({ startedAt: started, sources: sourceHashes }, null, 1)}\n`);
  swapIn(next);
} catch (error) {
  rmSync(next, { recursive: true, force: true });
  process.stderr.write(`pasokh build failed: ${error instanceof Error ? error.message : error}\n`);
  process.exit(1);
}
const sizes = BUNDLES.map(({ out }) => {
  const file = join(DIST, out);
  return `${out.split('/').pop()} ${kb(statSync(file).size)} (${kb(statSync(`${file}.br`).size)} brotli)`;
});
say(`pasokh build: dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s; ${sizes.join(', ')}`);

function toolsInstalled() {
  const require = createRequire(import.meta.url);
  try {
    require.resolve('typescript/package.json');
    require.resolve('esbuild');
    return true;
  } catch {
    return false;
  }
}

/** tsc -p tsconfig.build.json into `outDir` (type errors fail it, unless --no-check); its diagnostics go to the terminal. */
function compile(outDir) {
  const require = createRequire(import.meta.url);
  const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
  return new Promise((resolve, reject) => {
    const args = [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', outDir, ...(typeCheck ? [] : ['--noCheck'])];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`tsc ${signal ?? `exited with ${code}`} (the errors are above)`))));
  });
}

/** One browser app, minified, with its .br and .gz copies beside it. */
async function buildBundle({ entry, out }, outDir) {
  const { build } = await import('esbuild');
  const file = join(outDir, out);
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
  });
  const code = Buffer.from(result.outputFiles[0]?.contents ?? []);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, code);
  writeFileSync(`${file}.br`, brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: code.length } }));
  writeFileSync(`${file}.gz`, gzipSync(code, { level: 9 }));
}

/** The pages the adapters read (demo page, console page), to the same place under dist/. */
function copyPages(outDir) {
  for (const file of sources) {
    if (!COPIED.test(file) || !/^(src|adapters|compose)\//.test(file)) continue;
    mkdirSync(dirname(join(outDir, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(outDir, file));
  }
}

function swapIn(built) {
  const old = join(ROOT, `dist.old-${process.pid}`);
  try {
    renameSync(DIST, old);
  } catch (error) {
    if (error?.code !== 'ENOENT') throw error;
  }
  renameSync(built, DIST);
  rmSync(old, { recursive: true, force: true });
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

