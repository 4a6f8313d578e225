/**
 * The adapters behind the hub's back-office partners: an ERP (books, product master, purchase
 * receipts) and a WMS / 3PL (picks, ships, counts). Like channel connectors they are stateless:
 * base URL, credentials, clock and fetch are passed in; they translate wire formats and never touch
 * the database. Failures are thrown as PlatformError (src/connectors/types.ts) so the job worker
 * backs off, waits or parks the job exactly as for a channel.
 */

export interface PartnerContext {
  baseUrl: string;
  credentials: Record<string, string>;
  fetch: typeof fetch;
  now(): Date;
  /** The CSV adapter's folders (settings of the partner row): where files arrive and where exports go. */
  settings: Record<string, string>;
}

export interface PartnerAddress {
  name: string | null; line1: string | null; line2: string | null; city: string | null;
  province: string | null; postalCode: string | null; country: string | null; phone: string | null;
}

/** A released order as the ERP books it: hub order id is the idempotency key. */
export interface ErpOrderExport {
  orderId: string;
  channel: string;
  platform: string;
  externalId: string;
  number: string;
  createdAt: string;
  currency: string;
  total: string;
  buyerName: string | null;
  shippingAddress: PartnerAddress | null;
  /** Master SKUs (after mapping), not the channel's codes. */
  lines: { lineNo: number; sku: string; title: string; qty: number; unitPrice: string }[];
}

export interface ErpProduct {
  sku: string;
  name: string;
  unitCost: string | null;
  price: string | null;
  currency: string | null;
  barcode: string | null;
}

/** A stock count taken by or booked in the ERP: becomes a count movement (on hand set to qty). */
export interface ErpStockCount {
  countId: string;
  sku: string;
  location: string;
  qty: number;
  countedAt: string;
}

/** Goods received against a purchase order: becomes a receipt movement (qty added). */
export interface ErpReceipt {
  receiptId: string;
  purchaseOrder: string | null;
  sku: string;
  location: string;
  qty: number;
  receivedAt: string;
}

/** A page of records after a cursor; `cursor` is what to pass next time (unchanged when nothing new). */
export interface Feed<T> {
  items: T[];
  cursor: string | null;
  more: boolean;
}

export interface ErpAdapter {
  kind: 'erp-rest' | 'erp-csv';
  /** Books the order once: a second export of the same orderId returns the id the ERP gave the first time. */
  exportOrder(ctx: PartnerContext, order: ErpOrderExport): Promise<{ erpOrderId: string; created: boolean }>;
  products(ctx: PartnerContext, cursor: string | null): Promise<Feed<ErpProduct>>;
  stockCounts(ctx: PartnerContext, cursor: string | null): Promise<Feed<ErpStockCount>>;
  receipts(ctx: PartnerContext, cursor: string | null): Promise<Feed<ErpReceipt>>;
}

/** What the hub asks a warehouse to ship: one request per released order, keyed by the hub order id. */
export interface WmsShipmentRequest {
  requestId: string;
  orderNumber: string;
  /** The warehouse code (hub location code) that holds the order's reservation. */
  warehouse: string;
  shipTo: PartnerAddress | null;
  lines: { lineRef: string; sku: string; qty: number }[];
}

/** Goods the warehouse is told to expect (a purchase receipt from the ERP at a location it runs). */
export interface WmsInboundNotice {
  noticeId: string;
  warehouse: string;
  reference: string | null;
  lines: { sku: string; qty: number }[];
}

/** Events in the warehouse's own order: `seq` rises by one per event in that warehouse system. */
export type WmsEvent =
  | { type: 'shipment_confirmed'; seq: number; eventId: string; requestId: string; warehouse: string; carrier: string; trackingNumber: string; shippedAt: string;
      /** What left the building; a line shipped short has qtyShipped < requested and will not follow. */
      lines: { lineRef: string; sku: string; qtyShipped: number }[] }
  | { type: 'cycle_count'; seq: number; eventId: string; warehouse: string; sku: string; qty: number; countedAt: string }
  | { type: 'return_received'; seq: number; eventId: string; warehouse: string; requestId: string | null; sku: string; qty: number; receivedAt: string }
  | { type: 'inbound_received'; seq: number; eventId: string; warehouse: string; noticeId: string; lines: { sku: string; qty: number }[]; receivedAt: string }
  | { type: 'request_cancelled'; seq: number; eventId: string; warehouse: string; requestId: string };

export interface WmsAdapter {
  kind: 'wms-rest';
  /** Idempotent by requestId: a repeat answers with the first request's id. */
  requestShipment(ctx: PartnerContext, request: WmsShipmentRequest): Promise<{ wmsRequestId: string; created: boolean }>;
  /** Asks the warehouse not to ship; false when it has already shipped (the hub then keeps the shipment). */
  cancelShipment(ctx: PartnerContext, requestId: string): Promise<{ cancelled: boolean }>;
  expectInbound(ctx: PartnerContext, notice: WmsInboundNotice): Promise<{ wmsNoticeId: string; created: boolean }>;
  /** Events after `cursor` in the warehouse's order (the webhook only says "there is news"). */
  events(ctx: PartnerContext, cursor: string | null): Promise<Feed<WmsEvent>>;
  /** Verifies a webhook's signature (HMAC-SHA256 of the raw body, base64, with the shared secret). */
  verifyWebhook(headers: Record<string, string | string[] | undefined>, rawBody: Buffer, credentials: Record<string, string>): boolean;
  /** What the warehouse's books say it holds now (the demo's and reconciliation's comparison). */
  stockOnHand(ctx: PartnerContext, warehouse: string): Promise<{ sku: string; qty: number }[]>;
}
