import { sql } from 'kysely';
import type { CanonicalOrder } from '../connectors/types.ts';
import { failure } from '../errors/index.ts';
import { keysetPage, type Db } from '../store/index.ts';

export interface OrderLine {
  lineNo: number;
  externalLineId: string;
  platformSku: string;
  sku: string | null;
  title: string;
  qty: number;
  unitPrice: string;
}

export interface Order {
  id: string;
  connectionId: string;
  externalId: string;
  number: string;
  status: string;
  platformStatus: string;
  platformUpdatedAt: string;
  currency: string;
  total: string;
  buyer: unknown;
  buyerNote: string | null;
  sellerNote: string | null;
  shippingAddress: unknown;
  flags: string[];
  flagDetails: unknown;
  /** Fields the connection's rules filled (gift wrap, delivery date …); {} when none fired. */
  attributes: Record<string, unknown>;
  /** How the mapping read it: rules that fired or failed, a status override, how each line was mapped (null before mapping existed). */
  mappingTrace: unknown;
  ingestedAt: string;
  updatedAt: string;
  lines: OrderLine[];
}

type OrderRow = {
  id: string; connection_id: string; external_id: string; number: string; status: string; platform_status: string; platform_updated_at: Date;
  currency: string; total: string; buyer: unknown; buyer_note: string | null; seller_note: string | null; shipping_address: unknown;
  flags: string[]; flag_details: unknown; attributes: unknown; mapping_trace: unknown; ingested_at: Date; updated_at: Date;
};

function toOrder(r: OrderRow, lines: OrderLine[]): Order {
  return {
    id: r.id, connectionId: r.connection_id, externalId: r.external_id, number: r.number, status: r.status, platformStatus: r.platform_status,
    platformUpdatedAt: r.platform_updated_at.toISOString(), currency: r.currency, total: r.total, buyer: r.buyer, buyerNote: r.buyer_note,
    sellerNote: r.seller_note, shippingAddress: r.shipping_address, flags: r.flags, flagDetails: r.flag_details,
    attributes: (r.attributes ?? {}) as Record<string, unknown>, mappingTrace: r.mapping_trace ?? null,
    ingestedAt: r.ingested_at.toISOString(), updatedAt: r.updated_at.toISOString(), lines,
  };
}

async function linesOf(db: Db, orderIds: string[]): Promise<Map<string, OrderLine[]>> {
  const byOrder = new Map<string, OrderLine[]>();
  if (orderIds.length === 0) return byOrder;
  const rows = await db.selectFrom('order_lines as ol').leftJoin('products as p', 'p.id', 'ol.product_id')
    .select(['ol.order_id', 'ol.line_no', 'ol.external_line_id', 'ol.platform_sku', 'p.sku', 'ol.title', 'ol.qty', 'ol.unit_price'])
    .where('ol.order_id', 'in', orderIds).orderBy('ol.order_id').orderBy('ol.line_no').execute();
  for (const r of rows) {
    const list = byOrder.get(r.order_id) ?? [];
    list.push({ lineNo: r.line_no, externalLineId: r.external_line_id, platformSku: r.platform_sku, sku: r.sku, title: r.title, qty: r.qty, unitPrice: r.unit_price });
    byOrder.set(r.order_id, list);
  }
  return byOrder;
}

export async function getOrder(db: Db, id: string): Promise<Order | undefined> {
  const row = await db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return toOrder(row, (await linesOf(db, [id])).get(id) ?? []);
}

export interface OrderFilter {
  connectionId?: string | undefined;
  status?: string | undefined;
  flagged?: boolean | undefined;
  externalId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export async function listOrders(db: Db, filter: OrderFilter): Promise<{ items: Order[]; nextCursor: string | null }> {
  let q = db.selectFrom('orders').selectAll().orderBy('id', 'desc').limit(filter.limit + 1);
  if (filter.connectionId) q = q.where('connection_id', '=', filter.connectionId);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.externalId) q = q.where('external_id', '=', filter.externalId);
  if (filter.flagged) q = q.where('flags', '!=', '{}' as unknown as string[]);
  if (filter.cursor) q = q.where('id', '<', filter.cursor);
  const { page, nextCursor } = keysetPage(await q.execute(), filter.limit);
  const lines = await linesOf(db, page.map((r) => r.id));
  return { items: page.map((r) => toOrder(r, lines.get(r.id) ?? [])), nextCursor };
}

/** The stored order in the connector's terms, for pushing a fulfilment back to its channel. */
export async function canonicalOf(db: Db, id: string): Promise<CanonicalOrder | undefined> {
  const o = await getOrder(db, id);
  if (!o) return undefined;
  return {
    externalId: o.externalId, number: o.number, status: o.status as CanonicalOrder['status'], platformStatus: o.platformStatus,
    createdAt: o.ingestedAt, updatedAt: o.platformUpdatedAt, currency: o.currency, total: o.total,
    buyer: o.buyer as CanonicalOrder['buyer'], buyerNote: o.buyerNote, sellerNote: o.sellerNote,
    shippingAddress: o.shippingAddress as CanonicalOrder['shippingAddress'],
    lines: o.lines.map((l) => ({ externalLineId: l.externalLineId, sku: l.platformSku, platformProductId: null, platformVariantId: null, title: l.title, qty: l.qty, unitPrice: l.unitPrice })),
  };
}

/**
 * Orders of a connection held for UNMAPPED_SKU: the inbox records they were last read from, to be
 * read again once a mapping exists (an order applied without a stored record cannot be).
 */
export async function unmappedOrderRecords(db: Db, connectionId: string): Promise<string[]> {
  const rows = await db.selectFrom('orders').select('last_inbox_id')
    .where('connection_id', '=', connectionId).where(sql<boolean>`'UNMAPPED_SKU' = any(flags)`).where('last_inbox_id', 'is not', null)
    .orderBy('id').execute();
  return rows.map((r) => r.last_inbox_id!);
}

export const orderNotFound = (id: string) => failure('ORDERS.ORDER_NOT_FOUND', `No order has id ${id}.`, { orderId: id });
