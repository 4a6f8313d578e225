/**
 * The fulfillment-order model (PLATFORMS.md §1 "Fulfillment"): GET orders/{id}/fulfillment_orders.json,
 * then POST fulfillments.json with line_items_by_fulfillment_order and tracking_info. Each simulated
 * order has one fulfillment order at the shop's one location.
 */
import { jsonResponse, type Router, type SimRequest, type SimResponse } from '../common/http.ts';
import { toBigId } from '../common/json.ts';
import { isoWithOffset } from '../common/time.ts';
import { missingParameter, readJsonBody } from './gate.ts';
import { fulfillmentJson, type Shop } from './order-json.ts';
import { fulfillmentOrderStatus, fulfillmentStatus, LOCATION_ID, type LineItem, type ShopifyOrder } from './store.ts';
import type { ShopifyWorld } from './world.ts';

interface FulfillmentRequest {
  fulfillment_order_id?: unknown;
  fulfillment_order_line_items?: ({ id?: unknown; quantity?: unknown } | null)[];
}

export function addFulfillmentRoutes(router: Router, world: () => ShopifyWorld): void {
  router
    .add('GET', '/admin/api/:version/orders/:id/fulfillment_orders.json', (req) => {
      const w = world();
      const order = w.store.order(toBigId(req.params.id) ?? -1n);
      if (!order) return jsonResponse(404, { errors: 'Not Found' });
      return jsonResponse(200, { fulfillment_orders: [fulfillmentOrderJson(order, w.shop)] });
    })
    .add('POST', '/admin/api/:version/fulfillments.json', (req) => createFulfillment(world(), req));
}

function fulfillmentOrderJson(order: ShopifyOrder, shop: Shop): Record<string, unknown> {
  const status = fulfillmentOrderStatus(order);
  const a = order.shippingAddress;
  return {
    id: order.fulfillmentOrderId, created_at: isoWithOffset(order.createdMs, shop.utcOffsetMinutes),
    updated_at: isoWithOffset(order.updatedMs, shop.utcOffsetMinutes), shop_id: 548380009, order_id: order.id,
    assigned_location_id: LOCATION_ID, request_status: 'unsubmitted', status, fulfill_at: null, fulfill_by: null,
    supported_actions: status === 'closed' ? [] : ['create_fulfillment', 'move'],
    destination: { id: order.buyer.customerId, address1: a.address1, address2: '', city: a.city, company: null, country: 'United States',
      email: order.buyer.email, first_name: a.firstName, last_name: a.lastName, phone: a.phone, province: a.province, zip: a.zip },
    line_items: order.lines.map((line) => ({
      id: line.fulfillmentLineId, shop_id: 548380009, fulfillment_order_id: order.fulfillmentOrderId, quantity: line.qty,
      line_item_id: line.id, inventory_item_id: line.variant.inventoryItemId,
      fulfillable_quantity: status === 'closed' ? 0 : line.qty - line.fulfilledQty, variant_id: line.variant.id,
    })),
    international_duties: null, fulfillment_holds: [], delivery_method: null,
    assigned_location: { address1: null, address2: null, city: null, country_code: 'US', location_id: LOCATION_ID, name: 'Main warehouse', phone: null, province: null, zip: null },
    merchant_requests: [],
  };
}

function createFulfillment(w: ShopifyWorld, req: SimRequest): SimResponse {
  const read = readJsonBody(req);
  if ('refused' in read) return read.refused;
  const input = read.body.fulfillment as { line_items_by_fulfillment_order?: unknown; tracking_info?: Record<string, unknown> } | undefined;
  const groups = input?.line_items_by_fulfillment_order;
  if (!Array.isArray(groups) || groups.length !== 1) {
    // Several groups are allowed by Shopify; here every order has exactly one fulfillment order.
    return Array.isArray(groups) && groups.length > 1 ? unprocessable('All fulfillment orders must belong to the same order.') : missingParameter('fulfillment');
  }
  const group = groups[0] as FulfillmentRequest;
  const order = w.store.orderByFulfillmentOrder(toBigId(group.fulfillment_order_id) ?? -1n);
  if (!order) return jsonResponse(404, { errors: 'Not Found' });
  const status = fulfillmentOrderStatus(order);
  if (status === 'closed') return unprocessable(`Fulfillment order ${order.fulfillmentOrderId} has an unfulfillable status= ${status}.`);
  const items = itemsToFulfill(order, group);
  if (typeof items === 'string') return unprocessable(items);
  const tracking = input?.tracking_info ?? {};
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
  const fulfillment = w.store.fulfill(order, items, { company: text(tracking.company), number: text(tracking.number), url: text(tracking.url) }, Date.now());
  w.emit(order, fulfillmentStatus(order) === 'fulfilled' ? ['orders/fulfilled', 'orders/updated'] : ['orders/updated']);
  return jsonResponse(201, { fulfillment: fulfillmentJson(order, fulfillment, w.shop) });
}

/** The lines and quantities asked for (all that is left when no line is named), or why they cannot be. */
function itemsToFulfill(order: ShopifyOrder, group: FulfillmentRequest): { line: LineItem; qty: number }[] | string {
  const requested = group.fulfillment_order_line_items;
  if (requested === undefined || (Array.isArray(requested) && requested.length === 0)) {
    return order.lines.filter((l) => l.fulfilledQty < l.qty).map((line) => ({ line, qty: line.qty - line.fulfilledQty }));
  }
  if (!Array.isArray(requested)) return 'fulfillment_order_line_items must be a list.';
  const items: { line: LineItem; qty: number }[] = [];
  for (const entry of requested) {
    const { id, quantity } = entry ?? {};
    const line = order.lines.find((l) => l.fulfillmentLineId === toBigId(id));
    if (!line) return `Fulfillment order line item ${String(id)} does not exist.`;
    const alreadyAsked = items.filter((item) => item.line === line).reduce((sum, item) => sum + item.qty, 0);
    if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || alreadyAsked + quantity > line.qty - line.fulfilledQty) {
      return 'Invalid fulfillment order line item quantity requested.';
    }
    items.push({ line, qty: quantity });
  }
  return items;
}

function unprocessable(message: string): SimResponse {
  return jsonResponse(422, { errors: [message] });
}
