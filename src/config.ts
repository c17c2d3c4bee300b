// Configuration, read once from the environment (and .env, when present) and validated: every
// variable pasokh knows is here, with its default. Nothing else reads process.env.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { SAMPLE_SHOP_DIR } from './commerce/index.js';
import type { HostPort, RedisConnection } from './state/index.js';
import { ConfigError } from './errors.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const BOT_TOKEN = /^\d+:[\w-]+$/;
// Telegram's rule for secret_token.
const SECRET = /^[\w-]{1,256}$/;

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());

// proxy-addr's names for address ranges, as fastify's trustProxy accepts them.
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const isProxyAddress = (a: string) => {
  const [ip = '', bits, extra] = a.split('/');
  const family = isIP(ip);
  if (!family || extra !== undefined) return RANGE_NAMES.has(a) && bits === undefined;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
};

/** Whom to believe about the client's address (X-Forwarded-For): nobody, every hop, a hop count, or these proxies. */
const TrustProxy = z.preprocess(emptyToUndefined, z.string().trim().optional()).transform((v, ctx): boolean | number | string[] => {
  if (v === undefined || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  const list = v.split(',').map((a) => a.trim()).filter(Boolean);
  const bad = list.find((a) => !isProxyAddress(a));
  if (bad === undefined) return list;
  ctx.addIssue({ code: 'custom', message: `"${bad}" is not an IP address or CIDR range (TRUST_PROXY is true, a hop count, or e.g. 10.0.0.1,10.1.0.0/16)` });
  return z.NEVER;
});

/** `host:port,host:port` (IPv6 in brackets: `[::1]:6379`): Redis Cluster seed nodes or Sentinels. */
const HostPorts = (name: string) =>
  z.preprocess(emptyToUndefined, z.string().optional()).transform((v, ctx): HostPort[] | undefined => {
    if (v === undefined) return undefined;
    const nodes: HostPort[] = [];
    for (const entry of v.split(',').map((e) => e.trim()).filter(Boolean)) {
      const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^\s:\[\]/]+)):(\d{1,5})$/.exec(entry);
      if (!m || Number(m[3]) < 1 || Number(m[3]) > 65535) {
        ctx.addIssue({ code: 'custom', message: `"${entry}" is not host:port (${name} is a comma-separated list like 10.0.0.1:6379,10.0.0.2:6379)` });
        return z.NEVER;
      }
      nodes.push({ host: m[1] ?? m[2]!, port: Number(m[3]) });
    }
    return nodes.length ? nodes : undefined;
  });

const ModelCacheDir = z.preprocess(emptyToUndefined, z.string().default('node_modules/.cache/pasokh'));
const modelCacheDirOf = (value: string) => (value === 'off' ? undefined : resolve(value));
const dataDirOf = (value: string) => (value === 'off' ? undefined : resolve(value));

/**
 * MODEL_CACHE_DIR alone, for the NLU commands (classify, eval, intents), which need no other
 * setting and should not fail on one meant for the server.
 */
export function readModelCacheDir(env: Record<string, string | undefined> = process.env): string | undefined {
  const parsed = ModelCacheDir.safeParse(env.MODEL_CACHE_DIR);
  return parsed.success ? modelCacheDirOf(parsed.data) : undefined;
}

