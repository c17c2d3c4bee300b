import { openShopDirectory } from '../dist/src/commerce/index.js';
import { createEngine } from '../dist/src/engine/index.js';
import { loadNlu, toKey } from '../dist/src/nlu/index.js';
import { createMemoryBackend } from '../dist/src/state/index.js';
const PRODUCT_TURNS = ['قیمت مانتو کتان چنده؟','کتونی نایک ایرفورس موجوده؟','salam, gheymate hoodie dors chande?','ضداقتاب سینره دارین','کیف پول چرم مردانه قیمتش چنده','رژ لب مایع میبلین دارین؟','کتونی نایک جردن دارین؟','سایز ۴۴ کتونی ایرفورس سفید','شال گردن بافت زمستونی دارین','کرم سراوه قیمتش چقدره'];
const commerce = openShopDirectory(process.argv[2], { watch: false });
const nlu = loadNlu();
const engine = createEngine({ nlu, commerce, state: createMemoryBackend() });
const m = commerce.catalog().matcher;
const orig = m.match; let calls = []; 
m.match = (k, o) => { const t0 = performance.now(); orig(k, o); const first = performance.now() - t0; const t = performance.now(); const r = orig(k, o); calls.push(first.toFixed(2)); calls.push([(performance.now() - t).toFixed(2), k.slice(0, 40), o?.among ? 'among' + o.among.length : '', r.length]); return r; };
let seq = 0;
for (const t of PRODUCT_TURNS) { await engine.process({ type: 'message', id: `c${seq++}`, channelId: 'b', from: { id: 'w' + seq }, conversation: { id: 'w' + seq }, text: t }); }
calls = [];
for (const t of PRODUCT_TURNS) { calls = []; await engine.process({ type: 'message', id: `c${seq++}`, channelId: 'b', from: { id: 'x' + seq }, conversation: { id: 'x' + seq }, text: t }); console.log(t, JSON.stringify(calls)); }
for (const t of PRODUCT_TURNS) { const k = toKey(t); const a = performance.now(); for (let i = 0; i < 20; i++) orig(k); console.log(((performance.now() - a) / 20).toFixed(2), t); }
process.exit(0);
