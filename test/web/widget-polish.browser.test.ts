// The widget's finish, in headless Chromium against real servers and Redis: an empty composer is
// right-to-left, addresses in messages are links (javascript: is not), the typing dots show only
// while the bot's reply is on its way, the header says when a person is back outside business
// hours, a low rating asks what went wrong and keeps the answer, the demo page's cards are the
// catalog's, dark-mode text meets WCAG AA, and Tab stays inside the open panel. Screenshots (light,
// dark, a 375 px phone) land in test-output/screenshots.
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { effectivePrice, formatNumber, formatToman, openShopDirectory, SAMPLE_SHOP_DIR, type Product } from '../../src/commerce/index.js';
import { hashPassword } from '../../src/handoff/index.js';
import { startServer, type Running } from '../../compose/serve.js';
import { launchBrowser, SCREENSHOTS } from '../support/browser.js';
import { testConfig } from '../support/server.js';
import { agentEvents, conversationPath, signIn, type AgentClient } from '../handoff/support.js';

const BOSS = { name: 'boss', password: 's3cret-polish' };
const AGENTS = `${BOSS.name}:${hashPassword(BOSS.password)}:admin`;

let browser: Browser;
let prefix: string;
let server: Running;
let closedServer: Running;
let boss: AgentClient;
const dirs: string[] = [];

/** Tehran's date today (YYYY-MM-DD), as shop.yaml's holidays write it. */
const tehranToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tehran', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/** A copy of the sample shop with its hours replaced (the catalog and orders stay). */
function shopWith(hours: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pasokh-shop-'));
  dirs.push(dir);
  cpSync(SAMPLE_SHOP_DIR, dir, { recursive: true });
  const yaml = readFileSync(join(dir, 'shop.yaml'), 'utf8');
  const start = yaml.indexOf('\nhours:\n');
  const end = yaml.indexOf('\nshipping:\n');
  writeFileSync(join(dir, 'shop.yaml'), `${yaml.slice(0, start)}\n${hours}${yaml.slice(end)}`);
  return dir;
}

const everyDay = (range: string) =>
  `hours:\n${['saturday', 'sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((d) => `  ${d}: "${range}"`).join('\n')}\n`;

