// Roles, sessions and /forget as people see them in real browsers: the admin's badge and team
// settings, an agent without them; the admin ends an agent's sessions and the agent's console falls
// back to the sign-in; a customer's /forget closes the chat on the agent's screen with the reason;
// signing out from the page makes the old cookie worthless.
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../src/handoff/index.js';
import type { Running } from '../../src/server/serve.js';
import { launchBrowser, SCREENSHOTS } from '../support/browser.js';
import { testServer } from '../support/server.js';

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

async function console(username: string, password: string, viewport = { width: 1280, height: 800 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${server.url}/agent`);
  await page.locator('[data-agent=username]').fill(username);
  await page.locator('[data-agent=password]').fill(password);
  await page.locator('[data-agent=login]').click();
  await expect.poll(() => page.locator('[data-agent=role]').innerText(), { timeout: 10_000 }).not.toBe('');
  return { context, page };
}

const stillSignedIn = async (context: BrowserContext) => {
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  return (await fetch(`${server.url}/agent/api/me`, { headers: { cookie } })).status;
};

it('shows roles, lets the admin end an agent\'s sessions, and closes a forgotten chat on the agent\'s screen', async () => {
  const customer = await (await browser.newContext()).newPage();
  await customer.goto(server.url);
  await customer.locator('[data-pasokh=launcher]').click();
  await customer.locator('[data-pasokh=input]').fill('می‌خوام با پشتیبان صحبت کنم');
  await customer.locator('[data-pasokh=send]').click();

  const maryam = await console('maryam', 's3cret-m', { width: 390, height: 800 });
  expect(await maryam.page.locator('[data-agent=role]').innerText()).toBe('پشتیبان');
  expect(await maryam.page.locator('[data-agent=team]').isVisible()).toBe(false);
  expect(await maryam.page.locator('[data-pasokh=insights-link]').isVisible(), 'the owner\'s pages are not offered to an agent').toBe(false);
  const row = maryam.page.locator('[data-agent=conversation]').first();
  await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
  await row.click();
  await maryam.page.locator('[data-agent=claim]').click();
  await expect.poll(() => maryam.page.locator('[data-agent=reply-input]').isEnabled(), { timeout: 10_000 }).toBe(true);

  // The customer leaves with /forget: the agent's open chat closes, with the reason.
  await customer.locator('[data-pasokh=input]').fill('/forget');
  await customer.locator('[data-pasokh=send]').click();
  await expect.poll(() => maryam.page.locator('[data-agent=error]').first().innerText(), { timeout: 10_000 }).toContain('اطلاعاتش پاک شود');
  await expect.poll(() => maryam.page.locator('[data-agent=reply-input]').count(), { timeout: 10_000 }).toBe(0);
  await maryam.page.locator('[data-agent=tab][data-view=all]').click();
  await expect.poll(() => maryam.page.locator('[data-agent=conversation]').count(), { timeout: 10_000 }).toBe(0);
  await maryam.page.screenshot({ path: join(SCREENSHOTS, 'console-forgotten-phone.png') });

  // The admin: badge, team settings with maryam's open session; ending it signs her out.
  const boss = await console('boss', 's3cret-b');
  expect(await boss.page.locator('[data-agent=role]').innerText()).toBe('مدیر');
  // The owner reaches the insights and the review queue from the console.
  expect(await boss.page.locator('[data-pasokh=insights-link]').getAttribute('href')).toBe('/agent/insights');
  expect(await boss.page.locator('[data-pasokh=review-link]').isVisible()).toBe(true);
  await boss.page.locator('[data-agent=team]').click();
  const member = boss.page.locator('[data-agent=member][data-id=maryam]');
  await expect.poll(() => member.innerText(), { timeout: 10_000 }).toContain('نشست باز');
  await boss.page.screenshot({ path: join(SCREENSHOTS, 'console-team.png') });
  await member.locator('[data-agent=revoke]').click();
  await expect.poll(() => member.innerText(), { timeout: 10_000 }).toContain('بدون نشست');
  expect(await stillSignedIn(maryam.context)).toBe(401);
  await expect.poll(() => maryam.page.locator('[data-agent=login-form]').count(), { timeout: 15_000 }).toBe(1);
  expect(await maryam.page.locator('[data-agent=error]').first().innerText()).toContain('نشست');
  await maryam.page.screenshot({ path: join(SCREENSHOTS, 'console-revoked-phone.png') });

  // Signing out from the page ends the session on the server, not just in this browser.
  await boss.page.locator('[data-agent=team-close]').click();
  const cookies = await boss.context.cookies();
  await boss.page.locator('.logout').click();
  await expect.poll(() => boss.page.locator('[data-agent=login-form]').count(), { timeout: 10_000 }).toBe(1);
  const old = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  expect((await fetch(`${server.url}/agent/api/me`, { headers: { cookie: old } })).status).toBe(401);
}, 90_000);
