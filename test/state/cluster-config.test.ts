// Where Redis is, as configured: one server, a Cluster or Sentinels. A bad combination stops the
// start with the variables' names and what to do, before anything connects.
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../src/config.js';

const problems = (env: Record<string, string>) => {
  try {
    readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  return '';
};

describe('REDIS_CLUSTER_NODES, REDIS_SENTINELS, REDIS_SENTINEL_NAME', () => {
  it("reads a Cluster's seed nodes (IPv6 in brackets) and Sentinels with their master name", () => {
    expect(readConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000, redis-b.internal:7001,[::1]:7002' }).redis).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: 'redis-b.internal', port: 7001 },
        { host: '::1', port: 7002 },
      ],
    });
    expect(readConfig({ REDIS_SENTINELS: '10.0.0.1:26379,10.0.0.2:26379', REDIS_SENTINEL_NAME: 'shop' }).redis).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '10.0.0.2', port: 26379 },
      ],
      name: 'shop',
    });
    expect(readConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redis).toEqual({ kind: 'server', url: 'redis://127.0.0.1:6379' });
    expect(readConfig({}).redis).toBeUndefined();
  });

  it('refuses an entry that is not host:port, naming it', () => {
    expect(problems({ REDIS_CLUSTER_NODES: '10.0.0.1:7000,10.0.0.2' })).toMatch(/REDIS_CLUSTER_NODES: "10\.0\.0\.2" is not host:port/);
    expect(problems({ REDIS_CLUSTER_NODES: 'redis://10.0.0.1:7000' })).toMatch(/REDIS_CLUSTER_NODES: "redis:\/\/10\.0\.0\.1:7000" is not host:port/);
    expect(problems({ REDIS_SENTINELS: '10.0.0.1:99999', REDIS_SENTINEL_NAME: 'shop' })).toMatch(/REDIS_SENTINELS: "10\.0\.0\.1:99999" is not host:port/);
  });

  it("refuses two places at once, Sentinels without the master's name (or a name without Sentinels), a hash tag in the prefix on a Cluster", () => {
    expect(problems({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_CLUSTER_NODES: '10.0.0.1:7000' })).toMatch(/REDIS_URL, REDIS_CLUSTER_NODES: .*set one of them/);
    expect(problems({ REDIS_CLUSTER_NODES: '10.0.0.1:7000', REDIS_SENTINELS: '10.0.0.1:26379', REDIS_SENTINEL_NAME: 'shop' })).toMatch(/REDIS_CLUSTER_NODES, REDIS_SENTINELS: .*set one of them/);
    expect(problems({ REDIS_SENTINELS: '10.0.0.1:26379' })).toMatch(/REDIS_SENTINEL_NAME: with REDIS_SENTINELS, the name .* is required/);
    expect(problems({ REDIS_SENTINEL_NAME: 'shop' })).toMatch(/REDIS_SENTINEL_NAME: set only with REDIS_SENTINELS/);
    expect(problems({ REDIS_CLUSTER_NODES: '10.0.0.1:7000', REDIS_PREFIX: 'shop{1}:' })).toMatch(/REDIS_PREFIX: no \{ or \} with REDIS_CLUSTER_NODES/);
    // Empty means unset, as for every variable.
    expect(problems({ REDIS_URL: '', REDIS_CLUSTER_NODES: '10.0.0.1:7000' })).toBe('');
  });
});
