// orders.csv / orders.json → orders. Items in CSV: "product_id:quantity[:size[:colour]]" joined by ";".
import { phoneOf } from '../nlu/entities/index.js';
import { integer, list, text } from './values.js';
import type { Row } from './rows.js';
import { ORDER_STATUSES, type FileProblem, type Order, type OrderItem, type OrderStatus } from './types.js';

export interface ParsedOrders {
  orders: Order[];
  problems: FileProblem[];
}

function itemsOf(value: unknown): OrderItem[] | string {
  if (Array.isArray(value)) {
    if (value.some((v) => typeof v !== 'object' || v === null || Array.isArray(v))) return 'every item should be an object with product_id and quantity';
    return value.map((v: Record<string, unknown>) => ({
      productId: String(v.product_id ?? v.productId ?? ''),
      quantity: integer(v.quantity) ?? 1,
      size: text(v.size),
      colour: text(v.colour),
    }));
  }
  const items: OrderItem[] = [];
  for (const part of list(value, ';')) {
    const [productId, quantity, size, colour] = part.split(':').map((s) => s.trim());
    const n = integer(quantity ?? '1');
    if (!productId || n === undefined || Number.isNaN(n) || n < 1) return `item "${part}" should look like product_id:quantity[:size[:colour]]`;
    items.push({ productId, quantity: n, size: text(size), colour: text(colour) });
  }
  return items;
}

export function parseOrders(rows: readonly Row[], file: string, knownProducts?: ReadonlySet<string>): ParsedOrders {
  const problems: FileProblem[] = [];
  const orders = new Map<string, Order>();
  for (const row of rows) {
    const f = row.fields;
    const fail = (message: string) => problems.push({ file, line: row.line, message });
    const idNumber = integer(f.id);
    const id = idNumber !== undefined && !Number.isNaN(idNumber) ? String(idNumber) : text(f.id);
    if (!id) {
      fail('id is empty');
      continue;
    }
    if (orders.has(id)) {
      fail(`order ${id} appears twice`);
      continue;
    }
    const phone = phoneOf(text(f.phone) ?? '');
    const status = text(f.status)?.toLowerCase() as OrderStatus | undefined;
    const items = itemsOf(f.items);
    const createdAt = text(f.created_at);
    const before = problems.length;
    if (!phone) fail(`order ${id}: phone "${String(f.phone ?? '')}" is not an Iranian mobile number`);
    if (!status || !ORDER_STATUSES.includes(status)) fail(`order ${id}: status must be one of ${ORDER_STATUSES.join(', ')}`);
    if (typeof items === 'string') fail(`order ${id}: ${items}`);
    else if (knownProducts) {
      for (const item of items) if (!knownProducts.has(item.productId)) fail(`order ${id}: unknown product "${item.productId}"`);
    }
    if (!createdAt || Number.isNaN(Date.parse(createdAt))) fail(`order ${id}: created_at "${createdAt ?? ''}" is not a date (2026-11-01T10:00:00+03:30)`);
    const total = integer(f.total);
    if (total !== undefined && Number.isNaN(total)) fail(`order ${id}: total "${String(f.total)}" is not a whole number`);
    if (problems.length > before) continue;
    orders.set(id, {
      id,
      phone: phone!,
      status: status!,
      items: items as OrderItem[],
      total,
      createdAt: createdAt!,
      updatedAt: text(f.updated_at),
      trackingCode: text(f.tracking_code),
      carrier: text(f.carrier)?.toLowerCase(),
      city: text(f.city),
    });
  }
  return { orders: [...orders.values()], problems };
}
