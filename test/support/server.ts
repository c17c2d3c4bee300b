// A pasokh server for a test: on a free loopback port, quiet, on the test Redis under a prefix of
// its own, with whatever else the test sets.
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { readConfig, type Config } from '../../src/config.js';
import { startServer, type Running } from '../../compose/serve.js';

export function testConfig(env: Record<string, string> = {}): Config {
  return readConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    REDIS_URL: inject('redisUrl'),
    REDIS_PREFIX: `t-${randomUUID().slice(0, 8)}:`,
    ...env,
  });
}

export function testServer(env: Record<string, string> = {}): Promise<Running> {
  return startServer(testConfig(env));
}
