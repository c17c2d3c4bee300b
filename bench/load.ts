// Entry of `npm run bench:load`: two pasokh instances on one real Redis, driven through the
// Telegram webhook and the widget's API by many customers at once, with duplicated deliveries and
// handoffs to simulated agents. Prints throughput, latency, memory and CPU, and counts lost and
// duplicated replies; exits 1 when any reply was lost or duplicated. Loopback only, bounded in
// time (it stops by itself), and every process it starts is killed on the way out, on Ctrl+C too.
//
//   npm run bench:load -- --duration 30 --rate 150 --chats 200 --visitors 40
//   npm run bench:load -- --webhook --connections 16 --duration 20   # webhook throughput of one process
import { execFileSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startAgents, type AgentTeam } from './load-agents.js';
import { Children, sampleProcess, startCluster, type Cluster } from './load-cluster.js';
import { newEscalations, newTally, pacer, seededRandom, sleep, type Tally } from './load-common.js';
import { driveTelegram } from './load-telegram.js';
import { driveWeb } from './load-web.js';
import { driveWebhook, measureRedis } from './load-webhook.js';
import { quantile } from './measure.js';
import { fixed, formatTable, thousands } from './table.js';

const USAGE = `usage: npm run bench:load -- [--duration S] [--rate N] [--chats N] [--visitors N] [--duplicates F] [--escalate F] [--agents N] [--seed N]
  --duration    seconds of load (new messages start until then; default 30, at most 300)
  --rate        customer messages per second over both channels, 0 for no limit (default 150)
  --chats       Telegram chats (default 200)
  --visitors    widget visitors (default 40)
  --duplicates  share of messages delivered twice (default 0.2; half at the same moment)
  --escalate    share of chats and visitors that ask for a person (default 0.1)
  --agents      simulated agents (default 3)
  --seed        seed of the run's plan (default 1)
  --webhook     instead: the Telegram webhook's throughput on one pasokh process, closed loops over
                --connections keep-alive connections (default 16), --duplicates of them twice at once;
                then the Redis floor, round trips per update and memory per conversation
  --connections connections of --webhook (default 16)
  --web-on      A: every widget visitor on pasokh A alone (its streams, sessions and messages)
  --cpu-prof    a directory: pasokh A runs with node --cpu-prof and writes its profile there`;

const DRAIN_MS = 20_000;
/** Sequential Redis round trips of a turn (src/state/redis.ts: enter, commit, settle). */
const TURN_ROUND_TRIPS = 3;
const SAMPLE_MS = 1_000;

interface Options {
  durationS: number;
  rate: number;
  chats: number;
  visitors: number;
  duplicates: number;
  escalate: number;
  agents: number;
  seed: number;
  webhook: boolean;
  connections: number;
  cpuProf?: string;
  webOnA: boolean;
}

const parse = (argv: string[]) =>
  parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '30' },
      rate: { type: 'string', default: '150' },
      chats: { type: 'string', default: '200' },
      visitors: { type: 'string', default: '40' },
      duplicates: { type: 'string', default: '0.2' },
      escalate: { type: 'string', default: '0.1' },
      agents: { type: 'string', default: '3' },
      seed: { type: 'string', default: '1' },
      webhook: { type: 'boolean', default: false },
      connections: { type: 'string', default: '16' },
      'cpu-prof': { type: 'string' },
      'web-on': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });

function readOptions(argv: string[]): Options {
  let parsed;
  try {
    parsed = parse(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const { values } = parsed;
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const number = (name: string, raw: string, min: number, max: number) => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      console.error(`--${name} must be a number from ${min} to ${max} (got ${raw})\n${USAGE}`);
      process.exit(2);
    }
    return n;
  };
  return {
    durationS: number('duration', values.duration, 1, 300),
    rate: number('rate', values.rate, 0, 10_000),
    chats: Math.round(number('chats', values.chats, 0, 5000)),
    visitors: Math.round(number('visitors', values.visitors, 0, 1000)),
    duplicates: number('duplicates', values.duplicates, 0, 1),
    escalate: number('escalate', values.escalate, 0, 1),
    agents: Math.round(number('agents', values.agents, 1, 20)),
    seed: Math.round(number('seed', values.seed, 0, 2 ** 31)),
    webhook: values.webhook,
    connections: Math.round(number('connections', values.connections, 1, 256)),
    cpuProf: values['cpu-prof'],
    webOnA: values['web-on'] === 'A',
  };
}

