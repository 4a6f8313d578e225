/**
 * The WooCommerce connector (REST API v3 under {baseUrl}/wp-json/wc/v3/). Credentials: consumerKey
 * and consumerSecret (a REST API key with read/write access: Basic over https, OAuth 1.0a over
 * http), webhookSecret (the secret of the shop's order.* webhooks).
 */
import type { Connector } from '../types.ts';
import { pushWooFulfilment } from './fulfilment.ts';
import { listWooListings, pushWooStock, readWooStock } from './inventory.ts';
import { parseWooOrder, parseWooWebhook } from './order.ts';
import { pullWooOrders } from './pull.ts';
import { verifyWooWebhook } from './webhook.ts';

export const woocommerceConnector: Connector = {
  kind: 'woocommerce',
  // WooCommerce publishes no limit: it is the merchant's own WordPress, often shared hosting where
  // each REST call is a PHP worker for a few hundred milliseconds. 5 calls a second with bursts of
  // 20 leaves most workers to the shop's buyers; a host or plugin that answers 429 drains the bucket.
  rateLimit: { capacity: 20, refillPerSecond: 5 },
  // The list takes any modified range; a week keeps one window's paging short.
  maxPullWindowMs: 7 * 24 * 60 * 60 * 1000,
  verifyWebhook: verifyWooWebhook,
  parseWebhook: parseWooWebhook,
  parseOrder: parseWooOrder,
  pullOrders: pullWooOrders,
  pushStock: pushWooStock,
  pushFulfilment: pushWooFulfilment,
  listListings: listWooListings,
  readStock: readWooStock,
};

export { percentEncode, oauthBaseString, oauthSignature, signUrl, type OAuthRequest, type OAuthSignatureMethod } from './oauth.ts';
export { wooStatusMap, wooStatusOf } from './status.ts';
export { wooWebhookSignature, isWooCreationPing, WOO_PING_TOPIC } from './webhook.ts';
export { WOO_PULL_TOPIC, pullFilters } from './pull.ts';
export { SHIPPED_LINES_META_KEY, SHIPMENT_TRACKING_V3 } from './fulfilment.ts';
export { WOO_BATCH_LIMIT } from './inventory.ts';
