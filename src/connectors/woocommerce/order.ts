/**
 * WooCommerce order JSON (REST v3 "Order"; a webhook body is the same object) → CanonicalOrder.
 * Times: date_created / date_modified are the site's wall clock without an offset; the *_gmt twins
 * are UTC, also without an offset, so they are read as UTC (fixture orders.list.json).
 */
import { arrayOf, countOf, idOf, isRecord, optionalIdOf, recordOf, requiredTextOf, textOf, type JsonRecord } from '../payload.ts';
import type { CanonicalOrder, CanonicalOrderLine, RawRecord } from '../types.ts';
import { wooStatusOf } from './status.ts';

/** Webhook topics whose body is the whole order ("order.deleted" sends only {"id": N}). */
export const wooOrderTopics = new Set(['order.created', 'order.updated', 'order.restored']);

/** "2017-03-22T19:28:08" (UTC, no offset) → "2017-03-22T19:28:08Z"; a text with an offset is kept. */
export function gmtIsoOf(value: unknown): string | null {
  const text = textOf(value);
  if (text === null) return null;
  return /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`;
}

/** A pulled or received order as a raw record, keyed by id and dated by date_modified_gmt. */
export function wooOrderRecord(topic: string, order: unknown): RawRecord {
  const body = recordOf(order, 'order');
  return { externalId: idOf(body.id, 'order id'), updatedAt: gmtIsoOf(body.date_modified_gmt), topic, payload: order };
}

/**
 * An order topic with a full order body gives one record; the creation ping, a deleted order's
 * {"id"} or any other topic gives none, and the hub keeps the body as received.
 */
export function parseWooWebhook(topic: string, body: unknown): RawRecord[] {
  const isOrder = wooOrderTopics.has(topic) && isRecord(body) && optionalIdOf(body.id) !== null && Array.isArray(body.line_items);
  return isOrder ? [wooOrderRecord(topic, body)] : [];
}

export function parseWooOrder(record: RawRecord): CanonicalOrder {
  const order = recordOf(record.payload, 'order');
  const platformStatus = requiredTextOf(order.status, 'status');
  const billing = isRecord(order.billing) ? order.billing : {};
  const externalId = idOf(order.id, 'order id');
  return {
    externalId,
    number: textOf(order.number) ?? externalId,
    status: wooStatusOf(platformStatus),
    platformStatus,
    createdAt: requiredTextOf(gmtIsoOf(order.date_created_gmt), 'date_created_gmt'),
    updatedAt: requiredTextOf(gmtIsoOf(order.date_modified_gmt), 'date_modified_gmt'),
    currency: requiredTextOf(order.currency, 'currency'),
    total: requiredTextOf(order.total, 'total'),
    buyer: { name: nameOf(billing), email: textOf(billing.email), nick: null },
    buyerNote: textOf(order.customer_note),
    sellerNote: null,
    shippingAddress: addressOf(order.shipping, billing),
    lines: arrayOf(order.line_items, 'line_items').map((item, i) => lineOf(recordOf(item, `line_items[${i}]`), i)),
  };
}

function nameOf(party: JsonRecord): string | null {
  return [textOf(party.first_name), textOf(party.last_name)].filter(Boolean).join(' ') || null;
}

/** The shipping address, or the billing one when the order has none (virtual goods, "ship to billing"). */
function addressOf(shippingValue: unknown, billing: JsonRecord): CanonicalOrder['shippingAddress'] {
  const shipping = isRecord(shippingValue) ? shippingValue : {};
  const filled = (a: JsonRecord) => ['address_1', 'city', 'postcode', 'country'].some((key) => textOf(a[key]) !== null);
  const address = filled(shipping) ? shipping : filled(billing) ? billing : null;
  if (!address) return null;
  return {
    name: nameOf(address), line1: textOf(address.address_1), line2: textOf(address.address_2), city: textOf(address.city),
    province: textOf(address.state), postalCode: textOf(address.postcode), country: textOf(address.country),
    // shipping.phone exists since WooCommerce 5.6; the billing phone is the one every checkout asks for.
    phone: textOf(address.phone) ?? textOf(billing.phone),
  };
}

function lineOf(item: JsonRecord, index: number): CanonicalOrderLine {
  const qty = countOf(item.quantity, `line_items[${index}].quantity`);
  const productId = optionalIdOf(item.product_id);
  const variationId = optionalIdOf(item.variation_id);
  return {
    externalLineId: idOf(item.id, `line_items[${index}].id`),
    sku: textOf(item.sku) ?? '',
    // 0 means none: no variation, or a product deleted since the order was placed.
    platformProductId: productId === '0' ? null : productId,
    platformVariantId: variationId === '0' ? null : variationId,
    title: textOf(item.name) ?? '',
    qty,
    unitPrice: unitPriceOf(item, qty, index),
  };
}

/**
 * The unit list price: subtotal (before coupons, without tax) / quantity. WooCommerce's own "price"
 * is total / quantity as a float (after coupons; 10.00 / 3 gives 3.3333333333333335), so it serves
 * only when subtotal is missing.
 */
function unitPriceOf(item: JsonRecord, qty: number, index: number): string {
  const subtotal = textOf(item.subtotal);
  if (subtotal !== null && /^\d+(\.\d+)?$/.test(subtotal) && qty > 0) return divideMoney(subtotal, qty);
  return requiredTextOf(item.price, `line_items[${index}].price`);
}

/** amount / divisor rounded half up to 4 places, written with 2 places when that is exact. */
export function divideMoney(amount: string, divisor: number): string {
  const [units = '0', fraction = ''] = amount.split('.');
  const tenThousandths = BigInt(units + fraction.padEnd(4, '0').slice(0, 4));
  const d = BigInt(divisor);
  const quotient = ((tenThousandths * 2n + d) / (2n * d)).toString().padStart(5, '0');
  const places = quotient.slice(-4);
  return `${quotient.slice(0, -4)}.${places.endsWith('00') ? places.slice(0, 2) : places}`;
}
