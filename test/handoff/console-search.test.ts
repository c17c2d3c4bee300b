// The console's search and closed tab over HTTP, on Redis: a past chat is found by the customer's
// phone (any spelling), an order number they typed in Persian digits, their name or words, also
// when it never reached an agent (for an admin); an agent finds only what their role shows; the
// closed tab lists a closed chat with its agent, reason and rating, and the queue rows carry the
// customer's name, latest message and unread count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/handoff/index.js';
import type { Summary } from '../../src/wire/console.js';
import type { Running } from '../../src/server/serve.js';
import { testServer } from '../support/server.js';
import { conversationPath, signIn, webCustomer, type AgentClient } from './support.js';

let server: Running;
let maryam: AgentClient;
let ali: AgentClient;
let boss: AgentClient;

beforeAll(async () => {
  server = await testServer({ AGENTS: `maryam:${hashPassword('s3cret-m')},ali:${hashPassword('s3cret-a')},boss:${hashPassword('s3cret-b')}:admin` });
  [maryam, ali, boss] = await Promise.all([signIn(server.url, 'maryam', 's3cret-m'), signIn(server.url, 'ali', 's3cret-a'), signIn(server.url, 'boss', 's3cret-b')]);
}, 60_000);
afterAll(async () => server?.stop());

async function rows(agent: AgentClient, path: string): Promise<Summary[]> {
  const answer = await agent.get(path);
  expect(answer.status).toBe(200);
  return ((await answer.json()) as { conversations: Summary[] }).conversations;
}
const search = (agent: AgentClient, q: string, extra = '') => rows(agent, `/agent/api/search?q=${encodeURIComponent(q)}${extra}`);
const ids = (list: Summary[]) => list.map((r) => r.id);

describe('search and the closed tab', () => {
  it('finds a bot-only chat by phone and order number for an admin, not for an agent', async () => {
    const shopper = await webCustomer(server.url, { name: 'نسترن مقدم', phone: '09121112233' });
    await shopper.say('سلام، سفارش ۱۰۴۰۱ کجاست؟');
    for (const q of ['09121112233', '+989121112233', '۰۹۱۲ ۱۱۱ ۲۲۳۳', '10401', '۱۰۴۰۱', 'نسترن', 'کجاست']) {
      expect(ids(await search(boss, q)), q).toContain(shopper.conversation);
    }
    const [hit] = (await search(boss, '10401')).filter((r) => r.id === shopper.conversation);
    expect(hit).toMatchObject({ customerName: 'نسترن مقدم', status: 'bot', lastText: 'سلام، سفارش ۱۰۴۰۱ کجاست؟' });
    expect(ids(await search(boss, '09129999999'))).not.toContain(shopper.conversation);
    // Never handed off: no agent's to see.
    expect(ids(await search(maryam, '09121112233'))).not.toContain(shopper.conversation);
    expect((await maryam.get(conversationPath(shopper.conversation))).status).toBe(403);
    expect((await boss.get(conversationPath(shopper.conversation))).status).toBe(200);
  });

  it('shows queue rows apart, and a closed chat leaves queued and mine for the closed tab with agent, reason and rating', async () => {
    const one = await webCustomer(server.url, { name: 'پرستو', phone: '09351234567' });
    await one.say('میخوام با پشتیبان صحبت کنم');
    await one.say('سفارش ۱۰۴۰۲ خراب رسیده');
    await one.say('لطفاً زودتر');
    const two = await webCustomer(server.url, { name: 'کاوه' });
    await two.say('/human');
    const queued = await rows(ali, '/agent/api/conversations?view=queued');
    const row = queued.find((r) => r.id === one.conversation)!;
    expect(row).toMatchObject({ customerName: 'پرستو', lastText: 'لطفاً زودتر', unread: 2, status: 'queued' });
    expect(queued.find((r) => r.id === two.conversation)?.customerName).toBe('کاوه');
    // An agent finds a queued chat too.
    expect(ids(await search(ali, '09351234567'))).toEqual([one.conversation]);

    expect((await maryam.post(conversationPath(one.conversation, 'claim'))).status).toBe(200);
    expect((await maryam.post(conversationPath(one.conversation, 'reply'), { text: 'سلام پرستو خانم، بررسی می‌کنم' })).status).toBe(200);
    const mine = (await rows(maryam, '/agent/api/conversations?view=mine')).find((r) => r.id === one.conversation)!;
    expect(mine).toMatchObject({ status: 'agent', agentId: 'maryam', unread: 0, lastText: 'لطفاً زودتر' });
    // Ali never had it: it left his view with the queue.
    expect(ids(await search(ali, '09351234567'))).toEqual([]);

    expect((await maryam.post(conversationPath(one.conversation, 'close'))).status).toBe(200);
    expect((await one.say('⭐⭐⭐⭐ ۴', { do: 'rate', score: 4 })).status).toBe(200);
    for (const view of ['queued', 'mine'] as const) expect(await maryam.list(view)).not.toContain(one.conversation);
    for (const agent of [maryam, boss]) {
      const closed = (await rows(agent, '/agent/api/conversations?view=closed')).find((r) => r.id === one.conversation);
      expect(closed).toMatchObject({ status: 'bot', customerName: 'پرستو', closed: { agentId: 'maryam', agentName: 'maryam', reason: 'requested', rating: 4 } });
    }
    expect(ids(await rows(ali, '/agent/api/conversations?view=closed'))).not.toContain(one.conversation);
    // Found again by the order number, by what the agent wrote, and within the filters.
    expect(ids(await search(maryam, '10402'))).toEqual([one.conversation]);
    expect(ids(await search(maryam, 'بررسی می‌کنم'))).toEqual([one.conversation]);
    expect(ids(await search(boss, '10402', '&agent=maryam&channel=web'))).toEqual([one.conversation]);
    expect(ids(await search(boss, '10402', '&agent=ali'))).toEqual([]);
    expect(ids(await search(boss, '10402', '&channel=telegram'))).toEqual([]);
  });

  it('moves a chat whose customer wrote again to the top of mine, with its unread count', async () => {
    const first = await webCustomer(server.url, { name: 'اول' });
    await first.say('/human');
    const second = await webCustomer(server.url, { name: 'دوم' });
    await second.say('/human');
    for (const c of [first, second]) expect((await ali.post(conversationPath(c.conversation, 'claim'))).status).toBe(200);
    expect((await ali.post(conversationPath(first.conversation, 'reply'), { text: 'سلام' })).status).toBe(200);
    await second.say('هستید؟');
    expect(ids(await rows(ali, '/agent/api/conversations?view=mine')).slice(0, 2)).toEqual([second.conversation, first.conversation]);
    await new Promise((r) => setTimeout(r, 5));
    await first.say('سفارشم چی شد؟');
    await first.say('لطفاً جواب بدید');
    const mine = await rows(ali, '/agent/api/conversations?view=mine');
    expect(ids(mine).slice(0, 2)).toEqual([first.conversation, second.conversation]);
    expect(mine[0]).toMatchObject({ unread: 2, lastText: 'لطفاً جواب بدید' });
  });

  it('lists the shop\'s canned replies in every conversation', async () => {
    const c = await webCustomer(server.url);
    await c.say('/human');
    const detail = (await (await ali.get(conversationPath(c.conversation))).json()) as { canned: Array<{ title: string }> };
    expect(detail.canned.map((r) => r.title)).toContain('پیگیری سفارش');
  });
});
