import { openShopDirectory } from '../dist/src/commerce/index.js';
import { toKey } from '../dist/src/nlu/index.js';
const commerce = openShopDirectory(process.argv[2], { watch: false });
const m = commerce.catalog().matcher;
for (const w of toKey('قیمت مانتو کتان چنده کیف پول چرم مردانه قیمتش چنده شال گردن بافت زمستونی دارین رژ لب مایع میبلین').split(' ')) console.log(w, m.productsOf(w).length);
process.exit(0);
