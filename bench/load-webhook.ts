// The webhook-throughput part of `npm run bench:load -- --webhook`: one pasokh process (A) driven
// as fast as it answers through POST /telegram/webhook over a fixed number of keep-alive
// connections, each a closed loop (the next update goes out when the last one was answered), with
// a share of updates delivered twice at the same moment. Every update must be answered once:
// the stand-in stamps each message it is sent and the messages of a chat are matched to the
// update that was open then (a chat has one update in flight at a time). Then, on a quiet Redis,
// the Redis floor (a PING round trip), the round trips one update costs (Redis read events per
// update, sequential updates, the idle background subtracted) and the memory a conversation takes
// in Redis after 10 turns.
import { Agent, request } from 'node:http';
import type { Cluster } from './load-cluster.js';
import { clock, repeatsItself, SCRIPT, sleep } from './load-common.js';
import type { SentMessage } from './load-stand-in.js';
import { quantile } from './measure.js';

export interface WebhookPlan {
  connections: number;
  durationS: number;
  /** Share of updates delivered twice at the same moment (both to pasokh A). */
  duplicateShare: number;
  random: () => number;
}

export interface WebhookResult {
  updates: number;
  deliveries: number;
  seconds: number;
  requestMs: number[];
  replyMs: number[];
  statuses: Record<string, number>;
  lost: string[];
  duplicated: string[];
  stray: number;
}

export interface RedisFigures {
  pingRttUs: { p50: number; p99: number };
  /** Redis read events (round trips) per update, and commands per update, sequential updates. */
  roundTripsPerUpdate: number;
  commandsPerUpdate: number;
  probeUpdates: number;
  /** Bytes in Redis of one conversation (state, history, profile) after `turns` turns. */
  bytesPerConversation: { turns: number; conversations: number; mean: number; max: number; state: number; history: number; profile: number };
  /** The same after 3× as many turns: whether it keeps growing. */
  bytesAfterMoreTurns: { turns: number; mean: number };
}

const FIRST_CHAT = 770_000_000;
/** Update ids of the whole run: the warm-up's are not sent again (they would be duplicates). */
let nextUpdateId = 5_000_000;
/** Chats per connection, taken in turn, so a chat's next update waits for the report of its last. */
const CHATS_PER_CONNECTION = 8;

interface Open {
  id: string;
  sentAt: number;
}

function post(agent: Agent, url: URL, secret: string, body: string): Promise<number | 'network'> {
  return new Promise((resolve) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-telegram-bot-api-secret-token': secret }, timeout: 20_000 },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve('network'));
      },
    );
    req.on('error', () => resolve('network'));
    req.on('timeout', () => req.destroy());
    req.end(body);
  });
}

function updateOf(updateId: number, chat: number, text: string): string {
  return JSON.stringify({
    update_id: updateId,
    message: { message_id: updateId, date: Math.floor(Date.now() / 1000), from: { id: chat, is_bot: false, first_name: `مشتری ${chat % 1000}`, language_code: 'fa' }, chat: { id: chat, type: 'private' }, text },
  });
}

/** Drives pasokh A's webhook for plan.durationS; resolves when every loop finished its last update. */
export async function driveWebhook(cluster: Cluster, plan: WebhookPlan): Promise<WebhookResult> {
  const instance = cluster.instances[0];
  const url = new URL('/telegram/webhook', instance.url);
  const agent = new Agent({ keepAlive: true, maxSockets: plan.connections * 2 });
  const sent = new Map<number, SentMessage[]>();
  const opened = new Map<number, Open[]>();
  const result: WebhookResult = { updates: 0, deliveries: 0, seconds: 0, requestMs: [], replyMs: [], statuses: {}, lost: [], duplicated: [], stray: 0 };
  cluster.onSent((batch) => {
    for (const m of batch) {
      if (m.chat < FIRST_CHAT || m.chat >= FIRST_CHAT + plan.connections * CHATS_PER_CONNECTION) continue;
      let list = sent.get(m.chat);
      if (!list) sent.set(m.chat, (list = []));
      list.push(m);
    }
  });
  const t0 = clock();
  const until = t0 + plan.durationS * 1000;

  const deliver = async (body: string) => {
    const start = clock();
    result.deliveries += 1;
    const status = await post(agent, url, cluster.webhookSecret, body);
    result.statuses[String(status)] = (result.statuses[String(status)] ?? 0) + 1;
    result.requestMs.push(clock() - start);
    return status;
  };

  async function loop(connection: number): Promise<void> {
    for (let n = 0; clock() < until; n++) {
      const chat = FIRST_CHAT + connection * CHATS_PER_CONNECTION + (n % CHATS_PER_CONNECTION);
      const id = nextUpdateId++;
      const body = updateOf(id, chat, SCRIPT[Math.floor(n / CHATS_PER_CONNECTION) % SCRIPT.length]!);
      let list = opened.get(chat);
      if (!list) opened.set(chat, (list = []));
      list.push({ id: `update ${id} (chat ${chat})`, sentAt: clock() });
      result.updates += 1;
      const twice = plan.random() < plan.duplicateShare;
      // Telegram delivers an update again after a 503 or a network error.
      for (let attempt = 0; attempt < 5; attempt++) {
        const statuses = await Promise.all(twice ? [deliver(body), deliver(body)] : [deliver(body)]);
        if (statuses.every((s) => s === 200)) break;
        await sleep(100);
      }
    }
  }

  await Promise.all(Array.from({ length: plan.connections }, (_, i) => loop(i)));
  result.seconds = (clock() - t0) / 1000;
  // The stand-in reports each message a moment after it answered it.
  await sleep(500);
  agent.destroy();

  for (const [chat, updates] of opened) {
    const messages = sent.get(chat) ?? [];
    let m = 0;
    while (m < messages.length && messages[m]!.t < updates[0]!.sentAt) (m++, result.stray++);
    updates.forEach((update, i) => {
      const next = updates[i + 1]?.sentAt ?? Infinity;
      const mine: SentMessage[] = [];
      while (m < messages.length && messages[m]!.t < next) mine.push(messages[m++]!);
      if (mine.length === 0) return void result.lost.push(update.id);
      result.replyMs.push(mine[0]!.t - update.sentAt);
      if (repeatsItself(mine.map((x) => `${x.method}\u0000${x.text}`))) result.duplicated.push(update.id);
    });
  }
  return result;
}

