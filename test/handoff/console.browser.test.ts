// The whole handoff in real browsers: a customer on the demo page asks for a person; an agent signs
// in to the console, sees the chat arrive, claims it and replies; the customer's widget shows the
// reply; the agent closes; the bot answers the customer's next message.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../src/handoff/index.js';
import type { Running } from '../../src/server/serve.js';
import { testServer } from '../support/server.js';
import { launchBrowser, SCREENSHOTS } from '../support/browser.js';

let browser: Browser;
let server: Running;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await testServer({
    AGENTS: `maryam:${hashPassword('s3cret-m')}`,
  });
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await browser?.close();
});

const widgetMessages = (page: Page, from: string) => page.locator(`[data-pasokh=message][data-from=${from}]:not([data-id=welcome])`);

it('hands a widget chat to an agent in the console and back to the bot', async () => {
  const customer = await (await browser.newContext()).newPage();
  await customer.goto(server.url);
  await customer.locator('[data-pasokh=launcher]').click();
  await customer.locator('[data-pasokh=input]').fill('می‌خوام با پشتیبان صحبت کنم');
  await customer.locator('[data-pasokh=send]').click();
  await expect.poll(() => widgetMessages(customer, 'bot').count(), { timeout: 10_000 }).toBeGreaterThan(0);

  const agent = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await agent.goto(`${server.url}/agent`);
  await agent.locator('[data-agent=username]').fill('maryam');
  await agent.locator('[data-agent=password]').fill('s3cret-m');
  await agent.locator('[data-agent=login]').click();
  await agent.locator('[data-agent=tab][data-view=queued]').click();
  const row = agent.locator('[data-agent=conversation]').first();
  await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
  await row.click();
  await agent.locator('[data-agent=claim]').click();
  await expect.poll(() => agent.locator('[data-agent=reply-input]').isEnabled(), { timeout: 10_000 }).toBe(true);
  await agent.locator('[data-agent=reply-input]').fill('سلام، مریم هستم از پشتیبانی. چطور کمکتان کنم؟');
  await agent.locator('[data-agent=reply-send]').click();
  await expect.poll(() => agent.locator('[data-agent=entry][data-from=agent]').count(), { timeout: 10_000 }).toBe(1);
  await agent.screenshot({ path: join(SCREENSHOTS, 'console-conversation.png') });

  await expect.poll(() => widgetMessages(customer, 'agent').allInnerTexts(), { timeout: 10_000 }).toContainEqual(expect.stringContaining('مریم هستم'));
  await customer.screenshot({ path: join(SCREENSHOTS, 'widget-agent-reply.png') });

  // While the agent has the chat, the bot stays quiet.
  const botBefore = await widgetMessages(customer, 'bot').count();
  await customer.locator('[data-pasokh=input]').fill('قیمت هودی دورس چنده؟');
  await customer.locator('[data-pasokh=send]').click();
  await expect.poll(() => agent.locator('[data-agent=entry][data-from=customer]').allInnerTexts(), { timeout: 10_000 }).toContainEqual(expect.stringContaining('هودی دورس'));
  expect(await widgetMessages(customer, 'bot').count()).toBe(botBefore);

  await agent.locator('[data-agent=close]').click();
  await agent.locator('[data-pasokh=confirm]').click();
  await expect.poll(async () => (await widgetMessages(customer, 'bot').allInnerTexts()).join('\n'), { timeout: 10_000 }).toContain('تمام شد');

  await customer.locator('[data-pasokh=input]').fill('قیمت هودی دورس چنده؟');
  await customer.locator('[data-pasokh=send]').click();
  await expect.poll(async () => (await widgetMessages(customer, 'bot').last().innerText()), { timeout: 10_000 }).toContain('تومان');
}, 90_000);
