/**
 * A WooCommerce simulator (PLATFORMS.md §2): the REST API v3 under /wp-json/wc/v3/ with the real
 * paths, payloads, paging headers, OAuth 1.0a / Basic authentication and WordPress error bodies, the
 * Shipment Tracking extension's routes, signed order webhooks with the creation ping, plus the
 * control API under /_sim/.
 */
import { addControlRoutes, type SimControl } from '../common/control.ts';
import { jsonResponse, Router, serve } from '../common/http.ts';
import { TimerSet } from '../common/timers.ts';
import { answerApiCall } from './gate.ts';
import { resolveWooOptions, type WooCredentials, type WooSimOptions } from './options.ts';
import { addOrderRoutes } from './routes-orders.ts';
import { addProductRoutes } from './routes-products.ts';
import { addTrackingRoutes } from './routes-tracking.ts';
import { wooState, type WooSimState } from './state.ts';
import { WooWorld } from './world.ts';

export type { WooSimOptions, WooCredentials } from './options.ts';
export type { WooSimState, WooOrderTruth, WooListedTruth } from './state.ts';
export type { CatalogEntry } from '../common/catalog.ts';
export type { SimControl } from '../common/control.ts';
export { wooWebhookSignature } from './webhook-events.ts';

export interface WooSim {
  /** The site's home URL; the REST API is at `${url}/wp-json/wc/v3/`, the control API at `${url}/_sim/`. */
  url: string;
  /** A REST API key (OAuth 1.0a over http, Basic behind https) and the webhooks' secret. */
  credentials: WooCredentials;
  /** The control API as functions (the same as the /_sim/ routes); setting a webhook address pings it. */
  control: SimControl;
  state(): WooSimState;
  close(): Promise<void>;
}

export async function startWooSim(options: WooSimOptions): Promise<WooSim> {
  const settings = resolveWooOptions(options);
  let world: WooWorld | null = null;
  const current = () => world!;
  const control: SimControl = {
    generate: (request) => current().pacer.start(request),
    setFaults: (body) => current().faults.update(body, Date.now()),
    setListed: (sku, qty) => {
      const sellable = current().store.sellables.find((s) => s.sku === sku);
      if (sellable) current().store.setStock(sellable, qty, Date.now());
      return sellable !== undefined;
    },
    setDemandFactor: (sku, factor) => current().demand.setDemandFactor(sku, factor),
    // Saving the shop's webhooks with a new delivery URL pings it (WC_Webhook::deliver_ping).
    setWebhookAddress: (address) => {
      current().deliverer.address = address;
      if (address !== null) current().ping();
    },
    state: () => wooState(current()),
    isIdle: () => current().isIdle(),
    // A fresh shop from the options and seed; the webhook address set at run time is kept, without a ping.
    reset: () => {
      const previous = current();
      previous.close();
      world = new WooWorld(settings, previous.site.url);
      world.deliverer.address = previous.deliverer.address;
    },
  };
  const waitTimers = new TimerSet();
  const controlRouter = new Router();
  addControlRoutes(controlRouter, () => control, waitTimers);
  const apiRouter = new Router();
  addOrderRoutes(apiRouter, current);
  addProductRoutes(apiRouter, current);
  addTrackingRoutes(apiRouter, current);
  const server = await serve((request) => {
    if (!request.path.startsWith('/_sim/')) return answerApiCall(current(), apiRouter, request);
    const route = controlRouter.match(request.method, request.path);
    return route ? route.handler({ ...request, params: route.params }) : jsonResponse(404, { error: 'no such control route' });
  }, settings.host, settings.port);
  world = new WooWorld(settings, server.url);
  return {
    url: server.url,
    credentials: { ...settings.credentials },
    control,
    state: () => wooState(current()),
    async close() {
      waitTimers.close();
      current().close();
      await server.close();
    },
  };
}
