// The owner's insights as an owner sees them in a real browser: customers talk to the bot through
// the widget's API (one of them with a person, who answers and closes; the customer rates), the
// admin signs in at /agent/insights and reads the automation rate and the grouped unanswered
// questions as charts, on a desktop and on a 375px phone; an agent without the admin role is told
// the page is not theirs. Then a shop with three months behind it, over 90 days.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer } from '../../compose/serve.js';
import type { Config } from '../../src/config.js';
import { hashPassword } from '../../src/handoff/index.js';
import { addDays, createRedisInsightsStore, tehranTime } from '../../src/insights/index.js';
import type { Running } from '../../src/server/serve.js';
import { connectRedis } from '../../src/state/index.js';
import { launchBrowser, SCREENSHOTS } from '../support/browser.js';
import { testConfig } from '../support/server.js';
import { conversationPath, signIn, webCustomer } from '../handoff/support.js';

let browser: Browser;
let config: Config;
let server: Running;
/** Script errors on any page: the test ends with none. */
const pageErrors: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  config = testConfig({ AGENTS: `maryam:${hashPassword('s3cret-m')},boss:${hashPassword('s3cret-b')}:admin` });
  server = await startServer(config);
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await browser?.close();
});

async function signInOnPage(username: string, password: string, viewport: { width: number; height: number }): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${server.url}/agent/insights`);
  await page.locator('[data-pasokh=login-user]').fill(username);
  await page.locator('[data-pasokh=login-password]').fill(password);
  await page.locator('[data-pasokh=login-submit]').click();
  return page;
}

it('shows the admin the automation rate and the grouped unanswered questions as charts; refuses an agent', async () => {
  const automated = await webCustomer(server.url);
  await automated.say('سلام');
  await automated.say('قیمت مانتو کتان چنده؟');
  await automated.say('کادوپیچ هم میکنین؟');
  await (await webCustomer(server.url)).say('برای عروسی خواهرم چه رنگی بپوشم؟');
  await (await webCustomer(server.url)).say('واسه عروسی خواهرم چه رنگی بپوشم بهتره');
  const handed = await webCustomer(server.url, { name: 'نسرین' });
  await handed.say('میخوام با پشتیبان صحبت کنم');
  const boss = await signIn(server.url, 'boss', 's3cret-b');
  expect((await boss.post(conversationPath(handed.conversation, 'claim'))).status).toBe(200);
  expect((await boss.post(conversationPath(handed.conversation, 'reply'), { text: 'سلام، در خدمتم' })).status).toBe(200);
  expect((await boss.post(conversationPath(handed.conversation, 'close'))).status).toBe(200);
  expect((await handed.say('⭐⭐⭐⭐⭐', { do: 'rate', score: 5 })).status).toBe(200);

  // The sign-in form first (nobody is signed in in a new browser).
  const login = await (await browser.newContext({ viewport: { width: 375, height: 740 } })).newPage();
  await login.goto(`${server.url}/agent/insights`);
  await login.locator('[data-pasokh=login-submit]').waitFor();
  await login.screenshot({ path: join(SCREENSHOTS, 'insights-login-phone.png') });

  const page = await signInOnPage('boss', 's3cret-b', { width: 1280, height: 900 });
  const automation = page.locator('[data-pasokh=metric][data-name=automation_rate]');
  await automation.waitFor({ timeout: 10_000 });
  // Four conversations, one with a person: 3 of 4 finished by the bot.
  expect(await automation.getAttribute('data-value')).toBe('0.75');
  expect(await automation.innerText()).toContain('۷۵٪');
  expect(await page.locator('[data-pasokh=metric][data-name=conversations]').getAttribute('data-value')).toBe('4');
  expect(await page.locator('[data-pasokh=metric][data-name=satisfaction]').innerText()).toContain('۵ از ۵');
  expect(await page.locator('[data-pasokh=chart][data-name=automation_daily] svg circle').count()).toBeGreaterThan(0);
  // The two wordings of one question are one row, counted twice.
  const missed = page.locator('[data-pasokh=chart][data-name=unanswered] [data-pasokh=missed]');
  await expect.poll(() => missed.count()).toBeGreaterThan(0);
  const first = missed.first();
  expect(await first.getAttribute('data-count')).toBe('2');
  expect(await first.innerText()).toContain('عروسی خواهرم');
  expect(await first.locator('svg rect.bar').count()).toBe(1);
  expect(await page.locator('[data-pasokh=chart][data-name=handoff_reasons]').innerText()).toContain('درخواست مشتری');
  // The shop's own FAQ entry (shop.yaml gift_wrap) by its first question, not its English key.
  const intents = await page.locator('[data-pasokh=chart][data-name=intents]').innerText();
  expect(intents).toContain('کادوپیچ هم میکنین؟');
  expect(intents).toContain('قیمت کالا');
  expect(intents).not.toMatch(/gift|faq_/);
  // Dates in the Jalali calendar, numbers in Persian digits.
  expect(await page.locator('[data-pasokh=period-label]').innerText()).toMatch(/۱۴۰۵/);
  await page.screenshot({ path: join(SCREENSHOTS, 'insights-desktop.png'), fullPage: true });

  // The period picker asks again: 7 days hold the same figures (all of today).
  await page.locator('[data-pasokh=period][data-days="7"]').click();
  await expect.poll(() => page.locator('[data-pasokh=period][data-days="7"]').getAttribute('aria-pressed')).toBe('true');
  expect(await page.locator('[data-pasokh=metric][data-name=automation_rate]').getAttribute('data-value')).toBe('0.75');

  const phone = await signInOnPage('boss', 's3cret-b', { width: 375, height: 812 });
  await phone.locator('[data-pasokh=chart][data-name=unanswered] [data-pasokh=missed]').first().waitFor({ timeout: 10_000 });
  // Nothing wider than the phone's screen.
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await phone.screenshot({ path: join(SCREENSHOTS, 'insights-phone.png'), fullPage: true });
  await phone.locator('[data-pasokh=chart][data-name=automation_daily]').scrollIntoViewIfNeeded();
  await phone.screenshot({ path: join(SCREENSHOTS, 'insights-phone-charts.png') });

  const agent = await signInOnPage('maryam', 's3cret-m', { width: 375, height: 740 });
  const refusal = agent.locator('[data-pasokh=admin-only]');
  await refusal.waitFor({ timeout: 10_000 });
  expect(await refusal.innerText()).toContain('فقط برای مدیر');
  expect(await agent.locator('[data-pasokh=metric]').count()).toBe(0);
  await agent.screenshot({ path: join(SCREENSHOTS, 'insights-agent-refused-phone.png') });
  // From there, out of the agent's session and into the admin's.
  await agent.locator('[data-pasokh=sign-out]').click();
  await agent.locator('[data-pasokh=login-user]').fill('boss');
  await agent.locator('[data-pasokh=login-password]').fill('s3cret-b');
  await agent.locator('[data-pasokh=login-submit]').click();
  await agent.locator('[data-pasokh=metric][data-name=automation_rate]').waitFor({ timeout: 10_000 });
  expect(pageErrors).toEqual([]);
}, 90_000);

it('draws three months of a shop\'s days over 90 days, on a desktop and a phone', async () => {
  // Past days as the recorder would have left them (the first test's conversations are today's).
  const redis = connectRedis(config.redisUrl!);
  const store = createRedisInsightsStore(redis, config.redisPrefix, { retentionSeconds: config.insightsRetentionSeconds });
  const today = tehranTime(new Date()).day;
  let conversations = 4;
  let automated = 3;
  for (let back = 7; back < 85; back++) {
    const c = 8 + (back % 7) * 3;
    const handed = 1 + (back % 4);
    conversations += c;
    automated += c - handed;
    const counts: Record<string, number> = { messages: c * 3, conversations: c, handed, fallbacks: back % 5, 'ch:telegram': c * 2, 'ch:web': c, 'in:product_price': c, 'in:order_status': c - 2, 'in:shipping_info': 3, 'ho:requested': handed - 1, 'ho:complaint': 1, 'rate:5': back % 2, 'rate:3': back % 3 === 0 ? 1 : 0, fr_n: 1, fr_sum: 200 + back * 20, [`fr_b${back % 4}`]: 1, hd_n: 1, hd_sum: 400, hd_b2: 1 };
    for (const hour of [10, 11, 13, 17, 21]) counts[`h:${hour}`] = Math.round((c * 3) / 5);
    await store.add(addDays(today, -back), counts);
    for (let i = 0; i < back % 3; i++) await store.add(addDays(today, -back), {}, i % 2 ? 'کارت هدیه هم دارید' : 'کارت هدیه دارید؟');
  }
  redis.disconnect();

  const page = await signInOnPage('boss', 's3cret-b', { width: 1280, height: 900 });
  await page.locator('[data-pasokh=period][data-days="90"]').click();
  const automation = page.locator('[data-pasokh=metric][data-name=automation_rate]');
  await expect.poll(() => automation.getAttribute('data-value'), { timeout: 10_000 }).toBe(String(automated / conversations));
  expect(await page.locator('[data-pasokh=metric][data-name=conversations]').getAttribute('data-value')).toBe(String(conversations));
  // The gift-card question, asked on many days in two wordings, is the first unanswered one.
  const first = page.locator('[data-pasokh=chart][data-name=unanswered] [data-pasokh=missed]').first();
  expect(await first.innerText()).toContain('کارت هدیه');
  expect(Number(await first.getAttribute('data-count'))).toBeGreaterThan(50);
  // One point a day with conversations.
  expect(await page.locator('[data-pasokh=chart][data-name=automation_daily] circle').count()).toBe(85 - 7 + 1);
  await page.screenshot({ path: join(SCREENSHOTS, 'insights-90-days-desktop.png'), fullPage: true });

  const phone = await signInOnPage('boss', 's3cret-b', { width: 375, height: 812 });
  await phone.locator('[data-pasokh=period][data-days="90"]').click();
  await expect.poll(() => phone.locator('[data-pasokh=metric][data-name=automation_rate]').getAttribute('data-value'), { timeout: 10_000 }).toBe(String(automated / conversations));
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await phone.screenshot({ path: join(SCREENSHOTS, 'insights-90-days-phone.png'), fullPage: true });
  await phone.locator('[data-pasokh=chart][data-name=first_reply]').scrollIntoViewIfNeeded();
  await phone.screenshot({ path: join(SCREENSHOTS, 'insights-90-days-phone-charts.png') });
  expect(pageErrors).toEqual([]);
}, 90_000);
