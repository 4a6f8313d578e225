/**
 * confirmShipment (ordersV0.json): POST /orders/v0/orders/{orderId}/shipmentConfirmation
 * {marketplaceId, packageDetail:{packageReferenceId, carrierCode, carrierName?, shippingMethod?,
 * trackingNumber, shipDate, orderItems:[{orderItemId, quantity}]}} → 204 with no body.
 * packageReferenceId "uniquely identifies a package within the scope of an order. Only positive
 * numeric values are supported." The same package sent again (same tracking number and items; the
 * ship date may differ) is answered 204 and changes nothing: a client retrying after a lost answer. A
 * different package under a used id is refused.
 * [How Amazon answers a repeated packageReferenceId is unconfirmed.]
 */
import { type Router, type SimRequest, type SimResponse } from '../common/http.ts';
import { invalidInput, notFound } from './errors.ts';
import { addOperation, noContent, readJsonBody } from './gate.ts';
import type { AmazonOrder, Package } from './store.ts';
import type { AmazonWorld } from './world.ts';

export function addShipmentRoute(router: Router, world: () => AmazonWorld): void {
  addOperation(router, 'confirmShipment', 'POST', '/orders/v0/orders/:orderId/shipmentConfirmation', (req) => confirmShipment(world(), req));
}

function confirmShipment(w: AmazonWorld, req: SimRequest): SimResponse {
  const order = w.store.order(req.params.orderId ?? '');
  if (!order) return notFound(`Order ${req.params.orderId ?? ''} was not found.`);
  const read = readJsonBody(req);
  if ('refused' in read) return read.refused;
  if (read.body.marketplaceId !== w.market.marketplaceId) return invalidInput('marketplaceId is missing or not a marketplace of the order.');
  const pkg = packageOf(read.body.packageDetail, order);
  if (typeof pkg === 'string') return invalidInput(pkg);
  const earlier = order.packages.find((p) => p.packageReferenceId === pkg.packageReferenceId);
  if (earlier) return samePackage(earlier, pkg) ? noContent() : invalidInput(`packageReferenceId ${pkg.packageReferenceId} is already used by another package of this order.`);
  if (order.status !== 'Unshipped' && order.status !== 'PartiallyShipped') return invalidInput(`The order is ${order.status} and cannot be shipped.`);
  for (const item of order.items) {
    const asked = pkg.items.filter((i) => i.orderItemId === item.orderItemId).reduce((sum, i) => sum + i.qty, 0);
    const left = item.qty - item.shippedQty;
    if (asked > left) return invalidInput(`quantity for orderItemId ${item.orderItemId} exceeds the quantity left to ship (${left}).`);
  }
  w.store.ship(order, pkg, Date.now());
  w.notify(order, 'OrderStatusChange', 'Shipment confirmed');
  return noContent();
}

/** The package as sent, or what is wrong with it. */
function packageOf(value: unknown, order: AmazonOrder): Package | string {
  if (typeof value !== 'object' || value === null) return 'packageDetail is required.';
  const d = value as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : null);
  const ref = text(d.packageReferenceId);
  if (!ref || !/^[1-9]\d*$/.test(ref)) return 'packageReferenceId must be a positive number (as a string).';
  const carrierCode = text(d.carrierCode);
  if (!carrierCode) return 'carrierCode is required.';
  if (carrierCode === 'Others' && !text(d.carrierName)) return 'carrierName is required when carrierCode is Others.';
  const trackingNumber = text(d.trackingNumber);
  if (!trackingNumber) return 'trackingNumber is required.';
  const shipDate = text(d.shipDate);
  if (!shipDate || !/^\d{4}-\d{2}-\d{2}T/.test(shipDate) || Number.isNaN(Date.parse(shipDate))) return 'shipDate must be an ISO 8601 date-time.';
  if (!Array.isArray(d.orderItems) || d.orderItems.length === 0) return 'orderItems is required.';
  const items: Package['items'] = [];
  for (const entry of d.orderItems as unknown[]) {
    const { orderItemId, quantity } = (entry ?? {}) as { orderItemId?: unknown; quantity?: unknown };
    if (typeof orderItemId !== 'string' || !order.items.some((i) => i.orderItemId === orderItemId)) return `orderItemId ${String(orderItemId)} is not an item of order ${order.id}.`;
    if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1) return `quantity for orderItemId ${orderItemId} must be a whole number of at least 1.`;
    items.push({ orderItemId, qty: quantity });
  }
  return { packageReferenceId: ref, carrierCode, carrierName: text(d.carrierName), trackingNumber, shipDate, items };
}

function samePackage(a: Package, b: Package): boolean {
  return a.trackingNumber === b.trackingNumber && a.carrierCode === b.carrierCode && JSON.stringify(a.items) === JSON.stringify(b.items);
}
