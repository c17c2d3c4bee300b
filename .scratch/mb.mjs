import { openShopDirectory } from '../dist/src/commerce/index.js';
import { toKey } from '../dist/src/nlu/index.js';
const commerce = openShopDirectory(process.argv[2], { watch: false });
const m = commerce.catalog().matcher;
const msgs = ['کیف پول چرم مردانه قیمتش چنده','قیمت مانتو کتان چنده؟','شال گردن بافت زمستونی دارین','کتونی نایک ایرفورس موجوده?','رژ لب مایع میبلین دارین?','salam, gheymate hoodie dors chande? سلام, قیمته هدیه ادرس چنده?','سایز    کتونی ایرفورس     ','ضداقتاب سینره دارین'];
const keys = msgs.map(toKey);
for (let i = 0; i < 30; i++) for (const k of keys) m.match(k);
let sum = 0;
for (const [i, k] of keys.entries()) {
  let best = Infinity;
  for (let r = 0; r < 7; r++) { const t = performance.now(); for (let j = 0; j < 30; j++) m.match(k); best = Math.min(best, (performance.now() - t) / 30); }
  sum += best; console.log(best.toFixed(3), msgs[i]);
}
console.log('sum', sum.toFixed(3));
process.exit(0);
