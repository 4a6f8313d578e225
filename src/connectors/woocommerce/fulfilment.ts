/**
 * WooCommerce core has no shipment object. Tracking goes to the Shipment Tracking extension
 * (woocommerce.com "Create a tracking item with the Shipment Tracking REST API"): POST
 * /wp-json/wc-shipment-tracking/v3/orders/{id}/shipment-trackings {tracking_provider |
 * custom_tracking_provider + custom_tracking_link, tracking_number, date_shipped (YYYY-MM-DD)},
 * answered 201 with {tracking_id, tracking_provider, tracking_link, tracking_number, date_shipped}.
 * Then the order is set "completed" once every line has shipped; a partial shipment leaves it
 * processing with an order note. Core has no shipped quantity per line either, so what each
 * tracking number shipped is kept on the order itself, in the meta field SHIPPED_LINES_META_KEY.
 * Doubt: the extension is a paid plugin; a shop without it answers 404 rest_no_route here.
 */
import { arrayOf, countOf, idOf, isRecord, recordOf, textOf, type JsonRecord } from '../payload.ts';
import type { CanonicalOrder, ConnectionContext, ShipmentInput } from '../types.ts';
import { wooCall, WC_V3 } from './rest.ts';

export const SHIPMENT_TRACKING_V3 = 'wc-shipment-tracking/v3';
/** {trackingNumber: {lineItemId: qty}}, as a JSON string. */
export const SHIPPED_LINES_META_KEY = 'omnisync_shipped_lines';
/** Statuses an order may go "completed" from; a cancelled or refunded one keeps its status. */
const COMPLETABLE = new Set(['pending', 'on-hold', 'processing']);

type ShippedLines = Record<string, Record<string, number>>;

export function trackingBodyOf(shipment: ShipmentInput, now: Date): JsonRecord {
  const common = { tracking_number: shipment.trackingNumber, date_shipped: now.toISOString().slice(0, 10) };
  // tracking_provider must name one of the extension's providers; a carrier with its own link is a custom provider.
  return shipment.trackingUrl
    ? { custom_tracking_provider: shipment.carrier, custom_tracking_link: shipment.trackingUrl, ...common }
    : { tracking_provider: shipment.carrier, ...common };
}

export function shippedLinesOf(order: JsonRecord): ShippedLines {
  const meta = arrayOf(order.meta_data, 'meta_data').filter(isRecord).find((m) => m.key === SHIPPED_LINES_META_KEY);
  if (!meta) return {};
  try {
    const value: unknown = typeof meta.value === 'string' ? JSON.parse(meta.value) : meta.value;
    return isRecord(value) ? (value as ShippedLines) : {};
  } catch {
    return {};
  }
}

/** Ordered quantity per line item id. */
function orderedLinesOf(order: JsonRecord): Map<string, number> {
  return new Map(arrayOf(order.line_items, 'line_items').map((value, i) => {
    const item = recordOf(value, `line_items[${i}]`);
    return [idOf(item.id, `line_items[${i}].id`), countOf(item.quantity, `line_items[${i}].quantity`)];
  }));
}

function shippedTotals(shipped: ShippedLines): Map<string, number> {
  const totals = new Map<string, number>();
  for (const lines of Object.values(shipped)) for (const [lineId, qty] of Object.entries(lines)) totals.set(lineId, (totals.get(lineId) ?? 0) + qty);
  return totals;
}

/**
 * What this shipment ships, by line item id: the lines it names, or everything not yet shipped.
 * Recording it under its tracking number makes a retried push count it once.
 */
export function planShipment(order: JsonRecord, shipment: ShipmentInput): { shipped: ShippedLines; complete: boolean } {
  const ordered = orderedLinesOf(order);
  const before = shippedLinesOf(order);
  const { [shipment.trackingNumber]: _previous, ...others } = before;
  const shippedByOthers = shippedTotals(others);
  const lines: Record<string, number> = {};
  if (shipment.lines) {
    for (const line of shipment.lines) lines[line.externalLineId] = (lines[line.externalLineId] ?? 0) + line.qty;
  } else {
    for (const [lineId, qty] of ordered) if (qty > (shippedByOthers.get(lineId) ?? 0)) lines[lineId] = qty - (shippedByOthers.get(lineId) ?? 0);
  }
  const shipped = { ...others, [shipment.trackingNumber]: lines };
  const totals = shippedTotals(shipped);
  const complete = [...ordered].every(([lineId, qty]) => (totals.get(lineId) ?? 0) >= qty);
  return { shipped, complete };
}

export async function pushWooFulfilment(ctx: ConnectionContext, order: CanonicalOrder, shipment: ShipmentInput): Promise<{ platformShipmentId: string | null; raw: unknown }> {
  const orderId = idOf(order.externalId, 'order id');
  const current = recordOf((await wooCall(ctx, `${WC_V3}/orders/${orderId}`)).body, 'order');
  const trackingRoute = `${SHIPMENT_TRACKING_V3}/orders/${orderId}/shipment-trackings`;
  const listed = arrayOf((await wooCall(ctx, trackingRoute)).body, 'shipment-trackings').filter(isRecord);
  // A retry after a later call failed finds its tracking item already there: not added twice.
  const tracking = listed.find((t) => textOf(t.tracking_number) === shipment.trackingNumber)
    ?? recordOf((await wooCall(ctx, trackingRoute, { method: 'POST', json: trackingBodyOf(shipment, ctx.now()) })).body, 'tracking item');
  const { shipped, complete } = planShipment(current, shipment);
  const meta_data = [{ key: SHIPPED_LINES_META_KEY, value: JSON.stringify(shipped) }];
  const status = textOf(current.status) ?? '';
  if (complete && COMPLETABLE.has(status)) {
    await wooCall(ctx, `${WC_V3}/orders/${orderId}`, { method: 'PUT', json: { status: 'completed', meta_data } });
  } else {
    await wooCall(ctx, `${WC_V3}/orders/${orderId}`, { method: 'PUT', json: { meta_data } });
    if (!(shipment.trackingNumber in shippedLinesOf(current))) {
      const note = `${complete ? 'Shipped' : 'Partly shipped'} with ${shipment.carrier}, tracking number ${shipment.trackingNumber}.`;
      await wooCall(ctx, `${WC_V3}/orders/${orderId}/notes`, { method: 'POST', json: { note, customer_note: false } });
    }
  }
  return { platformShipmentId: textOf(tracking.tracking_id), raw: { tracking, completed: complete && COMPLETABLE.has(status) } };
}
