/** GET /_sim/state for the WMS simulator: its books, requests and counters, the ground truth of a run. */
import type { FaultSettings } from '../common/faults.ts';
import type { WmsBehaviour } from './options.ts';
import type { RequestStatus, Shrinkage } from './store.ts';
import type { WmsStats, WmsWorld } from './world.ts';

export interface WmsRequestTruth {
  requestId: string;
  /** The WMS's own id, as the API answered it. */
  id: string;
  orderNumber: string;
  warehouse: string;
  status: RequestStatus;
  lines: { lineRef: string; sku: string; qty: number; qtyShipped: number }[];
  carrier: string | null;
  trackingNumber: string | null;
}

export interface WmsSimState {
  platform: 'wms';
  /** No notice waiting to be received, no request waiting to ship nor return due (unless paused), no webhook pending. */
  idle: boolean;
  webhookAddress: string | null;
  /** The warehouse's books: on hand per SKU, sorted by SKU. */
  warehouses: { code: string; stock: { sku: string; qty: number }[] }[];
  requests: WmsRequestTruth[];
  notices: { noticeId: string; id: string; warehouse: string; reference: string | null; status: 'expected' | 'received'; lines: { sku: string; qty: number }[] }[];
  /** Units lost without an event, each after the event with seq afterSeq: what counts will reveal. */
  shrinkage: Shrinkage[];
  lastSeq: number;
  /** Work that fell due while paused and waits for the resume. */
  held: number;
  pendingReturns: number;
  settings: WmsBehaviour;
  stats: WmsStats & {
    webhooksSent: number; webhooksDelivered: number; webhooksDropped: number;
    webhooksDuplicated: number; webhooksRetried: number; webhooksFailed: number;
  };
  faults: FaultSettings;
}

export function wmsState(world: WmsWorld): WmsSimState {
  const { store } = world;
  const delivery = world.deliverer.stats;
  return {
    platform: 'wms',
    idle: world.isIdle(),
    webhookAddress: world.deliverer.address,
    warehouses: [...store.books].map(([code, book]) => ({
      code, stock: [...book].map(([sku, qty]) => ({ sku, qty })).sort((a, b) => (a.sku < b.sku ? -1 : 1)),
    })),
    requests: [...store.requests.values()].map((r) => ({
      requestId: r.requestId, id: r.id, orderNumber: r.orderNumber, warehouse: r.warehouse, status: r.status,
      lines: r.lines.map((l) => ({ ...l })), carrier: r.carrier, trackingNumber: r.trackingNumber,
    })),
    notices: [...store.notices.values()].map((n) => ({ ...n, lines: n.lines.map((l) => ({ ...l })) })),
    shrinkage: store.shrinkage.map((s) => ({ ...s })),
    lastSeq: store.lastSeq,
    held: world.held.length,
    pendingReturns: world.pendingReturns,
    settings: { ...world.behaviour },
    stats: {
      ...world.stats,
      webhooksSent: delivery.sent, webhooksDelivered: delivery.delivered, webhooksDropped: delivery.dropped,
      webhooksDuplicated: delivery.duplicated, webhooksRetried: delivery.retried, webhooksFailed: delivery.failed,
    },
    faults: { ...world.faults.settings },
  };
}
