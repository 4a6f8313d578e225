/**
 * A taobao.trade.fullinfo.get trade → CanonicalOrder. tid and oid exceed 2^53: the *_str fields are
 * preferred, and the numeric ones arrive as strings from the big-int-safe parse. Prices are decimal
 * strings in CNY; times are GMT+8 (see time.ts). Receiver fields may be masked; they are kept as sent.
 */
import { arrayOf, countOf, idOf, isRecord, optionalIdOf, recordOf, requiredTextOf, textOf, type JsonRecord } from '../payload.ts';
import type { CanonicalOrder, CanonicalOrderLine, CanonicalOrderStatus, RawRecord } from '../types.ts';
import { closedTaobaoStatuses, taobaoStatusOf } from './status.ts';
import { topTimeToIso } from './time.ts';

/**
 * A TOP list: {"trades": {"trade": [...]}} with simplify=false, a flat array with simplify=true.
 * `container` is the parent object, `plural`/`singular` the two keys.
 */
export function topListOf(container: JsonRecord, plural: string, singular: string): unknown[] {
  const value = container[plural];
  if (isRecord(value)) return arrayOf(value[singular], `${plural}.${singular}`);
  return arrayOf(value, plural);
}

export function tidOf(trade: JsonRecord): string {
  return optionalIdOf(trade.tid_str) ?? idOf(trade.tid, 'tid');
}

export function taobaoTradeRecord(topic: string, trade: JsonRecord): RawRecord {
  const modified = textOf(trade.modified);
  return { externalId: tidOf(trade), updatedAt: modified ? topTimeToIso(modified, 'modified') : null, topic, payload: trade };
}

export function parseTaobaoOrder(record: RawRecord): CanonicalOrder {
  const trade = recordOf(record.payload, 'trade');
  const platformStatus = requiredTextOf(trade.status, 'status');
  const status = taobaoStatusOf(platformStatus);
  const tid = tidOf(trade);
  return {
    externalId: tid,
    number: tid,
    status,
    platformStatus,
    createdAt: topTimeToIso(requiredTextOf(trade.created, 'created'), 'created'),
    updatedAt: topTimeToIso(requiredTextOf(trade.modified, 'modified'), 'modified'),
    currency: 'CNY',
    // payment is what the buyer paid (goods after discounts plus postage); total_fee is goods before discounts.
    total: requiredTextOf(trade.payment, 'payment'),
    buyer: { id: textOf(trade.buyer_open_uid), name: null, email: null, nick: textOf(trade.buyer_nick) },
    buyerNote: textOf(trade.buyer_message),
    sellerNote: textOf(trade.seller_memo),
    shippingAddress: addressOf(trade),
    lines: linesOf(topListOf(trade, 'orders', 'order'), status),
  };
}

function addressOf(trade: JsonRecord): CanonicalOrder['shippingAddress'] {
  const address = {
    name: textOf(trade.receiver_name), line1: textOf(trade.receiver_address),
    line2: [textOf(trade.receiver_district), textOf(trade.receiver_town)].filter(Boolean).join(' ') || null,
    city: textOf(trade.receiver_city), province: textOf(trade.receiver_state), postalCode: textOf(trade.receiver_zip),
    country: textOf(trade.receiver_country), phone: textOf(trade.receiver_mobile) ?? textOf(trade.receiver_phone),
  };
  return Object.values(address).some((v) => v !== null) ? address : null;
}

/**
 * Before anything ships (pending, paid), a sub-order closed on its own (refunded before shipment)
 * is not part of what will ship and is left out; from the first shipment on every sub-order is
 * kept as ordered, as on Shopify.
 */
function linesOf(orders: unknown[], status: CanonicalOrderStatus): CanonicalOrderLine[] {
  const beforeShipment = status === 'pending' || status === 'paid';
  const lines: CanonicalOrderLine[] = [];
  for (const [index, value] of orders.entries()) {
    const order = recordOf(value, `orders.order[${index}]`);
    if (beforeShipment && closedTaobaoStatuses.has(textOf(order.status) ?? '')) continue;
    lines.push(lineOf(order, index));
  }
  return lines;
}

/**
 * The seller's code: outer_sku_id for a SKU; outer_iid (the item's code) only for an item without
 * SKUs, since on a multi-SKU item it names the item, not the stock unit. The ids map the rest.
 */
function lineOf(order: JsonRecord, index: number): CanonicalOrderLine {
  const skuId = optionalIdOf(order.sku_id);
  return {
    externalLineId: optionalIdOf(order.oid_str) ?? idOf(order.oid, `orders.order[${index}].oid`),
    sku: textOf(order.outer_sku_id) ?? (skuId === null ? textOf(order.outer_iid) : null) ?? '',
    platformProductId: optionalIdOf(order.num_iid),
    platformVariantId: skuId,
    title: textOf(order.title) ?? '',
    qty: countOf(order.num, `orders.order[${index}].num`),
    unitPrice: requiredTextOf(order.price, `orders.order[${index}].price`),
  };
}
