/**
 * A generic ERP simulator: a REST API under /api/v1/ (sales orders in; products, stock counts and
 * purchase receipts out, each a numbered feed), optionally a CSV file exchange in csvDir, and the
 * control API under /_sim/. It keeps its own books, so a test can see that an order posted twice
 * was booked once. See sim/README.md, "ERP".
 */
import { addControlRoutes, type SimControl } from '../common/control.ts';
import { jsonResponse, Router, serve } from '../common/http.ts';
import { TimerSet } from '../common/timers.ts';
import { answerApiCall } from './gate.ts';
import { resolveErpOptions, type ErpSimOptions, type ErpSimProductInput } from './options.ts';
import { addApiRoutes } from './routes-api.ts';
import { addErpControlRoutes } from './routes-control.ts';
import { erpState, type ErpSimState } from './state.ts';
import { ErpWorld } from './world.ts';
import type { CountRecord, ProductRecord, ReceiptRecord } from './books.ts';

export type { ErpSimOptions, ErpSimProductInput } from './options.ts';
export type { ErpSimState } from './state.ts';
export type { BookedOrder, ErpOrderLine, ProductRecord, CountRecord, ReceiptRecord } from './books.ts';
export type { ErpStats } from './world.ts';
export type { SimControl } from '../common/control.ts';
export { ORDER_COLUMNS, PRODUCT_COLUMNS, COUNT_COLUMNS, RECEIPT_COLUMNS } from './files.ts';

export interface ErpControl extends SimControl {
  receipt(input: { sku: string; location: string; qty: number; purchaseOrder?: string | null }): ReceiptRecord;
  count(input: { sku: string; location: string; qty: number }): CountRecord;
  product(input: ErpSimProductInput): ProductRecord;
  state(): ErpSimState;
}

export interface ErpSim {
  /** Base URL; the API is at `${url}/api/v1/`, the control API at `${url}/_sim/`. */
  url: string;
  /** Send as `Authorization: Bearer <apiKey>`. */
  credentials: { apiKey: string };
  /** With csvDir: where the ERP drops files (the hub's inboxDir) and where it reads orders (the hub's outboxDir). */
  csv: { inboxDir: string; outboxDir: string } | null;
  /** The control API as functions (the same as the /_sim/ routes). */
  control: ErpControl;
  state(): ErpSimState;
  close(): Promise<void>;
}

export async function startErpSim(options: ErpSimOptions = {}): Promise<ErpSim> {
  const settings = resolveErpOptions(options);
  const fileNumber = { next: 1 };
  let world = new ErpWorld(settings, fileNumber);
  const control: ErpControl = {
    generate: (request) => world.pacer.start(request),
    setFaults: (body) => world.faults.update(body, Date.now()),
    state: () => erpState(world),
    isIdle: () => world.isIdle(),
    reset: () => {
      world.close();
      world = new ErpWorld(settings, fileNumber);
    },
    receipt: (input) => world.receive({ ...input, purchaseOrder: input.purchaseOrder ?? null }),
    count: (input) => world.count(input),
    product: (input) => world.saveProduct(input),
  };
  const waitTimers = new TimerSet();
  const controlRouter = new Router();
  addControlRoutes(controlRouter, () => control, waitTimers);
  addErpControlRoutes(controlRouter, () => world);
  const apiRouter = new Router();
  addApiRoutes(apiRouter, () => world);
  const server = await serve((request) => {
    if (!request.path.startsWith('/_sim/')) return answerApiCall(world, apiRouter, request);
    const route = controlRouter.match(request.method, request.path);
    return route ? route.handler({ ...request, params: route.params }) : jsonResponse(404, { error: 'no such control route' });
  }, settings.host, settings.port);
  const files = world.files;
  return {
    url: server.url,
    credentials: { apiKey: settings.apiKey },
    csv: files ? { inboxDir: files.inbox, outboxDir: files.outbox } : null,
    control,
    state: () => erpState(world),
    async close() {
      waitTimers.close();
      world.close();
      await server.close();
    },
  };
}
