/** GET /_sim/state: the simulator as a witness sees it, ground truth included. Ids are strings. */
import type { GroundTruth } from '../common/demand.ts';
import type { FaultSettings } from '../common/faults.ts';
import type { DeliveryStats } from '../common/webhooks.ts';
import { isoWithOffset } from '../common/time.ts';
import { fulfillmentStatus, LOCATION_ID, type ShopifyOrder } from './store.ts';
import type { ApiStats, ShopifyWorld } from './world.ts';

export interface ShopifyOrderTruth {
  id: string;
  name: string;
  /** One word for the order as a whole. */
  status: 'pending' | 'paid' | 'partially_fulfilled' | 'fulfilled' | 'cancelled';
  financialStatus: string;
  fulfillmentStatus: 'fulfilled' | 'partial' | null;
  cancelledAt: string | null;
  lines: { sku: string; qty: number; fulfilledQty: number; lineItemId: string; variantId: string }[];
  createdAt: string;
  /** As the API shows it (updated_at). */
  updatedAt: string;
  note: string | null;
  /** Tracking of each fulfillment, in order. */
  tracking: { company: string | null; number: string | null }[];
  labels: GroundTruth;
}

export interface ShopifyListedTruth {
  sku: string;
  variantId: string;
  inventoryItemId: string;
  locationId: string;
  qty: number;
}

export interface ShopifySimState {
  platform: 'shopify';
  /** True when generation has finished, no later payment or cancellation is due, and no webhook is pending. */
  idle: boolean;
  generating: boolean;
  webhookAddress: string | null;
  orders: ShopifyOrderTruth[];
  listed: ShopifyListedTruth[];
  stats: ApiStats & {
    webhooksSent: number;
    webhooksDelivered: number;
    webhooksDropped: number;
    webhooksDuplicated: number;
    webhooksRetried: number;
    webhooksFailed: number;
  };
  faults: FaultSettings;
}

export function shopifyState(world: ShopifyWorld): ShopifySimState {
  const offset = world.settings.utcOffsetMinutes;
  return {
    platform: 'shopify',
    idle: world.isIdle(),
    generating: world.pacer.running,
    webhookAddress: world.deliverer.address,
    orders: world.store.orders.map((order) => orderTruth(order, offset)),
    listed: world.store.variants.map((v) => ({
      sku: v.sku, variantId: String(v.id), inventoryItemId: String(v.inventoryItemId), locationId: String(LOCATION_ID), qty: v.available,
    })),
    stats: { ...world.stats, ...webhookStats(world.deliverer.stats) },
    faults: { ...world.faults.settings },
  };
}

function orderTruth(order: ShopifyOrder, offset: number): ShopifyOrderTruth {
  return {
    id: String(order.id),
    name: `#${1000 + order.number}`,
    status: summaryStatus(order),
    financialStatus: order.financialStatus,
    fulfillmentStatus: fulfillmentStatus(order),
    cancelledAt: order.cancelledMs === null ? null : isoWithOffset(order.cancelledMs, offset),
    lines: order.lines.map((l) => ({ sku: l.variant.sku, qty: l.qty, fulfilledQty: l.fulfilledQty, lineItemId: String(l.id), variantId: String(l.variant.id) })),
    createdAt: isoWithOffset(order.createdMs, offset),
    updatedAt: isoWithOffset(order.updatedMs, offset),
    note: order.note,
    tracking: order.fulfillments.map((f) => ({ company: f.tracking.company, number: f.tracking.number })),
    labels: order.labels,
  };
}

function summaryStatus(order: ShopifyOrder): ShopifyOrderTruth['status'] {
  if (order.cancelledMs !== null) return 'cancelled';
  const shipped = fulfillmentStatus(order);
  if (shipped === 'fulfilled') return 'fulfilled';
  if (shipped === 'partial') return 'partially_fulfilled';
  return order.financialStatus === 'paid' ? 'paid' : 'pending';
}

function webhookStats(stats: DeliveryStats) {
  return {
    webhooksSent: stats.sent,
    webhooksDelivered: stats.delivered,
    webhooksDropped: stats.dropped,
    webhooksDuplicated: stats.duplicated,
    webhooksRetried: stats.retried,
    webhooksFailed: stats.failed,
  };
}
