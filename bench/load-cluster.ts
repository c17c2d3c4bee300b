// The processes `npm run bench:load` runs against, all on 127.0.0.1: a real redis-server, the lean
// Bot API stand-in, and two `pasokh serve` processes in webhook mode sharing Redis and secrets
// (so a widget token or an agent cookie from one instance works on the other). Every process is
// ours and is killed by stop(), which is safe to call more than once and from a signal handler.
import { spawn, fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hashPassword } from '../src/handoff/agents.js';
import { freePort } from '../test/support/redis-server.js';
import { ensureProgram } from '../test/support/system-package.js';
import type { SentMessage, StandInReport } from './load-stand-in.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STAND_IN = fileURLToPath(new URL('./load-stand-in.ts', import.meta.url));
const CLOCK_TICKS_PER_SECOND = 100; // Linux USER_HZ

export interface Instance {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
}

export interface Cluster {
  readonly instances: readonly [Instance, Instance];
  readonly webhookSecret: string;
  readonly token: string;
  readonly agents: ReadonlyArray<{ id: string; password: string }>;
  /** The run's Redis, for the benchmark's own measurements (round trips, memory per conversation). */
  readonly redisUrl: string;
  /** The key prefix both instances write under. */
  readonly redisPrefix: string;
  /** Processes to watch for CPU and memory, by name. */
  readonly processes: ReadonlyArray<{ name: string; pid: number }>;
  /** Called with every message the bot sent (as the stand-in saw it). */
  onSent(listener: (batch: SentMessage[]) => void): void;
  /** Other Bot API calls (sendChatAction…) by method, from the stand-in. */
  otherCalls(): Promise<Record<string, number>>;
  /** The last lines a pasokh process wrote to stderr, for a report when something failed. */
  logTail(name: string): string;
  stop(): Promise<void>;
}

