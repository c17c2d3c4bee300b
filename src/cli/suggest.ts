// pasokh suggest: the review queue from the terminal (what the bot missed, the agents' answers
// proposed as FAQ answers), and what the owner taught as intents/-style YAML (--export FILE,
// --import FILE). It reads the same Redis as the running servers (REDIS_URL, REDIS_PREFIX); an
// import is announced on the bus, so every running instance re-trains on it within seconds.
import { readFileSync, writeFileSync } from 'node:fs';
import { faqEntries, openShopDirectory } from '../commerce/index.js';
import { loadDotEnv, readConfig } from '../config.js';
import { createLearning, createRedisLearningStore, type Learning } from '../learning/index.js';
import { DEFAULT_INTENTS_DIR, loadIntents, withFaqQuestions } from '../nlu/index.js';
import { keySpace, openRedis, type Bus } from '../state/index.js';
import { intentLabel } from '../wire/intent-labels.js';
import { print, printError, UsageError } from './io.js';

const fa = new Intl.NumberFormat('fa-IR');
const pct = new Intl.NumberFormat('fa-IR', { style: 'percent', maximumFractionDigits: 0 });

export async function suggestCommand(options: { export?: string; import?: string; json?: boolean; intents?: string }): Promise<number> {
  loadDotEnv();
  const config = readConfig();
  if (!config.redis) {
    // One line, no usage text: the call was right, only the place to read from is missing. Exit 2
    // as any usage error (README "The command line").
    printError(
      `pasokh: suggest reads the review queue and what was taught from the servers' Redis: set REDIS_URL (and REDIS_PREFIX) to ${options.export ? 'export from it' : options.import ? 'import into it' : 'list it'}. Without Redis (the demo) labels and FAQ answers are kept in the running server's memory only and are lost when it restarts: export them from /agent/review («خروجی YAML», GET /agent/api/review/export).`,
    );
    return 2;
  }
  if (options.export && options.import) throw new UsageError('give --export FILE or --import FILE, not both');
  const redis = openRedis(config.redis);
  try {
    const learning = await open(config, redis, options.intents);
    if (options.export) {
      const yaml = await learning.exportYaml();
      writeFileSync(options.export, yaml);
      const { labels, faqs } = await countOf(learning);
      print(`wrote ${labels} labels and ${faqs} learned FAQ answers to ${options.export}`);
      return 0;
    }
    if (options.import) {
      let source: string;
      try {
        source = readFileSync(options.import, 'utf8');
      } catch (error) {
        throw new UsageError(`cannot read ${options.import} (${(error as Error).message})`);
      }
      const { labels, faqs } = await learning.importYaml(source, options.import);
      print(`imported ${labels} labels and ${faqs} learned FAQ answers from ${options.import}; the running servers re-train on them now`);
      return 0;
    }
    const queue = await learning.queue();
    if (options.json) {
      print(JSON.stringify({ items: queue.items, proposals: queue.proposals }, null, 1));
      return 0;
    }
    print(queue.items.length ? `Missed messages (${fa.format(queue.items.length)}), most recent first:` : 'No missed messages in the review queue.');
    // The labels the review page shows: a FAQ intent by its title or first question.
    const labels = new Map(queue.intents.map((c) => [c.intent, c.label]));
    for (const item of queue.items) {
      const guess = item.guess ? ` — guess: ${item.guess} «${labels.get(item.guess) ?? intentLabel(item.guess)}»${item.confidence === undefined ? '' : ` ${pct.format(item.confidence)}`}` : '';
      print(`  ${fa.format(item.count)}×  [${item.why}]  «${item.text}»${guess}  (first ${item.firstSeen}, last ${item.lastSeen})  id ${item.id}`);
    }
    if (queue.proposals.length) print(`Agents' answers proposed as FAQ answers (${fa.format(queue.proposals.length)}):`);
    for (const p of queue.proposals) print(`  ${fa.format(p.count)}×  «${p.question}» → «${p.reply}»  id ${p.id}`);
    print('Answer them at /agent/review (an admin account).');
    return 0;
  } finally {
    redis.disconnect();
  }
}

async function countOf(learning: Learning) {
  const { learned } = await learning.queue();
  return { labels: learned.labels.length, faqs: learned.faqs.length };
}

/** The learning loop over the servers' Redis, without a model of its own (the servers train). */
async function open(config: ReturnType<typeof readConfig>, redis: ReturnType<typeof openRedis>, intentsDir?: string): Promise<Learning> {
  const shop = openShopDirectory(config.shopDir, { watch: false });
  const intents = withFaqQuestions(loadIntents(intentsDir ?? config.intentsDir ?? DEFAULT_INTENTS_DIR), faqEntries(shop.shop()));
  shop.close();
  const keys = keySpace(config.redisPrefix);
  const bus: Bus = {
    publish: async (topic, message) => void (await redis.publish(keys.bus(topic), message)),
    subscribe: () => () => {},
    ready: async () => {},
  };
  const learning = createLearning({
    store: createRedisLearningStore(redis, config.redisPrefix),
    bus,
    history: { append: async () => [], read: async () => [], delete: async () => {} },
    intents: () => intents,
    retrain: async () => false,
    log: { info: () => {}, warn: (msg) => process.stderr.write(`${msg}\n`) },
  });
  await learning.start();
  learning.stop();
  return learning;
}