export const ConfigSchema = z.object({
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  HOST: z.preprocess(emptyToUndefined, z.string().default('0.0.0.0')),
  TRUST_PROXY: TrustProxy,
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(LOG_LEVELS).default('info')),
  SHOP_DIR: optionalString,
  REDIS_URL: z.preprocess(emptyToUndefined, z.string().regex(/^rediss?:\/\//, 'REDIS_URL looks like redis://host:6379').optional()),
  REDIS_CLUSTER_NODES: HostPorts('REDIS_CLUSTER_NODES'),
  REDIS_SENTINELS: HostPorts('REDIS_SENTINELS'),
  REDIS_SENTINEL_NAME: optionalString,
  REDIS_PREFIX: z.preprocess(emptyToUndefined, z.string().default('pasokh:')),
  RETENTION_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(3650).default(90)),
  INSIGHTS_RETENTION_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(3650).default(400)),
  INTENTS_DIR: optionalString,
  MODEL_CACHE_DIR: ModelCacheDir,
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('.pasokh')),
  PUBLIC_URL: z.preprocess(emptyToUndefined, z.string().url('PUBLIC_URL is the https:// address the server is reached at').optional()),
  TELEGRAM_BOT_TOKEN: z.preprocess(emptyToUndefined, z.string().regex(BOT_TOKEN, 'TELEGRAM_BOT_TOKEN looks like 123456:ABC-DEF… (from @BotFather)').optional()),
  TELEGRAM_API_ROOT: z.preprocess(emptyToUndefined, z.string().url().default('https://api.telegram.org')),
  TELEGRAM_WEBHOOK_SECRET: z.preprocess(emptyToUndefined, z.string().regex(SECRET, 'TELEGRAM_WEBHOOK_SECRET: 1–256 characters of A-Z, a-z, 0-9, _ and -').optional()),
  BALE_BOT_TOKEN: z.preprocess(emptyToUndefined, z.string().regex(BOT_TOKEN, 'BALE_BOT_TOKEN looks like 123456:ABC… (from @BotFather in Bale)').optional()),
  BALE_API_ROOT: z.preprocess(emptyToUndefined, z.string().url().default('https://tapi.bale.ai')),
  BALE_WEBHOOK_SECRET: z.preprocess(emptyToUndefined, z.string().regex(SECRET, 'BALE_WEBHOOK_SECRET: 1–256 characters of A-Z, a-z, 0-9, _ and -').optional()),
  WIDGET_SECRET: z.preprocess(emptyToUndefined, z.string().min(16, 'WIDGET_SECRET: at least 16 characters').optional()),
  WIDGET_IDENTITY_SECRET: z.preprocess(emptyToUndefined, z.string().min(16, 'WIDGET_IDENTITY_SECRET: at least 16 characters').optional()),
  WIDGET_ALLOWED_ORIGINS: z.preprocess(emptyToUndefined, z.string().default('*')),
  WIDGET_RATE_LIMIT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(1000).default(20)),
  AGENTS: optionalString,
  AGENTS_FILE: optionalString,
  AGENT_SECRET: z.preprocess(emptyToUndefined, z.string().min(16, 'AGENT_SECRET: at least 16 characters').optional()),
  HANDOFF_QUEUE_TIMEOUT_MINUTES: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(24 * 60).default(15)),
  NODE_ENV: optionalString,
  STAFF_CHAT_ID: z.preprocess(emptyToUndefined, z.string().regex(/^-100\d+$/, 'STAFF_CHAT_ID is a supergroup id like -1001234567890').optional()),
});

export type RawConfig = z.infer<typeof ConfigSchema>;

export interface Config {
  port: number;
  host: string;
  /** fastify's trustProxy: false (the default) ignores X-Forwarded-For; else the proxies believed. */
  trustProxy: boolean | number | string[];
  logLevel: (typeof LOG_LEVELS)[number];
  shopDir: string;
  /** True when SHOP_DIR was not set and the bundled sample shop is used. */
  sampleShop: boolean;
  redisUrl?: string;
  /** Where Redis is: REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS; unset: in-memory state. */
  redis?: RedisConnection;
  redisPrefix: string;
  retentionSeconds: number;
  /** How long the owner's daily insights (aggregates, no customer identifiers) are kept: INSIGHTS_RETENTION_DAYS. */
  insightsRetentionSeconds: number;
  intentsDir?: string;
  /** Files pasokh keeps between starts (DATA_DIR; `off`: undefined, nothing kept): the demo's widget key. */
  dataDir?: string;
  /** Where trained classifiers are kept by a hash of their training data (MODEL_CACHE_DIR; `off`: undefined, train at every start). */
  modelCacheDir?: string;
  publicUrl?: string;
  /** Telegram and Bale bots, each configured by its own token. */
  bots: BotConfig[];
  widget: WidgetConfig;
  handoff: HandoffConfig;
  /** NODE_ENV=production: no demo shortcuts (the server refuses to start without agent accounts). */
  production: boolean;
  /**
   * Keys the hashes that name order-lookup counters in Redis: WIDGET_SECRET, else AGENT_SECRET (the
   * same on every instance), else a random key per start (the demo: counts start over on restart).
   */
  lookupSecret: string;
}

export interface HandoffConfig {
  agents?: string;
  agentsFile?: string;
  /** Signs agent console sessions. Unset: a random key per start (agents sign in again after a restart). */
  agentSecret?: string;
  queueTimeoutMinutes: number;
  /** The staff's Telegram supergroup (with topics) for handoffs. */
  staffChatId?: number;
}

export interface WidgetConfig {
  /** Signs visitors' session tokens (WIDGET_SECRET). */
  secret?: string;
  /**
   * Without WIDGET_SECRET outside production: where the key made at the first start is kept
   * (DATA_DIR/widget-secret), so sessions survive a restart. Unset: a key per process.
   */
  secretFile?: string;
  /** Verifies the customer identity a shop's site passes to the widget (data-customer). */
  identitySecret?: string;
  /** Origins whose pages may embed the widget; ['*'] allows any. */
  allowedOrigins: string[];
  /** Messages per visitor per minute. */
  rateLimit: number;
}

export interface BotConfig {
  /** 'telegram' or 'bale': the activity's channelId and the webhook path (/telegram/webhook). */
  channel: 'telegram' | 'bale';
  token: string;
  apiRoot: string;
  /** Set: updates arrive by webhook at POST /<channel>/webhook; unset: long polling. */
  webhookSecret?: string;
}

export { ConfigError };

