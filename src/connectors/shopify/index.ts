/**
 * The Shopify connector (Admin REST). Credentials: accessToken (X-Shopify-Access-Token), apiSecret
 * (webhook HMAC), apiVersion (default DEFAULT_SHOPIFY_API_VERSION), locationId (where the hub's stock
 * is published).
 */
import type { ConnectionContext, Connector, PullWindow, RawRecord } from '../types.ts';
import { pushShopifyFulfilment } from './fulfilment.ts';
import { listShopifyListings, pushShopifyStock, readShopifyStock } from './inventory.ts';
import { parseShopifyOrder, parseShopifyWebhook, shopifyOrderRecord } from './order.ts';
import { shopifyPages, SHOPIFY_PAGE_LIMIT } from './rest.ts';
import { verifyShopifyWebhook } from './webhook.ts';

export const SHOPIFY_PULL_TOPIC = 'orders/pull';

/**
 * Orders updated inside the window, any status (the list is open orders only unless status=any),
 * page by page along the Link header.
 */
export async function* pullShopifyOrders(ctx: ConnectionContext, window: PullWindow): AsyncIterable<RawRecord[]> {
  const filters = new URLSearchParams({
    status: 'any',
    updated_at_min: window.from.toISOString(),
    updated_at_max: window.to.toISOString(),
    limit: String(SHOPIFY_PAGE_LIMIT),
  });
  for await (const orders of shopifyPages(ctx, 'orders.json', 'orders', filters)) {
    yield orders.map((order) => shopifyOrderRecord(SHOPIFY_PULL_TOPIC, order));
  }
}

export const shopifyConnector: Connector = {
  kind: 'shopify',
  // REST leaky bucket of the Standard plan: 40 requests, leaking 2 per second (help.shopify.com
  // "REST Admin API rate limits"; Advanced leaks 4/s, Plus 20/s with a bucket of 400).
  rateLimit: { capacity: 40, refillPerSecond: 2 },
  // Shopify takes any updated_at range; a week keeps one window's paging short.
  maxPullWindowMs: 7 * 24 * 60 * 60 * 1000,
  verifyWebhook: verifyShopifyWebhook,
  parseWebhook: parseShopifyWebhook,
  parseOrder: parseShopifyOrder,
  pullOrders: pullShopifyOrders,
  pushStock: pushShopifyStock,
  pushFulfilment: pushShopifyFulfilment,
  listListings: listShopifyListings,
  readStock: readShopifyStock,
};

export { parseLinkHeader, type PageLinks } from './link.ts';
export { shopifyStatusMap, shopifyStatusOf } from './status.ts';
export { shopifyWebhookHmac } from './webhook.ts';
