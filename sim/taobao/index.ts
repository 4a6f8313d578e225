/**
 * A Taobao/Tmall TOP gateway simulator (PLATFORMS.md §4) at /router/rest: signed calls, GMT+8
 * timestamps, the trade, item and logistics methods a sync hub needs, TOP error envelopes and the
 * per-app call limit, plus the control API under /_sim/. Trades are pulled; there is no push.
 */
import { addControlRoutes, type SimControl } from '../common/control.ts';
import { jsonResponse, Router, serve } from '../common/http.ts';
import { TimerSet } from '../common/timers.ts';
import { answerGateway } from './gateway.ts';
import { resolveTaobaoOptions, type TaobaoSimOptions } from './options.ts';
import { taobaoState, type TaobaoSimState } from './state.ts';
import { setListedQuantity } from './store.ts';
import { TaobaoWorld } from './world.ts';

export type { TaobaoSimOptions } from './options.ts';
export type { TaobaoSimState, TaobaoOrderTruth, TaobaoListedTruth } from './state.ts';
export type { CatalogEntry } from '../common/catalog.ts';
export type { SimControl } from '../common/control.ts';
export type { GenerateRequest } from '../common/generation.ts';
export type { FaultSettings } from '../common/faults.ts';
export type { DemandSettings, GroundTruth, ReviewReason } from '../common/demand.ts';

export interface TaobaoSim {
  /** Base URL; the gateway is `${url}/router/rest`, the control API `${url}/_sim/`. */
  url: string;
  gatewayUrl: string;
  credentials: { appKey: string; appSecret: string; session: string };
  /** The control API as functions (the same as the /_sim/ routes). */
  control: SimControl;
  state(): TaobaoSimState;
  close(): Promise<void>;
}

export async function startTaobaoSim(options: TaobaoSimOptions): Promise<TaobaoSim> {
  const settings = resolveTaobaoOptions(options);
  let world = new TaobaoWorld(settings);
  const control: SimControl = {
    generate: (request) => world.pacer.start(request),
    setFaults: (body) => world.faults.update(body, Date.now()),
    setListed: (sku, qty) => {
      const listing = world.store.listing(sku);
      if (listing) setListedQuantity(listing, qty, Date.now());
      return listing !== undefined;
    },
    setDemandFactor: (sku, factor) => world.demand.setDemandFactor(sku, factor),
    state: () => taobaoState(world),
    isIdle: () => world.isIdle(),
    reset: () => {
      world.close();
      world = new TaobaoWorld(settings);
    },
  };
  const waitTimers = new TimerSet();
  const controlRouter = new Router();
  addControlRoutes(controlRouter, () => control, waitTimers);
  const server = await serve((request) => {
    if (!request.path.startsWith('/_sim/')) return answerGateway(world, request);
    const route = controlRouter.match(request.method, request.path);
    return route ? route.handler({ ...request, params: route.params }) : jsonResponse(404, { error: 'no such control route' });
  }, settings.host, settings.port);
  return {
    url: server.url,
    gatewayUrl: `${server.url}/router/rest`,
    credentials: { appKey: settings.appKey, appSecret: settings.appSecret, session: settings.session },
    control,
    state: () => taobaoState(world),
    async close() {
      waitTimers.close();
      world.close();
      await server.close();
    },
  };
}
