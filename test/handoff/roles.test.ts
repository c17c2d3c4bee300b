// Who may see what in the console, and sessions that end when they should: an agent sees the chats
// in handoff that are theirs to see (queued, their own, the ones they handled), an admin everything;
// logout, an admin's revoke and a changed or removed account end sessions on the server (the old
// cookie is refused); a rating counts only for a closed handoff, once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { AgentsError, DEMO_AGENT, dummyHash, hashPassword, loadAgents, verifyPassword } from '../../src/handoff/index.js';
import { startServer, type Running } from '../../compose/serve.js';
import { testConfig } from '../support/server.js';
import { agentEvents, conversationPath, signIn, webCustomer, type AgentClient } from './support.js';

const HASH = { maryam: hashPassword('s3cret-m'), ali: hashPassword('s3cret-a'), boss: hashPassword('s3cret-b') };
const AGENT_SECRET = 'roles-test-secret-0123456789';
let config: Config;
let server: Running;
// Signed in once and shared (sign-ins are rate-limited per address).
let maryam: AgentClient;
let ali: AgentClient;
let boss: AgentClient;

beforeAll(async () => {
  config = testConfig({ AGENTS: `maryam:${HASH.maryam},ali:${HASH.ali}:agent,boss:${HASH.boss}:admin`, AGENT_SECRET });
  server = await startServer(config);
  [maryam, ali, boss] = await Promise.all([signIn(server.url, 'maryam', 's3cret-m'), signIn(server.url, 'ali', 's3cret-a'), signIn(server.url, 'boss', 's3cret-b')]);
}, 60_000);
afterAll(async () => server?.stop());

const satisfactionCount = async () => Number(/^pasokh_satisfaction_count (\d+)/m.exec(await (await fetch(`${server.url}/metrics`)).text())?.[1] ?? 0);

describe('agent accounts', () => {
  it('reads roles from AGENTS (username:hash stays an agent) and AGENTS_FILE, and refuses an unknown role', () => {
    expect(loadAgents({ agents: `a:${HASH.ali},b:${HASH.boss}:admin` }).map((a) => [a.id, a.role])).toEqual([
      ['a', 'agent'],
      ['b', 'admin'],
    ]);
    expect(() => loadAgents({ agents: `a:${HASH.ali}:boss` })).toThrow(AgentsError);
    expect(() => loadAgents({ agents: `a:${HASH.ali},a:${HASH.boss}` })).toThrow(/twice/);
    const dir = mkdtempSync(join(tmpdir(), 'pasokh-agents-'));
    const file = join(dir, 'agents.yaml');
    writeFileSync(file, `- { id: maryam, name: مریم, password_hash: "${HASH.maryam}" }\n- { id: reza, name: رضا, password_hash: "${HASH.boss}", role: admin }\n`);
    expect(loadAgents({ agentsFile: file }).map((a) => [a.id, a.name, a.role])).toEqual([
      ['maryam', 'مریم', 'agent'],
      ['reza', 'رضا', 'admin'],
    ]);
    writeFileSync(file, `- { id: reza, password_hash: "${HASH.boss}", role: owner }\n`);
    expect(() => loadAgents({ agentsFile: file })).toThrow(/role/);
    rmSync(dir, { recursive: true });
  });

  it('signs the demo agent in with demo/demo, and no password with the decoy an unknown name is checked against', async () => {
    expect(await verifyPassword(DEMO_AGENT.password, DEMO_AGENT.passwordHash)).toBe(true);
    expect(await verifyPassword('demo2', DEMO_AGENT.passwordHash)).toBe(false);
    const decoy = dummyHash();
    expect(decoy.split('$').slice(0, 4)).toEqual(hashPassword('x').split('$').slice(0, 4)); // the same cost
    expect(await verifyPassword('', decoy)).toBe(false);
  });

  it('refuses to start in production without agent accounts instead of accepting demo/demo', async () => {
    await expect(startServer(testConfig({ NODE_ENV: 'production' }))).rejects.toThrow(/NODE_ENV=production.*AGENTS/s);
  });

  it('answers a forged or non-ASCII cookie with 401, never a 500', async () => {
    for (const cookie of ['pasokh_agent=abc.déf', 'pasokh_agent=ü.ü.ü', 'pasokh_agent=', `pasokh_agent=${Buffer.from('maryam.x').toString('base64url')}.x`]) {
      expect((await fetch(`${server.url}/agent/api/me`, { headers: { cookie } })).status).toBe(401);
    }
  });
});

