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
 * What a large catalog repeats, held once: each distinct size, colour, category and alias (a few
 * dozen sizes and colours, the same aliases on many products: the product index then normalizes
 * each once, and finds it by the very string), and each distinct variant. 500k variant rows are a
 * few thousand distinct (size, colour, stock) triples; one frozen object for each spares the memory
 * and the garbage collector's copying of half a million. Nothing changes a product once read (a
 * reload makes new ones).
 */
interface Shared {
  text(value: string | undefined): string | undefined;
  variant(size: string | undefined, colour: string | undefined, stock: number): Variant;
}

function shared(): Shared {
  const texts = new Map<string, string>();
  const text = (value: string | undefined) => {
    if (value === undefined) return undefined;
    const known = texts.get(value);
    if (known !== undefined) return known;
    texts.set(value, value);
    return value;
  };
  const variants = new Map<string | undefined, Map<string | undefined, Map<number, Variant>>>();
  const variant = (rawSize: string | undefined, rawColour: string | undefined, stock: number): Variant => {
    const size = text(rawSize);
    const colour = text(rawColour);
    let bySize = variants.get(size);
    if (!bySize) variants.set(size, (bySize = new Map()));
    let byColour = bySize.get(colour);
    if (!byColour) bySize.set(colour, (byColour = new Map()));
    let found = byColour.get(stock);
    if (!found) byColour.set(stock, (found = Object.freeze({ size, colour, stock })));
    return found;
  };
  return { text, variant };
}

function variantsOf(row: Row, file: string, problems: FileProblem[], held: Shared): Variant[] {
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
      return [held.variant(text(v.size), text(v.colour), stock)];
    });
  }
  const stock = integer(row.fields.stock);
  if (stock === undefined || Number.isNaN(stock)) {
    problems.push({ file, line: row.line, message: `stock "${String(row.fields.stock ?? '')}" is not a whole number` });
    return [];
  }
  return [held.variant(text(row.fields.size), text(row.fields.colour), stock)];
}

/** A sink that makes products of rows as they are read (a large file's rows are never all held). */
export function productSink(file: string): RowSink<ParsedProducts> {
  const problems: FileProblem[] = [];
  const byId = new Map<string, Product>();
  const held = shared();
  const row = (row: Row) => {
    const f = row.fields;
    const id = text(f.id);
    if (!id || !ID.test(id)) {
      problems.push({ file, line: row.line, message: id ? `id "${id}" may only hold letters, digits, - _ .` : 'id is empty' });
      return;
    }
    const existing = byId.get(id);
    if (existing) {
      for (const variant of variantsOf(row, file, problems, held)) existing.variants.push(variant);
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
      aliases: list(f.aliases).map((alias) => held.text(alias)!),
      category: held.text(text(f.category)),
      price: price!,
      salePrice,
      variants: variantsOf(row, file, problems, held),
      image: text(f.image),
      url: text(f.url),
      description: text(f.description),
    });
  };
  return { row, done: () => ({ products: [...byId.values()], problems }) };
}

/** The products of rows already read (the shop files use productSink, which takes them as they are read). */
export function parseProducts(rows: readonly Row[], file: string): ParsedProducts {
  const sink = productSink(file);
  for (const row of rows) sink.row(row);
  return sink.done();
}
