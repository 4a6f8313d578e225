/**
 * A generic REST ERP (sim/README.md "ERP" documents the wire): sales orders are posted once per hub
 * order under an Idempotency-Key; products, stock counts and receipts are read as feeds after a
 * number the ERP gives each record (a change version for products, a sequence for the others).
 */
import { PlatformError } from '../../connectors/index.ts';
import type { ErpAdapter, ErpOrderExport, Feed, PartnerContext } from '../types.ts';
import { erpCall } from './rest-call.ts';
import { productOf, receiptOf, RecordReader, stockCountOf } from './records.ts';

/** Records asked for per feed call. */
export const ERP_PAGE_SIZE = 100;

export const erpRestAdapter: ErpAdapter = {
  kind: 'erp-rest',

  async exportOrder(ctx, order) {
    const reply = await erpCall(ctx, {
      method: 'POST', path: 'sales-orders', json: salesOrderBody(order), headers: { 'idempotency-key': order.orderId },
    });
    const id = reply.body.id;
    if (typeof id !== 'string' && typeof id !== 'number') throw new PlatformError('permanent', 'POST /api/v1/sales-orders: the answer has no id');
    // 201 booked now; 200 the ERP had it already (same key or same externalRef) and names its id.
    return { erpOrderId: String(id), created: reply.status === 201 };
  },

  products: (ctx, cursor) => readFeed(ctx, { path: 'products', afterParam: 'updatedAfter', numberField: 'version' }, cursor, productOf),
  stockCounts: (ctx, cursor) => readFeed(ctx, { path: 'stock-counts', afterParam: 'after', numberField: 'seq' }, cursor, stockCountOf),
  receipts: (ctx, cursor) => readFeed(ctx, { path: 'receipts', afterParam: 'after', numberField: 'seq' }, cursor, receiptOf),
};

/** The ERP's sales-order body: the hub order id is both the externalRef and the idempotency key. */
export function salesOrderBody(order: ErpOrderExport): Record<string, unknown> {
  return {
    externalRef: order.orderId,
    channel: order.channel,
    platform: order.platform,
    channelOrderId: order.externalId,
    number: order.number,
    orderedAt: order.createdAt,
    currency: order.currency,
    total: order.total,
    customer: { name: order.buyerName },
    shipTo: order.shippingAddress,
    lines: order.lines.map((line) => ({ lineNo: line.lineNo, sku: line.sku, description: line.title, qty: line.qty, unitPrice: line.unitPrice })),
  };
}

interface FeedSpec {
  path: string;
  afterParam: string;
  /** The item's rising number: the cursor is the last one handed out. */
  numberField: string;
}

/** Renames the contract's field names to the REST item's where they differ. */
const REST_NAMES: Record<string, string> = { countId: 'id', receiptId: 'id' };

async function readFeed<T>(ctx: PartnerContext, spec: FeedSpec, cursor: string | null, read: (r: RecordReader) => T): Promise<Feed<T>> {
  const after = cursorNumber(cursor, spec.path);
  const query = new URLSearchParams({ [spec.afterParam]: String(after), limit: String(ERP_PAGE_SIZE) });
  const reply = await erpCall(ctx, { method: 'GET', path: spec.path, query });
  const raw = reply.body.items;
  if (!Array.isArray(raw)) throw new PlatformError('permanent', `GET /api/v1/${spec.path}: the answer has no items list`);
  let last = after;
  const items = raw.map((item: unknown, i) => {
    const where = `GET /api/v1/${spec.path} item ${i + 1}`;
    const record = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
    const reader = new RecordReader(record, where, (field) => REST_NAMES[field] ?? field);
    const number = reader.count(spec.numberField, 1);
    // A number not above the last one would move the cursor back and hand the same records out forever.
    if (number <= last) reader.fail(spec.numberField, `${number} does not follow ${last}: the feed must rise`);
    last = number;
    return read(reader);
  });
  // An ERP that caps pages below our limit says so with hasMore; without it a full page means "ask again".
  const more = typeof reply.body.hasMore === 'boolean' ? reply.body.hasMore : items.length >= ERP_PAGE_SIZE;
  return { items, cursor: items.length > 0 ? String(last) : cursor, more };
}

function cursorNumber(cursor: string | null, feed: string): number {
  if (cursor === null) return 0;
  if (!/^\d{1,15}$/.test(cursor)) throw new PlatformError('permanent', `the ${feed} cursor "${cursor}" is not a record number`);
  return Number(cursor);
}
