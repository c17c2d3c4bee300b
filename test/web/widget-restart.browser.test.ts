// The demo without WIDGET_SECRET: the key made at the first start is kept in DATA_DIR, so `pasokh
// serve` started again (same data folder, same Redis) accepts the visitor's session and the
// browser shows the same conversation, instead of a new visitor with an empty chat. Real processes
// (bin/pasokh.js on dist/), on one port so the browser keeps its storage.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, SCREENSHOTS } from '../support/browser.js';
import { startPasokhProcess, type PasokhProcess } from '../support/pasokh-process.js';

let browser: Browser;
let dataDir: string;
const cleanup: Array<() => Promise<void>> = [];

beforeAll(async () => {
  browser = await launchBrowser();
  dataDir = mkdtempSync(join(tmpdir(), 'pasokh-data-'));
});
afterAll(async () => {
  for (const stop of cleanup) await stop();
  await browser?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const messages = '[data-pasokh=message]:not([data-id=welcome])';

describe('a restart of the demo without WIDGET_SECRET', () => {
  it('keeps the visitor and their chat: the key is kept in DATA_DIR, readable by its owner only', async () => {
    const env = { REDIS_URL: inject('redisUrl'), REDIS_PREFIX: `restart-${randomUUID().slice(0, 6)}:`, DATA_DIR: dataDir, LOG_LEVEL: 'info' };
    let pasokh: PasokhProcess = await startPasokhProcess('first', env, { cleanup });
    const port = Number(new URL(pasokh.url).port);
    expect(statSync(join(dataDir, 'widget-secret')).mode & 0o777).toBe(0o600);
    expect(pasokh.logTail()).toContain('widget sessions are signed with the key kept in this file');

    const context = await browser.newContext({ locale: 'fa-IR' });
    const page = await context.newPage();
    await page.goto(pasokh.url);
    await page.locator('[data-pasokh=launcher]').click();
    await page.locator('[data-pasokh=input]').fill('هزینه ارسال به شیراز چقدره؟');
    await page.locator('[data-pasokh=send]').click();
    await expect.poll(() => page.locator(`${messages}[data-from=bot]`).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const before = await page.locator(messages).allInnerTexts();
    const visitor = await page.evaluate(() => localStorage.getItem('pasokh:token'));

    await pasokh.stop();
    pasokh = await startPasokhProcess('second', env, { cleanup, port });
    await page.reload();
    if (!(await page.locator('[data-pasokh=input]').isVisible())) await page.locator('[data-pasokh=launcher]').click();
    await expect.poll(() => page.locator(messages).count(), { timeout: 15_000 }).toBe(before.length);
    expect(await page.locator(messages).allInnerTexts()).toEqual(before);
    // The same visitor (the old token was taken), so the chat goes on.
    const session = (await page.evaluate(() => localStorage.getItem('pasokh:token')))!.split('.')[1]!;
    expect(JSON.parse(Buffer.from(session, 'base64url').toString()).v).toBe(JSON.parse(Buffer.from(visitor!.split('.')[1]!, 'base64url').toString()).v);
    await page.screenshot({ path: join(SCREENSHOTS, 'polish-after-restart.png') });
    await context.close();
    await pasokh.stop();
  }, 240_000);

  it('in memory (no Redis), keeps the visitor; their chat is gone with the state, and the widget greets them again', async () => {
    const env = { DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    let pasokh: PasokhProcess = await startPasokhProcess('memory-first', env, { cleanup });
    const port = Number(new URL(pasokh.url).port);
    const context = await browser.newContext({ locale: 'fa-IR' });
    const page = await context.newPage();
    await page.goto(pasokh.url);
    await page.locator('[data-pasokh=launcher]').click();
    await page.locator('[data-pasokh=input]').fill('سلام');
    await page.locator('[data-pasokh=send]').click();
    await expect.poll(() => page.locator(`${messages}[data-from=bot]`).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const token = await page.evaluate(() => localStorage.getItem('pasokh:token'));

    await pasokh.stop();
    pasokh = await startPasokhProcess('memory-second', env, { cleanup, port });
    await page.reload();
    if (!(await page.locator('[data-pasokh=input]').isVisible())) await page.locator('[data-pasokh=launcher]').click();
    // Not a blank panel: the welcome, as for a first visit.
    await expect.poll(() => page.locator('[data-pasokh=message][data-id=welcome]').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator(messages).count()).toBe(0);
    const visitorOf = (t: string | null) => JSON.parse(Buffer.from(t!.split('.')[1]!, 'base64url').toString()).v as string;
    expect(visitorOf(await page.evaluate(() => localStorage.getItem('pasokh:token')))).toBe(visitorOf(token));
    await page.locator('[data-pasokh=input]').fill('هزینه ارسال به شیراز چقدره؟');
    await page.locator('[data-pasokh=send]').click();
    await expect.poll(() => page.locator(`${messages}[data-from=bot]`).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await context.close();
    await pasokh.stop();
  }, 240_000);
});
