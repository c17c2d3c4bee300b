// The benchmark's data: the training intents (intents/fa) and the held-out dev sets
// (test/data/dev*.jsonl), which are only ever classified, never trained on.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadIntents, type IntentData } from '../src/nlu/intents/index.js';

export interface DevExample {
  text: string;
  intent: string;
}

export interface DevSet {
  name: string;
  examples: DevExample[];
}

export interface BenchData {
  intents: IntentData[];
  /** test/data/dev.jsonl (the normalizer's texts too). */
  dev: DevExample[];
  /** Every dev set present, dev.jsonl first. */
  devSets: DevSet[];
}

/** The dev sets the bench scores, in this order, when their file exists. */
export const DEV_SET_FILES = ['dev.jsonl', 'dev2.jsonl', 'dev3.jsonl', 'dev-f.jsonl', 'dev4.jsonl', 'dev5.jsonl'] as const;

const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

export function loadDevSet(file = root('test/data/dev.jsonl')): DevExample[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line, i) => {
      const row = JSON.parse(line) as Partial<DevExample>;
      if (typeof row.text !== 'string' || typeof row.intent !== 'string') throw new Error(`${file}:${i + 1}: expected {"text","intent"}`);
      return { text: row.text, intent: row.intent };
    });
}

export function loadBenchData(): BenchData {
  const devSets = DEV_SET_FILES.map((name) => ({ name, file: root(`test/data/${name}`) }))
    .filter(({ file }) => existsSync(file))
    .map(({ name, file }) => ({ name, examples: loadDevSet(file) }));
  return { intents: loadIntents(root('intents/fa')), dev: loadDevSet(), devSets };
}
