// The benchmark's data: the training intents (intents/fa) and the held-out dev set
// (test/data/dev.jsonl), which is only ever classified, never trained on.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadIntents, type IntentData } from '../src/nlu/intents/index.js';

export interface DevExample {
  text: string;
  intent: string;
}

export interface BenchData {
  intents: IntentData[];
  dev: DevExample[];
}

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
  return { intents: loadIntents(root('intents/fa')), dev: loadDevSet() };
}
