// The widget in a real browser (headless Debian Chromium via playwright-core), on the demo page,
// against a real server and Redis. Screenshots land in test-output/screenshots for a person to
// look at the RTL UI.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readConfig, type Config } from '../../src/config.js';
import { startServer, type Running } from '../../compose/serve.js';
import { launchBrowser, SCREENSHOTS } from '../support/browser.js';
import { freePort } from '../support/redis-server.js';

let browser: Browser;
let config: Config;
let server: Running;

beforeAll(async () => {
  browser = await launchBrowser();
  const port = await freePort();
  config = readConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    REDIS_URL: inject('redisUrl'),
    REDIS_PREFIX: `widget-${randomUUID().slice(0, 6)}:`,
    // A fixed key, so sessions survive the restart test.
    WIDGET_SECRET: 'browser-test-widget-secret-0123456789',
  });
  server = await startServer(config);
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await browser?.close();
});

// The welcome line is the widget's own (not from the server): left out when comparing history.
const messages = (page: Page, from?: string) =>
  page.locator(from ? `[data-pasokh=message][data-from=${from}]:not([data-id=welcome])` : '[data-pasokh=message]:not([data-id=welcome])');

async function openWidget(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(server.url.replace('127.0.0.1', 'localhost'));
  await page.locator('[data-pasokh=launcher]').waitFor();
  // Another tab of the same visitor may have left the panel open (it is remembered).
  if (!(await page.locator('[data-pasokh=input]').isVisible())) await page.locator('[data-pasokh=launcher]').click();
  await expect.poll(() => page.locator('[data-pasokh=input]').isVisible()).toBe(true);
  return page;
}

async function say(page: Page, text: string): Promise<void> {
  const before = await messages(page, 'bot').count();
  await page.locator('[data-pasokh=input]').fill(text);
  await page.locator('[data-pasokh=send]').click();
  await expect.poll(() => messages(page, 'bot').count(), { timeout: 10_000 }).toBeGreaterThan(before);
}

const lastBot = (page: Page) => messages(page, 'bot').last().innerText();

describe('the chat widget', () => {
  it('opens, answers a Persian question, offers quick replies, and survives a reload', async () => {
    const context = await browser.newContext({ locale: 'fa-IR', viewport: { width: 1280, height: 800 } });
    const page = await openWidget(context);
    await page.screenshot({ path: join(SCREENSHOTS, 'widget-open.png') });

    await say(page, 'قیمت مانتو کتان چنده؟');
    expect(await lastBot(page)).toContain('۱٬۵۹۰٬۰۰۰ تومان');
    expect(await page.locator('[data-pasokh=card]').count()).toBeGreaterThan(0);
    expect(await messages(page, 'customer').last().innerText()).toContain('قیمت مانتو کتان چنده؟');

    await say(page, 'قیمت هودی؟');
    const replies = page.locator('[data-pasokh=quick-reply]');
    await expect.poll(() => replies.count()).toBeGreaterThan(1);
    const chosen = (await replies.nth(1).innerText()).trim();
    const before = await messages(page, 'bot').count();
    await replies.nth(1).click();
    await expect.poll(() => messages(page, 'bot').count(), { timeout: 10_000 }).toBeGreaterThan(before);
    expect(await lastBot(page)).toContain(chosen.split(' ')[0]!);
    await page.screenshot({ path: join(SCREENSHOTS, 'widget-conversation.png') });

    const shown = await messages(page).allInnerTexts();
    await page.reload();
    await page.locator('[data-pasokh=launcher]').waitFor();
    if (!(await page.locator('[data-pasokh=input]').isVisible())) await page.locator('[data-pasokh=launcher]').click();
    await expect.poll(() => messages(page).count(), { timeout: 10_000 }).toBe(shown.length);
    expect(await messages(page).allInnerTexts()).toEqual(shown);
    await context.close();
  });

  it('renders an XSS payload as text', async () => {
    const context = await browser.newContext();
    const page = await openWidget(context);
    const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
    await say(page, payload);
    const customer = messages(page, 'customer').last();
    expect(await customer.innerText()).toContain(payload);
    expect(await customer.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    await context.close();
  });

  it('keeps a second tab of the same visitor in sync', async () => {
    const context = await browser.newContext();
    const first = await openWidget(context);
    const second = await openWidget(context);
    await say(first, 'هزینه ارسال به شیراز چقدره؟');
    await expect.poll(() => messages(second, 'customer').allInnerTexts(), { timeout: 10_000 }).toContainEqual(expect.stringContaining('هزینه ارسال به شیراز'));
    await expect.poll(async () => (await messages(second, 'bot').allInnerTexts()).join('\n'), { timeout: 10_000 }).toContain('پست پیشتاز');
    await context.close();
  });

  it('continues without loss or duplicates when the server restarts under an open page', async () => {
    const context = await browser.newContext();
    const page = await openWidget(context);
    await say(page, 'سلام');
    await server.stop();
    // Sent while the server is down: the widget keeps it and retries with the same id.
    await page.locator('[data-pasokh=input]').fill('روش‌های پرداخت چیه؟');
    await page.locator('[data-pasokh=send]').click();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(SCREENSHOTS, 'widget-offline.png') });
    server = await startServer(config);
    await expect.poll(async () => (await messages(page, 'bot').allInnerTexts()).join('\n'), { timeout: 30_000 }).toContain('کارت به کارت');
    await page.waitForTimeout(1500);
    const customerTexts = await messages(page, 'customer').allInnerTexts();
    expect(customerTexts.filter((t) => t.includes('روش‌های پرداخت'))).toHaveLength(1);
    const botTexts = await messages(page, 'bot').allInnerTexts();
    expect(botTexts.filter((t) => t.includes('کارت به کارت'))).toHaveLength(1);
    await context.close();
  }, 60_000);

  it('shows a locked order lookup once, as the bot\'s answer, and keeps sending what comes next', async () => {
    const context = await browser.newContext({ locale: 'fa-IR' });
    const page = await openWidget(context);
    await say(page, 'سفارش ۱۰۴۰۲ کجاست؟');
    for (let i = 1; i <= 5; i++) await say(page, `0912111100${i}`);
    expect(await lastBot(page)).toContain('تا یک ساعت');
    // The 429 is the answer, not a failure to send: no error notice, nothing waiting to be resent.
    expect(await page.locator('[data-pasokh=notice][role=alert]').count()).toBe(0);
    expect(await page.locator('[data-pending]').count()).toBe(0);
    await say(page, 'سلام');
    expect(await lastBot(page)).toContain('سلام');
    expect((await messages(page, 'bot').allInnerTexts()).filter((t) => t.includes('تا یک ساعت'))).toHaveLength(1);
    await context.close();
  }, 60_000);

  it('is full-screen on a phone and right-to-left', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 780 }, isMobile: true, hasTouch: true });
    const page = await openWidget(context);
    await say(page, 'سایز M مشکیش موجوده؟');
    const panel = page.locator('[data-pasokh=panel]');
    const box = await panel.boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(380);
    expect(await panel.getAttribute('dir')).toBe('rtl');
    await page.screenshot({ path: join(SCREENSHOTS, 'widget-mobile.png') });
    await context.close();
  });
});
