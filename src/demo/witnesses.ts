/**
 * What the simulators say at the end of a run, in the hub's words: orders with their statuses,
 * lines and tracking numbers, listed quantities, and the back office's books. Each platform's sim
 * state is read here; the comparisons themselves are pure (compare.ts, compare-partners.ts).
 */
import { taobaoStatusOf } from '../connectors/index.ts';
import type { ListedQuantity, WitnessOrder } from './compare.ts';
import type { RunningSims } from './sims.ts';
import { DEMO_WAREHOUSE, type DemoChannel, type DemoWorld } from './world.ts';

export interface ChannelWitness {
  orders: (WitnessOrder & { tracking: string[]; labels?: { needsReview?: boolean; reasons?: string[] } | undefined })[];
  listed: ListedQuantity[];
}

const shopifyStatus: Record<string, string> = { pending: 'pending', paid: 'paid', partially_fulfilled: 'partially_shipped', fulfilled: 'shipped', cancelled: 'cancelled' };
// WooCommerce's words (woocommerce.com "Managing orders": order statuses).
const wooStatus: Record<string, string> = {
  'checkout-draft': 'pending', pending: 'pending', 'on-hold': 'pending', processing: 'paid', completed: 'shipped', cancelled: 'cancelled', refunded: 'cancelled', failed: 'cancelled',
};
// SP-API Orders v0 OrderStatus.
const amazonStatus: Record<string, string> = {
  PendingAvailability: 'pending', Pending: 'pending', Unshipped: 'paid', PartiallyShipped: 'partially_shipped', Shipped: 'shipped', InvoiceUnconfirmed: 'shipped', Canceled: 'cancelled', Unfulfillable: 'cancelled',
};

/** Simulator state is JSON the hub never types: read field by field below. */
type Any = any;

const tracked = (list: Any[] | undefined) => (list ?? []).map((t: Any) => String(t.number ?? '')).filter(Boolean);

async function channelWitness(sims: RunningSims, channel: DemoChannel, connectionId: string): Promise<ChannelWitness> {
  const state = await sims.control(channel, 'state');
  const lines = (o: Any) => o.lines.map((l: Any) => ({ sku: l.sku, qty: l.qty }));
  switch (channel) {
    case 'shopify':
      return {
        orders: state.orders.map((o: Any) => ({ channel: connectionId, externalId: o.id, status: shopifyStatus[o.status] ?? o.status, lines: lines(o), tracking: tracked(o.tracking), labels: o.labels })),
        listed: state.listed.map((l: Any) => ({ channel: connectionId, listing: l.inventoryItemId, qty: l.qty })),
      };
    case 'taobao':
      return {
        orders: state.orders.map((o: Any) => ({ channel: connectionId, externalId: o.tid, status: taobaoStatusOf(o.status), lines: lines(o), tracking: o.shipping ? [o.shipping.outSid] : [], labels: o.labels })),
        listed: state.listed.map((l: Any) => ({ channel: connectionId, listing: `${l.itemId}:${l.skuId ?? ''}`, qty: l.qty })),
      };
    case 'woocommerce':
      return {
        orders: state.orders.map((o: Any) => ({ channel: connectionId, externalId: String(o.id), status: wooStatus[o.status] ?? o.status, lines: lines(o), tracking: tracked(o.tracking), labels: o.labels })),
        listed: state.listed.map((l: Any) => ({ channel: connectionId, listing: `${l.productId}:${l.variationId ?? ''}`, qty: l.qty })),
      };
    case 'amazon':
      return {
        orders: state.orders.map((o: Any) => ({ channel: connectionId, externalId: o.id, status: amazonStatus[o.status] ?? o.status, lines: lines(o), tracking: tracked(o.tracking), labels: o.labels })),
        listed: state.listed.map((l: Any) => ({ channel: connectionId, listing: l.sku, qty: l.qty })),
      };
  }
}

export async function channelWitnesses(world: DemoWorld): Promise<ChannelWitness> {
  const all = await Promise.all((Object.entries(world.connections) as [DemoChannel, string][]).map(([c, id]) => channelWitness(world.sims, c, id)));
  return { orders: all.flatMap((w) => w.orders), listed: all.flatMap((w) => w.listed) };
}

/** The hub's listing key in the same terms as the witness's (see channelWitness). */
export function listingKeyOf(platform: string, listing: { platformItemId: string; platformVariantId: string | null }): string {
  if (platform === 'shopify' || platform === 'amazon') return listing.platformItemId;
  return `${listing.platformItemId}:${listing.platformVariantId ?? ''}`;
}

export interface BackOfficeWitness {
  erpOrders: { externalRef: string; lines: { sku: string; qty: number }[] }[];
  warehouseStock: Map<string, number>;
  warehouseShipments: { orderId: string; trackingNumber: string }[];
}

export async function backOfficeWitness(sims: RunningSims): Promise<BackOfficeWitness> {
  const [erp, wms] = await Promise.all([sims.control('erp', 'state'), sims.control('wms', 'state')]);
  const warehouse = (wms.warehouses as Any[]).find((w) => w.code === DEMO_WAREHOUSE);
  return {
    erpOrders: (erp.orders as Any[]).map((o) => ({ externalRef: o.externalRef, lines: o.lines.map((l: Any) => ({ sku: l.sku, qty: l.qty })) })),
    warehouseStock: new Map((warehouse?.stock ?? []).map((s: Any) => [s.sku, s.qty] as [string, number])),
    // A confirmation that shipped nothing is no parcel: there is no tracking to show.
    warehouseShipments: (wms.requests as Any[]).filter((r) => r.status === 'shipped' && r.trackingNumber && r.lines.some((l: Any) => l.qtyShipped > 0))
      .map((r) => ({ orderId: String(r.requestId).split('@')[0]!, trackingNumber: r.trackingNumber })),
  };
}
