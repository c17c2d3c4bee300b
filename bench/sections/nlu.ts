// Section 2: pasokh's classifier against the baselines, trained on intents/fa and scored on the dev set.
import type { IntentData } from '../../src/nlu/intents/index.js';
import { MB, hasGc, heapUsed, measureLatency, median, now } from '../measure.js';
import { score } from '../metrics.js';
import type { Section } from '../section.js';
import { SYSTEMS, type Classifier, type NluSystem } from '../systems/index.js';
import { fixed, formatTable, percent, thousands } from '../table.js';

export interface NluResult {
  system: string;
  trainMs: number;
  /** Median of 3 training runs (pasokh only). */
  trainMedianMs?: number;
  heapMB: number;
  accuracy: number;
  macroF1: number;
  p50Us: number;
  p99Us: number;
  meanUs: number;
  perSecond: number;
  calls: number;
}

const LATENCY = { warmupMs: 200, durationMs: 1000 };

async function timedTrain(system: NluSystem, data: readonly IntentData[]) {
  const before = heapUsed();
  const start = now();
  const model = await system.train(data);
  const trainMs = now() - start;
  const heapMB = (heapUsed() - before) / MB;
  return { model, trainMs, heapMB };
}

async function predictAll(model: Classifier, texts: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const text of texts) out.push(await model.classify(text));
  return out;
}

export async function benchSystem(system: NluSystem, intents: readonly IntentData[], dev: readonly { text: string; intent: string }[], repeatTrain = 1): Promise<NluResult> {
  const { model, trainMs, heapMB } = await timedTrain(system, intents);
  const texts = dev.map((d) => d.text);
  const { accuracy, macroF1 } = score(dev.map((d) => d.intent), await predictAll(model, texts));
  const latency = await measureLatency((text) => model.classify(text), texts, LATENCY);
  const result: NluResult = { system: system.name, trainMs, heapMB, accuracy, macroF1, ...latency };
  if (repeatTrain > 1) {
    const runs = [trainMs];
    for (let i = 1; i < repeatTrain; i++) runs.push((await timedTrain(system, intents)).trainMs);
    result.trainMedianMs = median(runs);
  }
  return result;
}

export const nluSection: Section = {
  id: 'nlu',
  async run({ data }) {
    const results: NluResult[] = [];
    for (const system of SYSTEMS) results.push(await benchSystem(system, data.intents, data.dev, system === SYSTEMS[0] ? 3 : 1));
    const rows = results.map((r) => [
      r.system,
      percent(r.accuracy),
      fixed(r.macroF1, 3),
      fixed(r.p50Us, 1),
      fixed(r.p99Us, 1),
      thousands(r.perSecond),
      r.trainMedianMs === undefined ? fixed(r.trainMs, 0) : `${fixed(r.trainMs, 0)} (med ${fixed(r.trainMedianMs, 0)})`,
      fixed(r.heapMB, 2),
    ]);
    const examples = data.intents.reduce((n, d) => n + d.examples.length, 0);
    const notes = [
      `trained on ${examples} examples of ${data.intents.length} intents; scored on ${data.dev.length} dev messages`,
      `latency: one call at a time over the dev texts for ~${LATENCY.durationMs / 1000} s after a ${LATENCY.warmupMs} ms warm-up`,
      hasGc ? 'heap: heapUsed after minus before training, each after a forced gc' : 'heap: heapUsed after minus before training WITHOUT gc (run node with --expose-gc for exact figures)',
    ];
    const text = [
      formatTable(['system', 'accuracy', 'macro-F1', 'p50 µs', 'p99 µs', 'classify/s', 'train ms', 'heap MB'], rows),
      '',
      ...notes.map((n) => `  ${n}`),
    ].join('\n');
    return { title: 'Intent classification (dev set)', text, json: results };
  },
};
