import { Redis } from 'ioredis';
import { createMemoryBackend } from './memory.js';
import { createRedisBackend, type RedisBackendOptions } from './redis.js';
import type { StateBackend } from './types.js';

export * from './types.js';
export { guarded } from './guarded.js';
export { createMemoryBackend } from './memory.js';
export { createRedisBackend, type RedisBackendOptions } from './redis.js';

export interface StateOptions extends RedisBackendOptions {
  /** Unset: in-memory state (one process, lost on restart). */
  redisUrl?: string;
  /** How long one Redis command may take before the turn gives up (ms). */
  commandTimeoutMs?: number;
}

/**
 * A Redis client that fails fast when Redis is down and keeps reconnecting in the background, so
 * service resumes by itself. Until the first connection, commands wait for it (a server starting
 * next to Redis); after that, while disconnected, a command fails at once (no offline queue) and
 * commands in flight when the connection drops fail with it (no retries), so the caller answers
 * 503 right away instead of after the reconnect attempts.
 */
export function connectRedis(url: string, commandTimeoutMs = 2000): Redis {
  const client = new Redis(url, {
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 2000,
    enableOfflineQueue: true,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 1000),
  });
  client.once('ready', () => {
    client.options.enableOfflineQueue = false;
  });
  // Connection errors surface on the commands; the event itself would crash the process.
  client.on('error', () => {});
  return client;
}

export function createStateBackend(options: StateOptions): StateBackend {
  if (!options.redisUrl) return createMemoryBackend(options);
  return createRedisBackend(connectRedis(options.redisUrl, options.commandTimeoutMs), options);
}
