// TRUST_PROXY: whom the server believes about the client's address. The behaviour behind it (a
// forged X-Forwarded-For ignored, a trusted proxy's honoured) is in test/web/order-privacy.test.ts.
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../src/config.js';

const trustOf = (value?: string) => readConfig(value === undefined ? {} : { TRUST_PROXY: value }).trustProxy;

describe('TRUST_PROXY', () => {
  it('believes no proxy unless told to', () => {
    expect(trustOf()).toBe(false);
    expect(trustOf('')).toBe(false);
    expect(trustOf('false')).toBe(false);
  });

  it('takes true, a hop count, or proxies by address and range', () => {
    expect(trustOf('true')).toBe(true);
    expect(trustOf('2')).toBe(2);
    expect(trustOf('10.0.0.1, 10.1.0.0/16,fd00::/8, loopback')).toEqual(['10.0.0.1', '10.1.0.0/16', 'fd00::/8', 'loopback']);
  });

  it('refuses anything else, naming the variable', () => {
    for (const bad of ['yes', '10.0.0.300', '10.0.0.0/33', 'proxy.example']) {
      expect(() => trustOf(bad)).toThrow(ConfigError);
      expect(() => trustOf(bad)).toThrow(/TRUST_PROXY/);
    }
  });
});
