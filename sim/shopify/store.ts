/** The Shopify simulator's shop in memory: products, listed quantities, orders and fulfilments. */
import { groupCatalog, toCents, type CatalogEntry } from '../common/catalog.ts';
import type { GroundTruth } from '../common/demand.ts';
import type { Address, Buyer } from './buyers.ts';

export interface Variant {
  id: bigint;
  productId: bigint;
  productTitle: string;
  sku: string;
  title: string;
  priceCents: number;
  inventoryItemId: bigint;
  /** The quantity the shop lists (inventory level "available" at the one location). */
  available: number;
  levelUpdatedMs: number;
}

export interface Product {
  id: bigint;
  title: string;
  hasVariants: boolean;
  variants: Variant[];
  createdMs: number;
}

export interface LineItem {
  id: bigint;
  /** Id of this line in the order's fulfillment order. */
  fulfillmentLineId: bigint;
  variant: Variant;
  qty: number;
  priceCents: number;
  fulfilledQty: number;
}

export interface Fulfillment {
  id: bigint;
  name: string;
  createdMs: number;
  lines: { line: LineItem; qty: number }[];
  tracking: { company: string | null; number: string | null; url: string | null };
}

export type FinancialStatus = 'pending' | 'paid' | 'refunded' | 'voided';

export interface ShopifyOrder {
  id: bigint;
  number: number;
  createdMs: number;
  updatedMs: number;
  closedMs: number | null;
  cancelledMs: number | null;
  cancelReason: string | null;
  financialStatus: FinancialStatus;
  lines: LineItem[];
  buyer: Buyer;
  shippingAddress: Address;
  note: string | null;
  noteAttributes: { name: string; value: string }[];
  shippingCents: number;
  fulfillmentOrderId: bigint;
  fulfillments: Fulfillment[];
  labels: GroundTruth;
}

// Catalog ids look like real ones (14 digits, below 2^53). Order-side ids are pushed past 2^53,
// as in Shopify's webhook samples (820982911946154508), to catch clients that parse them as doubles;
// the odd strides make neighbouring ids differ after such rounding.
const PRODUCT_ID_BASE = 8_160_000_000_000n;
const VARIANT_ID_BASE = 45_000_000_000_000n;
const INVENTORY_ITEM_ID_BASE = 47_000_000_000_000n;
const ORDER_ID_BASE = 820_982_911_946_154_508n;
const LINE_ID_BASE = 1_466_157_049_000_000_000n;
const FULFILLMENT_ORDER_ID_BASE = 1_046_000_780_000_000_000n;
const FULFILLMENT_LINE_ID_BASE = 1_072_503_277_000_000_000n;
const FULFILLMENT_ID_BASE = 1_069_019_868_000_000_000n;
const ID_STRIDE = 7919n;

export const LOCATION_ID = 71_234_567_890n;

export class ShopifyStore {
  readonly products: Product[] = [];
  readonly variants: Variant[] = [];
  readonly orders: ShopifyOrder[] = [];
  private readonly ordersById = new Map<bigint, ShopifyOrder>();
  private readonly ordersByFulfillmentOrder = new Map<bigint, ShopifyOrder>();
  private nextSeq = 1n;

  constructor(catalog: readonly CatalogEntry[], nowMs: number) {
    groupCatalog(catalog).forEach((group, p) => {
      const productId = PRODUCT_ID_BASE + BigInt(p) * ID_STRIDE;
      const variants = group.entries.map((entry) => {
        const n = BigInt(this.variants.length);
        const variant: Variant = {
          id: VARIANT_ID_BASE + n * ID_STRIDE, productId, productTitle: group.title, sku: entry.sku,
          title: group.hasVariants ? (entry.title ?? entry.sku) : 'Default Title',
          priceCents: toCents(entry.price), inventoryItemId: INVENTORY_ITEM_ID_BASE + n * ID_STRIDE,
          available: entry.qty, levelUpdatedMs: nowMs,
        };
        this.variants.push(variant);
        return variant;
      });
      this.products.push({ id: productId, title: group.title, hasVariants: group.hasVariants, variants, createdMs: nowMs });
    });
  }

  variantBySku(sku: string): Variant | undefined {
    return this.variants.find((v) => v.sku === sku);
  }

