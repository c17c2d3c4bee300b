// GET /agent/api/insights over HTTP, on Redis and on the demo's memory state: admins get the
// period's figures, an agent a 403 with its code, nobody signed in a 401; a bad period is a 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/handoff/index.js';
import type { Running } from '../../src/server/serve.js';
import type { InsightsReport } from '../../src/wire/insights.js';
import { conversationPath, signIn, webCustomer } from '../handoff/support.js';
import { testServer } from '../support/server.js';

const AGENTS = `maryam:${hashPassword('s3cret-m')},boss:${hashPassword('s3cret-b')}:admin`;

describe.each([
  ['redis', {}],
  ['memory', { REDIS_URL: '' }],
])('the insights API on %s state', (_kind, env) => {
  let server: Running;
  beforeAll(async () => {
    server = await testServer({ AGENTS, ...env });
  }, 60_000);
  afterAll(() => server?.stop());

  it('answers an admin with the figures of the period; an agent 403, nobody 401', async () => {
    const bot = await webCustomer(server.url);
    await bot.say('هزینه ارسال به شیراز چقدره؟');
    await bot.say('qwzx plorb');
    const person = await webCustomer(server.url);
    await person.say('/human');
    const boss = await signIn(server.url, 'boss', 's3cret-b');
    expect((await boss.post(conversationPath(person.conversation, 'claim'))).status).toBe(200);
    expect((await boss.post(conversationPath(person.conversation, 'reply'), { text: 'سلام' })).status).toBe(200);
    expect((await boss.post(conversationPath(person.conversation, 'close'))).status).toBe(200);

    const answer = await boss.get('/agent/api/insights');
    expect(answer.status).toBe(200);
    const report = (await answer.json()) as InsightsReport;
    expect(report.days).toBe(30);
    expect(report.automation).toEqual({ count: 1, of: 2, rate: 0.5 });
    expect(report.fallback.count).toBe(1);
    expect(report.unanswered.map((q) => q.text)).toEqual(['qwzx plorb']);
    expect(report.firstReply.count).toBe(1);
    expect(report.handling.count).toBe(1);
    expect(report.channels).toEqual([{ key: 'web', label: 'وب‌سایت', count: 3 }]);

    const week = (await (await boss.get('/agent/api/insights?days=7')).json()) as InsightsReport;
    expect(week.daily.length).toBe(7);
    expect(week.automation.rate).toBe(0.5);
    // A period before any of it: nothing.
    const past = (await (await boss.get('/agent/api/insights?from=2025-03-20&to=2025-03-22')).json()) as InsightsReport;
    expect(past.daily.map((d) => d.day)).toEqual(['2025-03-20', '2025-03-21', '2025-03-22']);
    expect(past.automation.rate).toBeNull();

    const maryam = await signIn(server.url, 'maryam', 's3cret-m');
    const refused = await maryam.get('/agent/api/insights');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'PASOKH_ERR_ADMIN_ONLY', message: 'این بخش فقط برای مدیر است.' });
    const anonymous = await fetch(`${server.url}/agent/api/insights`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 'PASOKH_ERR_AGENT_SESSION' });
    // The page itself is public (it signs in); its data is not.
    expect((await fetch(`${server.url}/agent/insights`)).status).toBe(200);
  });

  it('refuses a period that is not one, saying in Persian what to write', async () => {
    const boss = await signIn(server.url, 'boss', 's3cret-b');
    const range = 'بازه باید بین ۱ تا ۴۰۰ روز باشد (مثلاً days=30).';
    const date = (d: string) => `تاریخ «${d}» معتبر نیست؛ به شکل YYYY-MM-DD بنویسید (روز تهران، مثلاً 2026-12-01).`;
    const cases: Array<[string, string]> = [
      ['days=abc', range],
      ['days=0', range],
      ['days=100000', range],
      ['from=2026-13-01&to=2026-12-01', date('2026-13-01')],
      ['from=2026-12-01&to=2026-12-32', date('2026-12-32')],
      ['from=2026-02-30&to=2026-03-01', date('2026-02-30')],
      ['from=yesterday&to=2026-12-01', date('yesterday')],
      ['from=2026-12-10&to=2026-12-01', 'تاریخ شروع (from) نباید بعد از تاریخ پایان (to) باشد.'],
      ['from=2026-12-01', 'from و to با هم می‌آیند: ?from=2026-11-01&to=2026-11-30 (روزهای تهران).'],
      ['week=1', 'این درخواست فقط days یا from و to را می‌گیرد.'],
    ];
    for (const [query, message] of cases) {
      const answer = await boss.get(`/agent/api/insights?${query}`);
      expect(answer.status, query).toBe(400);
      expect(await answer.json(), query).toMatchObject({ code: 'PASOKH_ERR_BAD_REQUEST', message });
    }
  });

  it('names the shop\'s own FAQ entry by its first question, not its key', async () => {
    await (await webCustomer(server.url)).say('کادوپیچ هم میکنین؟');
    const boss = await signIn(server.url, 'boss', 's3cret-b');
    const report = (await (await boss.get('/agent/api/insights?days=1')).json()) as InsightsReport;
    expect(report.intents).toContainEqual({ key: 'faq_gift_wrap', label: 'کادوپیچ هم میکنین؟', count: 1 });
  });
});
