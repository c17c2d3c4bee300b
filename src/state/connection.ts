// The one place that opens ioredis clients: one server (REDIS_URL), a Redis Cluster
// (REDIS_CLUSTER_NODES) or a master found through Sentinel (REDIS_SENTINELS). Every store, the
// pub/sub subscriber and key scans get their client from here, so the choice applies everywhere
// and every client fails fast in the same way.
import { Cluster, Redis, type ClusterNode, type RedisOptions } from 'ioredis';

/** A Redis Cluster or a single server: what the stores accept. */
export type RedisClient = Redis | Cluster;

export interface HostPort {
  host: string;
  port: number;
}

/** Where Redis is (src/config.ts builds it from REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS). */
export type RedisConnection =
  | { kind: 'server'; url: string }
  | { kind: 'cluster'; nodes: HostPort[] }
  | { kind: 'sentinel'; sentinels: HostPort[]; name: string };

const retry = (attempt: number) => Math.min(50 * 2 ** attempt, 1000);
/** Per connection: a command in flight when the connection drops fails with it (no retries), and none waits long. */
const perConnection = (commandTimeoutMs: number): RedisOptions => ({ maxRetriesPerRequest: 0, commandTimeout: commandTimeoutMs, connectTimeout: 2000 });
/**
 * Fail fast, reconnect in the background. Until the first connection, commands wait for it (a
 * server starting next to Redis); after that, while disconnected, a command fails at once (no
 * offline queue, see settle) and commands in flight when the connection drops fail with it, so the
 * caller answers 503 right away instead of after the reconnect attempts.
 */
const failFast = (commandTimeoutMs: number): RedisOptions => ({ ...perConnection(commandTimeoutMs), enableOfflineQueue: true, retryStrategy: retry, enableAutoPipelining: true });

function settle<T extends RedisClient>(client: T): T {
  client.once('ready', () => {
    client.options.enableOfflineQueue = false;
  });
  // Connection errors surface on the commands; the event itself would crash the process.
  client.on('error', () => {});
  return client;
}

/**
 * A client for one Redis server by URL, failing fast when Redis is down (see openRedis).
 *
 * @example
 * const redis = connectRedis('redis://127.0.0.1:6379');
 */
export function connectRedis(url: string, commandTimeoutMs = 2000): Redis {
  return settle(new Redis(url, failFast(commandTimeoutMs)));
}

/**
 * A client for wherever Redis is: one server, a Cluster (commands go to the node that holds their
 * keys' slot, following MOVED/ASK) or the master a Sentinel names (followed across a failover).
 *
 * @example
 * const redis = openRedis({ kind: 'cluster', nodes: [{ host: '10.0.0.1', port: 6379 }] });
 */
export function openRedis(connection: RedisConnection | string, commandTimeoutMs = 2000): RedisClient {
  if (typeof connection === 'string') return connectRedis(connection, commandTimeoutMs);
  switch (connection.kind) {
    case 'server':
      return connectRedis(connection.url, commandTimeoutMs);
    case 'sentinel':
      return settle(
        new Redis({
          ...failFast(commandTimeoutMs),
          sentinels: connection.sentinels,
          name: connection.name,
          sentinelRetryStrategy: retry,
          // After a failover the old master's connections answer READONLY: reconnect to the new one.
          reconnectOnError: (error) => error.message.startsWith('READONLY'),
        }),
      );
    case 'cluster':
      return settle(
        new Cluster(connection.nodes as ClusterNode[], {
          // Node connections keep ioredis's defaults (a queue while a lazy connection opens, no
          // reconnection): a node that goes away is dropped and found again through the others'
          // slot tables. The Cluster as a whole fails fast (settle).
          redisOptions: perConnection(commandTimeoutMs),
          enableOfflineQueue: true,
          clusterRetryStrategy: retry,
          // Every command on its slot's master: a turn reads what it wrote.
          scaleReads: 'master',
          // A failover (a replica taking over a master's slots) takes a moment: retry a little.
          retryDelayOnFailover: 100,
          retryDelayOnClusterDown: 100,
          slotsRefreshTimeout: 2000,
        }),
      );
  }
}

/**
 * A connection for SUBSCRIBE next to `client`, to the same Redis. It keeps its own offline queue
 * until a command is sent, so a subscription made while disconnected waits instead of being lost.
 * On a Cluster, classic pub/sub reaches every node (PUBLISH is broadcast over the cluster bus), so
 * the subscriber may sit on any node and ioredis moves it when that node goes away.
 */
export function openSubscriber(client: RedisClient): RedisClient {
  const sub =
    client instanceof Cluster
      ? client.duplicate([], { enableOfflineQueue: true, redisOptions: { ...client.options.redisOptions, maxRetriesPerRequest: null } })
      : client.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
  sub.on('error', () => {});
  return sub;
}

/**
 * True when Redis answers: one server's PING; on a Cluster, a node's view that every slot is served
 * (cluster_state:ok), since nodes answer PING even while a master that holds slots is gone.
 */
export async function answers(client: RedisClient): Promise<boolean> {
  try {
    if (client instanceof Cluster) return String(await client.cluster('INFO')).includes('cluster_state:ok');
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  }
}

/**
 * Every key matching `pattern` (SCAN, bounded): on a Cluster, on every master, since each holds
 * only its own slots.
 */
export async function scanKeys(client: RedisClient, pattern: string, maxRounds = 10_000): Promise<string[]> {
  const nodes: Redis[] = client instanceof Cluster ? client.nodes('master') : [client];
  const found = new Set<string>();
  for (const node of nodes) {
    let cursor = '0';
    for (let round = 0; round < maxRounds; round++) {
      const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      for (const key of batch) found.add(key);
      cursor = next;
      if (cursor === '0') break;
    }
  }
  return [...found];
}
