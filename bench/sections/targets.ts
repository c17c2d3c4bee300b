// Section 3: the spec's targets for the classifier, from the figures of the nlu section.
import type { Section } from '../section.js';
import { speedup } from './nlu.js';
import { fixed, formatTable, percent, thousands } from '../table.js';
import { P99_TURN_BUDGET_MS, TURNS_PER_SECOND_TARGET, type EngineResult } from './engine.js';
import { PRODUCTION_BUDGET_MIB, STARTUP_BUDGET_MS, type StartupResult } from './startup.js';

export interface TargetResult {
  target: string;
  value: string;
  pass: boolean;
}

export const P99_BUDGET_US = 300;
/** Issue 13: classify latency on dev.jsonl, speed against nlp.js, and time until the model serves. */
export const CLASSIFY = { p50Us: 20, p99Us: 80, speedup: 2.5, readyMs: 300 } as const;

export const targetsSection: Section = {
  id: 'targets',
  async run({ results }) {
    const nlu = results.nlu ?? [];
    const [ours, ...peers] = nlu;
    if (!ours) throw new Error('targets: the nlu section has not run');
    const targets: TargetResult[] = [
      ...ours.sets.map((set, i) => ({
        target: `${ours.system} accuracy above every peer on ${set.name}`,
        value: `${percent(set.accuracy)} vs ${peers.map((p) => `${p.system} ${percent(p.sets[i]?.accuracy ?? 0)}`).join(', ') || 'no peers'}`,
        pass: peers.length > 0 && peers.every((p) => set.accuracy > (p.sets[i]?.accuracy ?? 0)),
      })),
      {
        target: `${ours.system} classify p99 < ${P99_BUDGET_US} µs`,
        value: `${fixed(ours.p99Us, 1)} µs`,
        pass: ours.p99Us < P99_BUDGET_US,
      },
      // Issue 13's classifier targets.
      {
        target: `${ours.system} classify p50 ≤ ${CLASSIFY.p50Us} µs, p99 ≤ ${CLASSIFY.p99Us} µs`,
        value: `${fixed(ours.p50Us, 1)} µs / ${fixed(ours.p99Us, 1)} µs`,
        pass: ours.p50Us <= CLASSIFY.p50Us && ours.p99Us <= CLASSIFY.p99Us,
      },
      ...peers
        .filter((p) => p.system === 'nlp.js')
        .map((p) => ({
          target: `${ours.system} classify ≥ ${CLASSIFY.speedup}× faster than ${p.system} (p50 and p99, same run)`,
          value: `${fixed(speedup(ours, p).p50, 2)}× / ${fixed(speedup(ours, p).p99, 2)}×`,
          pass: speedup(ours, p).p50 >= CLASSIFY.speedup && speedup(ours, p).p99 >= CLASSIFY.speedup,
        })),
      {
        target: `${ours.system} model ready ≤ ${CLASSIFY.readyMs} ms at start (trained, or read from the model cache)`,
        value: `train ${fixed(ours.trainMedianMs ?? ours.trainMs, 0)} ms, cached ${fixed(ours.cachedLoadMs ?? NaN, 0)} ms`,
        pass: Math.min(ours.trainMedianMs ?? ours.trainMs, ours.cachedLoadMs ?? Infinity) <= CLASSIFY.readyMs,
      },
    ];
    const engine = results.engine as EngineResult | undefined;
    if (engine) {
      targets.push(
        { target: `engine turn p99 < ${P99_TURN_BUDGET_MS} ms (Redis)`, value: `${fixed(engine.p99Ms, 2)} ms`, pass: engine.p99Ms < P99_TURN_BUDGET_MS },
        {
          target: `engine > ${thousands(TURNS_PER_SECOND_TARGET)} turns/s on one core`,
          value: `${thousands(engine.concurrentPerSecond)} turns/s (${engine.concurrency} in flight)`,
          pass: engine.concurrentPerSecond > TURNS_PER_SECOND_TARGET,
        },
      );
    }
    const startup = results.startup as StartupResult | undefined;
    if (startup) {
      targets.push(
        { target: `npm start → first 200 on /healthz ≤ ${STARTUP_BUDGET_MS} ms (sample shop, model cached)`, value: `${fixed(startup.medianMs, 0)} ms (median; ${fixed(startup.coldMs, 0)} ms with an empty model cache)`, pass: startup.medianMs <= STARTUP_BUDGET_MS },
        { target: `production node_modules ≤ ${PRODUCTION_BUDGET_MIB} MiB`, value: `${fixed(startup.productionMiB, 1)} MiB`, pass: startup.productionMiB <= PRODUCTION_BUDGET_MIB },
      );
    }
    const text = formatTable(
      ['', 'target', 'measured'],
      targets.map((t) => [t.pass ? 'PASS ✓' : 'FAIL ✗', t.target, t.value]),
      ['left', 'left', 'left'],
    );
    return { title: 'Targets', text, json: targets };
  },
};
