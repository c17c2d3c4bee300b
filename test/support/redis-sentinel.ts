// A master, a replica and a Sentinel watching them, for tests: `redis-server --sentinel` with a
// config in a temporary directory (Sentinel rewrites it), all on free loopback ports. The master
// can be killed to make the Sentinel fail over to the replica. stop() kills every process and
// removes the directory, also when the start failed half-way.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { HostPort } from '../../src/state/index.js';
import { killRedis, spawnRedis, waitForRedis } from './redis-cluster.js';
import { freePort } from './redis-server.js';
import { waitFor } from './wait.js';

export interface RedisSentinel {
  /** The name the Sentinel monitors the master by. */
  readonly name: string;
  readonly sentinel: HostPort;
  readonly masterPort: number;
  readonly replicaPort: number;
  /** Where the Sentinel says the master is now. */
  master(): Promise<HostPort>;
  /** SIGKILL the current master's process. */
  killMaster(): Promise<void>;
  stop(): Promise<void>;
}

const quiet = { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null } as const;

async function ask<T>(port: number, run: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis(port, '127.0.0.1', quiet);
  client.on('error', () => {});
  try {
    await client.connect();
    return await run(client);
  } finally {
    client.disconnect();
  }
}

export async function startRedisSentinel(name = 'pasokh-test'): Promise<RedisSentinel> {
  const dir = mkdtempSync(join(tmpdir(), 'pasokh-sentinel-'));
  const processes = new Map<number, ChildProcess>();
  const stop = async () => {
    await Promise.all([...processes.values()].map(killRedis));
    rmSync(dir, { recursive: true, force: true });
  };
  const server = (port: number, extra: string[] = []) =>
    processes.set(port, spawnRedis(['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extra]));
  try {
    const [masterPort, replicaPort, sentinelPort] = [await freePort(), await freePort(), await freePort()];
    server(masterPort);
    await waitForRedis(masterPort);
    server(replicaPort, ['--replicaof', '127.0.0.1', String(masterPort)]);
    await waitForRedis(replicaPort);
    const config = join(dir, 'sentinel.conf');
    writeFileSync(
      config,
      [
        `port ${sentinelPort}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${name} 127.0.0.1 ${masterPort} 1`,
        `sentinel down-after-milliseconds ${name} 1000`,
        `sentinel failover-timeout ${name} 10000`,
        '',
      ].join('\n'),
    );
    processes.set(sentinelPort, spawnRedis([config, '--sentinel']));
    await waitForRedis(sentinelPort);
    // A failover needs a replica the Sentinel knows (it learns of it from the master's INFO).
    await waitFor(
      'the Sentinel knows the replica and the replica is in sync',
      async () => {
        const replicas = (await ask(sentinelPort, (c) => c.call('SENTINEL', 'REPLICAS', name))) as string[][];
        const link = await ask(replicaPort, (c) => c.info('replication'));
        return replicas.length === 1 && link.includes('master_link_status:up');
      },
      30_000,
      200,
    );
    const master = async (): Promise<HostPort> => {
      const [host, port] = (await ask(sentinelPort, (c) => c.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name))) as [string, string];
      return { host, port: Number(port) };
    };
    return {
      name,
      sentinel: { host: '127.0.0.1', port: sentinelPort },
      masterPort,
      replicaPort,
      master,
      async killMaster() {
        const { port } = await master();
        const child = processes.get(port);
        if (child) await killRedis(child);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
