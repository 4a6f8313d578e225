/**
 * An Amazon Selling Partner API simulator (PLATFORMS.md §3): Login with Amazon at /auth/o2/token,
 * Orders v0 and Listings Items 2021-08-01 with their real paths, payloads, NextToken/pageToken paging,
 * per-operation usage plans (429 QuotaExceeded) and error lists, ORDER_CHANGE notifications POSTed
 * as a relay from the SQS queue would forward them, plus the control API under /_sim/.
 */
import { addControlRoutes, type SimControl } from '../common/control.ts';
import { jsonResponse, Router, serve } from '../common/http.ts';
import { TimerSet } from '../common/timers.ts';
import { answerSpCall } from './gate.ts';
import { answerTokenRequest, expireAccessTokens, LWA_PATH } from './lwa.ts';
import { resolveAmazonOptions, type AmazonCredentials, type AmazonSimOptions } from './options.ts';
import { addListingRoutes } from './routes-listings.ts';
import { addOrderRoutes } from './routes-orders.ts';
import { amazonState, type AmazonSimState } from './state.ts';
import { AmazonWorld } from './world.ts';

export type { AmazonSimOptions, AmazonCredentials } from './options.ts';
export type { AmazonSimState, AmazonOrderTruth, AmazonListedTruth } from './state.ts';
export type { SpOperation, UsagePlan } from './usage-plans.ts';
export { NOTIFICATION_SECRET_HEADER } from './notifications.ts';
export type { CatalogEntry } from '../common/catalog.ts';
export type { SimControl } from '../common/control.ts';
export type { GenerateRequest } from '../common/generation.ts';
export type { FaultSettings } from '../common/faults.ts';
export type { DemandSettings, GroundTruth, ReviewReason } from '../common/demand.ts';

export interface AmazonSim {
  /** The SP-API endpoint (a connection's base URL); LWA at `${url}/auth/o2/token`, control at `${url}/_sim/`. */
  url: string;
  credentials: AmazonCredentials & { lwaUrl: string };
  /** The control API as functions (the same as the /_sim/ routes); setWebhookAddress sets where notifications go. */
  control: SimControl;
  state(): AmazonSimState;
  /** Makes every access token issued so far expired (clients must fetch a new one). */
  expireAccessTokens(): void;
  close(): Promise<void>;
}

export async function startAmazonSim(options: AmazonSimOptions): Promise<AmazonSim> {
  const settings = resolveAmazonOptions(options);
  let world = new AmazonWorld(settings);
  const control: SimControl = {
    generate: (request) => world.pacer.start(request),
    setFaults: (body) => world.faults.update(body, Date.now()),
    setListed: (sku, qty) => {
      const listing = world.store.listing(sku);
      if (listing) listing.qty = qty;
      return listing !== undefined;
    },
    setDemandFactor: (sku, factor) => world.demand.setDemandFactor(sku, factor),
    setWebhookAddress: (address) => {
      world.deliverer.address = address;
    },
    state: () => amazonState(world),
    isIdle: () => world.isIdle(),
    // A reset starts the account again from the options and seed; the notification address set at run time is kept.
    reset: () => {
      const address = world.deliverer.address;
      world.close();
      world = new AmazonWorld(settings);
      world.deliverer.address = address;
    },
  };
  const waitTimers = new TimerSet();
  const controlRouter = new Router();
  addControlRoutes(controlRouter, () => control, waitTimers);
  const apiRouter = new Router();
  addOrderRoutes(apiRouter, () => world);
  addListingRoutes(apiRouter, () => world);
  const server = await serve((request) => {
    if (request.path === LWA_PATH) return answerTokenRequest(world, request);
    if (!request.path.startsWith('/_sim/')) return answerSpCall(world, apiRouter, request);
    const route = controlRouter.match(request.method, request.path);
    return route ? route.handler({ ...request, params: route.params }) : jsonResponse(404, { error: 'no such control route' });
  }, settings.host, settings.port);
  return {
    url: server.url,
    credentials: { ...settings.credentials, lwaUrl: `${server.url}${LWA_PATH}` },
    control,
    state: () => amazonState(world),
    expireAccessTokens: () => expireAccessTokens(world),
    async close() {
      waitTimers.close();
      world.close();
      await server.close();
    },
  };
}
