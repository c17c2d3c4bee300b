// A production install of this checkout, as a server is deployed: the built tree (with dist/)
// copied to a folder of its own, then `npm ci --omit=dev` there. npm runs --offline, from the
// cache this checkout's own install filled, so nothing is fetched. Used by the production-install
// test and by the start-up benchmark (which also weighs the installed node_modules).
import { spawnSync } from 'node:child_process';
import { cpSync, lstatSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** What a deployment does not copy: the dev install, git, local settings, tests, builds in progress. */
const NOT_COPIED = /^(node_modules|\.git|\.env|test-output|test|bench|dist\.(next|old)-.*)$/;

/** Copies the built checkout (times kept, so the build stays fresh) to a new temporary folder. */
export function copyBuiltTree(prefix = 'pasokh-production-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(ROOT, dir, { recursive: true, preserveTimestamps: true, filter: (source) => !NOT_COPIED.test(relative(ROOT, source).split(sep)[0]!) });
  return dir;
}

/** `npm ci --omit=dev --offline` in `dir`; throws with npm's output when it fails. */
export function installProduction(dir: string, timeoutMs = 60_000): void {
  const install = spawnSync('npm', ['ci', '--omit=dev', '--offline', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8', timeout: timeoutMs });
  if (install.status !== 0) {
    throw new Error(
      `npm ci --omit=dev failed (${install.status ?? install.signal}); with --offline npm needs its cache filled by an install of this checkout:\n${install.stdout}\n${install.stderr}`,
    );
  }
}

/** A folder's size on disk (allocated blocks, as `du` counts) and the sum of its files' sizes. */
export function diskUsage(dir: string): { diskBytes: number; fileBytes: number; files: number } {
  const total = { diskBytes: 0, fileBytes: 0, files: 0 };
  const walk = (path: string) => {
    const stat = lstatSync(path);
    total.diskBytes += stat.blocks * 512;
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
    else {
      total.fileBytes += stat.size;
      total.files += 1;
    }
  };
  walk(dir);
  return total;
}
