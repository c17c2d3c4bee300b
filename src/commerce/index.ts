import { packagePath } from '../package-root.js';

export * from './types.js';
export { ShopConfigSchema, faqAnswer, faqEntries, type FaqEntry, type ShopConfig } from './shop-config.js';
export { openShopDirectory, ShopFilesError, formatProblem, type FileSourceOptions } from './file-source.js';
export { createCatalog, totalStock, effectivePrice } from './catalog.js';
export { formatToman, formatNumber, formatJalali, formatWeekday, persianDigits } from './format.js';

/** The sample shop that ships with pasokh (examples/shop). */
export const SAMPLE_SHOP_DIR = packagePath('examples/shop');
