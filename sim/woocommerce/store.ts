/**
 * The WooCommerce simulator's shop in memory. As in WordPress, products, variations and orders are
 * all posts and share one id sequence (so ids interleave); line items, notes and meta rows have
 * sequences of their own. Ids are small integers, as on a real site.
 */
import { createHash } from 'node:crypto';
import { groupCatalog, toCents, type CatalogEntry } from '../common/catalog.ts';
import type { GroundTruth } from '../common/demand.ts';
import type { Buyer, WooAddress } from './buyers.ts';

/** What a buyer can put in the cart: a simple product or one variation of a variable product. */
export interface Sellable {
  id: number;
  productId: number;
  /** 0 for a simple product (as line_items[].variation_id says). */
  variationId: number;
  sku: string;
  /** The variation's option ("M"), or null for a simple product. */
  option: string | null;
  priceCents: number;
  /** stock_quantity; the quantity the shop lists. */
  stock: number;
  manageStock: boolean;
  createdMs: number;
  modifiedMs: number;
}

export interface WooProduct {
  id: number;
  name: string;
  type: 'simple' | 'variable';
  /** The product itself for a simple product; its variations for a variable one. */
  sellables: Sellable[];
  createdMs: number;
}

export type WooStatus = 'pending' | 'processing' | 'on-hold' | 'completed' | 'cancelled' | 'refunded' | 'failed' | 'checkout-draft';
export const WOO_STATUSES: readonly WooStatus[] = ['pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed', 'checkout-draft'];

export interface WooLine { id: number; sellable: Sellable; name: string; qty: number; priceCents: number }
export interface TrackingItem { id: string; provider: string; link: string; number: string; dateShipped: string }
export interface OrderNote { id: number; note: string; customerNote: boolean; createdMs: number }
export interface MetaRow { id: number; key: string; value: unknown }

export interface WooOrder {
  id: number;
  orderKey: string;
  status: WooStatus;
  createdMs: number;
  /** Whole seconds, as WordPress stores dates. */
  modifiedMs: number;
  paidMs: number | null;
  completedMs: number | null;
  paymentMethod: 'bacs' | 'stripe';
  lines: WooLine[];
  buyer: Buyer;
  shipping: WooAddress;
  customerNote: string;
  shippingCents: number;
  /** Whether the order's quantities are off the listing (given back once when cancelled or refunded). */
  holdsStock: boolean;
  tracking: TrackingItem[];
  notes: OrderNote[];
  meta: MetaRow[];
  labels: GroundTruth;
}

const FIRST_POST_ID = 700;

export class WooStore {
  readonly products: WooProduct[] = [];
  readonly sellables: Sellable[] = [];
  readonly orders: WooOrder[] = [];
  private readonly ordersById = new Map<number, WooOrder>();
  private nextPostId = FIRST_POST_ID;
  private nextItemId = 300;
  private nextCommentId = 500;
  private nextMetaId = 13_000;

  constructor(catalog: readonly CatalogEntry[], nowMs: number) {
    const createdMs = Math.floor(nowMs / 1000) * 1000;
    for (const group of groupCatalog(catalog)) {
      const id = this.nextPostId++;
      const sellables = group.entries.map((entry) => ({
        id: group.hasVariants ? this.nextPostId++ : id, productId: id, variationId: 0, sku: entry.sku,
        option: group.hasVariants ? (entry.title ?? entry.sku) : null, priceCents: toCents(entry.price),
        stock: entry.qty, manageStock: true, createdMs, modifiedMs: createdMs,
      }));
      for (const sellable of sellables) if (group.hasVariants) sellable.variationId = sellable.id;
      this.products.push({ id, name: group.title, type: group.hasVariants ? 'variable' : 'simple', sellables, createdMs });
      this.sellables.push(...sellables);
    }
  }

  sellableBySku(sku: string): Sellable | undefined {
    return this.sellables.find((s) => s.sku === sku);
  }

  product(id: number): WooProduct | undefined {
    return this.products.find((p) => p.id === id);
  }

  order(id: number): WooOrder | undefined {
    return this.ordersById.get(id);
  }

  /** Records a new order and takes its quantities off the listing. */
  addOrder(fields: Omit<WooOrder, 'id' | 'orderKey' | 'modifiedMs' | 'lines' | 'holdsStock' | 'tracking' | 'notes' | 'meta'>,
    lines: { sellable: Sellable; name: string; qty: number; priceCents: number }[]): WooOrder {
    const id = this.nextPostId++;
    const order: WooOrder = {
      // wc_order_ + 13 characters, as wc_generate_order_key writes it.
      ...fields, id, orderKey: `wc_order_${createHash('md5').update(`order-${id}`).digest('hex').slice(0, 13)}`,
      modifiedMs: fields.createdMs, holdsStock: true, tracking: [], notes: [], meta: [],
      lines: lines.map((line) => ({ ...line, id: this.nextItemId++ })),
    };
    for (const line of order.lines) this.setStock(line.sellable, line.sellable.stock - line.qty, fields.createdMs);
    this.orders.push(order);
    this.ordersById.set(id, order);
    return order;
  }

  setStock(sellable: Sellable, stock: number, nowMs: number): void {
    sellable.stock = stock;
    sellable.modifiedMs = Math.floor(nowMs / 1000) * 1000;
  }

  /** Moves date_modified to now, in whole seconds, never backwards. */
  touch(order: WooOrder, nowMs: number): void {
    order.modifiedMs = Math.max(Math.floor(nowMs / 1000) * 1000, order.modifiedMs);
  }

  /**
   * A status change and its stock effect: cancelled or refunded gives the quantities back once
   * (WooCommerce restocks on cancel, and on refund when "restock refunded items" is ticked, as here).
   */
  setStatus(order: WooOrder, status: WooStatus, nowMs: number): void {
    if (order.status === status) return;
    order.status = status;
    if (status === 'processing' && order.paidMs === null) order.paidMs = nowMs;
    if (status === 'completed') order.completedMs = nowMs;
    if ((status === 'cancelled' || status === 'refunded') && order.holdsStock) {
      order.holdsStock = false;
      for (const line of order.lines) this.setStock(line.sellable, line.sellable.stock + line.qty, nowMs);
    }
    this.touch(order, nowMs);
  }

  addNote(order: WooOrder, note: string, customerNote: boolean, nowMs: number): OrderNote {
    const created = { id: this.nextCommentId++, note, customerNote, createdMs: nowMs };
    order.notes.push(created);
    return created;
  }

  /** update_meta_data: replaces the first row with the key (or the row with the id), else adds one. */
  setMeta(order: WooOrder, key: string, value: unknown, id: number | null): void {
    const row = order.meta.find((m) => (id !== null ? m.id === id : m.key === key));
    if (row) {
      row.key = key;
      row.value = value;
    } else {
      order.meta.push({ id: this.nextMetaId++, key, value });
    }
  }
}