beforeAll(async () => {
  browser = await launchBrowser();
  prefix = `polish-${randomUUID().slice(0, 6)}:`;
  // Open around the clock, so the header's «آنلاین» does not depend on when the test runs.
  server = await startServer(
    testConfig({ SHOP_DIR: shopWith(everyDay('00:00-24:00')), REDIS_PREFIX: prefix, AGENTS, AGENT_SECRET: 'polish-agent-secret-0123456789', WIDGET_SECRET: 'polish-widget-secret-0123456789' }),
  );
  // Closed today (a holiday), open 9 to 17 every other day: a person is back at 9 tomorrow.
  closedServer = await startServer(
    testConfig({ SHOP_DIR: shopWith(`${everyDay('09:00-17:00')}holidays: ["${tehranToday()}"]\n`), AGENTS, AGENT_SECRET: 'polish-agent-secret-0123456789', WIDGET_SECRET: 'polish-widget-secret-0123456789' }),
  );
  boss = await signIn(server.url, BOSS.name, BOSS.password);
}, 90_000);
afterAll(async () => {
  await server?.stop();
  await closedServer?.stop();
  await browser?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const messages = (page: Page, from?: string) =>
  page.locator(from ? `[data-pasokh=message][data-from=${from}]:not([data-id=welcome])` : '[data-pasokh=message]:not([data-id=welcome])');

async function openWidget(context: BrowserContext, url = server.url): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('[data-pasokh=launcher]').waitFor();
  if (!(await page.locator('[data-pasokh=input]').isVisible())) await page.locator('[data-pasokh=launcher]').click();
  await expect.poll(() => page.locator('[data-pasokh=input]').isVisible()).toBe(true);
  return page;
}

async function say(page: Page, text: string): Promise<void> {
  const before = await messages(page, 'bot').count();
  await page.locator('[data-pasokh=input]').fill(text);
  await page.locator('[data-pasokh=send]').click();
  await expect.poll(() => messages(page, 'bot').count(), { timeout: 15_000 }).toBeGreaterThan(before);
}

const lastBot = (page: Page) => messages(page, 'bot').last().innerText();
const visitorOf = (page: Page) => page.evaluate(() => (JSON.parse(localStorage.getItem('pasokh:last') ?? '{}') as { v?: string }).v);

/** Columns of the element's screenshot that hold ink (pixels unlike its own background), as fractions of its width. */
async function inkColumns(page: Page, selector: string): Promise<{ left: number; right: number }> {
  const png = (await page.locator(selector).screenshot()).toString('base64');
  return page.evaluate(async (data) => {
    const img = new Image();
    img.src = `data:image/png;base64,${data}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const { data: px, width, height } = ctx.getImageData(0, 0, img.width, img.height);
    // The background: the middle of the left and right edges, inside the border, as the text has none there.
    const at = (x: number, y: number) => [px[(y * width + x) * 4]!, px[(y * width + x) * 4 + 1]!, px[(y * width + x) * 4 + 2]!];
    const bg = at(6, Math.floor(height / 2));
    let left = width;
    let right = -1;
    for (let x = 6; x < width - 6; x++) {
      for (let y = 6; y < height - 6; y++) {
        const [r, g, b] = at(x, y);
        if (Math.abs(r! - bg[0]!) + Math.abs(g! - bg[1]!) + Math.abs(b! - bg[2]!) > 90) {
          left = Math.min(left, x);
          right = Math.max(right, x);
          break;
        }
      }
    }
    return { left: left / width, right: right / width };
  }, png);
}

describe('the widget, polished', () => {
  it('keeps an empty composer right-to-left: the placeholder sits at the right edge', async () => {
    const context = await browser.newContext({ locale: 'fa-IR', viewport: { width: 1280, height: 800 } });
    const page = await openWidget(context);
    const input = page.locator('[data-pasokh=input]');
    expect(await input.inputValue()).toBe('');
    expect(await input.evaluate((el) => [getComputedStyle(el).direction, getComputedStyle(el, '::placeholder').textAlign])).toEqual(['rtl', 'right']);
    const ink = await inkColumns(page, '#pasokh-widget >> [data-pasokh=input]');
    // «پیام‌تان را بنویسید…» takes about half the field: it ends at the right padding, the left is empty.
    expect(ink.right).toBeGreaterThan(0.9);
    expect(ink.left).toBeGreaterThan(0.25);
    // Typed English still reads left to right from the left edge.
    await input.fill('hello');
    const typed = await inkColumns(page, '#pasokh-widget >> [data-pasokh=input]');
    expect(typed.left).toBeLessThan(0.1);
    await page.screenshot({ path: join(SCREENSHOTS, 'polish-placeholder.png') });
    await context.close();
  });

  it('turns http(s) addresses in messages into links that open in a new tab, and leaves javascript: as text', async () => {
    const context = await browser.newContext({ locale: 'fa-IR' });
    const page = await openWidget(context);
    await say(page, 'این را دیدم: https://example-shop.ir/p/manto-katan-01، ولی javascript:alert(1) و www.example.com چه؟');
    const mine = messages(page, 'customer').last();
    const links = mine.locator('a');
    expect(await links.count()).toBe(1);
    expect(await links.first().getAttribute('href')).toBe('https://example-shop.ir/p/manto-katan-01');
    expect(await links.first().innerText()).toBe('https://example-shop.ir/p/manto-katan-01');
    expect(await links.first().getAttribute('rel')).toBe('noopener');
    expect(await links.first().getAttribute('target')).toBe('_blank');
    expect(await mine.innerText()).toContain('javascript:alert(1)');
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);

    // The bot's own answer with a tracking address: a link too (the carrier's site answered here).
    await context.route('https://tracking.post.ir/**', (route) => route.fulfill({ contentType: 'text/html', body: '<p>tracking</p>' }));
    await say(page, 'سفارش ۱۰۴۰۱ کجاست؟');
    await say(page, '09123847561');
    const tracking = messages(page, 'bot').last().locator('a[href^="https://tracking.post.ir/"]');
    expect(await tracking.count()).toBe(1);
    const [popup] = await Promise.all([context.waitForEvent('page'), tracking.click({ modifiers: [] })]);
    expect(popup.url()).toContain('tracking.post.ir');
    await popup.close();
    await context.close();
  });

  it('shows the typing dots while the bot is answering, hides them with the answer, and never while the chat waits for a person', async () => {
    const context = await browser.newContext({ locale: 'fa-IR' });
    const page = await openWidget(context);
    // Every change of the dots, and whether they were up when the bot's answer was put in the list.
    await page.evaluate(() => {
      const root = document.getElementById('pasokh-widget')!.shadowRoot!;
      const typing = root.querySelector<HTMLElement>('[data-pasokh=typing]')!;
      const w = window as unknown as { dots: boolean[]; upAtAnswer: boolean[] };
      w.dots = [];
      w.upAtAnswer = [];
      new MutationObserver(() => w.dots.push(!typing.hidden)).observe(typing, { attributes: true, attributeFilter: ['hidden'] });
      new MutationObserver((records) => {
        for (const r of records) for (const n of r.addedNodes) if (n instanceof HTMLElement && n.dataset.from === 'bot') w.upAtAnswer.push(!typing.hidden);
      }).observe(root.querySelector('[role=log]')!, { childList: true });
    });
    const dots = () => page.evaluate(() => (window as unknown as { dots: boolean[] }).dots);
    const typing = page.locator('[data-pasokh=typing]');

    await say(page, 'هزینه ارسال به شیراز چقدره؟');
    expect(await dots()).toContain(true);
    expect(await page.evaluate(() => (window as unknown as { upAtAnswer: boolean[] }).upAtAnswer)).toEqual([false]);
    await page.waitForTimeout(1500);
    expect(await typing.isVisible()).toBe(false);

    await say(page, 'می‌خوام با پشتیبان صحبت کنم');
    expect(await lastBot(page)).toMatch(/پشتیبان|همکار/);
    await page.evaluate(() => void ((window as unknown as { dots: boolean[] }).dots = []));
    await page.locator('[data-pasokh=input]').fill('سلام، کسی هست؟');
    await page.locator('[data-pasokh=send]').click();
    await expect.poll(() => page.locator('[data-pending]').count(), { timeout: 10_000 }).toBe(0);
    await page.waitForTimeout(2000);
    expect(await dots()).not.toContain(true);
    expect(await messages(page, 'customer').last().innerText()).toContain('کسی هست');
    await context.close();
  });

  it('asks what went wrong after a rating of 1 and keeps the answer with the rating', async () => {
    const context = await browser.newContext({ locale: 'fa-IR' });
    const page = await openWidget(context);
    await say(page, '/human');
    const conversation = `web:${await visitorOf(page)}`;
    expect((await boss.post(conversationPath(conversation, 'claim'))).status).toBe(200);
    expect((await boss.post(conversationPath(conversation, 'close'))).status).toBe(200);
    await expect.poll(() => page.locator('[data-pasokh=quick-reply]').count(), { timeout: 10_000 }).toBe(5);
    const before = await messages(page, 'bot').count();
    await page.locator('[data-pasokh=quick-reply]').last().click();
    await expect.poll(() => messages(page, 'bot').count(), { timeout: 10_000 }).toBeGreaterThan(before);
    expect(await lastBot(page)).toContain('چه چیزی خوب پیش نرفت؟');
    await say(page, 'خیلی دیر جواب دادند');
    expect(await lastBot(page)).toContain('نظرتان ثبت شد');
    await page.screenshot({ path: join(SCREENSHOTS, 'polish-rating.png') });

    const redis = new Redis(inject('redisUrl'));
    try {
      const state = Object.values(await redis.hgetall(`${prefix}conv:{${conversation}}:state`)).join('\n');
      expect(state).toContain('"rating":{"score":1');
      expect(state).toContain('"comment":"خیلی دیر جواب دادند"');
    } finally {
      redis.disconnect();
    }
    // A rating of 4 is thanked at once, with no question.
    const again = await browser.newContext({ locale: 'fa-IR' });
    const other = await openWidget(again);
    await say(other, '/human');
    const second = `web:${await visitorOf(other)}`;
    expect((await boss.post(conversationPath(second, 'claim'))).status).toBe(200);
    expect((await boss.post(conversationPath(second, 'close'))).status).toBe(200);
    await expect.poll(() => other.locator('[data-pasokh=quick-reply]').count(), { timeout: 10_000 }).toBe(5);
    const count = await messages(other, 'bot').count();
    await other.locator('[data-pasokh=quick-reply]').nth(1).click();
    await expect.poll(() => messages(other, 'bot').count(), { timeout: 10_000 }).toBeGreaterThan(count);
    expect(await lastBot(other)).toContain('از نظرتان ممنونیم');
    await again.close();
    await context.close();
  });

  it('says «آنلاین» within business hours, and outside them while an agent has the console open', { timeout: 90_000 }, async () => {
    const context = await browser.newContext({ locale: 'fa-IR' });
    const open = await openWidget(context);
    await expect.poll(() => open.locator('[data-pasokh=status]').innerText(), { timeout: 10_000 }).toBe('آنلاین');
    await open.close();

    const page = await openWidget(context, closedServer.url);
    await expect.poll(() => page.locator('[data-pasokh=status]').innerText(), { timeout: 10_000 }).toBe('پاسخ‌گویی از ساعت ۹ فردا');
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(SCREENSHOTS, 'polish-closed.png') });
    // The bot still answers meanwhile.
    await say(page, 'سلام');
    // The server asks about signed-in agents every few seconds at most: the page is loaded again until it says so.
    const afterReload = async () => {
      await page.reload();
      await page.locator('[data-pasokh=status]').filter({ hasNotText: 'در حال اتصال' }).waitFor();
      await page.waitForTimeout(300);
      return page.locator('[data-pasokh=status]').innerText();
    };
    // Signed in is not there: a session outlives a closed tab. An open console is.
    const agent = await signIn(closedServer.url, BOSS.name, BOSS.password);
    expect(await afterReload(), 'a session alone does not make the shop «آنلاین»').toBe('پاسخ‌گویی از ساعت ۹ فردا');
    const desk = await agentEvents(closedServer.url, agent);
    await expect.poll(afterReload, { timeout: 20_000, interval: 1000 }).toBe('آنلاین');
    // The console closes (the tab, the laptop lid) without signing out: no longer «آنلاین».
    await desk.stop();
    await expect.poll(afterReload, { timeout: 30_000, interval: 1000 }).toBe('پاسخ‌گویی از ساعت ۹ فردا');
    expect((await agent.post('/agent/api/logout')).status).toBeLessThan(300);
    await context.close();
  });

  it('shows the catalog\'s products on the demo page, with its prices and the colours in stock', async () => {
    const catalog = openShopDirectory(SAMPLE_SHOP_DIR);
    const byId = new Map<string, Product>(catalog.catalog().products.map((p) => [p.id, p]));
    const context = await browser.newContext({ locale: 'fa-IR' });
    const page = await context.newPage();
    await page.goto(server.url);
    const cards = page.locator('article.product');
    expect(await cards.count()).toBe(4);
    await page.locator('main').screenshot({ path: join(SCREENSHOTS, 'polish-demo-cards.png') });
    for (let i = 0; i < 4; i++) {
      const card = cards.nth(i);
      const product = byId.get((await card.getAttribute('data-product')) ?? '');
      expect(product).toBeDefined();
      expect(await card.locator('h3').innerText()).toBe(product!.name);
      const price = await card.locator('.price').innerText();
      expect(price).toContain(formatToman(effectivePrice(product!)));
      if (product!.salePrice !== undefined) expect(await card.locator('.price s').innerText()).toBe(formatNumber(product!.price));
      const meta = await card.locator('.meta').innerText();
      for (const colour of new Set(product!.variants.filter((v) => v.stock > 0).map((v) => v.colour).filter(Boolean))) expect(meta).toContain(colour);
      for (const colour of new Set(product!.variants.filter((v) => v.stock === 0).map((v) => v.colour))) {
        if (colour && !product!.variants.some((v) => v.colour === colour && v.stock > 0)) expect(meta).not.toContain(colour);
      }
    }
    // The card's button asks the bot, which quotes the same price.
    await cards.first().locator('[data-ask]').click();
    await expect.poll(() => messages(page, 'bot').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const first = byId.get((await cards.first().getAttribute('data-product'))!)!;
    expect(await lastBot(page)).toContain(formatToman(effectivePrice(first)));
    catalog.close();
    await context.close();
  });

  it('keeps text at WCAG AA contrast (4.5:1) in dark mode, and in light mode', async () => {
    for (const colorScheme of ['dark', 'light'] as const) {
      const context = await browser.newContext({ locale: 'fa-IR', colorScheme, viewport: { width: 1280, height: 800 } });
      const page = await openWidget(context);
      await say(page, 'قیمت مانتو کتان چنده؟ https://example-shop.ir/p/manto-katan-01');
      await expect.poll(() => page.locator('[data-pasokh=card]').count()).toBeGreaterThan(0);
      await say(page, 'قیمت هودی؟');
      await expect.poll(() => page.locator('[data-pasokh=quick-reply]').count()).toBeGreaterThan(0);
      await page.screenshot({ path: join(SCREENSHOTS, `polish-${colorScheme}.png`) });
      const lowContrast = () => page.evaluate(() => {
        const parse = (c: string): number[] => {
          const m = /rgba?\(([^)]+)\)/.exec(c) ?? /color\(srgb ([^)]+)\)/.exec(c);
          if (!m) return [0, 0, 0, 0];
          const parts = m[1]!.split(/[ ,/]+/).filter(Boolean).map(Number);
          const scale = c.startsWith('color(') ? 255 : 1;
          return [parts[0]! * scale, parts[1]! * scale, parts[2]! * scale, parts[3] ?? 1];
        };
        const over = (top: number[], under: number[]) => [0, 1, 2].map((i) => top[i]! * top[3]! + under[i]! * (1 - top[3]!)).concat(1);
        const luminance = (c: number[]) => {
          const [r, g, b] = c.slice(0, 3).map((v) => {
            const s = v / 255;
            return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
        };
        const background = (el: Element): number[] => {
          const layers: number[][] = [];
          for (let e: Element | null = el; e; e = e.parentElement ?? ((e.getRootNode() as ShadowRoot).host ?? null)) {
            const bg = parse(getComputedStyle(e).backgroundColor);
            if (bg[3]! > 0) layers.push(bg);
            if (bg[3] === 1) break;
          }
          return layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255, 1]);
        };
        const ratio = (a: number[], b: number[]) => {
          const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
          return (x! + 0.05) / (y! + 0.05);
        };
        const root = document.getElementById('pasokh-widget')!.shadowRoot!;
        const found: string[] = [];
        const checked: string[] = [];
        for (const el of root.querySelectorAll<HTMLElement>('[data-pasokh=panel] *')) {
          const text = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join('').trim();
          if (!text || el.getClientRects().length === 0 || (el as HTMLButtonElement).disabled) continue;
          const bg = background(el);
          const fg = over(parse(getComputedStyle(el).color), bg);
          const r = ratio(fg, bg);
          checked.push(text.slice(0, 12));
          if (r < 4.5) found.push(`${el.className || el.tagName} «${text.slice(0, 20)}» ${r.toFixed(2)}`);
        }
        const input = root.querySelector<HTMLElement>('[data-pasokh=input]')!;
        const placeholder = ratio(over(parse(getComputedStyle(input, '::placeholder').color), background(input)), background(input));
        if (placeholder < 4.5) found.push(`placeholder ${placeholder.toFixed(2)}`);
        return { found, checked: checked.length };
      });
      const low = await lowContrast();
      expect(low.checked).toBeGreaterThan(15);
      expect(low.found, colorScheme).toEqual([]);
      // An agent's name and a link in their message, on the bubble's colour.
      await say(page, '/human');
      const conversation = `web:${await visitorOf(page)}`;
      expect((await boss.post(conversationPath(conversation, 'claim'))).status).toBe(200);
      expect((await boss.post(conversationPath(conversation, 'reply'), { text: 'سلام، راهنمای سایز: https://example-shop.ir/sizes' })).status).toBe(200);
      await expect.poll(() => messages(page, 'agent').locator('a').count(), { timeout: 10_000 }).toBe(1);
      await page.screenshot({ path: join(SCREENSHOTS, `polish-${colorScheme}-agent.png`) });
      // «boss به گفتگو پیوست»: a Persian sentence, right to left even though it starts with a Latin name.
      const joined = page.locator('[data-pasokh=notice]', { hasText: 'به گفتگو پیوست' }).last();
      expect(await joined.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
      expect((await lowContrast()).found, `${colorScheme}, with an agent`).toEqual([]);
      expect((await boss.post(conversationPath(conversation, 'close'))).status).toBe(200);
      await context.close();
    }
  });

  it('keeps Tab and Shift+Tab inside the open panel; Esc closes it', async () => {
    const context = await browser.newContext({ locale: 'fa-IR' });
    const page = await openWidget(context);
    await say(page, 'قیمت هودی؟');
    await page.locator('[data-pasokh=input]').fill('سلام');
    const where = () =>
      page.evaluate(() => {
        const active = document.getElementById('pasokh-widget')!.shadowRoot!.activeElement;
        return active ? (active.closest('[data-pasokh=panel]') ? 'panel' : (active.getAttribute('data-pasokh') ?? active.tagName)) : 'page';
      });
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      expect(await where()).toBe('panel');
      seen.add(
        await page.evaluate(() => {
          const active = document.getElementById('pasokh-widget')!.shadowRoot!.activeElement!;
          return `${active.tagName} ${active.getAttribute('data-pasokh')} ${active.textContent}`;
        }),
      );
    }
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Shift+Tab');
      expect(await where()).toBe('panel');
    }
    // It went round: the close button, the quick replies, the composer and the send button.
    expect(seen.size).toBeGreaterThan(4);
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-pasokh=panel]').isVisible()).toBe(false);
    expect(await where()).toBe('launcher');
    await context.close();
  });

  it('is full-screen and right-to-left on a 375 px phone, header and composer included', async () => {
    const context = await browser.newContext({ locale: 'fa-IR', viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    const page = await openWidget(context);
    await say(page, 'قیمت مانتو کتان چنده؟');
    const panel = await page.locator('[data-pasokh=panel]').boundingBox();
    expect(panel?.width).toBe(375);
    const ink = await inkColumns(page, '#pasokh-widget >> [data-pasokh=input]');
    expect(ink.right).toBeGreaterThan(0.9);
    await page.screenshot({ path: join(SCREENSHOTS, 'polish-phone.png') });
    await context.close();
  });
});
