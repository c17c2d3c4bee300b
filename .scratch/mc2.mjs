import { openShopDirectory } from '../dist/src/commerce/index.js';
import { createEngine } from '../dist/src/engine/index.js';
import { loadNlu } from '../dist/src/nlu/index.js';
import { createMemoryBackend } from '../dist/src/state/index.js';
const P = ['قیمت مانتو کتان چنده؟','کتونی نایک ایرفورس موجوده؟','salam, gheymate hoodie dors chande?','ضداقتاب سینره دارین','کیف پول چرم مردانه قیمتش چنده','رژ لب مایع میبلین دارین؟','کتونی نایک جردن دارین؟','سایز ۴۴ کتونی ایرفورس سفید','شال گردن بافت زمستونی دارین','کرم سراوه قیمتش چقدره'];
const commerce = openShopDirectory(process.argv[2], { watch: false });
const nlu = loadNlu();
const engine = createEngine({ nlu, commerce, state: createMemoryBackend() });
const m = commerce.catalog().matcher;
const orig = m.match; let calls = [];
m.match = (k, o) => { const t = performance.now(); const r = orig(k, o); calls.push(`${(performance.now() - t).toFixed(2)}${o?.among ? ' among' + o.among.length : ''}${o?.minScore ? ' floor' : ''} «${k.trim().slice(0, 30)}»`); return r; };
let seq = 0;
const turn = async (c, text) => { calls = []; const t = performance.now(); await engine.process({ type: 'message', id: `c${seq++}`, channelId: 'b', from: { id: c }, conversation: { id: c }, text }); return (performance.now() - t).toFixed(2); };
for (let r = 0; r < 3; r++) for (let c = 0; c < 10; c++) { await turn(`s${r}-${c}`, 'سلام'); for (let k = 0; k < 2; k++) { const t = P[(c * 2 + k) % P.length]; const ms = await turn(`s${r}-${c}`, t); if (r === 2) console.log(ms, k, t, calls.join(' | ')); } }
process.exit(0);
