// A production install of the built tree, as a server is deployed: the checkout with dist/ copied
// elsewhere, `npm ci --omit=dev` there (no TypeScript, tsx or esbuild), then `npm start`'s command.
// It must start and serve /healthz, and widget.js compressed with caching headers; a source changed
// after the build is refused with the command that fixes it. No network: npm runs --offline.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPasokhProcess, type PasokhProcess } from '../support/pasokh-process.js';
import { copyBuiltTree, installProduction } from '../support/production-install.js';

describe('a production install of the built tree', () => {
  let dir: string;
  let server: PasokhProcess | undefined;
  const cleanup: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    dir = copyBuiltTree();
    installProduction(dir);
    server = await startPasokhProcess('production', {}, { cwd: dir, readyMs: 60_000, cleanup });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(cleanup.map((stop) => stop()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has no build tools installed, and answers /healthz', async () => {
    for (const tool of ['typescript', 'tsx', 'esbuild', 'vitest']) expect(existsSync(join(dir, 'node_modules', tool)), tool).toBe(false);
    const health = await fetch(`${server!.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it('serves widget.js compressed, with caching headers, as built', async () => {
    const built = readFileSync(join(dir, 'dist/browser/web/widget.js'), 'utf8');
    for (const encoding of ['br', 'gzip']) {
      // fetch decodes the body; the header says what travelled.
      const response = await fetch(`${server!.url}/widget.js`, { headers: { 'accept-encoding': encoding } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-encoding')).toBe(encoding);
      expect(response.headers.get('content-type')).toContain('javascript');
      expect(response.headers.get('cache-control')).toMatch(/max-age=\d+/);
      expect(response.headers.get('vary')).toMatch(/accept-encoding/i);
      expect(await response.text()).toBe(built);
    }
    const first = await fetch(`${server!.url}/pasokh/widget.js`, { headers: { 'accept-encoding': 'br' } });
    await first.arrayBuffer();
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    // A browser revalidating its copy (fetch's 'default' mode would add no-cache, forcing a 200).
    const again = await fetch(`${server!.url}/pasokh/widget.js`, { cache: 'no-cache', headers: { 'accept-encoding': 'br', 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    const font = await fetch(`${server!.url}/fonts/Vazirmatn-Bold.woff2`);
    expect(font.status).toBe(200);
    expect(font.headers.get('cache-control')).toContain('immutable');
    expect((await font.arrayBuffer()).byteLength).toBeGreaterThan(10_000);
  });

  it('refuses to run a build older than the sources, naming the command that fixes it', async () => {
    appendFileSync(join(dir, 'src/engine/texts.ts'), '\n// changed after the build\n');
    const child = spawn(process.execPath, ['bin/pasokh.js', 'serve'], { cwd: dir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOST: '127.0.0.1', PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('src/engine/texts.ts changed');
    expect(stderr).toContain('npm run build');
  });
});