const MB = 1024 * 1024;
const ms = (values: number[], q: number) => fixed(quantile([...values].sort((a, b) => a - b), q), 0);

function commit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim();
    return dirty ? `${sha} (with uncommitted changes)` : sha;
  } catch {
    return 'unknown';
  }
}

function report(options: Options, tallies: Tally[], seconds: number, extra: { escalations: ReturnType<typeof newEscalations>; notClosed: string[]; otherCalls: Record<string, number> }): number {
  const { escalations, notClosed } = extra;
  console.log(`\n## Customer messages (${fixed(seconds, 1)} s of load)\n`);
  console.log(
    formatTable(
      ['channel', 'messages', 'to agents', 'deliveries', 'twice: same moment / later', 'messages/s', 'reply p50 ms', 'p95', 'p99', 'request p50 ms', 'p99', 'lost', 'duplicated'],
      tallies.map((t) => [
        t.channel,
        thousands(t.messages),
        thousands(t.toAgent),
        thousands(t.deliveries),
        `${t.repeated['same-moment']} / ${t.repeated.later}`,
        fixed((t.messages + t.toAgent) / seconds, 1),
        ms(t.latencies, 0.5),
        ms(t.latencies, 0.95),
        ms(t.latencies, 0.99),
        ms(t.requestTimes, 0.5),
        ms(t.requestTimes, 0.99),
        String(t.lost.length),
        String(t.duplicated.length),
      ]),
    ),
  );
  for (const t of tallies) {
    const statuses = Object.entries(t.statuses).map(([s, n]) => `${s}: ${n}`).join(', ');
    console.log(`\n${t.channel}: HTTP answers ${statuses || 'none'}`);
    console.log(`${t.channel}: duplicated replies by delivery — same moment ${t.duplicatedBy['same-moment']}, later ${t.duplicatedBy.later}, delivered once ${t.duplicatedBy.once}`);
    if (t.stray) console.log(`${t.channel}: ${t.stray} bot messages arrived outside any open message (not counted above)`);
    for (const [what, list] of [['lost', t.lost], ['duplicated', t.duplicated], ['agent reply lost', t.agentLost], ['agent reply duplicated', t.agentDuplicated]] as const) {
      if (list.length) console.log(`  ${what} (first ${Math.min(5, list.length)} of ${list.length}): ${list.slice(0, 5).join('; ')}`);
    }
  }
  console.log('\n## Handoffs\n');
  console.log(
    formatTable(
      ['channel', 'agent replies', 'lost', 'duplicated'],
      tallies.map((t) => [t.channel, String(t.agentReplies), String(t.agentLost.length), String(t.agentDuplicated.length)]),
    ),
  );
  const waits = escalations.waits;
  console.log(
    `\nescalated ${escalations.waiting.size}, closed by agents ${escalations.closed.size}, claim races lost ${escalations.conflicts}, ` +
      `wait in queue p50 ${fixed(quantile([...waits].sort((a, b) => a - b), 0.5), 1)} s; ` +
      `customer messages the agent never saw: ${escalations.unseenByAgent.length}`,
  );
  if (notClosed.length) console.log(`  never claimed and closed (${notClosed.length}): ${notClosed.slice(0, 5).join(', ')}`);
  if (escalations.unseenByAgent.length) console.log(`  unseen: ${escalations.unseenByAgent.slice(0, 5).join('; ')}`);
  if (escalations.errors.length) console.log(`  console API errors (${escalations.errors.length}): ${escalations.errors.slice(0, 5).join('; ')}`);
  const others = Object.entries(extra.otherCalls).map(([m, n]) => `${m} ${n}`).join(', ');
  if (others) console.log(`other Bot API calls: ${others}`);

  const lost = tallies.reduce((n, t) => n + t.lost.length + t.agentLost.length, 0) + notClosed.length + escalations.unseenByAgent.length;
  const duplicated = tallies.reduce((n, t) => n + t.duplicated.length + t.agentDuplicated.length, 0);
  const verdict = lost === 0 && duplicated === 0 ? 'PASS' : 'FAIL';
  console.log(`\nRESULT: ${verdict} — lost ${lost}, duplicated ${duplicated} (${options.duplicates * 100}% of messages delivered twice)`);
  return verdict === 'PASS' ? 0 : 1;
}

