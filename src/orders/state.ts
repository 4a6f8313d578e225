/**
 * The order state machine as data. Platforms report statuses in their own words; each connector maps
 * them onto these states. Updates can arrive late or out of order, so the stock effect of an update is
 * decided by where the order's stock stands and where the order now is, not by the path between.
 */
import type { CanonicalOrderStatus } from '../connectors/types.ts';

export type OrderStatus = CanonicalOrderStatus;

/** Which states may follow which. A platform reporting anything else is recorded but moves no stock backwards. */
export const orderTransitions: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['paid', 'cancelled', 'partially_shipped', 'shipped', 'completed'],
  paid: ['partially_shipped', 'shipped', 'cancelled', 'completed'],
  partially_shipped: ['shipped', 'cancelled', 'completed'],
  shipped: ['completed'],
  cancelled: [],
  completed: [],
};

export function canMove(from: OrderStatus, to: OrderStatus): boolean {
  return from === to || orderTransitions[from].includes(to);
}

/** Where an order's reserved stock stands. */
export type StockState = 'none' | 'reserved' | 'shipped' | 'released';

export type StockEffect = 'reserve' | 'ship' | 'reserve_and_ship' | 'release' | 'none';

/**
 * What must happen to stock for an order now in `status` whose stock is in `stock`: stock is held
 * from the moment the channel took it out of its own listing, committed when the order ships, given
 * back when it is cancelled before shipment.
 *
 * Held already while unpaid: Shopify decrements inventory when an order is created, and Taobao items
 * default to 拍下减库存 (stock taken when the order is placed). Were the hub to wait for payment, it
 * would publish those units to every other channel in the meantime and oversell them. An order that
 * arrives already shipped (never seen paid) still took stock from the shelf: reserved and shipped at once.
 */
export const stockEffects: Record<OrderStatus, Record<StockState, StockEffect>> = {
  pending: { none: 'reserve', reserved: 'none', shipped: 'none', released: 'none' },
  paid: { none: 'reserve', reserved: 'none', shipped: 'none', released: 'none' },
  partially_shipped: { none: 'reserve', reserved: 'none', shipped: 'none', released: 'none' },
  shipped: { none: 'reserve_and_ship', reserved: 'ship', shipped: 'none', released: 'none' },
  completed: { none: 'reserve_and_ship', reserved: 'ship', shipped: 'none', released: 'none' },
  cancelled: { none: 'none', reserved: 'release', shipped: 'none', released: 'none' },
};

export function stockEffectOf(status: OrderStatus, stock: StockState): StockEffect {
  return stockEffects[status][stock];
}

/** An update is applied only if it is newer than what is stored (platform update time). */
export function isNewer(incomingUpdatedAt: string, storedUpdatedAt: Date | null): boolean {
  return storedUpdatedAt === null || new Date(incomingUpdatedAt).getTime() > storedUpdatedAt.getTime();
}
