// A real Redis Cluster for tests: three (or more) masters, each `redis-server --cluster-enabled yes`
// on free loopback ports with its node file in a temporary directory, joined by
// `redis-cli --cluster create`, ready once every node says cluster_state:ok. stop() kills every
// process and removes the directory, also when the start failed half-way.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import type { HostPort } from '../../src/state/index.js';
import { freePort } from './redis-server.js';
import { ensureProgram } from './system-package.js';
import { waitFor } from './wait.js';

export interface RedisCluster {
  readonly nodes: HostPort[];
  /** The nodes as REDIS_CLUSTER_NODES reads them. */
  readonly env: string;
  /** The port of the master that holds `key`'s slot. */
  masterOf(key: string): Promise<number>;
  /** SIGKILL one node (by port); it can be started again from its files. */
  kill(port: number): Promise<void>;
  /** Starts a killed node again with its node file (and append-only file, if any). */
  restart(port: number): Promise<void>;
  /** Resolves once every node says cluster_state:ok again (bounded). */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  masters?: number;
  /** Keep each node's data in an append-only file, fsynced per write (so a killed node restarts with it). */
  appendOnly?: boolean;
}

/** Kills a redis-server and resolves once it is gone. */
export function killRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Spawns redis-server with `args`, killed when the test process exits, whatever happens. */
export function spawnRedis(args: string[]): ChildProcess {
  const child = spawn(ensureProgram('redis-server', 'redis-server'), args, { stdio: 'ignore' });
  const orphaned = () => void child.kill('SIGKILL');
  process.once('exit', orphaned);
  child.once('exit', () => process.off('exit', orphaned));
  return child;
}

/** Resolves once `port` answers PING (bounded). */
export async function waitForRedis(port: number, timeoutMs = 10_000): Promise<void> {
  await waitFor(
    `redis-server on port ${port} answers`,
    async () => {
      const client = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      client.on('error', () => {});
      try {
        await client.connect();
        return (await client.ping()) === 'PONG';
      } finally {
        client.disconnect();
      }
    },
    timeoutMs,
  );
}

async function clusterInfo(port: number): Promise<string> {
  const client = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    return String(await client.cluster('INFO'));
  } finally {
    client.disconnect();
  }
}

export async function startRedisCluster(options: ClusterOptions | number = {}): Promise<RedisCluster> {
  const { masters = 3, appendOnly = false } = typeof options === 'number' ? { masters: options } : options;
  const redisCli = ensureProgram('redis-cli', 'redis-tools');
  const dir = mkdtempSync(join(tmpdir(), 'pasokh-cluster-'));
  const children = new Map<number, ChildProcess>();
  const argsOf = new Map<number, string[]>();
  const stop = async () => {
    await Promise.all([...children.values()].map(killRedis));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const nodes: HostPort[] = [];
    for (let i = 0; i < masters; i++) {
      const port = await freePort();
      // The cluster bus port is port + 10000 unless given: a free one of its own.
      const busPort = await freePort();
      const own = join(dir, String(port));
      mkdirSync(own);
      const args = [
        '--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-port', String(busPort),
        '--cluster-config-file', join(own, 'nodes.conf'), '--cluster-node-timeout', '2000',
        '--dir', own, '--save', '', '--protected-mode', 'yes',
        ...(appendOnly ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']),
      ];
      argsOf.set(port, args);
      children.set(port, spawnRedis(args));
      nodes.push({ host: '127.0.0.1', port });
    }
    await Promise.all(nodes.map((n) => waitForRedis(n.port)));
    await promisify(execFile)(redisCli, ['--cluster', 'create', ...nodes.map((n) => `${n.host}:${n.port}`), '--cluster-replicas', '0', '--cluster-yes'], { timeout: 30_000 });
    // Every node must know every slot's owner before a client is pointed at it.
    const ready = () =>
      waitFor(
        'every cluster node says cluster_state:ok',
        async () => {
          const infos = await Promise.all(nodes.map((n) => clusterInfo(n.port)));
          return infos.every((info) => info.includes('cluster_state:ok') && info.includes(`cluster_known_nodes:${masters}`));
        },
        20_000,
        100,
      ).then(() => undefined);
    await ready();
    const masterOf = async (key: string) => {
      const admin = new Redis(nodes[0]!.port, nodes[0]!.host, { maxRetriesPerRequest: 0 });
      try {
        const slot = Number(await admin.cluster('KEYSLOT', key));
        const range = (await admin.cluster('SLOTS')).find(([from, to]) => slot >= from && slot <= to);
        if (!range?.[2]) throw new Error(`no master holds slot ${slot}`);
        return Number(range[2][1]);
      } finally {
        admin.disconnect();
      }
    };
    const kill = async (port: number) => {
      const child = children.get(port);
      if (child) await killRedis(child);
    };
    const restart = async (port: number) => {
      const child = children.get(port);
      if (child && child.exitCode === null && child.signalCode === null) return;
      children.set(port, spawnRedis(argsOf.get(port)!));
      await waitForRedis(port);
    };
    return { nodes, env: nodes.map((n) => `${n.host}:${n.port}`).join(','), masterOf, kill, restart, ready, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