/** Loads `.env` from the working directory into the environment (existing variables win). */
export function loadDotEnv(file = resolve('.env')): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    trustProxy: c.TRUST_PROXY,
    logLevel: c.LOG_LEVEL,
    shopDir: c.SHOP_DIR ? resolve(c.SHOP_DIR) : SAMPLE_SHOP_DIR,
    sampleShop: !c.SHOP_DIR,
    redisUrl: c.REDIS_URL,
    redis: redisOf(c),
    redisPrefix: c.REDIS_PREFIX,
    retentionSeconds: c.RETENTION_DAYS * 24 * 3600,
    insightsRetentionSeconds: c.INSIGHTS_RETENTION_DAYS * 24 * 3600,
    intentsDir: c.INTENTS_DIR,
    modelCacheDir: modelCacheDirOf(c.MODEL_CACHE_DIR),
    dataDir: dataDirOf(c.DATA_DIR),
    publicUrl: c.PUBLIC_URL?.replace(/\/+$/, ''),
    bots: botsOf(c),
    production: c.NODE_ENV === 'production',
    lookupSecret: c.WIDGET_SECRET ?? c.AGENT_SECRET ?? randomBytes(32).toString('base64url'),
    handoff: {
      agents: c.AGENTS,
      agentsFile: c.AGENTS_FILE,
      agentSecret: c.AGENT_SECRET,
      queueTimeoutMinutes: c.HANDOFF_QUEUE_TIMEOUT_MINUTES,
      staffChatId: c.STAFF_CHAT_ID ? Number(c.STAFF_CHAT_ID) : undefined,
    },
    widget: {
      secret: c.WIDGET_SECRET,
      secretFile: c.WIDGET_SECRET || c.NODE_ENV === 'production' || !dataDirOf(c.DATA_DIR) ? undefined : join(dataDirOf(c.DATA_DIR)!, 'widget-secret'),
      identitySecret: c.WIDGET_IDENTITY_SECRET,
      allowedOrigins: c.WIDGET_ALLOWED_ORIGINS.split(',').map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean),
      rateLimit: c.WIDGET_RATE_LIMIT,
    },
  };
}

/** One of REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS (+ REDIS_SENTINEL_NAME), or none. */
function redisOf(c: RawConfig): RedisConnection | undefined {
  const set = (['REDIS_URL', 'REDIS_CLUSTER_NODES', 'REDIS_SENTINELS'] as const).filter((name) => c[name] !== undefined);
  if (set.length > 1) throw new ConfigError([`${set.join(', ')}: Redis is one server (REDIS_URL), a Cluster (REDIS_CLUSTER_NODES) or found through Sentinel (REDIS_SENTINELS); set one of them`]);
  if (c.REDIS_SENTINELS && !c.REDIS_SENTINEL_NAME) throw new ConfigError(['REDIS_SENTINEL_NAME: with REDIS_SENTINELS, the name the Sentinels monitor the master by (sentinel monitor <name> …) is required']);
  if (c.REDIS_SENTINEL_NAME && !c.REDIS_SENTINELS) throw new ConfigError(['REDIS_SENTINEL_NAME: set only with REDIS_SENTINELS (the Sentinels to ask for this master)']);
  // A tag in the prefix would put every key in one slot: one master would hold them all.
  if (c.REDIS_CLUSTER_NODES && /[{}]/.test(c.REDIS_PREFIX)) throw new ConfigError(['REDIS_PREFIX: no { or } with REDIS_CLUSTER_NODES (a hash tag in the prefix puts every key on one master)']);
  if (c.REDIS_URL) return { kind: 'server', url: c.REDIS_URL };
  if (c.REDIS_CLUSTER_NODES) return { kind: 'cluster', nodes: c.REDIS_CLUSTER_NODES };
  if (c.REDIS_SENTINELS) return { kind: 'sentinel', sentinels: c.REDIS_SENTINELS, name: c.REDIS_SENTINEL_NAME! };
  return undefined;
}

const isBaleRoot = (apiRoot: string) => /(^|\.)bale\.ai$/i.test(new URL(apiRoot).hostname);

function botsOf(c: RawConfig): BotConfig[] {
  const bots: BotConfig[] = [];
  if (c.TELEGRAM_BOT_TOKEN) {
    // TELEGRAM_API_ROOT pointed at Bale makes this bot a Bale bot.
    const channel = isBaleRoot(c.TELEGRAM_API_ROOT) ? 'bale' : 'telegram';
    bots.push({ channel, token: c.TELEGRAM_BOT_TOKEN, apiRoot: c.TELEGRAM_API_ROOT, webhookSecret: c.TELEGRAM_WEBHOOK_SECRET });
  }
  if (c.BALE_BOT_TOKEN) {
    if (bots.some((b) => b.channel === 'bale')) throw new ConfigError(['BALE_BOT_TOKEN: TELEGRAM_API_ROOT already points the Telegram bot at Bale; set one of them']);
    bots.push({ channel: 'bale', token: c.BALE_BOT_TOKEN, apiRoot: c.BALE_API_ROOT, webhookSecret: c.BALE_WEBHOOK_SECRET });
  }
  return bots;
}
