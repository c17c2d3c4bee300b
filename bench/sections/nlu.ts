// Section 2: pasokh's classifier against the baselines, trained on intents/fa and scored on every
// dev set present, plus 5-fold cross-validation on the training examples themselves.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedClassifier, createModelCache } from '../../src/nlu/classify/index.js';
import { atGranularityOf, parentsOf } from '../../src/nlu/evaluate.js';
import type { IntentData } from '../../src/nlu/intents/index.js';
import type { DevExample, DevSet } from '../data.js';
import { MB, hasGc, heapUsed, measureLatency, median, now } from '../measure.js';
import { score } from '../metrics.js';
import type { Section } from '../section.js';
import { SYSTEMS, type Classifier, type NluSystem } from '../systems/index.js';
import { fixed, formatTable, percent, thousands } from '../table.js';

export interface SetScore {
  name: string;
  n: number;
  accuracy: number;
  macroF1: number;
}

export interface NluResult {
  system: string;
  trainMs: number;
  /** Median of 3 training runs (pasokh only). */
  trainMedianMs?: number;
  /** pasokh only: reading the trained model back from the model cache, ready to classify (median of 3). */
  cachedLoadMs?: number;
  heapMB: number;
  /** On dev.jsonl (the first set). */
  accuracy: number;
  macroF1: number;
  /** Every dev set present. */
  sets: SetScore[];
  /** 5-fold cross-validation on the training examples. */
  cv?: { accuracy: number; macroF1: number };
  p50Us: number;
  p99Us: number;
  meanUs: number;
  perSecond: number;
  calls: number;
}

const LATENCY = { warmupMs: 200, durationMs: 1000 };
const FOLDS = 5;

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

/** Scores on a labelled set, finer intents read as the set's canonical ones (see atGranularityOf). */
async function scoreOn(model: Classifier, examples: readonly DevExample[], parents: ReadonlyMap<string, string>) {
  const granular = atGranularityOf(new Set(examples.map((d) => d.intent)), parents);
  const predicted = (await predictAll(model, examples.map((d) => d.text))).map(granular);
  return score(examples.map((d) => d.intent), predicted);
}

/** Stratified folds: every FOLDS-th example of each intent is held out in turn. */
async function crossValidate(system: NluSystem, intents: readonly IntentData[]) {
  const gold: string[] = [];
  const predicted: string[] = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    const train = intents.map((d) => ({ ...d, examples: d.examples.filter((_, i) => i % FOLDS !== fold) }));
    const test = intents.flatMap((d) => d.examples.filter((_, i) => i % FOLDS === fold).map((text) => ({ text, intent: d.intent })));
    const { model } = await timedTrain(system, train);
    gold.push(...test.map((t) => t.intent));
    predicted.push(...(await predictAll(model, test.map((t) => t.text))));
  }
  const { accuracy, macroF1 } = score(gold, predicted);
  return { accuracy, macroF1 };
}

export async function benchSystem(
  system: NluSystem,
  intents: readonly IntentData[],
  devSets: readonly DevSet[],
  { repeatTrain = 1, folds = true } = {},
): Promise<NluResult> {
  const { model, trainMs, heapMB } = await timedTrain(system, intents);
  const parents = parentsOf(intents);
  const sets: SetScore[] = [];
  for (const set of devSets) {
    const { accuracy, macroF1 } = await scoreOn(model, set.examples, parents);
    sets.push({ name: set.name, n: set.examples.length, accuracy, macroF1 });
  }
  // Latency over the first set only (short and long chat messages), as in earlier figures.
  const latency = await measureLatency((text) => model.classify(text), (devSets[0]?.examples ?? []).map((d) => d.text), LATENCY);
  const first = sets[0] ?? { accuracy: 0, macroF1: 0 };
  const result: NluResult = { system: system.name, trainMs, heapMB, accuracy: first.accuracy, macroF1: first.macroF1, sets, ...latency };
  if (repeatTrain > 1) {
    const runs = [trainMs];
    for (let i = 1; i < repeatTrain; i++) runs.push((await timedTrain(system, intents)).trainMs);
    result.trainMedianMs = median(runs);
  }
  if (folds) result.cv = await crossValidate(system, intents);
  return result;
}

