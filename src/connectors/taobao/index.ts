/**
 * The Taobao/Tmall connector (TOP gateway). Credentials: appKey, appSecret, session, optional
 * signMethod. Orders arrive by polling (TMC push would be a separate listener).
 */
import type { Connector } from '../types.ts';
import { parseTaobaoOrder } from './order.ts';
import { listTaobaoListings, pushTaobaoStock, readTaobaoStock } from './inventory.ts';
import { pullTaobaoTrades } from './pull.ts';
import { pushTaobaoFulfilment } from './shipping.ts';

const MINUTE_MS = 60 * 1000;

export interface TaobaoConnectorOptions {
  /**
   * TOP call limits are set per app (and per API) in the app's console and differ from app to app;
   * the default is a conservative 20 calls/s with bursts of 40. A code-7 reply drains the bucket for
   * as long as the platform says.
   */
  rateLimit?: { capacity: number; refillPerSecond: number };
  /**
   * Span of one increment query. The API accepts up to a day; its docs advise at most 30 minutes,
   * and we follow them: a short span keeps each result small (one page is typical), so paging is
   * shallow and quick. It costs one call per empty span, only while catching up a long window.
   */
  pullChunkMs?: number;
}

export function createTaobaoConnector(options: TaobaoConnectorOptions = {}): Connector {
  const pullChunkMs = options.pullChunkMs ?? 30 * MINUTE_MS;
  return {
    kind: 'taobao',
    // TOP counts calls per app in one-second windows; a bucket of 5 refilling at 15/s never puts more than 20 in one window.
    rateLimit: options.rateLimit ?? { capacity: 5, refillPerSecond: 15 },
    // start_modified..end_modified may span at most one day.
    maxPullWindowMs: 24 * 60 * MINUTE_MS,
    parseOrder: parseTaobaoOrder,
    pullOrders: (ctx, window) => pullTaobaoTrades(ctx, window, pullChunkMs),
    pushStock: pushTaobaoStock,
    pushFulfilment: pushTaobaoFulfilment,
    listListings: listTaobaoListings,
    readStock: readTaobaoStock,
  };
}

export const taobaoConnector = createTaobaoConnector();

export { callTop, topErrorOf, topResponseKey } from './client.ts';
export { md5Sign, signTopRequest, topStringToSign, type TopSignMethod } from './sign.ts';
export { taobaoStatusMap, taobaoStatusOf } from './status.ts';
