/**
 * The Amazon Selling Partner API connector (MFN orders and stock). Credentials: clientId,
 * clientSecret, refreshToken (Login with Amazon), sellerId, marketplaceId, notificationSecret (the
 * relay's shared secret), lwaUrl (optional; default https://api.amazon.com/auth/o2/token). The base
 * URL is the regional SP-API endpoint (https://sellingpartnerapi-na.amazon.com).
 */
import type { Connector } from '../types.ts';
import { pushAmazonFulfilment } from './fulfilment.ts';
import { listAmazonListings, pushAmazonStock, readAmazonStock } from './listings.ts';
import { parseAmazonNotification, verifyAmazonNotification } from './notification.ts';
import { amazonOperationRateLimit, CONNECTION_OPERATION, spOperation } from './operations.ts';
import { parseAmazonOrder } from './order.ts';
import { pullAmazonOrders } from './pull.ts';

const connectionBucket = spOperation(CONNECTION_OPERATION);

export const amazonConnector: Connector = {
  kind: 'amazon',
  // patchListingsItem's usage plan (5/s, burst 5); see CONNECTION_OPERATION for why the claim watches it.
  rateLimit: { capacity: connectionBucket.capacity, refillPerSecond: connectionBucket.refillPerSecond },
  operationRateLimit: amazonOperationRateLimit,
  // getOrders takes any LastUpdated range; a week keeps one window's paging short.
  maxPullWindowMs: 7 * 24 * 60 * 60 * 1000,
  verifyWebhook: verifyAmazonNotification,
  parseWebhook: parseAmazonNotification,
  parseOrder: parseAmazonOrder,
  pullOrders: pullAmazonOrders,
  pushStock: pushAmazonStock,
  pushFulfilment: pushAmazonFulfilment,
  listListings: listAmazonListings,
  readStock: readAmazonStock,
};

export { AMAZON_NOTIFICATION_SECRET_HEADER } from './notification.ts';
export { amazonStatusMap, amazonStatusOf } from './status.ts';
export { amazonOperationRateLimit, SP_OPERATIONS, type SpOperationName } from './operations.ts';
export { DEFAULT_LWA_URL } from './lwa.ts';
