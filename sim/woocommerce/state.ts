/** GET /_sim/state: the simulator as a witness sees it, ground truth included. Ids are strings. */
import type { GroundTruth } from '../common/demand.ts';
import type { FaultSettings } from '../common/faults.ts';
import type { DeliveryStats } from '../common/webhooks.ts';
import type { WooOrder, WooStatus } from './store.ts';
import type { ApiStats, WooWorld } from './world.ts';

export interface WooOrderTruth {
  id: string;
  number: string;
  /** WooCommerce's own word. */
  status: WooStatus;
  lines: { sku: string; qty: number; lineItemId: string; productId: string; variationId: string | null }[];
  tracking: { provider: string; number: string }[];
  customerNote: string;
  labels: GroundTruth;
  /** As the API shows them in the *_gmt fields, with a Z. */
  createdAt: string;
  updatedAt: string;
}

export interface WooListedTruth {
  sku: string;
  productId: string;
  variationId: string | null;
  /** stock_quantity (null while stock is not managed). */
  qty: number | null;
}

export interface WooSimState {
  platform: 'woocommerce';
  /** True when generation has finished, no later payment or cancellation is due, and no webhook is pending. */
  idle: boolean;
  generating: boolean;
  webhookAddress: string | null;
  orders: WooOrderTruth[];
  listed: WooListedTruth[];
  stats: ApiStats & { webhooksSent: number; webhooksDelivered: number; webhooksDropped: number; webhooksDuplicated: number; webhooksRetried: number; webhooksFailed: number };
  faults: FaultSettings;
}

const utc = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export function wooState(world: WooWorld): WooSimState {
  return {
    platform: 'woocommerce',
    idle: world.isIdle(),
    generating: world.pacer.running,
    webhookAddress: world.deliverer.address,
    orders: world.store.orders.map(orderTruth),
    listed: world.store.sellables.map((s) => ({
      sku: s.sku, productId: String(s.productId), variationId: s.variationId === 0 ? null : String(s.variationId), qty: s.manageStock ? s.stock : null,
    })),
    stats: { ...world.stats, ...webhookStats(world.deliverer.stats) },
    faults: { ...world.faults.settings },
  };
}

function orderTruth(order: WooOrder): WooOrderTruth {
  return {
    id: String(order.id),
    number: String(order.id),
    status: order.status,
    lines: order.lines.map((l) => ({
      sku: l.sellable.sku, qty: l.qty, lineItemId: String(l.id), productId: String(l.sellable.productId),
      variationId: l.sellable.variationId === 0 ? null : String(l.sellable.variationId),
    })),
    tracking: order.tracking.map((t) => ({ provider: t.provider, number: t.number })),
    customerNote: order.customerNote,
    labels: order.labels,
    createdAt: utc(order.createdMs),
    updatedAt: utc(order.modifiedMs),
  };
}

function webhookStats(stats: DeliveryStats) {
  return {
    webhooksSent: stats.sent, webhooksDelivered: stats.delivered, webhooksDropped: stats.dropped,
    webhooksDuplicated: stats.duplicated, webhooksRetried: stats.retried, webhooksFailed: stats.failed,
  };
}
