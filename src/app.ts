// The composition root: config in, the running parts out. The CLI's chat and serve both start here.
import { faqEntries, openShopDirectory, formatProblem, type CommerceSource, type ShopConfig } from './commerce/index.js';
import type { Config } from './config.js';
import { createEngine, DEFAULT_LOOKUP_LIMITS, logLookupLimits, type Engine, type EngineOptions } from './engine/index.js';
import { createModelCache, createNlu, DEFAULT_INTENTS_DIR, loadIntents, withFaqQuestions, type IntentData, type Nlu } from './nlu/index.js';
import {
  createHandoff,
  createMemoryDirectory,
  createMemoryHandoffStore,
  createRedisDirectory,
  createPresence,
  directoryMiddleware,
  createMemorySessionStore,
  createRedisHandoffStore,
  createRedisSessionStore,
  DEMO_AGENT,
  loadAgents,
  type Agent,
  type Handoff,
  type Presence,
  type SessionStore,
} from './handoff/index.js';
import { commerceWithLearned, createLearning, createMemoryLearningStore, createRedisLearningStore, NOTHING_LEARNED, withLearned, type Learned, type Learning } from './learning/index.js';
import { createMemoryInsightsStore, createRedisInsightsStore, insightsMiddleware, insightsObserver, type InsightsStore } from './insights/index.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createStateBackend, openRedis, type StateBackend } from './state/index.js';

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export interface App {
  config: Config;
  nlu: Nlu;
  commerce: CommerceSource;
  state: StateBackend;
  engine: Engine;
  handoff: Handoff;
  agents: Agent[];
  /** The agent console's sessions (server-side, so they can be ended). */
  sessions: SessionStore;
  /** True when no agents are configured and the demo account stands in. */
  demoAgent: boolean;
  metrics: Metrics;
  /** The review queue and what the owner taught (src/learning). */
  learning: Learning;
  /** Consoles open now, on any instance (the widget's «آنلاین» outside business hours). */
  presence: Presence;
  /** The owner's daily figures (/agent/insights, `pasokh stats`). */
  insights: InsightsStore;
  close(): Promise<void>;
}

