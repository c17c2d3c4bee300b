// The conversation directory behind search and the closed tab, on Redis and in memory alike: the
// latest activity first, every spelling of a phone searchable, an agent's late write after /forget
// bringing nothing back, the search text capped to the newest messages, and entries past the
// retention gone from the list.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createMemoryDirectory, createRedisDirectory, type ConversationDirectory } from '../../src/handoff/index.js';
import { connectRedis } from '../../src/state/index.js';

const redis = connectRedis(inject('redisUrl'));
afterAll(() => redis.disconnect());

const directories: Array<[string, (retentionSeconds?: number) => ConversationDirectory]> = [
  ['redis', (retentionSeconds) => createRedisDirectory(redis, `dir-${randomUUID().slice(0, 8)}:`, { retentionSeconds })],
  ['memory (the demo)', (retentionSeconds) => createMemoryDirectory({ retentionSeconds })],
];
const card = (name?: string, phones: string[] = []) => ({ channel: 'web', name, phones, createdAt: new Date().toISOString() });
const said = (text: string) => ({ text, at: new Date().toISOString() });

describe.each(directories)('conversation directory on %s', (_name, make) => {
  it('lists the latest activity first and searches a phone in any spelling', async () => {
    const directory = make();
    const now = Date.now();
    await directory.touch('web:a', card('سارا', ['+989121234567']), said('سلام'), now - 2000);
    await directory.touch('web:b', card(undefined), said('سفارش ۱۰۴۰۱ کجاست؟'), now - 1000);
    await directory.touch('web:a', card('سارا', ['+989121234567']), said('هنوز منتظرم'), now);
    expect(await directory.recent(10)).toEqual(['web:a', 'web:b']);
    const found = await directory.read(['web:a', 'web:b', 'web:none']);
    expect([...found.keys()]).toEqual(['web:a', 'web:b']);
    expect(found.get('web:a')).toMatchObject({ customer: { name: 'سارا' }, last: { text: 'هنوز منتظرم' } });
    expect(found.get('web:a')!.text).toContain('09121234567');
    expect(found.get('web:a')!.text).toContain('989121234567');
    expect(found.get('web:b')!.text).toContain('10401');
  });

  it('keeps the newest words when a chat runs long', async () => {
    const directory = make();
    for (let i = 0; i < 60; i++) await directory.touch('web:long', card(), said(`پیام شماره ${i} ${'متن '.repeat(80)}`), Date.now());
    const text = (await directory.read(['web:long'])).get('web:long')!.text;
    expect(text).toContain('پیام شماره 59');
    expect(text).not.toContain('پیام شماره 0 ');
  });

  it('records close and rating, and after /forget an agent\'s late write brings nothing back', async () => {
    const directory = make();
    await directory.touch('web:c', card('نیما'), said('سلام'), Date.now());
    await directory.close('web:c', { agentId: 'maryam', reason: 'complaint', closedAt: 1 });
    await directory.rate('web:c', 5);
    expect((await directory.read(['web:c'])).get('web:c')).toMatchObject({ closed: { agentId: 'maryam', reason: 'complaint' }, rating: 5 });
    await directory.forget('web:c');
    await directory.addText('web:c', 'هنوز هستید؟');
    await directory.close('web:c', { agentId: 'maryam', reason: 'complaint', closedAt: 2 });
    await directory.rate('web:c', 4);
    expect((await directory.read(['web:c'])).size).toBe(0);
    expect(await directory.recent(10)).toEqual([]);
  });

  it('drops conversations past the retention from the list', async () => {
    const directory = make(60);
    await directory.touch('web:old', card(), said('قدیمی'), Date.now() - 61_000);
    await directory.touch('web:new', card(), said('تازه'), Date.now());
    expect(await directory.recent(10)).toEqual(['web:new']);
  });
});
