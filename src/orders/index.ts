/**
 * Canonical orders from every channel: keyed by (connection, external id), applied only when newer,
 * moved through one state machine whose stock effects are data (state.ts).
 */
import type { CanonicalOrder, ShipmentInput } from '../connectors/types.ts';
import { failure, ok, type Result } from '../errors/index.ts';
import type { InventoryService } from '../inventory/index.ts';
import { isRetryableConflict, withRetry, type Db } from '../store/index.ts';
import { applyOrder, reservationRefOf, type ApplyDeps, type ApplyOutcome } from './apply.ts';
import { applyOrders, type OrderView } from './apply-many.ts';
import { canonicalOf, getOrder, listOrders, orderNotFound, type Order, type OrderFilter } from './queries.ts';

export * from './state.ts';
export type { ApplyOutcome } from './apply.ts';
export type { Order, OrderFilter, OrderLine } from './queries.ts';
export { reservationRefOf, type LineMapping } from './apply.ts';
export { unmappedOrderRecords } from './queries.ts';
export { orderVersions, type OrderVersion } from './versions.ts';
export type { OrderView } from './apply-many.ts';
export { createReviewService, type ReviewService } from './review-service.ts';
export { REVIEW_RULES, DEFAULT_REVIEW_SETTINGS, type ReviewSettings, type ReviewRuleName, type FiredRule } from './review-rules.ts';
export type { QueueItem, QueueFilter, WhatIfReport, HoldRecord } from './review-queue.ts';
export type { OrderEdit, LineEdit, BulkAction } from './review-actions.ts';
export { REVIEW_FLAG } from './review.ts';
export { unitsSoldBySku } from './sales.ts';
export { addFlag, cancelledAmong, claimReleasable, flaggedStats, fulfilmentViewOf, recordShipment, releasedOrders, type FulfilmentView, type ReleasedOrder, type ShipmentRecord } from './release.ts';

export interface OrderService {
  apply(connectionId: string, order: CanonicalOrder, inboxId: string | null): Promise<ApplyOutcome>;
  /** A batch in one transaction (ingest): same rules and outcomes as applying each in turn. */
  applyMany(views: OrderView[]): Promise<ApplyOutcome[]>;
  get(id: string): Promise<Result<Order>>;
  list(filter: OrderFilter): Promise<{ items: Order[]; nextCursor: string | null }>;
  canonical(id: string): Promise<CanonicalOrder | undefined>;
  /**
   * The hub ships an order (from the warehouse): its reservation is committed and a job to push the
   * fulfilment to the channel is written in the same transaction.
   */
  ship(id: string, shipment: ShipmentInput, actor: string, enqueue: (trx: Db, connectionId: string, orderId: string, shipment: ShipmentInput) => Promise<void>): Promise<Result<Order>>;
}

export interface OrderOptions {
  db: Db;
  inventory: Pick<InventoryService, 'within'>;
  /** How each line maps to a master SKU (src/mapping), in the transaction that applies the order. */
  resolveLines: ApplyDeps['resolveLines'];
}

export function createOrderService(options: OrderOptions): OrderService {
  const { db } = options;
  return {
    apply: (connectionId, order, inboxId) => applyOrder(options, connectionId, order, inboxId),
    applyMany: (views) => applyOrders(options, views),
    async get(id) {
      const order = await getOrder(db, id);
      return order ? ok(order) : orderNotFound(id);
    },
    list: (filter) => listOrders(db, filter),
    canonical: (id) => canonicalOf(db, id),
    async ship(id, shipment, actor, enqueue) {
      // A shipment meets ingest and pushes on the same order and stock rows: a deadlock or
      // serialization failure is retried whole, as applying an order is (apply.ts).
      const outcome = await withRetry(() => db.transaction().execute(async (trx) => {
        const order = await trx.selectFrom('orders').select(['id', 'connection_id']).where('id', '=', id).forUpdate().executeTakeFirst();
        if (!order) return orderNotFound(id);
        const inventory = options.inventory.within(trx);
        const lines = shipment.lines ? await linesBySku(trx, id, shipment.lines) : undefined;
        const shipped = await inventory.ship({ ref: reservationRefOf(id) }, { lines }, actor);
        if (!shipped.ok && shipped.code !== 'INVENTORY.RESERVATION_CLOSED') {
          return failure('ORDERS.NOT_RESERVED', `Order ${id} holds no stock to ship: ${shipped.message}`, { orderId: id, cause: shipped.code });
        }
        await enqueue(trx, order.connection_id, id, shipment);
        return ok(undefined);
      }), 6, isRetryableConflict);
      if (!outcome.ok) return outcome;
      return ok((await getOrder(db, id))!);
    },
  };
}

/** Shipment lines name platform line ids; the reservation holds master SKUs. */
async function linesBySku(trx: Db, orderId: string, lines: { externalLineId: string; qty: number }[]) {
  const rows = await trx.selectFrom('order_lines as ol').innerJoin('products as p', 'p.id', 'ol.product_id')
    .select(['ol.external_line_id', 'p.sku']).where('ol.order_id', '=', orderId).execute();
  const skuOf = new Map(rows.map((r) => [r.external_line_id, r.sku]));
  return lines.flatMap((l) => (skuOf.has(l.externalLineId) ? [{ sku: skuOf.get(l.externalLineId)!, qty: l.qty }] : []));
}