/** CPU seconds (user + system) and resident memory of a process, read from /proc. */
export function sampleProcess(pid: number): { cpuSeconds: number; rssBytes: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at ") ".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { cpuSeconds, rssBytes: rss ? Number(rss[1]) * 1024 : 0 };
  } catch {
    return undefined; // the process is gone
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${what}: the process exited with code ${child.exitCode}`);
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`${what}: not ready within ${timeoutMs} ms`);
}

function killAndWait(child: ChildProcess | undefined, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill(signal);
  });
}

/**
 * The child processes of a run, stopped in order: pasokh first (it may still be talking to the
 * others), then the stand-in and Redis. Made before anything starts, so that a signal during the
 * start-up still finds every process started so far.
 */
export class Children {
  private readonly pasokh: ChildProcess[] = [];
  private readonly others: ChildProcess[] = [];
  private stopping: Promise<void> | undefined;

  add(child: ChildProcess, kind: 'pasokh' | 'other'): ChildProcess {
    (kind === 'pasokh' ? this.pasokh : this.others).push(child);
    if (this.stopping) child.kill('SIGKILL');
    return child;
  }

  stop(): Promise<void> {
    return (this.stopping ??= (async () => {
      await Promise.all(this.pasokh.map((p) => killAndWait(p, 'SIGTERM', 3000)));
      await Promise.all(this.others.map((c) => killAndWait(c, 'SIGTERM', 1000)));
    })());
  }
}

/** Starts everything; on any failure stops what did start and throws. */
export async function startCluster(options: { agents: number; /** Node flags for pasokh A (--cpu-prof…). */ nodeArgsA?: string[]; /** LOG_LEVEL of both (default warn). */ logLevel?: string }, children: Children): Promise<Cluster> {
  const logs = new Map<string, string[]>();
  const listeners: Array<(batch: SentMessage[]) => void> = [];
  const pasokh: ChildProcess[] = [];
  const stop = () => children.stop();

  try {
    const binary = ensureProgram('redis-server', 'redis-server');
    const redisPort = await freePort();
    const redis = children.add(
      spawn(binary, ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], { stdio: 'ignore' }),
      'other',
    );
    const redisUrl = `redis://127.0.0.1:${redisPort}`;
    const { Redis } = await import('ioredis');
    await waitUntil(
      'redis-server',
      async () => {
        const client = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        client.on('error', () => {});
        try {
          await client.connect();
          return (await client.ping()) === 'PONG';
        } finally {
          client.disconnect();
        }
      },
      10_000,
      redis,
    );

    const standIn = children.add(fork(STAND_IN, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }), 'other');
    const countsWaiters: Array<(c: Record<string, number>) => void> = [];
    const standInUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('Bot API stand-in: not ready within 10000 ms')), 10_000);
      standIn.once('exit', (code) => reject(new Error(`Bot API stand-in exited with code ${code}`)));
      standIn.on('message', (m: StandInReport) => {
        if (m.kind === 'ready') {
          clearTimeout(timer);
          resolve(m.url);
        } else if (m.kind === 'sent') for (const l of listeners) l(m.batch);
        else if (m.kind === 'other') countsWaiters.splice(0).forEach((w) => w(m.counts));
      });
    });

    const token = `4242:${randomBytes(12).toString('hex')}`;
    const webhookSecret = randomBytes(16).toString('hex');
    const agents = Array.from({ length: options.agents }, (_, i) => ({ id: `agent${i + 1}`, password: randomBytes(8).toString('hex') }));
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      HOST: '127.0.0.1',
      LOG_LEVEL: options.logLevel ?? 'warn',
      REDIS_URL: redisUrl,
      REDIS_PREFIX: 'load:',
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_ROOT: standInUrl,
      TELEGRAM_WEBHOOK_SECRET: webhookSecret,
      WIDGET_SECRET: randomBytes(24).toString('hex'),
      WIDGET_RATE_LIMIT: '1000',
      AGENT_SECRET: randomBytes(24).toString('hex'),
      AGENTS: agents.map((a) => `${a.id}:${hashPassword(a.password)}`).join(','),
    };
    const instances: Instance[] = [];
    for (const name of ['A', 'B']) {
      const port = await freePort();
      const nodeArgs = name === 'A' ? (options.nodeArgsA ?? []) : [];
      const child = children.add(spawn(process.execPath, [...nodeArgs, 'bin/pasokh.js', 'serve'], { cwd: ROOT, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] }), 'pasokh');
      pasokh.push(child);
      const lines: string[] = [];
      logs.set(name, lines);
      const keep = (chunk: Buffer) => {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        if (lines.length > 200) lines.splice(0, lines.length - 200);
      };
      child.stdout!.on('data', keep);
      child.stderr!.on('data', keep);
      instances.push({ name, url: `http://127.0.0.1:${port}`, pid: child.pid! });
    }
    await Promise.all(
      instances.map((instance, i) =>
        waitUntil(`pasokh ${instance.name}`, async () => (await fetch(`${instance.url}/healthz`)).status === 200, 90_000, pasokh[i]),
      ),
    );

    return {
      instances: [instances[0]!, instances[1]!],
      webhookSecret,
      token,
      agents,
      redisUrl,
      redisPrefix: env.REDIS_PREFIX,
      processes: [
        ...instances.map((i) => ({ name: `pasokh ${i.name}`, pid: i.pid })),
        { name: 'redis-server', pid: redis.pid! },
        { name: 'Bot API stand-in', pid: standIn.pid! },
      ],
      onSent: (listener) => void listeners.push(listener),
      otherCalls: () =>
        new Promise((resolve) => {
          const timer = setTimeout(() => resolve({}), 2000);
          countsWaiters.push((c) => {
            clearTimeout(timer);
            resolve(c);
          });
          standIn.send('counts');
        }),
      logTail: (name) => (logs.get(name) ?? []).slice(-20).join('\n'),
      stop,
    };
  } catch (error) {
    const tails = [...logs].map(([name, lines]) => `pasokh ${name}:\n${lines.slice(-20).join('\n')}`).join('\n');
    await stop();
    throw new Error(`${(error as Error).message}${tails ? `\n${tails}` : ''}`);
  }
}
