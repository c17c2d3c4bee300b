// Configuration, read once from the environment (and .env, when present) and validated: every
// variable pasokh knows is here, with its default. Nothing else reads process.env.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { SAMPLE_SHOP_DIR } from './commerce/index.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());

export const ConfigSchema = z.object({
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  HOST: z.preprocess(emptyToUndefined, z.string().default('0.0.0.0')),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(LOG_LEVELS).default('info')),
  SHOP_DIR: optionalString,
  REDIS_URL: z.preprocess(emptyToUndefined, z.string().regex(/^rediss?:\/\//, 'REDIS_URL looks like redis://host:6379').optional()),
  REDIS_PREFIX: z.preprocess(emptyToUndefined, z.string().default('pasokh:')),
  RETENTION_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(3650).default(90)),
  INTENTS_DIR: optionalString,
});

export type RawConfig = z.infer<typeof ConfigSchema>;

export interface Config {
  port: number;
  host: string;
  logLevel: (typeof LOG_LEVELS)[number];
  shopDir: string;
  /** True when SHOP_DIR was not set and the bundled sample shop is used. */
  sampleShop: boolean;
  redisUrl?: string;
  redisPrefix: string;
  retentionSeconds: number;
  intentsDir?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`configuration problems:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

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
    logLevel: c.LOG_LEVEL,
    shopDir: c.SHOP_DIR ? resolve(c.SHOP_DIR) : SAMPLE_SHOP_DIR,
    sampleShop: !c.SHOP_DIR,
    redisUrl: c.REDIS_URL,
    redisPrefix: c.REDIS_PREFIX,
    retentionSeconds: c.RETENTION_DAYS * 24 * 3600,
    intentsDir: c.INTENTS_DIR,
  };
}
