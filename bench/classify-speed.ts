// `node --import tsx bench/classify-speed.ts [seconds] [--baseline DIR]`: classify latency on
// dev.jsonl, pasokh against nlp.js (and optionally against the pasokh of another checkout: DIR is
// its root, e.g. a `git worktree` of main), without the rest of the nlu section. The systems take
// turns, one pass over the texts each, so that all of them see the same load: on a shared machine
// the ratios mean more than any one figure. Each call is timed as in bench/measure.ts.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { trainClassifier } from '../src/nlu/classify/index.js';
import { loadBenchData } from './data.js';
import { now, quantile } from './measure.js';
import { nlpjs } from './systems/nlpjs.js';
import { fixed, formatTable } from './table.js';

const args = process.argv.slice(2);
const baselineAt = args.indexOf('--baseline');
const baselineDir = baselineAt >= 0 ? args.splice(baselineAt, 2)[1] : undefined;
const seconds = Number(args[0] ?? 20);

const data = loadBenchData();
const texts = (data.devSets[0]?.examples ?? []).map((e) => e.text);
type Classify = (text: string) => unknown;
const systems: Array<{ name: string; classify: Classify; samples: number[] }> = [];
const pasokh = trainClassifier(data.intents);
systems.push({ name: 'pasokh', classify: (t) => pasokh.classify(t), samples: [] });
if (baselineDir) {
  const url = pathToFileURL(resolve(baselineDir, 'src/nlu/classify/index.ts')).href;
  const baseline = ((await import(url)) as { trainClassifier: typeof trainClassifier }).trainClassifier(data.intents);
  systems.push({ name: `pasokh (${baselineDir})`, classify: (t) => baseline.classify(t), samples: [] });
}
const nlp = await nlpjs.train(data.intents);
systems.push({ name: 'nlp.js', classify: (t) => nlp.classify(t), samples: [] });

async function pass(system: (typeof systems)[number], record: boolean): Promise<void> {
  for (const text of texts) {
    const t0 = now();
    const r = system.classify(text);
    if (r instanceof Promise) await r;
    if (record) system.samples.push((now() - t0) * 1000);
  }
}

for (let k = 0; k < 3; k++) for (const s of systems) await pass(s, false); // warm-up
const end = now() + seconds * 1000;
for (let round = 0; now() < end; round++) {
  const order = round % 2 === 0 ? systems : [...systems].reverse();
  for (const s of order) await pass(s, true);
}
const stats = systems.map((s) => {
  const sorted = Float64Array.from(s.samples).sort();
  return { name: s.name, calls: sorted.length, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
});
const nlpStats = stats.find((s) => s.name === 'nlp.js')!;
console.log(
  formatTable(
    ['system', 'calls', 'p50 µs', 'p99 µs', 'nlp.js / it (p50 / p99)'],
    stats.map((s) => [s.name, String(s.calls), fixed(s.p50, 1), fixed(s.p99, 1), `${fixed(nlpStats.p50 / s.p50, 2)}× / ${fixed(nlpStats.p99 / s.p99, 2)}×`]),
  ),
);