describe('roles', () => {
  it('shows an agent only queued chats, their own and the ones they handled; an admin everything', async () => {
    expect([maryam.role, boss.role]).toEqual(['agent', 'admin']);
    const queued = await webCustomer(server.url);
    await queued.say('/human');
    const alis = await webCustomer(server.url, { name: 'مشتری علی', phone: '09120000001' });
    await alis.say('/human');
    const handled = await webCustomer(server.url);
    await handled.say('/human');
    const botOnly = await webCustomer(server.url);
    await botOnly.say('قیمت مانتو کتان چنده؟');
    expect((await ali.post(conversationPath(alis.conversation, 'claim'))).status).toBe(200);
    expect((await maryam.post(conversationPath(handled.conversation, 'claim'))).status).toBe(200);
    expect((await maryam.post(conversationPath(handled.conversation, 'close'))).status).toBe(200);

    const maryamAll = await maryam.list('all');
    expect(maryamAll).toEqual(expect.arrayContaining([queued.conversation, handled.conversation]));
    expect(maryamAll).not.toContain(alis.conversation);
    expect(maryamAll).not.toContain(botOnly.conversation);
    expect((await maryam.get(conversationPath(queued.conversation))).status).toBe(200);
    expect((await maryam.get(conversationPath(handled.conversation))).status).toBe(200);
    for (const other of [alis.conversation, botOnly.conversation]) {
      const answer = await maryam.get(conversationPath(other));
      expect(answer.status).toBe(403);
      expect(await answer.text()).not.toContain('09120000001');
      expect((await maryam.post(conversationPath(other, 'note'), { text: 'سرک' })).status).toBe(403);
    }
    // The team's settings are the admin's.
    expect((await maryam.get('/agent/api/team')).status).toBe(403);

    const bossAll = await boss.list('all');
    expect(bossAll).toEqual(expect.arrayContaining([queued.conversation, alis.conversation, handled.conversation]));
    const detail = await boss.get(conversationPath(alis.conversation));
    expect(detail.status).toBe(200);
    expect(await detail.text()).toContain('09120000001');
    expect((await boss.get(conversationPath(botOnly.conversation))).status).toBe(200);

    // Live events: the admin hears of a reply in ali's chat; maryam does not learn which chat.
    const [maryamEvents, bossEvents] = await Promise.all([agentEvents(server.url, maryam), agentEvents(server.url, boss)]);
    expect((await ali.post(conversationPath(alis.conversation, 'reply'), { text: 'سلام' })).status).toBe(200);
    await expect.poll(() => bossEvents.text(), { timeout: 5000 }).toContain(alis.conversation);
    await queued.say('کسی هست؟');
    await expect.poll(() => maryamEvents.text(), { timeout: 5000 }).toContain(queued.conversation);
    expect(maryamEvents.text()).not.toContain(alis.conversation);
    await Promise.all([maryamEvents.stop(), bossEvents.stop()]);
  });
});

