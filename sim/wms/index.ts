/**
 * A WMS / 3PL simulator: a warehouse with its own books that takes shipment requests and inbound
 * notices over REST (/api/v1, Bearer key), picks, ships, short-ships, loses a unit now and then,
 * counts, takes returns, and logs every change as an event with a rising seq. Webhooks
 * ({seq, type}, signed X-WMS-Signature) only say there is news; the events are pulled by seq.
 */
import { addControlRoutes } from '../common/control.ts';
import { jsonResponse, Router, serve } from '../common/http.ts';
import { TimerSet } from '../common/timers.ts';
import { answerApiCall } from './gate.ts';
import { resolveWmsOptions, stockProblem, updateBehaviour, type WmsSimOptions } from './options.ts';
import { addApiRoutes } from './routes-api.ts';
import { addWmsControlRoutes, type WmsControl } from './routes-control.ts';
import { wmsState, type WmsSimState } from './state.ts';
import { countAll, resume, startCountClock } from './warehouse.ts';
import { WmsWorld } from './world.ts';

export type { WmsSimOptions, WmsBehaviour, WarehouseOpening } from './options.ts';
export type { WmsSimState, WmsRequestTruth } from './state.ts';
export type { WireEvent, Shrinkage } from './store.ts';
export type { WmsControl } from './routes-control.ts';
export type { FaultSettings } from '../common/faults.ts';
export { wmsSignature } from './world.ts';

export interface WmsSim {
  /** Base URL; the API is at `${url}/api/v1/`, the control API at `${url}/_sim/`. */
  url: string;
  /** Send apiKey as `Authorization: Bearer …`; webhooks are signed with webhookSecret. */
  credentials: { apiKey: string; webhookSecret: string };
  /** The control API as functions (the same as the /_sim/ routes). */
  control: WmsControl;
  state(): WmsSimState;
  close(): Promise<void>;
}

export async function startWmsSim(options: WmsSimOptions): Promise<WmsSim> {
  const settings = resolveWmsOptions(options);
  let resets = 0;
  let world = newWorld();
  function newWorld(): WmsWorld {
    const fresh = new WmsWorld(settings, resets);
    startCountClock(fresh);
    return fresh;
  }
  const control: WmsControl = {
    generate: () => undefined,
    setFaults: (body) => world.faults.update(body, Date.now()),
    setWebhookAddress: (address) => {
      world.deliverer.address = address;
    },
    state: () => wmsState(world),
    isIdle: () => world.isIdle(),
    // A reset starts the warehouse again from the options and seed; the webhook address set at run time is kept.
    reset: () => {
      const address = world.deliverer.address;
      world.close();
      resets++;
      world = newWorld();
      world.deliverer.address = address;
    },
    setStock: (body) => setStock(world, body),
    updateSettings: (body) => updateSettings(world, body),
    countAll: (warehouse) => {
      if (typeof warehouse !== 'string' || !world.store.hasWarehouse(warehouse)) return `no warehouse ${JSON.stringify(warehouse)}`;
      return { counted: countAll(world, warehouse), lastSeq: world.store.lastSeq };
    },
  };
  const waitTimers = new TimerSet();
  const controlRouter = new Router();
  addWmsControlRoutes(controlRouter, () => control);
  addControlRoutes(controlRouter, () => control, waitTimers);
  const apiRouter = new Router();
  addApiRoutes(apiRouter, () => world);
  const server = await serve((request) => {
    if (!request.path.startsWith('/_sim/')) return answerApiCall(world, apiRouter, request);
    const route = controlRouter.match(request.method, request.path);
    return route ? route.handler({ ...request, params: route.params }) : jsonResponse(404, { error: 'no such control route' });
  }, settings.host, settings.port);
  return {
    url: server.url,
    credentials: { apiKey: settings.apiKey, webhookSecret: settings.webhookSecret },
    control,
    state: () => wmsState(world),
    async close() {
      waitTimers.close();
      world.close();
      await server.close();
    },
  };
}

function setStock(world: WmsWorld, body: unknown): string | null {
  const { warehouse, items } = (body ?? {}) as { warehouse?: unknown; items?: unknown };
  if (typeof warehouse !== 'string' || warehouse === '') return 'warehouse must be a warehouse code';
  const problem = stockProblem(items);
  if (problem) return problem;
  world.store.setStock(warehouse, items as { sku: string; qty: number }[]);
  return null;
}

function updateSettings(world: WmsWorld, body: unknown): string | null {
  const countEveryMs = world.behaviour.countEveryMs;
  const problem = updateBehaviour(world.behaviour, body);
  if (problem) return problem;
  if (world.behaviour.countEveryMs !== countEveryMs) startCountClock(world);
  resume(world);
  return null;
}
