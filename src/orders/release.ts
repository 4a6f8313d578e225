/**
 * Release: the moment an order is handed to fulfilment (ERP and warehouse). An order is released
 * once it is paid, holds its stock, was judged by the review rules (review.ts) and carries no flag that
 * needs a person; once only (released_at).
 * Cancelled after release, it is the fulfilment side's job to call the warehouse off.
 */
import { sql } from 'kysely';
import type { Db } from '../store/index.ts';

export interface ReleasedOrder {
  id: string;
  connectionId: string;
}

/**
 * Marks up to `limit` releasable orders released and returns them, inside the caller's transaction
 * (which writes the hand-over jobs). SKIP LOCKED: an order being applied right now waits for the next sweep.
 */
export async function claimReleasable(trx: Db, limit: number): Promise<ReleasedOrder[]> {
  const rows = await trx.selectFrom('orders').select(['id', 'connection_id'])
    .where('released_at', 'is', null).where('status', '=', 'paid').where('flags', '=', sql<string[]>`'{}'::text[]`)
    .where(sql<boolean>`content_hash = reviewed_hash`)
    .orderBy('id').limit(limit).forUpdate().skipLocked().execute();
  if (rows.length === 0) return [];
  await trx.updateTable('orders').set({ released_at: new Date() }).where('id', 'in', rows.map((r) => r.id)).execute();
  return rows.map((r) => ({ id: r.id, connectionId: r.connection_id }));
}

/** Of these orders, the ones cancelled on their channel. */
export async function cancelledAmong(db: Db, orderIds: string[]): Promise<string[]> {
  if (orderIds.length === 0) return [];
  const rows = await db.selectFrom('orders').select('id').where('id', 'in', orderIds).where('status', '=', 'cancelled').execute();
  return rows.map((r) => r.id);
}

export interface FulfilmentView {
  id: string;
  connectionId: string;
  externalId: string;
  number: string;
  status: string;
  createdAt: string;
  currency: string;
  total: string;
  buyerName: string | null;
  shippingAddress: unknown;
  flags: string[];
  lines: { lineNo: number; externalLineId: string; sku: string | null; title: string; qty: number; unitPrice: string }[];
}

/** What the ERP and the warehouse are told about an order: master SKUs, not the channel's codes. */
export async function fulfilmentViewOf(db: Db, orderId: string): Promise<FulfilmentView | undefined> {
  const o = await db.selectFrom('orders').select(['id', 'connection_id', 'external_id', 'number', 'status', 'ingested_at', 'currency', 'total', 'buyer', 'shipping_address', 'flags'])
    .where('id', '=', orderId).executeTakeFirst();
  if (!o) return undefined;
  const lines = await db.selectFrom('order_lines as ol').leftJoin('products as p', 'p.id', 'ol.product_id')
    .select(['ol.line_no', 'ol.external_line_id', 'p.sku', 'ol.title', 'ol.qty', 'ol.unit_price']).where('ol.order_id', '=', orderId).orderBy('ol.line_no').execute();
  const buyer = (o.buyer ?? {}) as { name?: string | null; nick?: string | null };
  return {
    id: o.id, connectionId: o.connection_id, externalId: o.external_id, number: o.number, status: o.status, createdAt: o.ingested_at.toISOString(),
    currency: o.currency, total: o.total, buyerName: buyer.name ?? buyer.nick ?? null, shippingAddress: o.shipping_address, flags: o.flags,
    lines: lines.map((l) => ({ lineNo: l.line_no, externalLineId: l.external_line_id, sku: l.sku, title: l.title, qty: l.qty, unitPrice: l.unit_price })),
  };
}

export interface ShipmentRecord {
  source: string;
  carrier: string;
  trackingNumber: string;
  lines: { externalLineId: string; qty: number }[];
  shippedAt?: string | undefined;
}

/** Keeps a shipment with its tracking number (once per tracking number): the order's timeline and the demo's check. */
export async function recordShipment(trx: Db, orderId: string, shipment: ShipmentRecord): Promise<void> {
  await trx.insertInto('order_shipments').values({
    order_id: orderId, source: shipment.source, carrier: shipment.carrier, tracking_number: shipment.trackingNumber,
    lines: JSON.stringify(shipment.lines), ...(shipment.shippedAt ? { shipped_at: shipment.shippedAt } : {}),
  }).onConflict((oc) => oc.columns(['order_id', 'tracking_number']).doNothing()).execute();
}

/** Adds a flag an order carries until a person looks (SHORT_SHIPPED, SHIPPED_AFTER_CANCEL), with its details. */
export async function addFlag(trx: Db, orderId: string, flag: string, details: unknown): Promise<void> {
  await addFlagToMany(trx, flag, new Map([[orderId, details]]));
}

/** One flag on many orders in one statement, each with its own details (the review sweep's holds). */
export async function addFlagToMany(trx: Db, flag: string, detailsByOrder: Map<string, unknown>): Promise<void> {
  if (detailsByOrder.size === 0) return;
  const details = JSON.stringify(Object.fromEntries(detailsByOrder));
  await sql`UPDATE orders o SET flags = (SELECT array_agg(DISTINCT f) FROM unnest(o.flags || ARRAY[${flag}]::text[]) AS f),
      flag_details = o.flag_details || jsonb_build_object(${flag}::text, (${details}::jsonb) -> o.id::text), updated_at = now()
    WHERE o.id = ANY(${[...detailsByOrder.keys()]}::bigint[])`.execute(trx);
}

/** Every released order with its lines in master SKUs: what the ERP should have booked. */
export async function releasedOrders(db: Db): Promise<{ orderId: string; lines: { sku: string; qty: number }[] }[]> {
  const rows = await db.selectFrom('orders as o').innerJoin('order_lines as ol', 'ol.order_id', 'o.id').leftJoin('products as p', 'p.id', 'ol.product_id')
    .select(['o.id', 'p.sku', 'ol.qty']).where('o.released_at', 'is not', null).orderBy('o.id').orderBy('ol.line_no').execute();
  const byOrder = new Map<string, { sku: string; qty: number }[]>();
  for (const r of rows) byOrder.set(r.id, [...(byOrder.get(r.id) ?? []), { sku: r.sku ?? '', qty: r.qty }]);
  return [...byOrder].map(([orderId, lines]) => ({ orderId, lines }));
}

/** Orders waiting for a person, per flag, with the oldest one's age (metrics). */
export async function flaggedStats(db: Db): Promise<{ flag: string; count: number; oldestAgeMs: number }[]> {
  const r = await sql<{ flag: string; n: number; oldest: number | null }>`
    SELECT f AS flag, count(*)::int AS n, (extract(epoch FROM clock_timestamp() - min(o.ingested_at)) * 1000)::float8 AS oldest
      FROM orders o, unnest(o.flags) AS f WHERE o.flags <> '{}' GROUP BY f`.execute(db);
  return r.rows.map((row) => ({ flag: row.flag, count: row.n, oldestAgeMs: Math.round(row.oldest ?? 0) }));
}
