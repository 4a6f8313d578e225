/**
 * Amazon order → CanonicalOrder. A record's payload is {order, items}: the Order of getOrders and the
 * OrderItems of getOrderItems (every page), as pulled. Ids are strings ("902-3159896-1390916";
 * OrderItemId "68828574383266"). Buyer name, street and email need a Restricted Data Token and are
 * usually absent; what is there is kept.
 */
import { arrayOf, countOf, isRecord, recordOf, requiredTextOf, textOf, unreadable, type JsonRecord } from '../payload.ts';
import type { CanonicalOrder, CanonicalOrderLine, RawRecord } from '../types.ts';
import { divideAmount, sumAmounts } from './money.ts';
import { amazonStatusOf } from './status.ts';

export const AMAZON_PULL_TOPIC = 'orders/pull';

/** Currencies of the marketplaces (developer-docs "Marketplace IDs"), for an order that shows no price yet. */
const MARKETPLACE_CURRENCIES: Readonly<Record<string, string>> = {
  ATVPDKIKX0DER: 'USD', A2EUQ1WTGCTBG2: 'CAD', A1AM78C64UM0Y8: 'MXN', A2Q3Y263D00KWC: 'BRL',
  A1F83G8C2ARO7P: 'GBP', A1PA6795UKMFR9: 'EUR', A13V1IB3VIYZZH: 'EUR', APJ6JRA9NG5V4: 'EUR', A1RKKUPIHCS9HS: 'EUR',
  A1805IZSGTT6HS: 'EUR', AMEN7PMS3EDWL: 'EUR', A2NODRKZP88ZB9: 'SEK', A1C3SOZRARQ6R3: 'PLN', A33AVAJ2PDY3EV: 'TRY',
  A2VIGQ35RCS4UG: 'AED', A17E79C6D8DWNP: 'SAR', A21TJRUUN4KGV: 'INR', A1VC38T7YXB528: 'JPY', A39IBJ37TRP1C6: 'AUD',
  A19VAU5U5O7RUS: 'SGD',
};

/** A pulled order with all its items, as the inbox stores it. */
export function amazonOrderRecord(topic: string, order: unknown, items: unknown[]): RawRecord {
  const body = recordOf(order, 'order');
  return {
    externalId: requiredTextOf(body.AmazonOrderId, 'AmazonOrderId'),
    updatedAt: textOf(body.LastUpdateDate),
    topic,
    payload: { order, items },
  };
}

export function parseAmazonOrder(record: RawRecord): CanonicalOrder {
  const payload = recordOf(record.payload, 'record');
  const order = recordOf(payload.order, 'order');
  const items = arrayOf(payload.items, 'items').map((item, i) => recordOf(item, `items[${i}]`));
  const externalId = requiredTextOf(order.AmazonOrderId, 'AmazonOrderId');
  const platformStatus = requiredTextOf(order.OrderStatus, 'OrderStatus');
  const buyer = isRecord(order.BuyerInfo) ? order.BuyerInfo : {};
  const giftMessages = items.map((item) => (isRecord(item.BuyerInfo) ? textOf(item.BuyerInfo.GiftMessageText) : null)).filter((m): m is string => m !== null);
  return {
    externalId,
    number: externalId,
    status: amazonStatusOf(platformStatus),
    platformStatus,
    createdAt: requiredTextOf(order.PurchaseDate, 'PurchaseDate'),
    updatedAt: requiredTextOf(order.LastUpdateDate, 'LastUpdateDate'),
    currency: currencyOf(order, items),
    total: totalOf(order, items),
    buyer: { name: textOf(buyer.BuyerName), email: textOf(buyer.BuyerEmail), nick: null },
    // Amazon orders carry no buyer note; a gift message is what the buyer asks the seller to act on.
    buyerNote: giftMessages.length > 0 ? [...new Set(giftMessages)].join('\n') : null,
    sellerNote: null,
    shippingAddress: addressOf(order.ShippingAddress),
    lines: items.flatMap((item, i) => lineOf(item, i)),
  };
}

const moneyOf = (value: unknown): JsonRecord | null => (isRecord(value) ? value : null);

function currencyOf(order: JsonRecord, items: JsonRecord[]): string {
  const priced = textOf(moneyOf(order.OrderTotal)?.CurrencyCode) ?? items.map((i) => textOf(moneyOf(i.ItemPrice)?.CurrencyCode)).find((c) => c !== null);
  const currency = priced ?? MARKETPLACE_CURRENCIES[textOf(order.MarketplaceId) ?? ''];
  if (!currency) throw unreadable(`order ${String(order.AmazonOrderId)}: no currency (no OrderTotal, no ItemPrice, unknown MarketplaceId ${String(order.MarketplaceId)})`);
  return currency;
}

/**
 * OrderTotal when present, else the sum of the items' ItemPrice. A Pending order shows neither
 * ("When an order is in the Pending state … getOrderItems does not return information about pricing",
 * ordersV0): its total and unit prices are 0 until payment, when the next version carries them.
 */
function totalOf(order: JsonRecord, items: JsonRecord[]): string {
  const total = textOf(moneyOf(order.OrderTotal)?.Amount);
  if (total !== null) return total;
  return sumAmounts(items.map((i) => textOf(moneyOf(i.ItemPrice)?.Amount)).filter((a): a is string => a !== null), 'ItemPrice.Amount');
}

/**
 * One line per order item. QuantityOrdered 0 (what Amazon shows for an item cancelled out of an
 * order) is no line: the hub's lines count what was bought.
 */
function lineOf(item: JsonRecord, index: number): CanonicalOrderLine[] {
  const qty = countOf(item.QuantityOrdered, `items[${index}].QuantityOrdered`);
  if (qty === 0) return [];
  const lineTotal = textOf(moneyOf(item.ItemPrice)?.Amount);
  const sku = textOf(item.SellerSKU) ?? '';
  return [{
    externalLineId: requiredTextOf(item.OrderItemId, `items[${index}].OrderItemId`),
    sku,
    // A listing is keyed by seller SKU (its item id) and shows its ASIN (its variant id): the line names both.
    platformProductId: sku || null,
    platformVariantId: textOf(item.ASIN),
    title: textOf(item.Title) ?? '',
    qty,
    unitPrice: lineTotal === null ? '0' : divideAmount(lineTotal, qty, `items[${index}].ItemPrice.Amount`),
  }];
}

function addressOf(value: unknown): CanonicalOrder['shippingAddress'] {
  if (!isRecord(value)) return null;
  const line2 = [textOf(value.AddressLine2), textOf(value.AddressLine3)].filter(Boolean).join(', ');
  return {
    name: textOf(value.Name), line1: textOf(value.AddressLine1), line2: line2 || null, city: textOf(value.City),
    province: textOf(value.StateOrRegion), postalCode: textOf(value.PostalCode), country: textOf(value.CountryCode), phone: textOf(value.Phone),
  };
}