  variantByInventoryItem(id: bigint): Variant | undefined {
    return this.variants.find((v) => v.inventoryItemId === id);
  }

  order(id: bigint): ShopifyOrder | undefined {
    return this.ordersById.get(id);
  }

  orderByFulfillmentOrder(id: bigint): ShopifyOrder | undefined {
    return this.ordersByFulfillmentOrder.get(id);
  }

  /** Records a new order and takes its quantities off the listing (Shopify commits stock at checkout). */
  addOrder(order: Omit<ShopifyOrder, 'id' | 'number' | 'lines' | 'fulfillmentOrderId' | 'fulfillments' | 'updatedMs'>,
    lines: { variant: Variant; qty: number; priceCents: number }[]): ShopifyOrder {
    const seq = this.nextSeq++;
    const created: ShopifyOrder = {
      ...order,
      id: ORDER_ID_BASE + seq * ID_STRIDE,
      number: Number(seq),
      updatedMs: order.createdMs,
      fulfillmentOrderId: FULFILLMENT_ORDER_ID_BASE + seq * ID_STRIDE,
      fulfillments: [],
      lines: lines.map((line, i) => {
        const lineSeq = seq * 10n + BigInt(i);
        line.variant.available -= line.qty;
        line.variant.levelUpdatedMs = order.createdMs;
        return { ...line, id: LINE_ID_BASE + lineSeq * ID_STRIDE, fulfillmentLineId: FULFILLMENT_LINE_ID_BASE + lineSeq * ID_STRIDE, fulfilledQty: 0 };
      }),
    };
    this.orders.push(created);
    this.ordersById.set(created.id, created);
    this.ordersByFulfillmentOrder.set(created.fulfillmentOrderId, created);
    return created;
  }

  /**
   * Moves updated_at to now. Shopify writes it in whole seconds, so two changes within one second
   * carry the same updated_at, as on the real platform; it never runs ahead of the clock.
   */
  touch(order: ShopifyOrder, nowMs: number): void {
    order.updatedMs = Math.max(Math.floor(nowMs / 1000) * 1000, order.updatedMs);
  }

  markPaid(order: ShopifyOrder, nowMs: number): void {
    order.financialStatus = 'paid';
    this.touch(order, nowMs);
  }

  /** Cancels an unshipped order, refunds or voids it, and puts its quantities back on the listing. */
  cancel(order: ShopifyOrder, reason: string, nowMs: number): void {
    order.cancelledMs = nowMs;
    order.closedMs = nowMs;
    order.cancelReason = reason;
    order.financialStatus = order.financialStatus === 'paid' ? 'refunded' : 'voided';
    for (const line of order.lines) {
      line.variant.available += line.qty - line.fulfilledQty;
      line.variant.levelUpdatedMs = nowMs;
    }
    this.touch(order, nowMs);
  }

  fulfill(order: ShopifyOrder, items: { line: LineItem; qty: number }[], tracking: Fulfillment['tracking'], nowMs: number): Fulfillment {
    for (const { line, qty } of items) line.fulfilledQty += qty;
    const fulfillment: Fulfillment = {
      id: FULFILLMENT_ID_BASE + this.nextSeq++ * ID_STRIDE,
      name: `#${1000 + order.number}.${order.fulfillments.length + 1}`,
      createdMs: nowMs,
      lines: items,
      tracking,
    };
    order.fulfillments.push(fulfillment);
    // Shopify's default "automatically archive the order" closes it once fulfilled and paid.
    if (fulfillmentStatus(order) === 'fulfilled' && order.financialStatus === 'paid') order.closedMs = nowMs;
    this.touch(order, nowMs);
    return fulfillment;
  }
}

export function fulfillmentStatus(order: ShopifyOrder): 'fulfilled' | 'partial' | null {
  const shipped = order.lines.reduce((sum, l) => sum + l.fulfilledQty, 0);
  if (shipped === 0) return null;
  return order.lines.every((l) => l.fulfilledQty === l.qty) ? 'fulfilled' : 'partial';
}

export function fulfillmentOrderStatus(order: ShopifyOrder): 'open' | 'in_progress' | 'closed' {
  if (order.cancelledMs !== null) return 'closed';
  const status = fulfillmentStatus(order);
  return status === 'fulfilled' ? 'closed' : status === 'partial' ? 'in_progress' : 'open';
}
