/**
 * Hand-over to the back office: released orders go to every ERP once and to the warehouse that holds
 * their stock; an order cancelled after release is called off at the warehouse. Each hand-over is a
 * job (retried, backed off, parked when dead) and idempotent at the partner by the hub order id.
 */
import { sql } from 'kysely';
import { cancelledAmong, claimReleasable, fulfilmentViewOf, reservationRefOf } from '../orders/index.ts';
import type { Db } from '../store/index.ts';
import type { Job, JobSpec } from '../sync/index.ts';
import { callContext, withHealth } from './context.ts';
import type { PartnerDeps } from './deps.ts';
import { listPartners, type Partner } from './records.ts';
import { requestLinesByLocation } from './shipment-plan.ts';
import type { PartnerAddress, WmsInboundNotice } from './types.ts';

/** After ingest and pulls, beside channel fulfilments: a released order waits on nothing else. */
export const HANDOFF_PRIORITY = 60;
const RELEASE_BATCH = 200;

const job = (kind: string, key: string, payload: Record<string, unknown>): JobSpec => ({ kind, dedupeKey: `${kind}:${key}`, payload, priority: HANDOFF_PRIORITY });

/** Releases what is ready and writes its hand-over jobs in the same transaction. Returns how many were released. */
export async function releaseSweep(deps: PartnerDeps): Promise<number> {
  const partners = (await listPartners(deps.db)).filter((p) => p.status === 'active');
  const erps = partners.filter((p) => p.kind === 'erp');
  const hasWarehouse = partners.some((p) => p.kind === 'wms');
  return deps.db.transaction().execute(async (trx) => {
    const released = await claimReleasable(trx, RELEASE_BATCH);
    const specs = released.flatMap((o) => [
      ...erps.map((erp) => job('erp_export', `${erp.id}:${o.id}`, { partnerId: erp.id, orderId: o.id })),
      ...(hasWarehouse ? [job('wms_request', o.id, { orderId: o.id })] : []),
    ]);
    await deps.enqueue(trx, specs);
    return released.length;
  });
}

/** Shipment requests still open at a warehouse whose order was cancelled on its channel: call them off. */
export async function cancelSweep(deps: PartnerDeps): Promise<number> {
  const open = await deps.db.selectFrom('partner_orders').select(['partner_id', 'order_id'])
    .where('purpose', '=', 'shipment_request').where('status', '=', 'sent').execute();
  const cancelled = new Set(await cancelledAmong(deps.db, [...new Set(open.map((r) => r.order_id))]));
  const toCancel = open.filter((r) => cancelled.has(r.order_id));
  if (toCancel.length === 0) return 0;
  await deps.db.transaction().execute(async (trx) => {
    for (const r of toCancel) await setHandoff(trx, r.partner_id, r.order_id, 'shipment_request', { status: 'cancel_requested' });
    await deps.enqueue(trx, toCancel.map((r) => job('wms_cancel', `${r.partner_id}:${r.order_id}`, { partnerId: r.partner_id, orderId: r.order_id })));
  });
  return toCancel.length;
}

type HandoffPatch = { status: 'sent' | 'cancel_requested' | 'cancelled' | 'shipped' | 'short_shipped'; externalId?: string; warehouse?: string };

export async function setHandoff(db: Db, partnerId: string, orderId: string, purpose: 'erp_order' | 'shipment_request', patch: HandoffPatch): Promise<void> {
  await db.insertInto('partner_orders').values({
    partner_id: partnerId, order_id: orderId, purpose, status: patch.status, external_id: patch.externalId ?? null, warehouse: patch.warehouse ?? null,
  }).onConflict((oc) => oc.columns(['partner_id', 'order_id', 'purpose']).doUpdateSet({
    status: patch.status,
    external_id: sql`coalesce(${patch.externalId ?? null}, partner_orders.external_id)`,
    warehouse: sql`coalesce(${patch.warehouse ?? null}, partner_orders.warehouse)`,
    updated_at: new Date(),
  })).execute();
}

const payloadOf = <T>(j: Job) => j.payload as T;

