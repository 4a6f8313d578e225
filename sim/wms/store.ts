/**
 * The warehouse's own books and records in memory: on hand per warehouse and SKU, the shipment
 * requests and inbound notices it was sent, and its event log (one seq for the whole simulator).
 */
import type { WarehouseOpening } from './options.ts';

export interface WireAddress {
  name: string | null; line1: string | null; line2: string | null; city: string | null;
  province: string | null; postalCode: string | null; country: string | null; phone: string | null;
}

export type RequestStatus = 'waiting' | 'shipped' | 'cancelled';

export interface RequestLine {
  lineRef: string;
  sku: string;
  qty: number;
  qtyShipped: number;
}

export interface ShipmentRequest {
  /** The WMS's own id ("SR-000001"); requestId is the hub's idempotency key. */
  id: string;
  requestId: string;
  orderNumber: string;
  warehouse: string;
  shipTo: WireAddress | null;
  lines: RequestLine[];
  status: RequestStatus;
  carrier: string | null;
  trackingNumber: string | null;
  shippedMs: number | null;
}

export interface InboundNotice {
  id: string;
  noticeId: string;
  warehouse: string;
  reference: string | null;
  lines: { sku: string; qty: number }[];
  status: 'expected' | 'received';
}

interface EventBase { seq: number; eventId: string; occurredAt: string; warehouse: string }

/** Events as served by GET /api/v1/events. */
export type WireEvent = EventBase & (
  | { type: 'shipment_confirmed'; requestId: string; orderNumber: string; carrier: string; trackingNumber: string;
      lines: { lineRef: string; sku: string; qtyRequested: number; qtyShipped: number }[] }
  | { type: 'cycle_count'; sku: string; qty: number }
  | { type: 'return_received'; requestId: string | null; sku: string; qty: number }
  | { type: 'inbound_received'; noticeId: string; lines: { sku: string; qty: number }[] }
  | { type: 'request_cancelled'; requestId: string }
);

/** Distributes Omit over the union, so each event kind keeps its own fields. */
export type NewEvent = WireEvent extends infer E ? (E extends WireEvent ? Omit<E, keyof EventBase> & { warehouse: string } : never) : never;

/** Units lost without an event: the ground truth a later count reveals (afterSeq: the last event before it). */
export interface Shrinkage {
  warehouse: string;
  sku: string;
  qty: number;
  afterSeq: number;
}

export class WmsStore {
  readonly books = new Map<string, Map<string, number>>();
  readonly requests = new Map<string, ShipmentRequest>();
  readonly notices = new Map<string, InboundNotice>();
  readonly events: WireEvent[] = [];
  readonly shrinkage: Shrinkage[] = [];

  /** eventIdPrefix differs per reset of a run, so an event id is never given to two different events. */
  constructor(warehouses: readonly WarehouseOpening[], private readonly eventIdPrefix = 'wms-ev-') {
    for (const warehouse of warehouses) this.setStock(warehouse.code, warehouse.stock);
  }

  get lastSeq(): number {
    return this.events.length;
  }

  hasWarehouse(code: string): boolean {
    return this.books.has(code);
  }

  onHand(warehouse: string, sku: string): number {
    return this.books.get(warehouse)?.get(sku) ?? 0;
  }

  /** Replaces the named SKUs' quantities (others are kept); creates the warehouse if new. */
  setStock(warehouse: string, items: readonly { sku: string; qty: number }[]): void {
    const book = this.books.get(warehouse) ?? new Map<string, number>();
    for (const item of items) book.set(item.sku, item.qty);
    this.books.set(warehouse, book);
  }

  add(warehouse: string, sku: string, qty: number): void {
    const book = this.books.get(warehouse);
    if (!book) throw new Error(`no warehouse ${warehouse}`);
    book.set(sku, (book.get(sku) ?? 0) + qty);
  }

  /** Takes up to qty units off the book and returns how many it took: a book never goes below 0. */
  take(warehouse: string, sku: string, qty: number): number {
    const book = this.books.get(warehouse);
    const held = book?.get(sku) ?? 0;
    const taken = Math.max(0, Math.min(qty, held));
    if (book && taken > 0) book.set(sku, held - taken);
    return taken;
  }

  append(event: NewEvent, nowMs: number): WireEvent {
    const seq = this.events.length + 1;
    const full = { ...event, seq, eventId: `${this.eventIdPrefix}${String(seq).padStart(8, '0')}`, occurredAt: new Date(nowMs).toISOString() } as WireEvent;
    this.events.push(full);
    return full;
  }

  /** Events with seq > after, at most limit of them, in seq order (seq n sits at index n - 1). */
  eventsAfter(after: number, limit: number): WireEvent[] {
    return this.events.slice(after, after + limit);
  }

  nextRequestId(): string {
    return `SR-${String(this.requests.size + 1).padStart(6, '0')}`;
  }

  nextNoticeId(): string {
    return `IN-${String(this.notices.size + 1).padStart(6, '0')}`;
  }
}
