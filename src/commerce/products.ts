// products.csv / products.json → products. In CSV, one row per variant: rows sharing an id are one
// product, whose name, price and the rest come from its first row.
import { integer, list, text } from './values.js';
import type { Row } from './rows.js';
import type { FileProblem, Product, Variant } from './types.js';

export interface ParsedProducts {
  products: Product[];
  problems: FileProblem[];
}

const ID = /^[\w.-]+$/;

function variantsOf(row: Row, file: string, problems: FileProblem[]): Variant[] {
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
      return [{ size: text(v.size), colour: text(v.colour), stock }];
    });
  }
  const stock = integer(row.fields.stock);
  if (stock === undefined || Number.isNaN(stock)) {
    problems.push({ file, line: row.line, message: `stock "${String(row.fields.stock ?? '')}" is not a whole number` });
    return [];
  }
  return [{ size: text(row.fields.size), colour: text(row.fields.colour), stock }];
}

export function parseProducts(rows: readonly Row[], file: string): ParsedProducts {
  const problems: FileProblem[] = [];
  const byId = new Map<string, Product>();
  for (const row of rows) {
    const f = row.fields;
    const id = text(f.id);
    if (!id || !ID.test(id)) {
      problems.push({ file, line: row.line, message: id ? `id "${id}" may only hold letters, digits, - _ .` : 'id is empty' });
      continue;
    }
    const existing = byId.get(id);
    if (existing) {
      existing.variants.push(...variantsOf(row, file, problems));
      continue;
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
      continue;
    }
    byId.set(id, {
      id,
      name: name!,
      aliases: list(f.aliases),
      category: text(f.category),
      price: price!,
      salePrice,
      variants: variantsOf(row, file, problems),
      image: text(f.image),
      url: text(f.url),
      description: text(f.description),
    });
  }
  return { products: [...byId.values()], problems };
}