export async function exportToErp(deps: PartnerDeps, j: Job): Promise<unknown> {
  const { partnerId, orderId } = payloadOf<{ partnerId: string; orderId: string }>(j);
  const called = await callContext(deps, partnerId);
  if ('skipped' in called) return called;
  const order = await fulfilmentViewOf(deps.db, orderId);
  if (!order) return { skipped: 'order gone' };
  const connection = await deps.channels.get(order.connectionId);
  // ERP line numbers count from 1; the hub's from 0.
  const lines = order.lines.filter((l) => l.sku !== null).map((l) => ({ lineNo: l.lineNo + 1, sku: l.sku!, title: l.title, qty: l.qty, unitPrice: l.unitPrice }));
  const adapter = deps.erpAdapter(called.partner.adapter);
  const booked = await withHealth(deps, partnerId, () => adapter.exportOrder(called.ctx, {
    orderId, channel: connection.ok ? connection.value.name : order.connectionId, platform: connection.ok ? connection.value.platform : 'unknown',
    externalId: order.externalId, number: order.number, createdAt: order.createdAt, currency: order.currency, total: order.total,
    buyerName: order.buyerName, shippingAddress: order.shippingAddress as PartnerAddress | null, lines,
  }));
  await setHandoff(deps.db, partnerId, orderId, 'erp_order', { status: 'sent', externalId: booked.erpOrderId });
  return booked;
}

/** One request per warehouse holding the order's stock; locations no warehouse system runs are shipped by hand. */
export async function requestShipments(deps: PartnerDeps, j: Job): Promise<unknown> {
  const { orderId } = payloadOf<{ orderId: string }>(j);
  const order = await fulfilmentViewOf(deps.db, orderId);
  if (!order) return { skipped: 'order gone' };
  if (order.status !== 'paid') return { skipped: `order is ${order.status}` };
  const reservation = await deps.inventory.getReservation({ ref: reservationRefOf(orderId) });
  if (!reservation.ok || reservation.value.status !== 'active') return { skipped: 'no stock held' };
  const warehouses = await warehousesByLocation(deps);
  const byLocation = requestLinesByLocation(reservation.value);
  const sent: Record<string, string> = {};
  const locationsOf = (partnerId: string) => [...byLocation.keys()].filter((l) => warehouses.get(l)?.id === partnerId).length;
  for (const [location, lines] of byLocation) {
    const partner = warehouses.get(location);
    if (!partner) continue;
    const called = await callContext(deps, partner.id);
    if ('skipped' in called) continue;
    // The order id is the request id; only an order split over two sites of one warehouse system needs two.
    const requestId = locationsOf(partner.id) === 1 ? orderId : `${orderId}@${location}`;
    const answer = await withHealth(deps, partner.id, () => deps.wmsAdapter(partner.adapter).requestShipment(called.ctx, {
      requestId, orderNumber: order.number, warehouse: location, shipTo: order.shippingAddress as PartnerAddress | null, lines,
    }));
    await setHandoff(deps.db, partner.id, orderId, 'shipment_request', { status: 'sent', externalId: answer.wmsRequestId, warehouse: location });
    sent[location] = answer.wmsRequestId;
  }
  return { sent };
}

export async function cancelShipment(deps: PartnerDeps, j: Job): Promise<unknown> {
  const { partnerId, orderId } = payloadOf<{ partnerId: string; orderId: string }>(j);
  const called = await callContext(deps, partnerId);
  if ('skipped' in called) return called;
  const row = await deps.db.selectFrom('partner_orders').select(['status', 'warehouse']).where('partner_id', '=', partnerId).where('order_id', '=', orderId)
    .where('purpose', '=', 'shipment_request').executeTakeFirst();
  if (row?.status !== 'cancel_requested') return { skipped: `request is ${row?.status ?? 'unknown'}` };
  const answer = await withHealth(deps, partnerId, () => deps.wmsAdapter(called.partner.adapter).cancelShipment(called.ctx, orderId));
  // Already shipped: the confirmation event will arrive and is applied as a shipment after cancellation.
  if (answer.cancelled) await setHandoff(deps.db, partnerId, orderId, 'shipment_request', { status: 'cancelled' });
  return answer;
}

export async function announceInbound(deps: PartnerDeps, j: Job): Promise<unknown> {
  const { partnerId, notice } = payloadOf<{ partnerId: string; notice: WmsInboundNotice }>(j);
  const called = await callContext(deps, partnerId);
  if ('skipped' in called) return called;
  return withHealth(deps, partnerId, () => deps.wmsAdapter(called.partner.adapter).expectInbound(called.ctx, notice));
}

export async function warehousesByLocation(deps: Pick<PartnerDeps, 'db'>): Promise<Map<string, Partner>> {
  const partners = (await listPartners(deps.db)).filter((p) => p.kind === 'wms');
  return new Map(partners.flatMap((p) => p.locations.map((l) => [l, p] as const)));
}
