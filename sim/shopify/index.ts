/**
 * A Shopify Admin REST simulator (PLATFORMS.md §1): /admin/api/{YYYY-MM}/… with the real paths,
 * payloads, Link pagination, leaky-bucket limit and signed webhooks, plus the control API under /_sim/.
 */
import { addControlRoutes, type SimControl } from '../common/control.ts';
import { jsonResponse, Router, serve } from '../common/http.ts';
import { TimerSet } from '../common/timers.ts';
import { answerApiCall } from './gate.ts';
import { resolveShopifyOptions, type ShopifySimOptions } from './options.ts';
import { addCatalogRoutes } from './routes-catalog.ts';
import { addFulfillmentRoutes } from './routes-fulfillment.ts';
import { addOrderRoutes } from './routes-orders.ts';
import { shopifyState, type ShopifySimState } from './state.ts';
import { LOCATION_ID } from './store.ts';
import { ShopifyWorld } from './world.ts';

export type { ShopifySimOptions } from './options.ts';
export type { ShopifySimState, ShopifyOrderTruth, ShopifyListedTruth } from './state.ts';
export type { CatalogEntry } from '../common/catalog.ts';
export type { SimControl } from '../common/control.ts';
export type { GenerateRequest } from '../common/generation.ts';
export type { FaultSettings } from '../common/faults.ts';
export type { DemandSettings, GroundTruth, ReviewReason } from '../common/demand.ts';

export interface ShopifySim {
  /** Base URL; the Admin API is at `${url}/admin/api/${apiVersion}/`, the control API at `${url}/_sim/`. */
  url: string;
  shopDomain: string;
  /** Send accessToken as X-Shopify-Access-Token; webhooks are signed with apiSecret. */
  credentials: { accessToken: string; apiSecret: string };
  apiVersion: string;
  /** The one location's id (inventory_levels need it). */
  locationId: string;
  /** The control API as functions (the same as the /_sim/ routes). */
  control: SimControl;
  state(): ShopifySimState;
  close(): Promise<void>;
}

export async function startShopifySim(options: ShopifySimOptions): Promise<ShopifySim> {
  const settings = resolveShopifyOptions(options);
  let world = new ShopifyWorld(settings);
  const control: SimControl = {
    generate: (request) => world.pacer.start(request),
    setFaults: (body) => world.faults.update(body, Date.now()),
    setListed: (sku, qty) => {
      const variant = world.store.variants.find((v) => v.sku === sku);
      if (variant) Object.assign(variant, { available: qty, levelUpdatedMs: Date.now() });
      return variant !== undefined;
    },
    setDemandFactor: (sku, factor) => world.demand.setDemandFactor(sku, factor),
    setWebhookAddress: (address) => {
      world.deliverer.address = address;
    },
    state: () => shopifyState(world),
    isIdle: () => world.isIdle(),
    // A reset starts the shop again from the options and seed; the webhook address set at run time is kept.
    reset: () => {
      const address = world.deliverer.address;
      world.close();
      world = new ShopifyWorld(settings);
      world.deliverer.address = address;
    },
  };
  const waitTimers = new TimerSet();
  const controlRouter = new Router();
  addControlRoutes(controlRouter, () => control, waitTimers);
  const apiRouter = new Router();
  addOrderRoutes(apiRouter, () => world);
  addFulfillmentRoutes(apiRouter, () => world);
  addCatalogRoutes(apiRouter, () => world);
  const server = await serve((request) => {
    if (!request.path.startsWith('/_sim/')) return answerApiCall(world, apiRouter, request);
    const route = controlRouter.match(request.method, request.path);
    return route ? route.handler({ ...request, params: route.params }) : jsonResponse(404, { error: 'no such control route' });
  }, settings.host, settings.port);
  return {
    url: server.url,
    shopDomain: settings.shopDomain,
    credentials: { accessToken: settings.accessToken, apiSecret: settings.apiSecret },
    apiVersion: settings.apiVersion,
    locationId: String(LOCATION_ID),
    control,
    state: () => shopifyState(world),
    async close() {
      waitTimers.close();
      world.close();
      await server.close();
    },
  };
}
