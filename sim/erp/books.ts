/**
 * The ERP's own books: sales orders booked (once per external reference, however often posted),
 * the product master, and the stock counts and purchase receipts it has issued. Each feed has its
 * own rising sequence, the way an ERP's change log or rowversion does.
 */

export interface ErpOrderLine {
  lineNo: number;
  sku: string;
  description: string;
  qty: number;
  unitPrice: string;
}

/** A sales order as posted (REST body or order file), before the ERP gives it a number. */
export interface SalesOrderInput {
  externalRef: string;
  channel: string;
  platform: string;
  channelOrderId: string;
  number: string;
  orderedAt: string;
  currency: string;
  total: string;
  customer: Record<string, unknown> | null;
  shipTo: Record<string, unknown> | null;
  lines: ErpOrderLine[];
}

export interface BookedOrder extends SalesOrderInput {
  id: string;
  /** How many times this order was posted (REST calls or files); 1 means no duplicate was sent. */
  postedTimes: number;
  via: 'api' | 'file';
  bookedAt: string;
  idempotencyKey: string | null;
}

export interface ProductRecord {
  sku: string;
  name: string;
  unitCost: string | null;
  price: string | null;
  currency: string | null;
  barcode: string | null;
  /** Rises with every change of any product: the products feed's cursor. */
  version: number;
  updatedAt: string;
}

export interface CountRecord {
  seq: number;
  id: string;
  sku: string;
  location: string;
  qty: number;
  countedAt: string;
}

export interface ReceiptRecord {
  seq: number;
  id: string;
  purchaseOrder: string | null;
  sku: string;
  location: string;
  qty: number;
  receivedAt: string;
}

export type BookingOutcome =
  | { kind: 'booked' | 'repeat'; order: BookedOrder }
  /** The idempotency key was first used for another order: the ERP refuses rather than guess. */
  | { kind: 'key_reused'; order: BookedOrder };

const iso = (ms: number) => new Date(ms).toISOString();
const pad = (n: number) => String(n).padStart(6, '0');

export class ErpBooks {
  readonly orders: BookedOrder[] = [];
  readonly counts: CountRecord[] = [];
  readonly receipts: ReceiptRecord[] = [];
  private readonly productsBySku = new Map<string, ProductRecord>();
  private readonly ordersByRef = new Map<string, BookedOrder>();
  private readonly ordersByKey = new Map<string, BookedOrder>();
  private productVersion = 0;

  /** Books the order, or counts one more posting of an order already booked under this reference or key. */
  bookOrder(input: SalesOrderInput, via: BookedOrder['via'], idempotencyKey: string | null, nowMs: number): BookingOutcome {
    const byKey = idempotencyKey === null ? undefined : this.ordersByKey.get(idempotencyKey);
    if (byKey && byKey.externalRef !== input.externalRef) return { kind: 'key_reused', order: byKey };
    const existing = byKey ?? this.ordersByRef.get(input.externalRef);
    if (existing) {
      existing.postedTimes++;
      if (idempotencyKey !== null && !this.ordersByKey.has(idempotencyKey)) this.ordersByKey.set(idempotencyKey, existing);
      return { kind: 'repeat', order: existing };
    }
    const order: BookedOrder = {
      ...input, id: `SO-${pad(100_000 + this.orders.length + 1)}`, postedTimes: 1, via, bookedAt: iso(nowMs), idempotencyKey,
    };
    this.orders.push(order);
    this.ordersByRef.set(order.externalRef, order);
    if (idempotencyKey !== null) this.ordersByKey.set(idempotencyKey, order);
    return { kind: 'booked', order };
  }

  /** A new product or a change to one: either way it gets the next version. */
  saveProduct(input: Omit<ProductRecord, 'version' | 'updatedAt'>, nowMs: number): ProductRecord {
    const product: ProductRecord = { ...input, version: ++this.productVersion, updatedAt: iso(nowMs) };
    this.productsBySku.set(product.sku, product);
    return product;
  }

  get products(): ProductRecord[] {
    return [...this.productsBySku.values()].sort((a, b) => a.version - b.version);
  }

  product(sku: string): ProductRecord | undefined {
    return this.productsBySku.get(sku);
  }

  addCount(input: { sku: string; location: string; qty: number }, nowMs: number): CountRecord {
    const seq = this.counts.length + 1;
    const count: CountRecord = { seq, id: `CNT-${pad(seq)}`, ...input, countedAt: iso(nowMs) };
    this.counts.push(count);
    return count;
  }

  addReceipt(input: { sku: string; location: string; qty: number; purchaseOrder: string | null }, nowMs: number): ReceiptRecord {
    const seq = this.receipts.length + 1;
    const receipt: ReceiptRecord = {
      seq, id: `RCV-${pad(seq)}`, purchaseOrder: input.purchaseOrder, sku: input.sku, location: input.location, qty: input.qty, receivedAt: iso(nowMs),
    };
    this.receipts.push(receipt);
    return receipt;
  }

  productsAfter(version: number, limit: number): ProductRecord[] {
    return this.products.filter((p) => p.version > version).slice(0, limit);
  }

  /** Sequences start at 1 and rise by one, so the records after `seq` start at index `seq`. */
  countsAfter(seq: number, limit: number): CountRecord[] {
    return this.counts.slice(seq, seq + limit);
  }

  receiptsAfter(seq: number, limit: number): ReceiptRecord[] {
    return this.receipts.slice(seq, seq + limit);
  }
}
