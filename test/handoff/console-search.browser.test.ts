// The console as an agent with ten waiting chats sees it, in headless Chromium and only through
// the page's automation hooks ([data-pasokh=…]): rows told apart by name and latest message, a
// complaint first; search by phone and by an order number; claim, reply, close through our own
// dialog; the closed tab with agent, reason and rating; a desktop notification for a new chat;
// the shop's canned replies; an admin finding a chat that only talked to the bot; a compact
// header on a 375-pixel phone; empty inputs right-to-left.
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../src/handoff/index.js';
import type { Running } from '../../src/server/serve.js';
import { launchBrowser, SCREENSHOTS } from '../support/browser.js';
import { testServer } from '../support/server.js';
import { webCustomer, type WebCustomer } from './support.js';

let browser: Browser;
let server: Running;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await testServer({ AGENTS: `maryam:${hashPassword('s3cret-m')},boss:${hashPassword('s3cret-b')}:admin` });
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await browser?.close();
});

/** Records desktop notifications instead of showing them (headless Chromium shows none). */
const RECORD_NOTIFICATIONS = () => {
  const shown: Array<{ title: string; body?: string }> = [];
  (window as unknown as { shownNotifications: typeof shown }).shownNotifications = shown;
  class Recorded extends EventTarget {
    static permission: NotificationPermission = 'default';
    static async requestPermission() {
      Recorded.permission = 'granted';
      return Recorded.permission;
    }
    constructor(title: string, options: NotificationOptions = {}) {
      super();
      shown.push({ title, body: options.body });
    }
    close() {}
  }
  (window as unknown as { Notification: unknown }).Notification = Recorded;
};

async function signIn(username: string, password: string, viewport = { width: 1280, height: 860 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport });
  await context.addInitScript(RECORD_NOTIFICATIONS);
  const page = await context.newPage();
  await page.goto(`${server.url}/agent`);
  await page.locator('[data-pasokh=login-user]').fill(username);
  await page.locator('[data-pasokh=login-password]').fill(password);
  await page.locator('[data-pasokh=login-submit]').click();
  await page.locator('[data-pasokh=tab][data-tab=queued]').waitFor();
  return { context, page };
}

const rows = (page: Page) => page.locator('[data-pasokh=queue-row]');
const row = (page: Page, name: string) => rows(page).filter({ has: page.locator('[data-pasokh=row-name]', { hasText: name }) });
const names = (page: Page) => page.locator('[data-pasokh=queue-row] [data-pasokh=row-name]').allInnerTexts();

const WAITING: Array<[string, string, string]> = [
  ['سارا رحیمی', '09121000001', 'سفارش ۱۰۴۰۱ هنوز نرسیده'],
  ['مهدی کریمی', '09121000002', 'سایز مانتو رو اشتباه فرستادید'],
  ['نگار احمدی', '09121000003', 'کد تخفیفم کار نمی‌کنه'],
  ['رضا موسوی', '09121000004', 'می‌خوام سفارشم رو لغو کنم'],
  ['الهام نوری', '09121000005', 'رنگ رژ لب با عکس فرق داره'],
  ['حمید صادقی', '09121000006', 'پرداخت کردم ولی سفارش ثبت نشد'],
  ['مریم جعفری', '09121000007', 'کفش پاشنه‌اش شکسته'],
  ['امیر حسینی', '09121000008', 'آدرس رو عوض کنم؟'],
  ['زهرا قاسمی', '09121000009', 'فاکتور رسمی می‌خوام'],
];

