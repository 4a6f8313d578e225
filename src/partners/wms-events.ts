/**
 * Applying a warehouse's events, strictly in its own order (seq). A webhook only says "there is
 * news"; the events are read by cursor, so a lost, repeated or reordered webhook changes nothing.
 * Each event is applied once (partner_events), and its stock effect carries an idempotency key, so a
 * crash between applying and moving the cursor repeats nothing. A count is exact as of its seq: every
 * shipment, return and receipt before it has been applied here first.
 */
import { addFlag, fulfilmentViewOf, recordShipment, reservationRefOf } from '../orders/index.ts';
import { isRetryableConflict, type Db } from '../store/index.ts';
import type { Job } from '../sync/index.ts';
import { callContext, withHealth } from './context.ts';
import type { PartnerDeps } from './deps.ts';
import { setHandoff } from './handoff.ts';
import { saveCursor, type Partner } from './records.ts';
import { readConfirmation, requestLinesByLocation } from './shipment-plan.ts';
import type { PartnerContext, WmsEvent } from './types.ts';

type Outcome = Record<string, unknown>;

export async function pullWarehouseEvents(deps: PartnerDeps, partner: Partner, ctx: PartnerContext): Promise<{ applied: number; cursor: string | null }> {
  const adapter = deps.wmsAdapter(partner.adapter);
  let cursor = partner.cursors.events ?? null;
  let applied = 0;
  for (let page = 0; page < 50; page++) {
    const feed = await withHealth(deps, partner.id, () => adapter.events(ctx, cursor));
    for (const event of feed.items) {
      await applyOnce(deps, partner, event);
      applied++;
    }
    if (feed.cursor !== null && feed.cursor !== cursor) {
      cursor = feed.cursor;
      await saveCursor(deps.db, partner.id, 'events', cursor);
    }
    if (!feed.more || feed.items.length === 0) break;
  }
  return { applied, cursor };
}

async function applyOnce(deps: PartnerDeps, partner: Partner, event: WmsEvent): Promise<void> {
  const key = `wms:${epochOf(partner)}${event.eventId}`;
  const seen = await deps.db.selectFrom('partner_events').select('event_key').where('partner_id', '=', partner.id).where('event_key', '=', key).executeTakeFirst();
  if (seen) return;
  let outcome: Outcome;
  try {
    outcome = await applyEvent(deps, partner, event);
  } catch (err) {
    // A database conflict that outlasted the retries is not the event's fault: the job runs again
    // from this event (the cursor has not moved past it).
    if (isRetryableConflict(err)) throw err;
    // A broken event must not stop the warehouse's feed behind it: kept with its error for a person.
    outcome = { error: err instanceof Error ? err.message : String(err) };
    deps.log.error({ err, partner: partner.name, event }, 'warehouse event could not be applied');
  }
  await markApplied(deps.db, partner.id, key, outcome);
}

async function markApplied(db: Db, partnerId: string, key: string, outcome: Outcome): Promise<void> {
  await db.insertInto('partner_events').values({ partner_id: partnerId, event_key: key, outcome: JSON.stringify(outcome) })
    .onConflict((oc) => oc.columns(['partner_id', 'event_key']).doNothing()).execute();
}

/** The partner's event numbering since its last reset (records.ts resetCursors): part of every key made from an event. */
const epochOf = (partner: Partner) => (partner.cursors.epoch ? `${partner.cursors.epoch}:` : '');
const keyOf = (partner: Partner, event: WmsEvent, suffix = '') => `wms:${partner.id}:${epochOf(partner)}${event.eventId}${suffix}`;
const resultOf = (r: { ok: boolean; code?: string; message?: string }) => (r.ok ? { ok: true } : { ok: false, code: r.code, message: r.message });

async function applyEvent(deps: PartnerDeps, partner: Partner, event: WmsEvent): Promise<Outcome> {
  const actor = `wms:${partner.name}`;
  switch (event.type) {
    case 'shipment_confirmed':
      return applyShipment(deps, partner, event);
    case 'cycle_count':
      return resultOf(await deps.inventory.count({ sku: event.sku, location: event.warehouse, counted: event.qty, idempotencyKey: keyOf(partner, event), reason: 'cycle count', reference: `wms count ${event.eventId}` }, actor));
    case 'return_received':
      return resultOf(await deps.inventory.returnToStock({ sku: event.sku, location: event.warehouse, qty: event.qty, idempotencyKey: keyOf(partner, event), reference: event.requestId ? `order ${orderIdOf(event.requestId)}` : undefined }, actor));
    case 'inbound_received': {
      const results: Outcome[] = [];
      for (const line of event.lines) {
        results.push({ sku: line.sku, ...resultOf(await deps.inventory.receive({ sku: line.sku, location: event.warehouse, qty: line.qty, idempotencyKey: keyOf(partner, event, `:${line.sku}`), reference: event.noticeId }, actor)) });
      }
      return { lines: results };
    }
    case 'request_cancelled':
      await setHandoff(deps.db, partner.id, orderIdOf(event.requestId), 'shipment_request', { status: 'cancelled' });
      return { cancelled: event.requestId };
  }
}

const orderIdOf = (requestId: string) => requestId.split('@')[0]!;

type Shipment = Extract<WmsEvent, { type: 'shipment_confirmed' }>;

