// Every Lua script pasokh defines, run on a real 3-master Redis Cluster: its keys are declared in
// KEYS (a Cluster routes a script by them, and a key a script builds itself may live on another
// node) and hash to one slot. Each script is called through the stores' own methods; MONITOR on
// every master shows what each script touched inside Redis, and COMMAND GETKEYS names the keys.
import { createHash, randomUUID } from 'node:crypto';
import { Redis, type Cluster, type Command } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { lookupLimiter } from '../../src/engine/lookup-limits.js';
import { createRedisDirectory, createRedisHandoffStore, createRedisSessionStore } from '../../src/handoff/index.js';
import { createRedisInsightsStore } from '../../src/insights/index.js';
import { createRedisBackend, openRedis } from '../../src/state/index.js';
import { startRedisCluster, type RedisCluster } from '../support/redis-cluster.js';
import { waitFor } from '../support/wait.js';

let cluster: RedisCluster;
let client: Cluster;
const monitors: Redis[] = [];
/** What ran inside scripts, per master: [command, ...args]. */
const insideScripts: string[][] = [];
const seen: string[] = [];

beforeAll(async () => {
  cluster = await startRedisCluster(3);
  for (const node of cluster.nodes) {
    const monitor = await new Redis(node.port, node.host).monitor();
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (source === 'lua') insideScripts.push(args);
      else seen.push(args.join(' '));
    });
    monitors.push(monitor);
  }
  client = openRedis({ kind: 'cluster', nodes: cluster.nodes }) as Cluster;
});
afterAll(async () => {
  for (const m of monitors) m.disconnect();
  client?.disconnect();
  await cluster?.stop();
});

interface ScriptCall {
  name: string;
  keys: string[];
}

/** Records every script the stores define on `client`, and the keys each call declares. */
function recordScripts(on: Cluster) {
  const defined = new Map<string, string>();
  const calls: ScriptCall[] = [];
  const define = on.defineCommand.bind(on);
  on.defineCommand = (name, definition) => {
    defined.set(createHash('sha1').update(definition.lua).digest('hex'), name);
    define(name, definition);
  };
  const send = on.sendCommand.bind(on);
  on.sendCommand = ((command: Command, ...rest: unknown[]) => {
    if (command.name === 'evalsha' || command.name === 'eval') {
      const [script] = command.args as string[];
      const name = defined.get(command.name === 'eval' ? createHash('sha1').update(String(script)).digest('hex') : String(script)) ?? 'unknown';
      calls.push({ name, keys: command.getKeys().map(String) });
    }
    return (send as (...a: unknown[]) => unknown)(command, ...rest);
  }) as Cluster['sendCommand'];
  return { defined: () => [...new Set(defined.values())].sort(), calls };
}

