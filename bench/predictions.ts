// `node --import tsx bench/predictions.ts [out.jsonl]`: every prediction of pasokh's classifier
// (trained on intents/fa, default options) on each dev set and on the training examples, plus the
// entities extractEntities finds in each key, one JSON line each. A speed change must leave this file
// byte for byte the same: run it before and after, then `cmp` (or `diff`) the two files.
import { writeFileSync } from 'node:fs';
import { trainClassifier } from '../src/nlu/classify/index.js';
import { extractEntities } from '../src/nlu/entities/index.js';
import { toKey } from '../src/nlu/normalize/index.js';
import { loadBenchData } from './data.js';

const data = loadBenchData();
const classifier = trainClassifier(data.intents);
const sets = [
  ...data.devSets.map((s) => ({ name: s.name, texts: s.examples.map((e) => e.text) })),
  { name: 'intents/fa', texts: data.intents.flatMap((d) => d.examples) },
];
const lines: string[] = [];
for (const set of sets) {
  for (const text of set.texts) {
    const key = toKey(text);
    // Full precision: JSON prints the shortest string that reads back as the same double.
    lines.push(JSON.stringify({ set: set.name, text, key, prediction: classifier.classify(text, 5), entities: extractEntities(key) }));
  }
}
const out = process.argv[2];
if (out) writeFileSync(out, `${lines.join('\n')}\n`);
else process.stdout.write(`${lines.join('\n')}\n`);
process.stderr.write(`${lines.length} predictions (${sets.map((s) => `${s.name} ${s.texts.length}`).join(', ')})\n`);
