/**
 * Shipping a trade with the seller's own carrier: taobao.logistics.offline.send (tid, out_sid =
 * tracking number, company_code = the carrier's TOP code, e.g. "YTO", "ZTO", "SF"). A split shipment
 * names its sub-orders in sub_tid with is_split=1; Taobao ships whole sub-orders, not parts of one.
 */
import { isRecord } from '../payload.ts';
import { PlatformError, type CanonicalOrder, type ConnectionContext, type ShipmentInput } from '../types.ts';
import { callTop } from './client.ts';

/** The sub-orders to name, or null when the shipment covers the whole trade. */
export function subOrdersOf(order: CanonicalOrder, shipment: ShipmentInput): string[] | null {
  if (!shipment.lines) return null;
  const named = new Set(shipment.lines.filter((l) => l.qty > 0).map((l) => l.externalLineId));
  if (named.size === 0) throw new PlatformError('permanent', `shipment for ${order.externalId} names no line to ship`);
  const covered = order.lines.every((line) => named.has(line.externalLineId));
  return covered ? null : [...named];
}

export async function pushTaobaoFulfilment(ctx: ConnectionContext, order: CanonicalOrder, shipment: ShipmentInput): Promise<{ platformShipmentId: string | null; raw: unknown }> {
  const subOrders = subOrdersOf(order, shipment);
  const reply = await callTop(ctx, 'taobao.logistics.offline.send', {
    tid: order.externalId,
    out_sid: shipment.trackingNumber,
    company_code: shipment.carrier,
    ...(subOrders ? { sub_tid: subOrders.join(','), is_split: 1 } : {}),
  });
  const shipping = isRecord(reply.shipping) ? reply.shipping : {};
  if (shipping.is_success !== true && shipping.is_success !== 'true') {
    throw new PlatformError('permanent', `taobao.logistics.offline.send for ${order.externalId} was not accepted: ${JSON.stringify(reply)}`);
  }
  // TOP answers only is_success: the tracking number is the shipment's only name.
  return { platformShipmentId: null, raw: reply };
}
