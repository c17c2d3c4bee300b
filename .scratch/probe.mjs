import { loadNlu } from '../dist/src/nlu/index.js';
const nlu = loadNlu();
const lines = (await import('node:fs')).readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
let right = 0;
for (const l of lines) {
  const [want, text] = l.split('\t');
  const r = nlu.classifier.classify(text);
  const ok = r.intent === want || (nlu.intents.find((i) => i.intent === r.intent)?.countsAs === want);
  if (ok) right++; else console.log(`✗ ${want} ← ${r.intent} ${r.confidence.toFixed(2)}  ${text}`);
}
console.log(`${right}/${lines.length}`);