describe('sessions', () => {
  it('logout ends the session on the server: the old cookie is refused and its event stream ends', async () => {
    const leaving = await signIn(server.url, 'maryam', 's3cret-m');
    const events = await agentEvents(server.url, leaving);
    expect((await leaving.post('/agent/api/logout')).status).toBe(200);
    await events.ended;
    expect((await leaving.get('/agent/api/me')).status).toBe(401);
    expect((await leaving.get('/agent/api/conversations?view=queued')).status).toBe(401);
    expect((await fetch(`${server.url}/agent/api/events`, { headers: { cookie: leaving.cookie } })).status).toBe(401);
    // Her other session stays.
    expect((await maryam.get('/agent/api/me')).status).toBe(200);
  });

  it('an admin ends all of an agent\'s sessions; an agent cannot', async () => {
    const [ali1, ali2] = [ali, await signIn(server.url, 'ali', 's3cret-a')];
    expect((await maryam.post('/agent/api/team/ali/revoke')).status).toBe(403);
    const team = (await (await boss.get('/agent/api/team')).json()) as { agents: Array<{ id: string; role: string; sessions: number }> };
    expect(team.agents.find((a) => a.id === 'ali')?.sessions).toBeGreaterThanOrEqual(2);
    const revoked = await boss.post('/agent/api/team/ali/revoke');
    expect(revoked.status).toBe(200);
    expect((await ali1.get('/agent/api/me')).status).toBe(401);
    expect((await ali2.get('/agent/api/me')).status).toBe(401);
    expect((await maryam.get('/agent/api/me')).status).toBe(200);
    expect((await boss.post('/agent/api/team/nobody/revoke')).status).toBe(404);
  });

  it('a changed or removed account ends its sessions, on any instance', async () => {
    ali = await signIn(server.url, 'ali', 's3cret-a');
    // A second instance on the same Redis, after the config changed: ali has a new password,
    // maryam is gone, boss is as before.
    const changed = await startServer({ ...config, port: 0, handoff: { ...config.handoff, agents: `ali:${hashPassword('new-pass')},boss:${HASH.boss}:admin` } });
    try {
      const me = (client: { cookie: string }) => fetch(`${changed.url}/agent/api/me`, { headers: { cookie: client.cookie } });
      expect((await me(boss)).status).toBe(200);
      expect((await me(ali)).status).toBe(401);
      expect((await me(maryam)).status).toBe(401);
    } finally {
      await changed.stop();
    }
  });
});

describe('ratings', () => {
  it('counts a rating only after an agent closed the handoff, and only once', async () => {
    const before = await satisfactionCount();
    const stranger = await webCustomer(server.url);
    const unasked = await stranger.say('⭐ ۱', { do: 'rate', score: 1 });
    expect(unasked.status).toBe(200);
    expect(await satisfactionCount()).toBe(before);

    const customer = await webCustomer(server.url);
    await customer.say('/human');
    expect((await boss.post(conversationPath(customer.conversation, 'claim'))).status).toBe(200);
    expect((await boss.post(conversationPath(customer.conversation, 'close'))).status).toBe(200);
    await customer.say('⭐⭐⭐⭐⭐ ۵', { do: 'rate', score: 5 });
    await customer.say('⭐ ۱', { do: 'rate', score: 1 });
    expect(await satisfactionCount()).toBe(before + 1);
    // What the customer read: thanks once, then that there is nothing to rate.
    const detail = (await (await boss.get(conversationPath(customer.conversation))).json()) as { transcript: Array<{ from: string; text?: string }> };
    const bot = detail.transcript.filter((e) => e.from === 'bot').map((e) => e.text ?? '');
    expect(bot.filter((t) => t.includes('ممنونیم'))).toHaveLength(1);
    expect(bot.at(-1)).toContain('گفتگویی برای نمره‌دادن ندارید');
  });

  it('takes a typed score as the rating asked for, and a low one asks what went wrong', async () => {
    const before = await satisfactionCount();
    const customer = await webCustomer(server.url);
    await customer.say('/human');
    expect((await boss.post(conversationPath(customer.conversation, 'claim'))).status).toBe(200);
    expect((await boss.post(conversationPath(customer.conversation, 'close'))).status).toBe(200);
    await customer.say('۲');
    await customer.say('جواب خیلی دیر اومد');
    expect(await satisfactionCount()).toBe(before + 1);
    const detail = (await (await boss.get(conversationPath(customer.conversation))).json()) as { transcript: Array<{ from: string; text?: string }> };
    const bot = detail.transcript.filter((e) => e.from === 'bot').map((e) => e.text ?? '');
    expect(bot.at(-2), 'a rating of 2 asks what went wrong').toContain('چه چیزی خوب پیش نرفت');
    expect(bot.some((t) => t.includes('متوجه نشدم')), 'the score is not read as a question').toBe(false);
    // Once rated, a lone digit is an ordinary message again, not a second rating.
    await customer.say('۵');
    expect(await satisfactionCount()).toBe(before + 1);
  });
});