/** `verification`: which channels' typed phones prove an order is theirs (from the channel table's declarations). */
export function createApp(config: Config, log: Logger, options: { watchShop?: boolean; verification?: EngineOptions['verification'] } = {}): App {
  const modelCache = config.modelCacheDir ? createModelCache(config.modelCacheDir) : undefined;
  const intentsDir = config.intentsDir ?? DEFAULT_INTENTS_DIR;
  const intents = modelCache ? modelCache.loadIntents(intentsDir) : loadIntents(intentsDir);
  let faqTrainer: ((shop: ShopConfig) => void) | undefined;
  const shopFiles = openShopDirectory(config.shopDir, {
    watch: options.watchShop ?? true,
    onLoad: (problems) => {
      for (const p of problems) log.warn(`shop file problem: ${formatProblem(p)}`);
      faqTrainer?.(shopFiles.shop());
    },
  });
  // The classifier learns from the intents, the shop's FAQ questions and what the owner taught.
  const trainingData = (shop: ShopConfig, learned: Learned) => withLearned(withFaqQuestions(intents, faqEntries(shop)), learned);
  const nlu = createNlu(trainingData(shopFiles.shop(), NOTHING_LEARNED), {}, modelCache);
  const state = createStateBackend({ redis: config.redis, prefix: config.redisPrefix, ttlSeconds: config.retentionSeconds });
  const handoffRedis = config.redis ? openRedis(config.redis) : undefined;
  const learning = createLearning({
    store: handoffRedis ? createRedisLearningStore(handoffRedis, config.redisPrefix) : createMemoryLearningStore(),
    bus: state.bus,
    history: state.history,
    intents: () => nlu.intents,
    retrain: (learned) => nlu.retrainInBackground(trainingData(shopFiles.shop(), learned)),
    log,
  });
  faqTrainer = shopFaqTrainer(nlu, (shop) => trainingData(shop, learning.learned()), shopFiles.shop(), log);
  // The engine and the handoff side read the shop with the learned FAQ answers in it.
  const commerce = commerceWithLearned(shopFiles, () => learning.learned());
  const metrics = createMetrics();
  const insights = handoffRedis
    ? createRedisInsightsStore(handoffRedis, config.redisPrefix, { retentionSeconds: config.insightsRetentionSeconds })
    : createMemoryInsightsStore({ retentionSeconds: config.insightsRetentionSeconds });
  // Every conversation, handed off or not, for the console's search and closed tab.
  const directory = handoffRedis
    ? createRedisDirectory(handoffRedis, config.redisPrefix, { retentionSeconds: config.retentionSeconds })
    : createMemoryDirectory({ retentionSeconds: config.retentionSeconds });
  const engine = createEngine({ nlu, commerce, state, options: { lookupLimits: { ...DEFAULT_LOOKUP_LIMITS, secret: config.lookupSecret }, ...(options.verification && { verification: options.verification }) }, middleware: [metrics.middleware, insightsMiddleware(insights), logLookupLimits(log), learning.middleware, directoryMiddleware(directory)] });
  let agents = loadAgents(config.handoff);
  if (agents.length === 0) {
    agents = [{ id: DEMO_AGENT.id, name: DEMO_AGENT.name, passwordHash: DEMO_AGENT.passwordHash, role: DEMO_AGENT.role }];
  }
  const handoff = createHandoff({
    engine,
    state,
    commerce,
    store: handoffRedis
      ? createRedisHandoffStore(handoffRedis, config.redisPrefix, { retentionSeconds: config.retentionSeconds })
      : createMemoryHandoffStore({ retentionSeconds: config.retentionSeconds }),
    directory,
    agents,
    metrics: metrics.handoff,
    options: { queueTimeoutMinutes: config.handoff.queueTimeoutMinutes, averageHandleMinutes: 4 },
    log: { warn: (obj, msg) => log.warn(`${msg}: ${(obj as { err?: Error }).err?.message ?? ''}`) },
  });
  // An agent's reply to a question that keeps coming back may become its FAQ answer.
  handoff.observe(async (notice) => {
    if (notice.type === 'agent') await learning.agentReplied(notice.conversationId, notice.text, (await engine.inspect(notice.conversationId)).profile?.name);
  });
  // Labels stored before this start (or on another instance) are trained in the background.
  void learning.start().catch((error: Error) => log.warn(`learning: loading what was learned failed: ${error.message}`));
  handoff.observe(insightsObserver(insights));
  return {
    config,
    nlu,
    commerce,
    state,
    engine,
    handoff,
    agents,
    sessions: handoffRedis ? createRedisSessionStore(handoffRedis, config.redisPrefix) : createMemorySessionStore(),
    demoAgent: agents.length === 1 && agents[0]?.id === DEMO_AGENT.id && !config.handoff.agents && !config.handoff.agentsFile,
    metrics,
    presence: createPresence(state.counters, state.keys),
    learning,
    insights,
    async close() {
      learning.stop();
      await handoff.stop();
      commerce.close();
      handoffRedis?.disconnect();
      await state.close();
    },
  };
}

/** Re-trains the NLU when an edit of shop.yaml changed the FAQ questions (and only then). */
function shopFaqTrainer(nlu: Nlu, trainingData: (shop: ShopConfig) => IntentData[], trainedWith: ShopConfig, log: Logger): (shop: ShopConfig) => void {
  const signature = (shop: ShopConfig) => JSON.stringify(faqEntries(shop).map((f) => [f.key, f.questions]));
  let current = signature(trainedWith);
  return (shop) => {
    const next = signature(shop);
    if (next === current) return;
    current = next;
    // Trained in the background: the current model answers meanwhile.
    nlu.retrainInBackground(trainingData(shop)).then(
      (served) => served && log.info('shop.yaml FAQ questions changed: the classifier was re-trained'),
      (error: Error) => log.error(`re-training on the shop's FAQ questions failed: ${error.message}`),
    );
  };
}
