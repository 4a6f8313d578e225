/**
 * Orders v0 JSON as getOrders and getOrderItems write it (ordersV0.json Order and OrderItem; the
 * getOrders.200 and getOrderItems.200 fixtures). Buyer PII (name, street, email) needs a Restricted
 * Data Token and is left out, as the real API does without one.
 */
import { formatCents } from '../common/catalog.ts';
import type { AmazonOrder, OrderItem } from './store.ts';

export interface Marketplace {
  marketplaceId: string;
  currency: string;
}

/** "2017-01-20T19:49:35Z": ISO 8601 in UTC with whole seconds, as the fixtures show. */
export function amazonTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

const money = (currency: string, cents: number) => ({ CurrencyCode: currency, Amount: formatCents(cents) });

/**
 * "When an order is in the Pending state … getOrderItems does not return information about pricing,
 * taxes, shipping charges, gift status or promotions" (ordersV0 getOrderItems); getOrders likewise
 * leaves out OrderTotal. Prices appear once the order is paid.
 */
const pricesHidden = (order: AmazonOrder) => order.status === 'Pending';

export function orderJson(order: AmazonOrder, market: Marketplace): Record<string, unknown> {
  const shipped = order.items.reduce((sum, i) => sum + i.shippedQty, 0);
  const unshipped = order.status === 'Canceled' ? 0 : order.items.reduce((sum, i) => sum + i.qty - i.shippedQty, 0);
  const totalCents = order.items.reduce((sum, i) => sum + i.unitPriceCents * i.qty, 0);
  return {
    AmazonOrderId: order.id,
    PurchaseDate: amazonTime(order.createdMs),
    LastUpdateDate: amazonTime(order.updatedMs),
    OrderStatus: order.status,
    FulfillmentChannel: 'MFN',
    SalesChannel: 'Amazon.com',
    ShipServiceLevel: 'Std US D2D Dom',
    ...(pricesHidden(order) ? {} : { OrderTotal: money(market.currency, totalCents) }),
    NumberOfItemsShipped: shipped,
    NumberOfItemsUnshipped: unshipped,
    PaymentMethod: 'Other',
    PaymentMethodDetails: ['Standard'],
    MarketplaceId: market.marketplaceId,
    ShipmentServiceLevelCategory: 'Standard',
    OrderType: 'StandardOrder',
    EarliestShipDate: amazonTime(order.createdMs + 86_400_000),
    LatestShipDate: amazonTime(order.createdMs + 3 * 86_400_000),
    IsBusinessOrder: false,
    IsPrime: false,
    IsPremiumOrder: false,
    IsGlobalExpressEnabled: false,
    IsReplacementOrder: false,
    IsSoldByAB: false,
    IsISPU: false,
    IsAccessPointOrder: false,
    ShippingAddress: {
      City: order.shipTo.city, StateOrRegion: order.shipTo.stateOrRegion, PostalCode: order.shipTo.postalCode, CountryCode: order.shipTo.countryCode,
    },
    // Amazon's relay address for the buyer, as a seller with the PII role reads it (a restricted-data token).
    BuyerInfo: { BuyerEmail: `${(order.buyerNo * 2654435761 >>> 0).toString(36)}@marketplace.amazon.com` },
  };
}

export function orderItemJson(item: OrderItem, order: AmazonOrder, market: Marketplace): Record<string, unknown> {
  const priced = !pricesHidden(order);
  return {
    ASIN: item.listing.asin,
    OrderItemId: item.orderItemId,
    SellerSKU: item.listing.sku,
    Title: item.listing.title,
    QuantityOrdered: item.qty,
    QuantityShipped: item.shippedQty,
    // ItemPrice is the line total: "the selling price of the item multiplied by the quantity ordered".
    ...(priced ? { ItemPrice: money(market.currency, item.unitPriceCents * item.qty), ItemTax: money(market.currency, 0) } : {}),
    ...(priced ? { ShippingPrice: money(market.currency, 0), PromotionDiscount: money(market.currency, 0) } : {}),
    ...(priced && item.giftMessage ? { IsGift: 'true', BuyerInfo: { GiftMessageText: item.giftMessage, GiftWrapLevel: 'Classic' } } : {}),
    ConditionId: 'New',
    ConditionSubtypeId: 'New',
    IsTransparency: false,
    SerialNumberRequired: false,
  };
}
