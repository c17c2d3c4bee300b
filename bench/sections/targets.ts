// Section 3: the spec's targets for the classifier, from the figures of the nlu section.
import type { Section } from '../section.js';
import { fixed, formatTable, percent, thousands } from '../table.js';
import { P99_TURN_BUDGET_MS, TURNS_PER_SECOND_TARGET, type EngineResult } from './engine.js';
import { PRODUCTION_BUDGET_MIB, STARTUP_BUDGET_MS, type StartupResult } from './startup.js';

export interface TargetResult {
  target: string;
  value: string;
  pass: boolean;
}

export const P99_BUDGET_US = 300;

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
        { target: `npm start → first 200 on /healthz ≤ ${STARTUP_BUDGET_MS} ms`, value: `${fixed(startup.medianMs, 0)} ms (median)`, pass: startup.medianMs <= STARTUP_BUDGET_MS },
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
