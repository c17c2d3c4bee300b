import { openRedis, type RedisConnection } from './connection.js';
import { createMemoryBackend } from './memory.js';
import { createRedisBackend, type RedisBackendOptions } from './redis.js';
import type { StateBackend } from './types.js';

export * from './types.js';
export { guarded } from './guarded.js';
export { createMemoryBackend } from './memory.js';
export { connectRedis, openRedis, openSubscriber, scanKeys, type HostPort, type RedisClient, type RedisConnection } from './connection.js';
export { createRedisBackend, type RedisBackendOptions } from './redis.js';

export interface StateOptions extends RedisBackendOptions {
  /** Unset (and no `redis`): in-memory state (one process, lost on restart). */
  redisUrl?: string;
  /** A Cluster or Sentinel (or one server); wins over redisUrl. */
  redis?: RedisConnection;
  /** How long one Redis command may take before the turn gives up (ms). */
  commandTimeoutMs?: number;
}

export function createStateBackend(options: StateOptions): StateBackend {
  const where = options.redis ?? options.redisUrl;
  if (!where) return createMemoryBackend(options);
  return createRedisBackend(openRedis(where, options.commandTimeoutMs), options);
}
