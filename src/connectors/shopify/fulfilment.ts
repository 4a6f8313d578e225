/**
 * Shopify fulfilment through fulfillment orders (the only REST way since 2023): read the order's
 * fulfillment orders, then create one fulfilment naming, per fulfillment order, its line items and
 * quantities, with the tracking number (PLATFORMS.md §1 "Fulfillment", SDK test fulfillment test_9).
 */
import { arrayOf, countOf, idOf, jsonIdOf, recordOf, textOf } from '../payload.ts';
import type { CanonicalOrder, ConnectionContext, ShipmentInput } from '../types.ts';
import { listIn, shopifyCall } from './rest.ts';

/** "open" has nothing fulfilled yet; "in_progress" is partly fulfilled and takes the next shipment. */
const FULFILLABLE = new Set(['open', 'in_progress']);

export interface FulfillmentOrderLine { id: string; lineItemId: string; fulfillableQuantity: number }
export interface FulfillmentOrder { id: string; status: string; lines: FulfillmentOrderLine[] }
export interface FulfillmentGroup { fulfillmentOrderId: string; lines: { id: string; quantity: number }[] }

export function readFulfillmentOrder(value: unknown, index: number): FulfillmentOrder {
  const fo = recordOf(value, `fulfillment_orders[${index}]`);
  const items = arrayOf(fo.line_items, `fulfillment_orders[${index}].line_items`);
  return {
    id: idOf(fo.id, `fulfillment_orders[${index}].id`),
    status: textOf(fo.status) ?? '',
    lines: items.map((item, i) => {
      const line = recordOf(item, `fulfillment_orders[${index}].line_items[${i}]`);
      return {
        id: idOf(line.id, 'fulfillment order line id'),
        lineItemId: idOf(line.line_item_id, 'line_item_id'),
        fulfillableQuantity: countOf(line.fulfillable_quantity, 'fulfillable_quantity'),
      };
    }),
  };
}

/**
 * Which fulfillment order lines to fulfil, and how many of each: the requested order lines (by
 * line_item_id) spread over the open fulfillment orders, or everything still fulfillable when no
 * lines are named. Nothing left to fulfil gives no groups (e.g. a retry after the fulfilment was made).
 */
export function planFulfilment(orders: FulfillmentOrder[], requested: ShipmentInput['lines']): FulfillmentGroup[] {
  const remaining = requested ? qtyByLine(requested) : null;
  const groups: FulfillmentGroup[] = [];
  for (const fo of orders.filter((o) => FULFILLABLE.has(o.status))) {
    const lines: FulfillmentGroup['lines'] = [];
    for (const line of fo.lines) {
      const wanted = remaining ? remaining.get(line.lineItemId) ?? 0 : line.fulfillableQuantity;
      const quantity = Math.min(wanted, line.fulfillableQuantity);
      if (quantity <= 0) continue;
      lines.push({ id: line.id, quantity });
      remaining?.set(line.lineItemId, wanted - quantity);
    }
    if (lines.length > 0) groups.push({ fulfillmentOrderId: fo.id, lines });
  }
  return groups;
}

function qtyByLine(lines: NonNullable<ShipmentInput['lines']>): Map<string, number> {
  const totals = new Map<string, number>();
  for (const line of lines) totals.set(line.externalLineId, (totals.get(line.externalLineId) ?? 0) + line.qty);
  return totals;
}

export async function pushShopifyFulfilment(ctx: ConnectionContext, order: CanonicalOrder, shipment: ShipmentInput): Promise<{ platformShipmentId: string | null; raw: unknown }> {
  const orderId = idOf(order.externalId, 'order id');
  const listed = await shopifyCall(ctx, `orders/${orderId}/fulfillment_orders.json`);
  const groups = planFulfilment(listIn(listed, 'fulfillment_orders').map(readFulfillmentOrder), shipment.lines);
  if (groups.length === 0) return { platformShipmentId: null, raw: { nothingToFulfil: true, fulfillmentOrders: listed.body } };
  const tracking = { number: shipment.trackingNumber, company: shipment.carrier, ...(shipment.trackingUrl ? { url: shipment.trackingUrl } : {}) };
  const created = await shopifyCall(ctx, 'fulfillments.json', {
    method: 'POST',
    json: {
      fulfillment: {
        tracking_info: tracking,
        line_items_by_fulfillment_order: groups.map((g) => ({
          fulfillment_order_id: jsonIdOf(g.fulfillmentOrderId, 'fulfillment order id'),
          fulfillment_order_line_items: g.lines.map((l) => ({ id: jsonIdOf(l.id, 'fulfillment order line id'), quantity: l.quantity })),
        })),
      },
    },
  });
  const fulfillment = recordOf(recordOf(created.body, 'response').fulfillment, 'fulfillment');
  return { platformShipmentId: idOf(fulfillment.id, 'fulfillment id'), raw: created.body };
}
