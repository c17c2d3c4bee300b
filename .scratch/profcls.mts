import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { trainClassifier } from '../dist/src/nlu/classify/index.js';
import { loadBenchData } from '../bench/data.js';
const data = loadBenchData();
const texts = (data.devSets[0]?.examples ?? []).map((e) => e.text);
const c = trainClassifier(data.intents);
for (let i = 0; i < 20; i++) for (const t of texts) c.classify(t);
const s = new Session(); s.connect(); await s.post('Profiler.enable'); await s.post('Profiler.setSamplingInterval', { interval: 50 }); await s.post('Profiler.start');
const times: [number, string][] = [];
for (let i = 0; i < 30; i++) for (const t of texts) { const a = performance.now(); c.classify(t); if (i === 29) times.push([performance.now() - a, t]); }
const { profile } = await s.post('Profiler.stop');
writeFileSync('/tmp/cls.cpuprofile', JSON.stringify(profile));
times.sort((a, b) => b[0] - a[0]);
for (const [ms, t] of times.slice(0, 12)) console.log((ms * 1000).toFixed(0), t);
console.log('n', texts.length);