/** Median time to store pasokh's model in a fresh model cache and read it back, ready to classify. */
function cachedLoadMs(intents: readonly IntentData[]): number {
  const dir = mkdtempSync(join(tmpdir(), 'pasokh-bench-cache-'));
  try {
    cachedClassifier(intents, {}, createModelCache(dir));
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = now();
      cachedClassifier(intents, {}, createModelCache(dir)).classify('سلام');
      runs.push(now() - start);
    }
    return median(runs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** How many times faster pasokh is than `peer`: its p50 and p99 over ours. */
export function speedup(ours: NluResult, peer: NluResult): { p50: number; p99: number } {
  return { p50: peer.p50Us / ours.p50Us, p99: peer.p99Us / ours.p99Us };
}

export const nluSection: Section = {
  id: 'nlu',
  async run({ data }) {
    const results: NluResult[] = [];
    for (const system of SYSTEMS) results.push(await benchSystem(system, data.intents, data.devSets, { repeatTrain: system === SYSTEMS[0] ? 3 : 1 }));
    results[0]!.cachedLoadMs = cachedLoadMs(data.intents);
    const ours = results[0]!;
    const speed = formatTable(
      ['system', 'p50 µs', 'p99 µs', 'pasokh faster (p50 / p99)', 'classify/s', 'train ms', 'cached model ms', 'heap MB'],
      results.map((r) => [
        r.system,
        fixed(r.p50Us, 1),
        fixed(r.p99Us, 1),
        r === ours ? '' : `${fixed(speedup(ours, r).p50, 1)}× / ${fixed(speedup(ours, r).p99, 1)}×`,
        thousands(r.perSecond),
        r.trainMedianMs === undefined ? fixed(r.trainMs, 0) : `${fixed(r.trainMs, 0)} (med ${fixed(r.trainMedianMs, 0)})`,
        r.cachedLoadMs === undefined ? '' : fixed(r.cachedLoadMs, 0),
        fixed(r.heapMB, 2),
      ]),
    );
    const quality = formatTable(
      ['system', ...data.devSets.map((s) => `${s.name} (${s.examples.length})`), `${FOLDS}-fold CV`],
      results.map((r) => [
        r.system,
        ...r.sets.map((s) => `${percent(s.accuracy)} / ${fixed(s.macroF1, 3)}`),
        r.cv ? `${percent(r.cv.accuracy)} / ${fixed(r.cv.macroF1, 3)}` : '—',
      ]),
    );
    const examples = data.intents.reduce((n, d) => n + d.examples.length, 0);
    const notes = [
      `trained on ${examples} examples of ${data.intents.length} intents; each cell: accuracy / macro-F1`,
      'a finer intent a dev set does not use (counts_as in its intent file) is scored as its canonical parent, for every system alike',
      `CV: ${FOLDS} stratified folds of intents/fa (every ${FOLDS}th example of each intent held out in turn)`,
      'cached model: a start with unchanged training data reads the model from MODEL_CACHE_DIR instead of training (median of 3, first classify included)',
      `latency: one call at a time over the ${data.devSets[0]?.name ?? "first"} texts for ~${LATENCY.durationMs / 1000} s after a ${LATENCY.warmupMs} ms warm-up`,
      hasGc ? 'heap: heapUsed after minus before training, each after a forced gc' : 'heap: heapUsed after minus before training WITHOUT gc (run node with --expose-gc for exact figures)',
    ];
    const text = [quality, '', speed, '', ...notes.map((n) => `  ${n}`)].join('\n');
    return { title: 'Intent classification (dev sets)', text, json: results };
  },
};
