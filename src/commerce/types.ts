// The shop as pasokh sees it: products with variants, orders, and the shop's own answers.
import type { ProductIndex } from '../nlu/index.js';
import type { ShopConfig } from './shop-config.js';

export interface Variant {
  size?: string;
  colour?: string;
  stock: number;
}

export interface Product {
  id: string;
  name: string;
  aliases: string[];
  category?: string;
  /** Toman. */
  price: number;
  salePrice?: number;
  variants: Variant[];
  image?: string;
  url?: string;
  description?: string;
}

export const ORDER_STATUSES = ['pending_payment', 'processing', 'shipped', 'delivered', 'cancelled', 'returned'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderItem {
  productId: string;
  quantity: number;
  size?: string;
  colour?: string;
}

export interface Order {
  id: string;
  /** 09xxxxxxxxx */
  phone: string;
  status: OrderStatus;
  items: OrderItem[];
  total?: number;
  createdAt: string;
  updatedAt?: string;
  trackingCode?: string;
  carrier?: string;
  city?: string;
}

/** A problem in a shop file, where a person can find it. */
export interface FileProblem {
  file: string;
  line?: number;
  message: string;
}

export interface Catalog {
  readonly products: readonly Product[];
  product(id: string): Product | undefined;
  /** The products' names and aliases, indexed; a source may add, update and remove products in it. */
  readonly matcher: ProductIndex;
}

/**
 * Where the shop's data comes from. The file source reads CSV/JSON; a shop can plug in its own
 * system (an online store's API) by implementing this.
 */
export interface CommerceSource {
  catalog(): Catalog;
  findOrder(id: string): Promise<Order | undefined>;
  /** The orders placed with a phone number, newest first. */
  findOrdersByPhone(phone: string): Promise<Order[]>;
  shop(): ShopConfig;
  /** Problems found in the data as last loaded (empty when all is well). */
  problems(): readonly FileProblem[];
  close(): void;
}
