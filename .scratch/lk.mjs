import { openShopDirectory, SAMPLE_SHOP_DIR } from '../dist/src/commerce/index.js';
import { createProductIndex } from '../dist/src/nlu/index.js';
const commerce = openShopDirectory(SAMPLE_SHOP_DIR, { watch: false });
const m = commerce.catalog().matcher;
for (const w of process.argv.slice(2)) console.log(w, m.productsOf(w), m.match(w).map(x => x.productId + ' ' + x.score.toFixed(2)));
process.exit(0);