it('tells ten waiting chats apart, finds one by phone and by order number, and closes it into the closed tab', async () => {
  const customers: WebCustomer[] = [];
  for (const [name, phone, text] of WAITING) {
    const c = await webCustomer(server.url, { name, phone });
    await c.say('میخوام با پشتیبان صحبت کنم');
    await c.say(text);
    customers.push(c);
  }
  // The tenth: a complaint, served first.
  const angry = await webCustomer(server.url, { name: 'کیوان شریفی', phone: '09121000010' });
  await angry.say('از شما شکایت دارم، جنس تقلبی فرستادید');
  await angry.say('سفارش ۱۰۴۰۳');

  const { page } = await signIn('maryam', 's3cret-m');
  await expect.poll(() => rows(page).count(), { timeout: 10_000 }).toBe(10);
  const shown = await names(page);
  expect(new Set(shown).size).toBe(10);
  expect(shown[0]).toBe('کیوان شریفی');
  expect(await row(page, 'سارا رحیمی').locator('[data-pasokh=row-last]').innerText()).toBe('سفارش ۱۰۴۰۱ هنوز نرسیده');
  expect(await row(page, 'کیوان شریفی').locator('[data-pasokh=row-last]').innerText()).toBe('سفارش ۱۰۴۰۳');
  await page.screenshot({ path: join(SCREENSHOTS, 'console-ten-waiting.png') });

  // Notifications allowed: a new chat arriving while the agent is elsewhere is a desktop notice.
  await page.locator('[data-pasokh=notifications]').click();
  await expect.poll(() => page.locator('[data-pasokh=notifications]').isVisible()).toBe(false);
  await page.evaluate(() => {
    Object.defineProperty(document, 'hasFocus', { value: () => false });
  });
  const late = await webCustomer(server.url, { name: 'بردیا کامرانی' });
  await late.say('/human');
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { shownNotifications: Array<{ title: string }> }).shownNotifications.map((n) => n.title)), { timeout: 10_000 })
    .toContainEqual(expect.stringContaining('بردیا کامرانی'));

  // Search by phone (another spelling) and by the order number typed in Persian digits.
  const search = page.locator('[data-pasokh=search]');
  await search.fill('+98 912 100 0002');
  await expect.poll(() => names(page), { timeout: 10_000 }).toEqual(['مهدی کریمی']);
  await search.fill('10401');
  await expect.poll(() => names(page), { timeout: 10_000 }).toEqual(['سارا رحیمی']);
  await page.screenshot({ path: join(SCREENSHOTS, 'console-search.png') });

  await rows(page).first().click();
  await page.locator('[data-pasokh=claim]').click();
  await expect.poll(() => page.locator('[data-pasokh=reply]').isEnabled(), { timeout: 10_000 }).toBe(true);
  // The search results on screen follow the claim.
  await expect.poll(() => rows(page).first().getAttribute('data-status'), { timeout: 3000 }).toBe('agent');
  // The shop's canned replies are in the menu.
  await page.locator('.canned-button').click();
  expect(await page.locator('[data-pasokh=canned] .canned-title').allInnerTexts()).toContain('پیگیری سفارش');
  expect(await page.locator('#ag-canned').isVisible()).toBe(true);
  await page.screenshot({ path: join(SCREENSHOTS, 'console-canned.png') });
  await page.keyboard.press('Escape');
  await page.locator('[data-pasokh=reply]').fill('سلام سارا خانم، سفارشتان فردا می‌رسد.');
  await page.locator('[data-pasokh=send]').click();
  await expect.poll(() => page.locator('[data-agent=entry][data-from=agent]').count(), { timeout: 10_000 }).toBe(1);
  // The customer writes while the agent looks at another window: a desktop notice with their name.
  await customers[0]!.say('ممنون، منتظرم');
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { shownNotifications: Array<{ title: string; body?: string }> }).shownNotifications), { timeout: 10_000 })
    .toContainEqual({ title: 'سارا رحیمی', body: 'ممنون، منتظرم' });
  // Intent names in Persian.
  expect(await page.locator('[data-agent=entry][data-from=customer] .intent').first().innerText()).toMatch(/برداشت ربات: [\u0600-\u06FF]/);
  await page.locator('[data-pasokh=close]').click();
  await expect(page.locator('[data-pasokh=confirm]').innerText()).resolves.toBe('بستن گفتگو');
  await page.screenshot({ path: join(SCREENSHOTS, 'console-confirm.png') });
  await page.locator('[data-pasokh=confirm]').click();
  await page.locator('[data-pasokh=tab][data-tab=closed]').click();
  await expect.poll(() => names(page), { timeout: 10_000 }).toEqual(['سارا رحیمی']);
  // The customer is asked for a rating once the chat is closed, so rates only after it is.
  await customers[0]!.say('⭐⭐⭐⭐⭐ ۵', { do: 'rate', score: 5 });
  await expect.poll(() => rows(page).first().innerText(), { timeout: 10_000 }).toContain('★★★★★');
  expect(await rows(page).first().innerText()).toContain('بسته‌شده به دست شما');
  for (const tab of ['queued', 'mine'] as const) {
    await page.locator(`[data-pasokh=tab][data-tab=${tab}]`).click();
    await expect.poll(() => names(page), { timeout: 10_000 }).not.toContain('سارا رحیمی');
  }
  // A waiting customer writes again: their row is marked until opened.
  await page.locator('[data-pasokh=tab][data-tab=queued]').click();
  expect(await row(page, 'مهدی کریمی').getAttribute('data-new')).toBeNull();
  await customers[1]!.say('کسی نیست؟');
  await expect.poll(() => row(page, 'مهدی کریمی').getAttribute('data-new'), { timeout: 10_000 }).toBe('');
  expect(await row(page, 'مهدی کریمی').locator('[data-pasokh=row-last]').innerText()).toBe('کسی نیست؟');
  // The closed chat's transcript, with who closed it and the rating.
  await page.locator('[data-pasokh=tab][data-tab=closed]').click();
  await rows(page).first().click();
  await expect.poll(() => page.locator('.conv-status').innerText(), { timeout: 10_000 }).toContain('★★★★★');
  expect(await page.locator('[data-agent=entry][data-from=agent]').innerText()).toContain('فردا می‌رسد');
  await page.screenshot({ path: join(SCREENSHOTS, 'console-closed.png') });
}, 120_000);