/**
 * Commits what left the building and tells the channel (same transaction as the fulfilment job). A
 * line shipped short will not follow: what is missing is given back to the order's reservation's
 * pool and the order is flagged for a person (refund or re-send); the next count settles the shelf.
 */
async function applyShipment(deps: PartnerDeps, partner: Partner, event: Shipment): Promise<Outcome> {
  const orderId = orderIdOf(event.requestId);
  const actor = `wms:${partner.name}`;
  const order = await fulfilmentViewOf(deps.db, orderId);
  if (!order) return { error: `no order ${orderId}` };
  const reservation = await deps.inventory.getReservation({ ref: reservationRefOf(orderId) });
  const shipmentLines = event.lines.map((l) => ({ lineRef: l.lineRef, qtyShipped: l.qtyShipped }));
  if (!reservation.ok || reservation.value.status !== 'active') return shippedWithoutReservation(deps, partner, event, orderId);
  const sites = requestLinesByLocation(reservation.value);
  const requested = sites.get(event.warehouse) ?? [];
  const outcome = readConfirmation(requested, shipmentLines, new Map(order.lines.map((l) => [l.lineNo, l.qty])));
  const lineById = new Map(order.lines.map((l) => [l.lineNo, l.externalLineId]));
  const lines = [...outcome.shippedUnits].filter(([, qty]) => qty > 0).map(([lineNo, qty]) => ({ externalLineId: lineById.get(lineNo)!, qty }));
  if (lines.length === 0) return nothingShipped(deps, partner, event, orderId, outcome.short);
  const shipment = { carrier: event.carrier, trackingNumber: event.trackingNumber, lines };
  // Everything the order holds ships at once unless this is one of several sites or a short shipment.
  const whole = outcome.complete && sites.size === 1;
  const shipped = await deps.orders.ship(orderId, whole ? { carrier: event.carrier, trackingNumber: event.trackingNumber } : shipment, actor, async (trx, connectionId, id, input) => {
    await recordShipment(trx, id, { source: actor, carrier: event.carrier, trackingNumber: event.trackingNumber, lines, shippedAt: event.shippedAt });
    if (lines.length > 0) await deps.enqueueFulfilment(trx, connectionId, id, input);
    if (!outcome.complete) {
      const released = await deps.inventory.within(trx).release({ ref: reservationRefOf(id) }, { reason: 'short shipped by the warehouse' }, actor);
      await addFlag(trx, id, 'SHORT_SHIPPED', { warehouse: event.warehouse, missing: outcome.short, released: released.ok });
    }
    await setHandoff(trx, partner.id, id, 'shipment_request', { status: outcome.complete ? 'shipped' : 'short_shipped' });
  });
  return shipped.ok ? { shipped: lines, complete: outcome.complete } : { error: shipped.message, code: shipped.code };
}

/**
 * A confirmation with nothing in it: the warehouse found none of the order's units. The order keeps
 * its stock (it is still owed to the buyer, and the channel still shows it unshipped) and waits for a
 * person to re-send or cancel it; the next count settles the shelf.
 */
async function nothingShipped(deps: PartnerDeps, partner: Partner, event: Shipment, orderId: string, missing: { lineRef: string; sku: string; missing: number }[]): Promise<Outcome> {
  await deps.db.transaction().execute(async (trx) => {
    await addFlag(trx, orderId, 'SHORT_SHIPPED', { warehouse: event.warehouse, missing, nothingShipped: true });
    await setHandoff(trx, partner.id, orderId, 'shipment_request', { status: 'short_shipped' });
  });
  return { shipped: [], complete: false, nothingShipped: true };
}

/**
 * The warehouse shipped an order the hub no longer holds stock for (cancelled on the channel after
 * release, and the call-off came too late). The goods are gone all the same: the shelf is brought
 * down by what left, and the order is flagged for after-sales (intercept or refund).
 */
async function shippedWithoutReservation(deps: PartnerDeps, partner: Partner, event: Shipment, orderId: string): Promise<Outcome> {
  const already = await deps.db.selectFrom('order_shipments').select('id').where('order_id', '=', orderId).where('tracking_number', '=', event.trackingNumber).executeTakeFirst();
  if (already) return { duplicate: true };
  const adjusted: Outcome[] = [];
  for (const line of event.lines.filter((l) => l.qtyShipped > 0)) {
    adjusted.push({ sku: line.sku, ...resultOf(await deps.inventory.adjust({ sku: line.sku, location: event.warehouse, delta: -line.qtyShipped, reason: 'other', idempotencyKey: keyOf(partner, event, `:${line.lineRef}`), reference: `order ${orderId} shipped after cancellation`, note: `tracking ${event.trackingNumber}` }, `wms:${partner.name}`)) });
  }
  await deps.db.transaction().execute(async (trx) => {
    await recordShipment(trx, orderId, { source: `wms:${partner.name}`, carrier: event.carrier, trackingNumber: event.trackingNumber, lines: [], shippedAt: event.shippedAt });
    await addFlag(trx, orderId, 'SHIPPED_AFTER_CANCEL', { warehouse: event.warehouse, trackingNumber: event.trackingNumber, lines: event.lines });
    await setHandoff(trx, partner.id, orderId, 'shipment_request', { status: 'shipped' });
  });
  return { shippedAfterCancel: true, adjusted };
}
