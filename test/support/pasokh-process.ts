// `pasokh serve` as a separate process, for tests that need real server instances (two of them on
// one Redis, each with its own event loop, as in production) or an instance that dies (SIGKILL
// mid-turn, as a crash or an OOM kill would). It runs bin/pasokh.js, so the compiled code in dist/
// that ships (the test setup builds it). On a free loopback port, with only the environment the
// test gives (plus PATH and HOME); its log is kept for a failure message.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from './redis-server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KEPT_LINES = 60;

export interface PasokhProcess {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  /** The last lines the process wrote (stdout and stderr). */
  logTail(): string;
  /** SIGTERM, then SIGKILL after a grace period; resolves when the process is gone. Safe to call twice. */
  stop(): Promise<void>;
  /** SIGKILL: no shutdown, no releases; resolves once the process is gone. */
  kill(): Promise<void>;
}

function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface StartOptions {
  /** How long the start may take (training the NLU on a busy machine is slow). */
  readyMs?: number;
  /**
   * Gets the process's stop() as soon as it is spawned, before it is ready: a test whose setup
   * times out still finds every process it started.
   */
  cleanup?: Array<() => Promise<void>>;
  /** The pasokh tree to run (default: this checkout), e.g. a production install elsewhere. */
  cwd?: string;
  /** The port (default: a free one), e.g. the one of a stopped process, so a browser sees the same origin. */
  port?: number;
}

/**
 * Starts `node bin/pasokh.js serve` and resolves once GET /healthz answers 200. If it does not
 * within `readyMs` (or exits), the process is stopped and the error carries its log.
 */
export async function startPasokhProcess(name: string, env: Record<string, string>, options: StartOptions = {}): Promise<PasokhProcess> {
  const readyMs = options.readyMs ?? 90_000;
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['bin/pasokh.js', 'serve'], {
    cwd: options.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > KEPT_LINES) lines.splice(0, lines.length - KEPT_LINES);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const logTail = () => lines.join('\n');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A test run that ends early (a timeout, Ctrl+C) must not leave servers behind.
  const orphaned = () => void child.kill('SIGKILL');
  process.once('exit', orphaned);
  void exited.then(() => process.off('exit', orphaned));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= stopChild(child, 5000));
  options.cleanup?.push(stop);

  const deadline = Date.now() + readyMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`pasokh ${name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${logTail()}`);
    }
    const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) })
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`pasokh ${name} was not ready within ${readyMs} ms:\n${logTail()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { name, url, pid: child.pid!, logTail, stop, kill };
}