/** CPU seconds of every process of the run (and of this one) from now until the returned function is called. */
function cpuMeter(cluster: Cluster): () => { wall: number; rows: string[][] } {
  const t0 = Date.now();
  const before = cluster.processes.map((p) => sampleProcess(p.pid)?.cpuSeconds ?? 0);
  const ownBefore = process.cpuUsage();
  return () => {
    const wall = (Date.now() - t0) / 1000;
    const after = cluster.processes.map((p) => sampleProcess(p.pid)?.cpuSeconds ?? 0);
    const own = process.cpuUsage(ownBefore);
    const row = (name: string, used: number) => [name, fixed(used, 1), `${fixed((used / wall) * 100, 0)}%`];
    return { wall, rows: [...cluster.processes.map((p, i) => row(p.name, after[i]! - before[i]!)), row('load generator', (own.user + own.system) / 1e6)] };
  };
}

/** `--webhook`: the webhook's throughput on pasokh A, then the Redis figures. */
async function webhookMain(options: Options, children: Children): Promise<number> {
  const cluster = await startCluster(
    { agents: 1, logLevel: 'info', nodeArgsA: options.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProf] : [] },
    children,
  );
  // Warm-up: the JIT and the connections, not counted.
  await driveWebhook(cluster, { connections: options.connections, durationS: 2, duplicateShare: 0, random: seededRandom(options.seed + 7) });
  const meter = cpuMeter(cluster);
  const run = await driveWebhook(cluster, { connections: options.connections, durationS: options.durationS, duplicateShare: options.duplicates, random: seededRandom(options.seed) });
  const cpu = meter();
  const redis = await measureRedis(cluster);
  const otherCalls = await cluster.otherCalls();

  console.log(`\n## Telegram webhook, one process (pasokh A, LOG_LEVEL=info), ${options.connections} connections, ${fixed(run.seconds, 1)} s\n`);
  console.log(
    formatTable(
      ['updates', 'deliveries', 'updates/s', 'request p50 ms', 'p95', 'p99', 'reply p50 ms', 'p99', 'lost', 'duplicated'],
      [
        [
          thousands(run.updates),
          thousands(run.deliveries),
          fixed(run.updates / run.seconds, 0),
          ms(run.requestMs, 0.5),
          ms(run.requestMs, 0.95),
          ms(run.requestMs, 0.99),
          ms(run.replyMs, 0.5),
          ms(run.replyMs, 0.99),
          String(run.lost.length),
          String(run.duplicated.length),
        ],
      ],
    ),
  );
  const statuses = Object.entries(run.statuses).map(([s, n]) => `${s}: ${n}`).join(', ');
  console.log(`\nHTTP answers ${statuses}; ${options.duplicates * 100}% of updates delivered twice at the same moment; stray messages ${run.stray}`);
  for (const [what, list] of [['lost', run.lost], ['duplicated', run.duplicated]] as const) {
    if (list.length) console.log(`  ${what} (first ${Math.min(5, list.length)} of ${list.length}): ${list.slice(0, 5).join('; ')}`);
  }
  const others = Object.entries(otherCalls).map(([m, n]) => `${m} ${n}`).join(', ');
  console.log(`other Bot API calls (whole run): ${others || 'none'}`);

  const load = loadavg().map((l) => fixed(l, 1)).join(' / ');
  console.log(`\n## CPU during the load (${fixed(cpu.wall, 1)} s wall; ${availableParallelism()} cores, load average 1/5/15 min ${load})\n`);
  console.log(formatTable(['process', 'CPU s', 'of one core'], cpu.rows));
  const pasokhCpu = Number(cpu.rows[0]![1]);
  console.log(`\npasokh A: ${fixed((pasokhCpu * 1000) / run.updates, 2)} ms of CPU per update`);

  const floor = redis.pingRttUs.p50;
  console.log(`\n## Redis (quiet, sequential updates)\n`);
  console.log(
    formatTable(
      ['PING round trip p50 µs', 'p99', 'Redis reads per update', 'commands per update', 'floor of a turn: 3 round trips × PING, µs'],
      [[fixed(floor, 0), fixed(redis.pingRttUs.p99, 0), fixed(redis.roundTripsPerUpdate, 2), fixed(redis.commandsPerUpdate, 2), fixed(floor * TURN_ROUND_TRIPS, 0)]],
    ),
  );
  console.log(
    `(Redis reads: read events per update over ${redis.probeUpdates} sequential updates, the idle background subtracted; a turn's ${TURN_ROUND_TRIPS} sequential ` +
      `round trips, plus the profile read sent alongside the first when it arrives as a read of its own; commands include the scripts' own)`,
  );
  const b = redis.bytesPerConversation;
  console.log(
    `\nmemory per conversation in Redis (state + history + profile, MEMORY USAGE): after ${b.turns} turns ${fixed(b.mean / 1024, 1)} KB ` +
      `(max ${fixed(b.max / 1024, 1)} KB, ${b.conversations} conversations; state ${fixed(b.state / 1024, 1)}, history ${fixed(b.history / 1024, 1)}, profile ${fixed(b.profile / 1024, 1)}); after ${redis.bytesAfterMoreTurns.turns} turns ${fixed(redis.bytesAfterMoreTurns.mean / 1024, 1)} KB`,
  );
  const ok = run.lost.length === 0 && run.duplicated.length === 0;
  console.log(`\nRESULT: ${ok ? 'PASS' : 'FAIL'} — lost ${run.lost.length}, duplicated ${run.duplicated.length}`);
  return ok ? 0 : 1;
}

