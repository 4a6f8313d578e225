/**
 * Shopify order JSON (REST resource; a webhook body is the same object without the {"order": …}
 * wrapper) → CanonicalOrder. Ids may be numbers or strings: stored payloads come from a big-int-safe
 * parse, so an id beyond 2^53 is a string. The numeric id is the key, not admin_graphql_api_id.
 */
import { arrayOf, countOf, idOf, isRecord, optionalIdOf, recordOf, requiredTextOf, textOf, type JsonRecord } from '../payload.ts';
import type { CanonicalOrder, CanonicalOrderLine, CanonicalOrderStatus, RawRecord } from '../types.ts';
import { shopifyPlatformStatus, shopifyStatusOf } from './status.ts';

/** Webhook topics whose body is an order. (orders/delete carries only an id; orders/edited an order_edit.) */
export const shopifyOrderTopics = new Set(['orders/create', 'orders/updated', 'orders/cancelled', 'orders/paid', 'orders/fulfilled', 'orders/partially_fulfilled']);

/** A pulled or received order as a raw record (the inbox stores it before anything interprets it). */
export function shopifyOrderRecord(topic: string, order: unknown): RawRecord {
  const body = recordOf(order, 'order');
  return { externalId: idOf(body.id, 'order id'), updatedAt: textOf(body.updated_at), topic, payload: order };
}

/**
 * An order topic gives one record. Any other topic, or a body without an order id, gives none:
 * the hub then keeps the body as received, uninterpreted, instead of losing it to a thrown error.
 */
export function parseShopifyWebhook(topic: string, body: unknown): RawRecord[] {
  const isOrder = shopifyOrderTopics.has(topic.toLowerCase()) && isRecord(body) && optionalIdOf(body.id) !== null;
  return isOrder ? [shopifyOrderRecord(topic, body)] : [];
}

export function parseShopifyOrder(record: RawRecord): CanonicalOrder {
  const payload = recordOf(record.payload, 'order');
  const order = isRecord(payload.order) ? payload.order : payload;
  const statusInput = { financialStatus: textOf(order.financial_status), fulfillmentStatus: textOf(order.fulfillment_status), cancelledAt: textOf(order.cancelled_at) };
  const status = shopifyStatusOf(statusInput);
  const customer = isRecord(order.customer) ? order.customer : {};
  const externalId = idOf(order.id, 'order id');
  return {
    externalId,
    number: textOf(order.name) ?? textOf(order.order_number) ?? externalId,
    status,
    platformStatus: shopifyPlatformStatus(statusInput),
    createdAt: requiredTextOf(order.created_at, 'created_at'),
    updatedAt: requiredTextOf(order.updated_at, 'updated_at'),
    currency: requiredTextOf(order.currency, 'currency'),
    // current_* is the order as it now stands (after refunds and edits); total_price is as first placed.
    total: textOf(order.current_total_price) ?? requiredTextOf(order.total_price, 'total_price'),
    buyer: {
      name: [textOf(customer.first_name), textOf(customer.last_name)].filter(Boolean).join(' ') || null,
      email: textOf(order.email) ?? textOf(customer.email),
      nick: null,
    },
    buyerNote: textOf(order.note),
    sellerNote: null,
    shippingAddress: addressOf(order.shipping_address),
    lines: linesOf(arrayOf(order.line_items, 'line_items'), status),
  };
}

function addressOf(value: unknown): CanonicalOrder['shippingAddress'] {
  if (!isRecord(value)) return null;
  const name = textOf(value.name) ?? ([textOf(value.first_name), textOf(value.last_name)].filter(Boolean).join(' ') || null);
  return {
    name, line1: textOf(value.address1), line2: textOf(value.address2), city: textOf(value.city),
    province: textOf(value.province), postalCode: textOf(value.zip),
    country: textOf(value.country_code) ?? textOf(value.country), phone: textOf(value.phone),
  };
}

/**
 * Before anything ships (pending, paid), a line counts what is still to ship: current_quantity is
 * quantity minus what was refunded or edited out, and a line with none left is not part of the order
 * to reserve for. From the first shipment on, the ordered quantity is what left (or was to leave)
 * the shelf; later returns come back through their own movements.
 */
function linesOf(items: unknown[], status: CanonicalOrderStatus): CanonicalOrderLine[] {
  const beforeShipment = status === 'pending' || status === 'paid';
  const lines: CanonicalOrderLine[] = [];
  for (const [index, value] of items.entries()) {
    const item = recordOf(value, `line_items[${index}]`);
    const ordered = countOf(item.quantity, `line_items[${index}].quantity`);
    const qty = beforeShipment && item.current_quantity !== undefined ? countOf(item.current_quantity, `line_items[${index}].current_quantity`) : ordered;
    if (qty === 0 && beforeShipment) continue;
    lines.push(lineOf(item, index, qty));
  }
  return lines;
}

function lineOf(item: JsonRecord, index: number, qty: number): CanonicalOrderLine {
  return {
    externalLineId: idOf(item.id, `line_items[${index}].id`),
    sku: textOf(item.sku) ?? '',
    platformProductId: optionalIdOf(item.product_id),
    platformVariantId: optionalIdOf(item.variant_id),
    title: textOf(item.name) ?? textOf(item.title) ?? '',
    qty,
    unitPrice: requiredTextOf(item.price, `line_items[${index}].price`),
  };
}
