/** The Amazon simulator's seller account in memory: MFN listings (keyed by seller SKU) and orders. */
import { toCents, type CatalogEntry } from '../common/catalog.ts';
import type { GroundTruth } from '../common/demand.ts';
import type { Prng } from '../common/prng.ts';

export interface Listing {
  sku: string;
  asin: string;
  productType: string;
  title: string;
  priceCents: number;
  /** The MFN quantity shown (fulfillment_availability DEFAULT). */
  qty: number;
  createdMs: number;
  updatedMs: number;
}

export type AmazonOrderStatus = 'Pending' | 'Unshipped' | 'PartiallyShipped' | 'Shipped' | 'Canceled';

export interface OrderItem {
  orderItemId: string;
  listing: Listing;
  qty: number;
  unitPriceCents: number;
  shippedQty: number;
  giftMessage: string | null;
}

export interface Package {
  packageReferenceId: string;
  carrierCode: string;
  carrierName: string | null;
  trackingNumber: string;
  shipDate: string;
  items: { orderItemId: string; qty: number }[];
}

export interface ShipTo {
  city: string;
  stateOrRegion: string;
  postalCode: string;
  countryCode: string;
}

export interface AmazonOrder {
  id: string;
  status: AmazonOrderStatus;
  createdMs: number;
  /** LastUpdateDate, whole seconds. */
  updatedMs: number;
  items: OrderItem[];
  buyerNo: number;
  shipTo: ShipTo;
  packages: Package[];
  labels: GroundTruth;
}

export class AmazonStore {
  readonly listings: Listing[];
  readonly orders: AmazonOrder[] = [];
  private readonly ordersById = new Map<string, AmazonOrder>();

  constructor(catalog: readonly CatalogEntry[], nowMs: number, private readonly ids: Prng) {
    this.listings = catalog.map((entry, i) => ({
      sku: entry.sku,
      // ASINs are 10 characters, "B0" and eight letters or digits.
      asin: `B0${(0x5a3c1 * (i + 7)).toString(36).toUpperCase().padStart(8, '0').slice(-8)}`,
      productType: 'PRODUCT',
      title: [entry.product, entry.title].filter(Boolean).join(' ') || entry.sku,
      priceCents: toCents(entry.price),
      qty: entry.qty,
      createdMs: nowMs,
      updatedMs: nowMs,
    }));
  }

  listing(sku: string): Listing | undefined {
    return this.listings.find((l) => l.sku === sku);
  }

  order(id: string): AmazonOrder | undefined {
    return this.ordersById.get(id);
  }

  /** Records a new order and takes its quantities off the listings (Amazon holds MFN stock for pending orders too). */
  addOrder(order: Omit<AmazonOrder, 'id' | 'items' | 'packages' | 'updatedMs'>, items: { listing: Listing; qty: number; unitPriceCents: number; giftMessage: string | null }[]): AmazonOrder {
    const created: AmazonOrder = {
      ...order,
      id: this.nextOrderId(),
      updatedMs: order.createdMs,
      packages: [],
      items: items.map((item) => {
        item.listing.qty -= item.qty;
        return { ...item, orderItemId: this.digits(14), shippedQty: 0 };
      }),
    };
    this.orders.push(created);
    this.ordersById.set(created.id, created);
    return created;
  }

  /** LastUpdateDate in whole seconds that never runs backwards. */
  touch(order: AmazonOrder, nowMs: number): void {
    order.updatedMs = Math.max(Math.floor(nowMs / 1000) * 1000, order.updatedMs);
  }

  setStatus(order: AmazonOrder, status: AmazonOrderStatus, nowMs: number): void {
    order.status = status;
    this.touch(order, nowMs);
  }

  /** Cancels an unshipped order and puts its quantities back on the listings. */
  cancel(order: AmazonOrder, nowMs: number): void {
    for (const item of order.items) {
      item.listing.qty += item.qty - item.shippedQty;
      item.listing.updatedMs = nowMs;
    }
    this.setStatus(order, 'Canceled', nowMs);
  }

  ship(order: AmazonOrder, pkg: Package, nowMs: number): void {
    for (const { orderItemId, qty } of pkg.items) {
      const item = order.items.find((i) => i.orderItemId === orderItemId)!;
      item.shippedQty += qty;
    }
    order.packages.push(pkg);
    const allShipped = order.items.every((i) => i.shippedQty === i.qty);
    this.setStatus(order, allShipped ? 'Shipped' : 'PartiallyShipped', nowMs);
  }

  /** AmazonOrderId is 3-7-7 digits ("902-3159896-1390916"); unique within the run. */
  private nextOrderId(): string {
    for (;;) {
      const id = `${this.ids.int(111, 999)}-${this.digits(7)}-${this.digits(7)}`;
      if (!this.ordersById.has(id)) return id;
    }
  }

  private digits(count: number): string {
    return String(this.ids.int(1, 9)) + Array.from({ length: count - 1 }, () => this.ids.int(0, 9)).join('');
  }
}