/** Round-trip floor, round trips per update and memory per conversation, on a Redis otherwise quiet. */
export async function measureRedis(cluster: Cluster, options: { probeUpdates?: number; turns?: number; conversations?: number } = {}): Promise<RedisFigures> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(cluster.redisUrl, { maxRetriesPerRequest: 1 });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL('/telegram/webhook', cluster.instances[0].url);
  try {
    const rtts: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const t = clock();
      await redis.ping();
      rtts.push((clock() - t) * 1000);
    }
    rtts.sort((a, b) => a - b);

    const counters = async () => {
      const stats = await redis.info('stats');
      const read = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(stats)?.[1] ?? NaN);
      return { reads: read('total_reads_processed'), commands: read('total_commands_processed') };
    };
    let chat = FIRST_CHAT - 10_000;
    /** Sequential updates (one at a time), each a chat's next message. */
    const sequential = async (count: number, chats: number[], turn: (i: number) => number) => {
      for (let i = 0; i < count; i++) {
        const c = chats[i % chats.length]!;
        await post(agent, url, cluster.webhookSecret, updateOf(nextUpdateId++, c, SCRIPT[turn(i) % SCRIPT.length]!));
      }
    };
    const probe = options.probeUpdates ?? 100;
    const probeChats = Array.from({ length: 10 }, () => chat++);
    await sequential(10, probeChats, (i) => i); // every probe chat exists before counting
    // The same span of time with no update: background work (sweeps) and our own INFO calls.
    const idleStart = await counters();
    const t = clock();
    await sequential(probe, probeChats, (i) => 1 + Math.floor(i / probeChats.length));
    const span = clock() - t;
    const busy = await counters();
    await sleep(span);
    const idleEnd = await counters();
    const idleReads = idleEnd.reads - busy.reads;
    const idleCommands = idleEnd.commands - busy.commands;
    const roundTripsPerUpdate = (busy.reads - idleStart.reads - idleReads) / probe;
    const commandsPerUpdate = (busy.commands - idleStart.commands - idleCommands) / probe;

    const mean = (list: number[]) => list.reduce((a, b) => a + b, 0) / list.length;
    const turns = options.turns ?? 10;
    const conversations = options.conversations ?? 20;
    const memoryChats = Array.from({ length: conversations }, () => chat++);
    /** Bytes of a conversation's state, history and profile keys. */
    const partsOf = async (c: number) => {
      const p = cluster.redisPrefix;
      const keys = [`${p}conv:{telegram:${c}}:state`, `${p}conv:{telegram:${c}}:history`, `${p}user:{telegram:${c}}:profile`];
      return Promise.all(keys.map(async (key) => Number((await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) ?? 0)));
    };
    const sizeOf = async (c: number) => (await partsOf(c)).reduce((a, b) => a + b, 0);
    await sequential(turns * conversations, memoryChats, (i) => Math.floor(i / conversations));
    const parts = await Promise.all(memoryChats.map(partsOf));
    const sizes = parts.map((list) => list.reduce((a, b) => a + b, 0));
    const part = (i: number) => mean(parts.map((list) => list[i]!));
    await sequential(2 * turns * conversations, memoryChats, (i) => Math.floor(i / conversations) + turns);
    const later = await Promise.all(memoryChats.map(sizeOf));
    return {
      pingRttUs: { p50: quantile(rtts, 0.5), p99: quantile(rtts, 0.99) },
      roundTripsPerUpdate,
      commandsPerUpdate,
      probeUpdates: probe,
      bytesPerConversation: { turns, conversations, mean: mean(sizes), max: Math.max(...sizes), state: part(0), history: part(1), profile: part(2) },
      bytesAfterMoreTurns: { turns: 3 * turns, mean: mean(later) },
    };
  } finally {
    agent.destroy();
    redis.disconnect();
  }
}
