import { openShopDirectory } from '../dist/src/commerce/index.js';
import { toKey, loadNlu } from '../dist/src/nlu/index.js';
const commerce = openShopDirectory(process.argv[2], { watch: false });
const m = commerce.catalog().matcher;
const k = toKey(process.argv[3]);
const r = m.match(k);
console.log(r.length, r.slice(0, 3), r.at(-1));
for (const w of k.split(' ')) console.log(w, m.productsOf(w).length, m.productsOf(w + 'ی').length);
process.exit(0);