async function main(): Promise<number> {
  const options = readOptions(process.argv.slice(2));
  const random = seededRandom(options.seed);
  if (options.webhook) {
    console.log(`# pasokh bench:load --webhook — commit ${commit()}, node ${process.version}, ${options.connections} connections, ${options.durationS} s`);
    const children = new Children();
    process.once('SIGINT', () => void children.stop().finally(() => process.exit(130)));
    const hardStop = setTimeout(() => void children.stop().finally(() => process.exit(3)), (options.durationS + 120) * 1000);
    hardStop.unref();
    try {
      return await webhookMain(options, children);
    } catch (error) {
      console.error(`\nbench:load could not run: ${(error as Error).stack ?? error}`);
      return 2;
    } finally {
      await children.stop();
    }
  }
  console.log(
    `# pasokh bench:load — commit ${commit()}, node ${process.version}, 2 instances, ${options.chats} Telegram chats, ${options.visitors} widget visitors, ` +
      `${options.durationS} s at ${options.rate || 'unlimited'} messages/s, ${options.duplicates * 100}% delivered twice, ${options.escalate * 100}% escalated, ${options.agents} agents`,
  );

  const children = new Children();
  let agents: AgentTeam | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      await agents?.stop().catch(() => {});
      await children.stop();
    })());
  const onSignal = (signal: string) => {
    console.error(`\n${signal}: stopping every process the benchmark started…`);
    void children.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', () => onSignal('SIGINT'));
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  // Whatever happens, the run ends: startup, load, drain and report well inside this.
  const hardStop = setTimeout(() => {
    console.error('\nbench:load: the run took too long; stopping everything');
    void children.stop().finally(() => process.exit(3));
  }, (options.durationS + 90) * 1000);
  hardStop.unref();

  try {
    const startedAt = Date.now();
    const cluster = await startCluster({ agents: options.agents }, children);
    console.log(`started redis-server, the Bot API stand-in and pasokh A and B in ${fixed((Date.now() - startedAt) / 1000, 1)} s`);

    const rss: Array<{ t: number; values: number[] }> = [];
    const pasokhPids = cluster.instances.map((i) => i.pid);
    const t0 = Date.now();
    const sampler = setInterval(() => rss.push({ t: (Date.now() - t0) / 1000, values: pasokhPids.map((pid) => sampleProcess(pid)?.rssBytes ?? 0) }), SAMPLE_MS);
    const cpuBefore = cluster.processes.map((p) => sampleProcess(p.pid)?.cpuSeconds ?? 0);
    const ownBefore = process.cpuUsage();
    rss.push({ t: 0, values: pasokhPids.map((pid) => sampleProcess(pid)?.rssBytes ?? 0) });

    const escalations = newEscalations();
    agents = await startAgents(cluster, escalations, seededRandom(options.seed + 1));
    const telegramTally = newTally('telegram');
    const webTally = newTally('web');
    const pace = pacer(options.rate);
    const until = Date.now() + options.durationS * 1000;
    const [telegram, web] = await Promise.all([
      driveTelegram(cluster, { chats: options.chats, escalateShare: options.escalate, duplicateShare: options.duplicates, until, pace, random }, telegramTally, escalations),
      driveWeb(cluster, { visitors: options.visitors, escalateShare: options.escalate, duplicateShare: options.duplicates, until, pace, random, only: options.webOnA ? cluster.instances[0] : undefined }, webTally, escalations),
    ]);
    const seconds = (Date.now() - t0) / 1000;

    // Drain: the agents finish the chats still queued, then every reply has had time to arrive.
    const drainUntil = Date.now() + DRAIN_MS;
    while (Date.now() < drainUntil && [...escalations.waiting.keys()].some((k) => !escalations.closed.has(k))) await sleep(200);
    await agents.stop();
    agents = undefined;
    await sleep(500);
    clearInterval(sampler);
    const cpuAfter = cluster.processes.map((p) => sampleProcess(p.pid)?.cpuSeconds ?? 0);
    const own = process.cpuUsage(ownBefore);
    const wall = (Date.now() - t0) / 1000;
    const otherCalls = await cluster.otherCalls();

    telegram.countAgentReplies();
    web.analyse();
    const notClosed = [...escalations.waiting.keys()].filter((k) => !escalations.closed.has(k));
    const code = report(options, [telegramTally, webTally], seconds, { escalations, notClosed, otherCalls });

    console.log('\n## Memory of the pasokh processes (RSS, MB)\n');
    const every = Math.max(1, Math.round(rss.length / 12));
    const rows = rss.filter((_, i) => i % every === 0 || i === rss.length - 1).map((s) => [fixed(s.t, 0), ...s.values.map((v) => fixed(v / MB, 0))]);
    console.log(formatTable(['t (s)', 'pasokh A', 'pasokh B'], rows));

    const load = loadavg().map((l) => fixed(l, 1)).join(' / ');
    console.log(`\n## CPU over the run (${fixed(wall, 1)} s wall; ${availableParallelism()} cores, load average 1/5/15 min ${load} at the end)\n`);
    const cpuRows = cluster.processes.map((p, i) => {
      const used = cpuAfter[i]! - cpuBefore[i]!;
      return [p.name, fixed(used, 1), `${fixed((used / wall) * 100, 0)}%`];
    });
    const ownSeconds = (own.user + own.system) / 1e6;
    cpuRows.push(['load generator (and agents)', fixed(ownSeconds, 1), `${fixed((ownSeconds / wall) * 100, 0)}%`]);
    console.log(formatTable(['process', 'CPU s', 'of one core'], cpuRows));
    return code;
  } catch (error) {
    console.error(`\nbench:load could not run: ${(error as Error).stack ?? error}`);
    return 2;
  } finally {
    await cleanup();
  }
}

process.exitCode = await main();
// Open keep-alive sockets must not hold the process once everything is stopped.
setTimeout(() => process.exit(), 200).unref();
