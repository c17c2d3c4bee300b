// Finds a program the tests need; on a fresh machine installs its Debian package when we are root
// with apt, and otherwise stops with the one command that fixes it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function onPath(program: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function ensureProgram(program: string, debianPackage: string, knownPath?: string): string {
  const found = (knownPath && existsSync(knownPath) ? knownPath : undefined) ?? onPath(program);
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && onPath('apt-get')) {
    process.stderr.write(`test setup: ${program} not found, installing the Debian package ${debianPackage}…\n`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env, timeout: 300_000 });
    } catch {
      // A stale index may still have the package.
    }
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', debianPackage], {
      stdio: 'ignore',
      env,
      timeout: 600_000,
    });
    const installed = onPath(program);
    if (installed) return installed;
  }
  throw new Error(
    `${program} is needed by the tests and was not found. Install it with:\n\n    sudo apt-get install -y ${debianPackage}\n`,
  );
}
