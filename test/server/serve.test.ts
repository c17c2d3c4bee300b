import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { startServer } from '../../compose/serve.js';
import { freePort } from '../support/redis-server.js';

const BIN = fileURLToPath(new URL('../../bin/pasokh.js', import.meta.url));

describe('pasokh serve', () => {
  it('answers /healthz with 200 when the store is reachable', async () => {
    const running = await startServer(readConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', REDIS_URL: inject('redisUrl') }));
    try {
      const response = await fetch(`${running.url}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', store: 'redis' });
    } finally {
      await running.stop();
    }
  });

  it('summarises the running server\'s metrics with pasokh stats', async () => {
    const running = await startServer(readConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', REDIS_URL: inject('redisUrl') }));
    try {
      const session = (await (await fetch(`${running.url}/api/web/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { token: string };
      for (const text of ['سلام', 'qwzx plorb']) {
        await fetch(`${running.url}/api/web/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
          body: JSON.stringify({ clientMessageId: crypto.randomUUID(), text }),
        });
      }
      const output = await new Promise<string>((resolve) => {
        const child = spawn(process.execPath, [BIN, 'stats', '--url', `${running.url}/metrics`], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.on('exit', () => resolve(out));
      });
      expect(output).toContain('پیام‌ها: ۲');
      expect(output).toContain('نفهمیده‌ها: ۱');
    } finally {
      await running.stop();
    }
  });

  it('answers /healthz with 503 when Redis is down', async () => {
    const dead = `redis://127.0.0.1:${await freePort()}`;
    const running = await startServer(readConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', REDIS_URL: dead }));
    try {
      expect((await fetch(`${running.url}/healthz`)).status).toBe(503);
    } finally {
      await running.stop();
    }
  });

  it('runs on the embedded demo defaults, says so, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 200 && !output.includes('ready'); i++) await new Promise((r) => setTimeout(r, 50));
      expect(output).toContain('SHOP_DIR is not set');
      expect(output).toContain('REDIS_URL is not set');
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('refuses a bad configuration with the variable and the problem', async () => {
    const child = spawn(process.execPath, [BIN, 'serve'], { env: { PATH: process.env.PATH, PORT: 'abc', REDIS_URL: 'localhost' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('PORT');
    expect(stderr).toContain('REDIS_URL');
  });
});