it('lets an admin find a chat that only talked to the bot, and keeps a phone\'s header compact', async () => {
  const shopper = await webCustomer(server.url, { name: 'شیدا فرهمند', phone: '09357778899' });
  await shopper.say('سلام، سفارش ۱۰۴۰۲ کی می‌رسه؟');
  const login = await (await browser.newContext({ viewport: { width: 375, height: 740 } })).newPage();
  await login.goto(`${server.url}/agent`);
  expect(await login.locator('[data-pasokh=login-user]').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  await login.screenshot({ path: join(SCREENSHOTS, 'console-phone-login.png') });
  await login.context().close();
  const { page } = await signIn('boss', 's3cret-b', { width: 375, height: 740 });
  // Empty inputs are right-to-left.
  const search = page.locator('[data-pasokh=search]');
  expect(await search.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  expect(await search.evaluate((el) => getComputedStyle(el, '::placeholder').textAlign)).toBe('right');
  // The header is one short line on a phone.
  const header = await page.locator('header.top').boundingBox();
  expect(header!.height).toBeLessThan(44);
  await page.screenshot({ path: join(SCREENSHOTS, 'console-phone-list.png') });

  await search.fill('09357778899');
  await expect.poll(() => names(page), { timeout: 10_000 }).toEqual(['شیدا فرهمند']);
  await rows(page).first().click();
  await expect.poll(() => page.locator('[data-agent=entry][data-from=customer]').count(), { timeout: 10_000 }).toBe(1);
  // Open on a phone: header, title and actions together take little of the screen.
  const head = await page.locator('.conv-head').boundingBox();
  expect(head!.height).toBeLessThan(740 * 0.15);
  expect(await page.locator('[data-pasokh=reply]').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  await page.screenshot({ path: join(SCREENSHOTS, 'console-phone-conversation.png') });

  // A queued chat on the phone: header and buttons stay a small part of the screen.
  await page.locator('.back').click();
  await search.fill('');
  await page.locator('[data-pasokh=tab][data-tab=queued]').click();
  await row(page, 'کیوان شریفی').click();
  await page.locator('[data-pasokh=claim]').waitFor();
  const queuedHead = await page.locator('.conv-head').boundingBox();
  expect(queuedHead!.height).toBeLessThan(740 * 0.2);
  await page.screenshot({ path: join(SCREENSHOTS, 'console-phone-queued.png') });

  // An agent does not find it: it never reached one.
  const agent = await signIn('maryam', 's3cret-m');
  await agent.page.locator('[data-pasokh=search]').fill('09357778899');
  await expect.poll(() => agent.page.locator('.list-heading').innerText(), { timeout: 10_000 }).toContain('پیدا نشد');
  expect(await rows(agent.page).count()).toBe(0);
}, 90_000);
