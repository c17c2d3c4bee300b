// Where the widget's signing key comes from: WIDGET_SECRET; else, outside production, a key made
// once and kept in DATA_DIR/widget-secret (0600); in production, or with DATA_DIR=off, a key for
// this process only, with a warning.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { widgetSecret } from '../../adapters/web/secret.js';
import { readConfig } from '../../src/config.js';

const dir = mkdtempSync(join(tmpdir(), 'pasokh-secret-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function logger() {
  const lines: string[] = [];
  const at = (level: string) => (obj: object | string, msg?: string) => void lines.push(`${level}: ${typeof obj === 'string' ? obj : msg}`);
  return { lines, log: { info: at('info'), warn: at('warn'), error: at('error') } };
}

describe('the widget key', () => {
  it('is made once, kept 0600, and the same at the next start', () => {
    const file = join(dir, 'a', 'widget-secret');
    const first = widgetSecret({ secretFile: file }, logger().log);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(widgetSecret({ secretFile: file }, logger().log)).toBe(first);
    expect(first.length).toBeGreaterThanOrEqual(32);
  });

  it('replaces a damaged kept key, and lets WIDGET_SECRET win', () => {
    const file = join(dir, 'b-secret');
    writeFileSync(file, 'short\n');
    const made = widgetSecret({ secretFile: file }, logger().log);
    expect(made).not.toBe('short');
    expect(widgetSecret({ secretFile: file }, logger().log)).toBe(made);
    expect(widgetSecret({ secret: 'from-the-environment-123', secretFile: file }, logger().log)).toBe('from-the-environment-123');
  });

  it('is kept only outside production, when DATA_DIR is not off', () => {
    expect(readConfig({ DATA_DIR: dir }).widget.secretFile).toBe(join(dir, 'widget-secret'));
    expect(readConfig({ DATA_DIR: dir, WIDGET_SECRET: 'x'.repeat(20) }).widget.secretFile).toBeUndefined();
    expect(readConfig({ DATA_DIR: 'off' }).widget.secretFile).toBeUndefined();
    expect(readConfig({ DATA_DIR: dir, NODE_ENV: 'production' }).widget.secretFile).toBeUndefined();
    const { lines, log } = logger();
    const a = widgetSecret({}, log);
    expect(widgetSecret({}, logger().log)).not.toBe(a);
    expect(lines.join('\n')).toMatch(/warn: WIDGET_SECRET is not set/);
  });
});
