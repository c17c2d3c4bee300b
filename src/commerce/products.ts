// products.csv / products.json → products. In CSV, one row per variant: rows sharing an id are one
// product, whose name, price and the rest come from its first row.
import { integer, list, text } from './values.js';
import type { Row, RowSink } from './rows.js';
import type { FileProblem, Product, Variant } from './types.js';

export interface ParsedProducts {
  products: Product[];
  problems: FileProblem[];
}

const ID = /^[\w.-]+$/;

/**
 * One string for each distinct size, colour, category and alias: a large catalog repeats a few dozen
 * sizes and colours, and the same aliases on many products (the product index then normalizes each
 * once, and finds it by the very string).
 */
type Intern = (value: string | undefined) => string | undefined;
function interner(): Intern {
  const seen = new Map<string, string>();
  return (value) => {
    if (value === undefined) return undefined;
    const known = seen.get(value);
    if (known !== undefined) return known;
    seen.set(value, value);
    return value;
  };
}

function variantsOf(row: Row, file: string, problems: FileProblem[], intern: Intern): Variant[] {
  const raw = row.fields.variants;
  if (Array.isArray(raw)) {
    return raw.flatMap((v: Record<string, unknown>) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) {
        problems.push({ file, line: row.line, message: 'every variant should be an object with size, colour and stock' });
        return [];
      }
      const stock = integer(v.stock) ?? 0;
      if (Number.isNaN(stock)) {
        problems.push({ file, line: row.line, message: `variant stock "${String(v.stock)}" is not a whole number` });
        return [];
      }
      return [{ size: intern(text(v.size)), colour: intern(text(v.colour)), stock }];
    });
  }
  const stock = integer(row.fields.stock);
  if (stock === undefined || Number.isNaN(stock)) {
    problems.push({ file, line: row.line, message: `stock "${String(row.fields.stock ?? '')}" is not a whole number` });
    return [];
  }
  return [{ size: intern(text(row.fields.size)), colour: intern(text(row.fields.colour)), stock }];
}

/** A sink that makes products of rows as they are read (a large file's rows are never all held). */
export function productSink(file: string): RowSink<ParsedProducts> {
  const problems: FileProblem[] = [];
  const byId = new Map<string, Product>();
  const intern = interner();
  const row = (row: Row) => {
    const f = row.fields;
    const id = text(f.id);
    if (!id || !ID.test(id)) {
      problems.push({ file, line: row.line, message: id ? `id "${id}" may only hold letters, digits, - _ .` : 'id is empty' });
      return;
    }
    const existing = byId.get(id);
    if (existing) {
      for (const variant of variantsOf(row, file, problems, intern)) existing.variants.push(variant);
      return;
    }
    const name = text(f.name);
    const price = integer(f.price);
    const salePrice = integer(f.sale_price);
    const rowProblems: string[] = [];
    if (!name) rowProblems.push('name is empty (the first row of a product needs its name)');
    if (price === undefined || Number.isNaN(price)) rowProblems.push(`price "${String(f.price ?? '')}" is not a whole number of Toman`);
    if (salePrice !== undefined && (Number.isNaN(salePrice) || (price !== undefined && salePrice >= price))) {
      rowProblems.push(`sale_price "${String(f.sale_price)}" must be a whole number below price`);
    }
    if (rowProblems.length > 0) {
      problems.push(...rowProblems.map((message) => ({ file, line: row.line, message: `${id}: ${message}` })));
      return;
    }
    byId.set(id, {
      id,
      name: name!,
      aliases: list(f.aliases).map((alias) => intern(alias)!),
      category: intern(text(f.category)),
      price: price!,
      salePrice,
      variants: variantsOf(row, file, problems, intern),
      image: text(f.image),
      url: text(f.url),
      description: text(f.description),
    });
  };
  return { row, done: () => ({ products: [...byId.values()], problems }) };
}

export function parseProducts(rows: readonly Row[], file: string): ParsedProducts {
  const sink = productSink(file);
  for (const row of rows) sink.row(row);
  return sink.done();
}
