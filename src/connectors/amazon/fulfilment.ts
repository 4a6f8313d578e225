/**
 * confirmShipment (ordersV0): POST /orders/v0/orders/{orderId}/shipmentConfirmation
 * {marketplaceId, packageDetail:{packageReferenceId, carrierCode, carrierName?, trackingNumber,
 * shipDate, orderItems:[{orderItemId, quantity}]}} → 204.
 */
import { createHash } from 'node:crypto';
import { credentialOf } from '../credentials.ts';
import type { CanonicalOrder, ConnectionContext, ShipmentInput } from '../types.ts';
import { spCall } from './client.ts';

/**
 * Carrier codes Amazon accepts as they are (a part of its CarrierCode list); any other carrier is sent
 * as "Others" with its name in carrierName, which the API requires in that case.
 */
const CARRIER_CODES = [
  'UPS', 'USPS', 'FedEx', 'DHL', 'DHL eCommerce', 'OnTrac', 'Amazon Shipping', 'Royal Mail', 'Parcelforce', 'Canada Post',
  'Purolator', 'Deutsche Post', 'Hermes', 'DPD', 'GLS', 'Chronopost', 'Colissimo', 'La Poste', 'Poste Italiane', 'SEUR',
  'Correos', 'PostNL', 'Australia Post', 'Japan Post', 'Yamato Transport', 'Sagawa Express', 'India Post', 'Blue Dart',
];

export function carrierOf(carrier: string): { carrierCode: string; carrierName?: string } {
  const code = CARRIER_CODES.find((c) => c.toLowerCase() === carrier.trim().toLowerCase());
  return code ? { carrierCode: code } : { carrierCode: 'Others', carrierName: carrier.trim() };
}

/**
 * packageReferenceId must be a positive number unique within the order. Derived from the tracking
 * number, so a retried confirmation names the same package instead of announcing a second one.
 */
export function packageReferenceIdOf(trackingNumber: string): string {
  const hex = createHash('sha256').update(trackingNumber.trim()).digest('hex').slice(0, 12);
  return String(Number.parseInt(hex, 16) + 1);
}

export async function pushAmazonFulfilment(ctx: ConnectionContext, order: CanonicalOrder, shipment: ShipmentInput): Promise<{ platformShipmentId: string | null; raw: unknown }> {
  const lines = shipment.lines ?? order.lines.map((l) => ({ externalLineId: l.externalLineId, qty: l.qty }));
  const packageReferenceId = packageReferenceIdOf(shipment.trackingNumber);
  const body = {
    marketplaceId: credentialOf(ctx, 'marketplaceId'),
    packageDetail: {
      packageReferenceId,
      ...carrierOf(shipment.carrier),
      trackingNumber: shipment.trackingNumber,
      shipDate: ctx.now().toISOString(),
      orderItems: lines.filter((l) => l.qty > 0).map((l) => ({ orderItemId: l.externalLineId, quantity: l.qty })),
    },
  };
  const reply = await spCall(ctx, 'confirmShipment', `/orders/v0/orders/${encodeURIComponent(order.externalId)}/shipmentConfirmation`, { method: 'POST', json: body });
  return { platformShipmentId: packageReferenceId, raw: reply.body };
}
