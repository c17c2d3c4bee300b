import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { openShopDirectory } from '../dist/src/commerce/index.js';
import { createEngine } from '../dist/src/engine/index.js';
import { loadNlu } from '../dist/src/nlu/index.js';
import { createMemoryBackend } from '../dist/src/state/index.js';
const P = [process.argv[3]];
const commerce = openShopDirectory(process.argv[2], { watch: false });
const nlu = loadNlu();
const engine = createEngine({ nlu, commerce, state: createMemoryBackend() });
let seq = 0;
const turn = async (c, text) => { const c0 = process.cpuUsage(); await engine.process({ type: 'message', id: `c${seq++}`, channelId: 'b', from: { id: c }, conversation: { id: c }, text }); const u = process.cpuUsage(c0); return (u.user + u.system) / 1000; };
for (let c = 0; c < 20; c++) { await turn(`w${c}`, 'سلام'); await turn(`w${c}`, P[c % P.length]); }
const s = new Session(); s.connect(); await s.post('Profiler.enable'); await s.post('Profiler.start');
const per = new Map();
for (let r = 0; r < 3; r++) for (let c = 0; c < 60; c++) { await turn(`s${r}-${c}`, 'سلام'); for (let k = 0; k < 2; k++) { const t = P[(c * 2 + k) % P.length]; const ms = await turn(`s${r}-${c}`, t); per.set(`${k} ${t}`, [...(per.get(`${k} ${t}`) ?? []), ms]); } }
const { profile } = await s.post('Profiler.stop');
for (const [t, l] of [...per].sort()) console.log(l.sort((a, b) => a - b)[Math.floor(l.length / 2)].toFixed(2), t);
writeFileSync('/tmp/turns.cpuprofile', JSON.stringify(profile));
process.exit(0);
