// A redis-server that keeps its data across a crash, for the fault tests: append-only file with a
// write before every reply (appendfsync always), in a temp folder of its own, on a free loopback
// port. kill() is a SIGKILL (no shutdown save), start() brings it back on the same port from the
// AOF, stop() kills it and removes the folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './redis-server.js';
import { ensureProgram } from './system-package.js';

export interface DurableRedis {
  readonly url: string;
  readonly port: number;
  /** The folder holding the append-only file. */
  readonly dir: string;
  /** SIGKILL, and wait until the process is gone. */
  kill(): Promise<void>;
  /** Starts again on the same port from the AOF; resolves when it answers PING with the data loaded. */
  start(): Promise<void>;
  /** Kills the server (if running) and removes its folder. Safe to call twice. */
  stop(): Promise<void>;
}

async function waitForPing(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    try {
      await client.connect();
      // PING answers LOADING while the AOF is read; a command that touches data does not.
      await client.dbsize();
      return;
    } catch {
      // not up yet, or still loading
    } finally {
      client.disconnect();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server at ${url} did not answer within ${timeoutMs} ms`);
}

export async function startDurableRedis(): Promise<DurableRedis> {
  const binary = ensureProgram('redis-server', 'redis-server');
  const dir = mkdtempSync(join(tmpdir(), 'pasokh-aof-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  const kill = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };
  const start = async () => {
    // Already running: a second server on the port would fail to bind, and the first be lost track of.
    if (child && child.exitCode === null && child.signalCode === null) return;
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always'];
    const started = spawn(binary, args, { stdio: 'ignore' });
    child = started;
    try {
      await waitForPing(url, started, 10_000);
    } catch (error) {
      await kill();
      throw error;
    }
  };
  const stop = async () => {
    await kill();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await start();
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, dir, kill, start, stop };
}
