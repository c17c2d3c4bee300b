// The shop's own files as a CommerceSource: products.csv|json, orders.csv|json, shop.yaml in one
// directory. Every problem is reported with file and line; a reload that finds problems in a file
// keeps serving that file's last good data. Files are watched and reloaded on change.
import { existsSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { createCatalog } from './catalog.js';
import { parseOrders } from './orders.js';
import { productSink } from './products.js';
import { readRows, readRowsInto } from './rows.js';
import { normalizeShopYaml, ShopConfigSchema, type ShopConfig } from './shop-config.js';
import type { Catalog, CommerceSource, FileProblem, Order, Product } from './types.js';
import { formatProblem, ShopFilesError } from '../errors.js';

export { formatProblem, ShopFilesError };

function findFile(dir: string, base: string): string | undefined {
  return ['.csv', '.json'].map((ext) => join(dir, base + ext)).find((f) => existsSync(f));
}

function loadShopConfig(file: string): { config?: ShopConfig; problems: FileProblem[] } {
  if (!existsSync(file)) return { problems: [{ file, message: 'missing: the shop needs a shop.yaml with at least its name' }] };
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines });
  const error = doc.errors[0];
  if (error) return { problems: [{ file, line: lines.linePos(error.pos[0]).line, message: `invalid YAML: ${error.message.split('\n')[0]}` }] };
  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (error) {
    // yaml refuses aliases that would expand without bound (a "billion laughs").
    return { problems: [{ file, message: `invalid YAML: ${(error as Error).message}` }] };
  }
  const parsed = ShopConfigSchema.safeParse(normalizeShopYaml(raw ?? {}));
  if (parsed.success) return { config: parsed.data, problems: [] };
  return {
    problems: parsed.error.issues.map((issue) => {
      const node = doc.getIn(issue.path as Array<string | number>, true) as { range?: [number] } | undefined;
      const line = node?.range ? lines.linePos(node.range[0]).line : undefined;
      return { file, line, message: `${issue.path.join('.') || '(top)'}: ${issue.message}` };
    }),
  };
}

export interface FileSourceOptions {
  /** Watch the directory and reload on change (default true). */
  watch?: boolean;
  /** Called after each load with the problems found (empty when all is well). */
  onLoad?: (problems: readonly FileProblem[]) => void;
}

export function openShopDirectory(dir: string, options: FileSourceOptions = {}): CommerceSource {
  let products: Product[] | undefined;
  let catalog: Catalog | undefined;
  let orders = new Map<string, Order>();
  let shop: ShopConfig | undefined;
  let problems: FileProblem[] = [];

  function load() {
    const found: FileProblem[] = [];
    const config = loadShopConfig(join(dir, 'shop.yaml'));
    found.push(...config.problems);
    if (config.config) shop = config.config;

    const productsFile = findFile(dir, 'products');
    if (!productsFile) found.push({ file: join(dir, 'products.csv'), message: 'missing: products.csv or products.json' });
    else {
      // Rows become products as they are read: a large catalog's rows are never all held at once.
      const read = readRowsInto(productsFile, () => productSink(productsFile));
      const parsed = read.result;
      const fileProblems = [...read.problems, ...parsed.problems];
      found.push(...fileProblems);
      // A broken reload keeps the last good catalog; the first load serves the good rows. A reload
      // updates the product index for the products that changed rather than building it again.
      if (fileProblems.length === 0 || products === undefined) {
        products = parsed.products;
        catalog = createCatalog(products, catalog);
      }
    }

    const ordersFile = findFile(dir, 'orders');
    if (ordersFile) {
      const read = readRows(ordersFile);
      const parsed = parseOrders(read.rows, ordersFile, new Set((products ?? []).map((p) => p.id)));
      const fileProblems = [...read.problems, ...parsed.problems];
      found.push(...fileProblems);
      if (fileProblems.length === 0 || orders.size === 0) orders = new Map(parsed.orders.map((o) => [o.id, o]));
    }
    problems = found;
    options.onLoad?.(found);
  }

  /** A load that cannot even read a file (removed mid-save, a directory) keeps the last good data. */
  function loadSafely() {
    try {
      load();
    } catch (error) {
      problems = [{ file: dir, message: `cannot read the shop files: ${(error as Error).message}` }];
      options.onLoad?.(problems);
    }
  }

  loadSafely();
  if (!shop || !catalog) throw new ShopFilesError(problems);

  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  if (options.watch !== false) {
    try {
      // Editors save in bursts (temp file, rename): wait for quiet before reloading.
      watcher = watch(dir, () => {
        clearTimeout(timer);
        timer = setTimeout(loadSafely, 150);
      });
      watcher.on('error', () => watcher?.close());
    } catch {
      watcher = undefined;
    }
  }

  return {
    catalog: () => catalog!,
    findOrder: async (id) => orders.get(id),
    findOrdersByPhone: async (phone) =>
      [...orders.values()].filter((o) => o.phone === phone).sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    shop: () => shop!,
    problems: () => problems,
    close() {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
