// `node --import tsx bench/classify-ab.ts DIR_A DIR_B [seconds] [--no-nlpjs]`: classify latency on
// dev.jsonl of the pasokh of two checkouts (roots of `git worktree`s), loaded the same way, taking
// turns with nlp.js. Unlike bench/classify-speed.ts, where the checkout the script runs from comes
// first and at each turn of order runs two passes in a row (its second on warm caches: an A/A run
// of the same code gave it 0.93× / 0.89× the other's p50 / p99), here every pasokh pass comes right
// after an nlp.js pass and A and B go first in turn, so an A/A run reads 1.00×. Prints B/A.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { trainClassifier } from '../src/nlu/classify/index.js';
import { loadBenchData } from './data.js';
import { now, quantile } from './measure.js';
import { nlpjs } from './systems/nlpjs.js';
import { fixed, formatTable } from './table.js';

const args = process.argv.slice(2);
const withNlpjs = !args.includes('--no-nlpjs');
const [dirA, dirB, secondsArg] = args.filter((a) => a !== '--no-nlpjs');
if (!dirA || !dirB) throw new Error('usage: bench/classify-ab.ts DIR_A DIR_B [seconds] [--no-nlpjs]');
const seconds = Number(secondsArg ?? 20);

const data = loadBenchData();
const texts = (data.devSets[0]?.examples ?? []).map((e) => e.text);
interface System {
  name: string;
  classify: (text: string) => unknown;
  samples: number[];
}
const load = async (name: string, dir: string): Promise<System> => {
  const url = pathToFileURL(resolve(dir, 'src/nlu/classify/index.ts')).href;
  const classifier = ((await import(url)) as { trainClassifier: typeof trainClassifier }).trainClassifier(data.intents);
  return { name: `${name} (${dir})`, classify: (t) => classifier.classify(t), samples: [] };
};
const a = await load('A', dirA);
const b = await load('B', dirB);
const nlp = withNlpjs ? await nlpjs.train(data.intents) : undefined;
const n: System | undefined = nlp && { name: 'nlp.js', classify: (t) => nlp.classify(t), samples: [] };

async function pass(system: System, record: boolean): Promise<void> {
  for (const text of texts) {
    const t0 = now();
    const r = system.classify(text);
    if (r instanceof Promise) await r;
    if (record) system.samples.push((now() - t0) * 1000);
  }
}

const rounds = [n ? [a, n, b, n] : [a, b], n ? [b, n, a, n] : [b, a]];
for (let k = 0; k < 3; k++) for (const s of rounds[0]!) await pass(s, false); // warm-up
const end = now() + seconds * 1000;
for (let round = 0; now() < end; round++) for (const s of rounds[round % 2]!) await pass(s, true);

const stats = [a, b, ...(n ? [n] : [])].map((s) => {
  const sorted = Float64Array.from(s.samples).sort();
  return { name: s.name, calls: sorted.length, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
});
console.log(formatTable(['system', 'calls', 'p50 µs', 'p99 µs'], stats.map((s) => [s.name, String(s.calls), fixed(s.p50, 1), fixed(s.p99, 1)])));
console.log(`B/A: p50 ${fixed(stats[1]!.p50 / stats[0]!.p50, 3)}×, p99 ${fixed(stats[1]!.p99 / stats[0]!.p99, 3)}×`);
