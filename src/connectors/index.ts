/** The platform connectors behind one interface (types.ts); the sync module picks one per connection. */
import { amazonConnector } from './amazon/index.ts';
import { shopifyConnector } from './shopify/index.ts';
import { taobaoConnector } from './taobao/index.ts';
import type { Connector, PlatformKind } from './types.ts';
import { woocommerceConnector } from './woocommerce/index.ts';

const connectors: Partial<Record<PlatformKind, Connector>> = {
  shopify: shopifyConnector,
  taobao: taobaoConnector,
  woocommerce: woocommerceConnector,
  amazon: amazonConnector,
};

/** Throws for a platform without a connector (a connection row naming one this build does not know). */
export function connectorFor(kind: PlatformKind): Connector {
  const connector = connectors[kind];
  if (!connector) throw new Error(`no connector for platform "${kind}"`);
  return connector;
}

export * from './types.ts';
export { parseJsonPreservingBigInts, stringifyJsonWithBigInts } from './json.ts';
export { fetchJson, retryAfterMsOf } from './http.ts';
export { shopifyConnector, parseLinkHeader, shopifyStatusMap, shopifyStatusOf, shopifyWebhookHmac } from './shopify/index.ts';
export { taobaoConnector, createTaobaoConnector, md5Sign, signTopRequest, taobaoStatusMap, taobaoStatusOf, type TaobaoConnectorOptions } from './taobao/index.ts';
export { woocommerceConnector, wooStatusMap, wooStatusOf, wooWebhookSignature } from './woocommerce/index.ts';
export { amazonConnector, amazonStatusMap, amazonStatusOf, amazonOperationRateLimit, AMAZON_NOTIFICATION_SECRET_HEADER } from './amazon/index.ts';
