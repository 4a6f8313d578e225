/** GET /_sim/state: the simulator as a witness sees it, ground truth included. */
import type { GroundTruth } from '../common/demand.ts';
import type { FaultSettings } from '../common/faults.ts';
import { amazonTime } from './order-json.ts';
import type { AmazonOrderStatus } from './store.ts';
import type { AmazonStats, AmazonWorld } from './world.ts';

export interface AmazonOrderTruth {
  id: string;
  /** Amazon's own word (OrderStatus). */
  status: AmazonOrderStatus;
  lines: { sku: string; qty: number; shippedQty: number; orderItemId: string; unitPrice: string }[];
  tracking: { carrier: string; number: string; packageReferenceId: string }[];
  labels: GroundTruth;
  createdAt: string;
  /** As the API shows it (LastUpdateDate). */
  updatedAt: string;
}

export interface AmazonListedTruth {
  sku: string;
  asin: string;
  qty: number;
}

export interface AmazonSimState {
  platform: 'amazon';
  /** True when generation has finished, no later payment or cancellation is due, and no notification is pending. */
  idle: boolean;
  generating: boolean;
  notificationAddress: string | null;
  orders: AmazonOrderTruth[];
  listed: AmazonListedTruth[];
  stats: AmazonStats & {
    notificationsSent: number;
    notificationsDelivered: number;
    notificationsDropped: number;
    notificationsDuplicated: number;
    notificationsRetried: number;
    notificationsFailed: number;
  };
  faults: FaultSettings;
}

export function amazonState(world: AmazonWorld): AmazonSimState {
  const delivery = world.deliverer.stats;
  return {
    platform: 'amazon',
    idle: world.isIdle(),
    generating: world.pacer.running,
    notificationAddress: world.deliverer.address,
    orders: world.store.orders.map((order) => ({
      id: order.id,
      status: order.status,
      lines: order.items.map((i) => ({ sku: i.listing.sku, qty: i.qty, shippedQty: i.shippedQty, orderItemId: i.orderItemId, unitPrice: (i.unitPriceCents / 100).toFixed(2) })),
      tracking: order.packages.map((p) => ({ carrier: p.carrierCode, number: p.trackingNumber, packageReferenceId: p.packageReferenceId })),
      labels: order.labels,
      createdAt: amazonTime(order.createdMs),
      updatedAt: amazonTime(order.updatedMs),
    })),
    listed: world.store.listings.map((l) => ({ sku: l.sku, asin: l.asin, qty: l.qty })),
    stats: {
      ...world.stats,
      callsByOperation: { ...world.stats.callsByOperation },
      notificationsSent: delivery.sent,
      notificationsDelivered: delivery.delivered,
      notificationsDropped: delivery.dropped,
      notificationsDuplicated: delivery.duplicated,
      notificationsRetried: delivery.retried,
      notificationsFailed: delivery.failed,
    },
    faults: { ...world.faults.settings },
  };
}