it('every script declares its keys and keeps them in one hash slot', async () => {
  const prefix = `slots-${randomUUID().slice(0, 6)}:`;
  const { defined, calls } = recordScripts(client);

  // The conversation state: compare-and-set, the lock's enter / commit / settle / leave, counters.
  const state = createRedisBackend(client, { prefix });
  await state.storage.write(state.keys.userProfile('web:u1'), { name: 'سارا' });
  const turn = await state.turns.begin('web:c1', { inbound: 'a1' });
  await state.turns.commit('web:c1', { ...turn.state, step: 1 }, [JSON.stringify({ text: 'سلام' })], { lease: turn.lease, hold: true, announce: 'conversation', dropProgress: ['a0'] });
  await state.turns.settle('web:c1', turn.lease, 'a1', { replies: 1, events: 0 });
  const lease = await state.locks.acquire(state.keys.lock('web:c2'));
  await lease.release();
  await state.history.append('web:c2', ['{}', '{}']);
  const limiter = lookupLimiter(state.counters, state.keys, { visitor: 5, ip: 5, order: 5, phone: 5, windowSeconds: 60 });
  const reserved = await limiter.reserve({ visitor: 'web:u1', order: '10401', phone: '09123847561' }, new Date(), 'act-1');
  if ('attempt' in reserved) await reserved.attempt.failed();

  // The handoff queue: enqueue, claim, transfer, release, finish, forget.
  const store = createRedisHandoffStore(client, prefix);
  const item = (id: string) => ({ conversationId: id, channelId: 'web', reason: 'asked', priority: 0, since: Date.now() });
  await store.enqueue(item('web:c1'));
  expect((await store.claim('web:c1', 'maryam', Date.now())).ok).toBe(true);
  expect(await store.transfer('web:c1', 'maryam', 'ali', Date.now())).toBe(true);
  expect(await store.release('web:c1', 'ali')).toBe(true);
  expect((await store.claim('web:c1', 'maryam', Date.now())).ok).toBe(true);
  expect(await store.finish('web:c1', Date.now())).toBeDefined();
  expect(await store.handledBy('maryam', 10)).toEqual(['web:c1']);
  await store.enqueue(item('web:c3'));
  await store.claim('web:c3', 'ali', Date.now());
  await store.transfer('web:c3', 'ali', 'maryam', Date.now());
  const forgotten = await store.forget('web:c3');
  expect(forgotten.handlers.sort()).toEqual(['ali', 'maryam']);
  expect(await store.handledBy('ali', 10)).toEqual(['web:c1']);

  // The conversation directory (search, the closed tab): touch, an agent's words, close, rate, forget.
  const directory = createRedisDirectory(client, prefix);
  await directory.touch('web:c4', { channel: 'web', name: 'سارا', phones: ['09120000000'], createdAt: new Date().toISOString() }, { text: 'سفارش ۱۰۴۰۱', at: new Date().toISOString() }, Date.now());
  await directory.addText('web:c4', 'در خدمتم');
  await directory.close('web:c4', { agentId: 'maryam', reason: 'requested', closedAt: Date.now() });
  await directory.rate('web:c4', 5);
  expect((await directory.read(['web:c4'])).get('web:c4')).toMatchObject({ rating: 5, closed: { agentId: 'maryam' } });
  await directory.forget('web:c4');
  expect(await directory.recent(10)).toEqual([]);

  // Agent console sessions: count and end them all.
  const sessions = createRedisSessionStore(client, prefix);
  const record = { agentId: 'maryam', version: '1', csrf: 'c', createdAt: Date.now(), expiresAt: Date.now() + 60_000 };
  await sessions.create('maryam.one', record);
  await sessions.create('maryam.two', record);
  expect(await sessions.count('maryam')).toBe(2);
  expect(await sessions.endAll('maryam')).toBe(2);
  expect(await sessions.get('maryam.one')).toBeUndefined();

  // The owner's insights: a turn's figures, a handoff's timing marks.
  const insights = createRedisInsightsStore(client, prefix, { retentionSeconds: 86_400 });
  await insights.add('2026-12-02', { messages: 1, 'ch:web': 1 }, 'پرسش');
  await insights.queued('web:c1', Date.now());
  await insights.claimed('web:c1', Date.now());
  await insights.replied('web:c1', '2026-12-02', Date.now());
  await insights.closed('web:c1', '2026-12-02', Date.now());
  expect((await insights.read(['2026-12-02']))[0]!.counts).toMatchObject({ messages: 1, fr_n: 1, hd_n: 1 });

  // Every script the stores define ran at least once here (a new one needs a line above).
  expect([...new Set(calls.map((c) => c.name))].sort()).toEqual(defined());
  for (const call of calls) {
    const slots = new Set(await Promise.all(call.keys.map((key) => client.cluster('KEYSLOT', key))));
    expect(slots.size, `${call.name} ${call.keys.join(' ')}`).toBe(1);
  }

  // What the scripts touched inside Redis (MONITOR shows it once a marker sent after them arrives).
  const marker = `pasokh-marker-${randomUUID()}`;
  await Promise.all(client.nodes('master').map((node) => node.echo(marker)));
  await waitFor('every master monitored the marker', () => seen.filter((s) => s.includes(marker)).length >= 3, 10_000);
  const declared = new Set(calls.flatMap((c) => c.keys));
  const admin = new Redis(cluster.nodes[0]!.port, cluster.nodes[0]!.host);
  try {
    const touched = new Set<string>();
    for (const [command, ...args] of insideScripts) {
      const keys = await (admin.call('COMMAND', 'GETKEYS', command!, ...args) as Promise<string[]>).catch(() => [] as string[]);
      for (const key of keys) if (key.startsWith(prefix)) touched.add(key);
    }
    expect(touched.size).toBeGreaterThan(10);
    expect([...touched].filter((key) => !declared.has(key))).toEqual([]);
  } finally {
    admin.disconnect();
  }
});
