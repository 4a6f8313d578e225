import { sql } from 'kysely';
import type { CatalogService } from '../catalog/index.ts';
import { failure, ok, type Result } from '../errors/index.ts';
import type { Db, LocationKind, MovementKind } from '../store/index.ts';
import { adjust, count, receive, returnToStock, transfer, type AdjustmentReason, type LedgerDeps, type SimpleMoveInput, type TransferInput } from './ledger.ts';
import { createLocationDirectory } from './locations.ts';
import { listMovements } from './movements.ts';
import { createReservationBatcher, reserveManyWithin, reserveWithin } from './reserve-batch.ts';
import { getReservation, settle, type ReservationSelector, type SettleInput } from './reservation-settle.ts';
import { stockLevelOf, verifyLedger, type LedgerDiscrepancy } from './levels.ts';
import type { Location, Movement, OperationResult, Page, Reservation, ReserveInput, ReserveOutcome, StockLevel } from './types.ts';

export * from './types.ts';
export { adjustmentReasons, type AdjustmentReason, type SimpleMoveInput, type TransferInput } from './ledger.ts';
export type { LedgerDiscrepancy } from './levels.ts';
export type { ReservationSelector, SettleInput } from './reservation-settle.ts';
export { sellable, unreserved, bundleUnits } from './availability.ts';

export interface StockRow {
  sku: string;
  location: string;
  onHand: number;
  reserved: number;
  safetyStock: number;
  available: number;
}

export interface InventoryService {
  createLocation(input: { code: string; name: string; kind: LocationKind }): Promise<Result<Location>>;
  updateLocation(code: string, patch: { name?: string | undefined; kind?: LocationKind | undefined }): Promise<Result<Location>>;
  getLocation(code: string): Promise<Result<Location>>;
  listLocations(): Promise<Location[]>;

  receive(input: SimpleMoveInput, actor: string): Promise<Result<OperationResult>>;
  returnToStock(input: SimpleMoveInput, actor: string): Promise<Result<OperationResult>>;
  adjust(input: Omit<SimpleMoveInput, 'qty' | 'reason'> & { delta: number; reason: AdjustmentReason }, actor: string): Promise<Result<OperationResult>>;
  count(input: Omit<SimpleMoveInput, 'qty'> & { counted: number }, actor: string): Promise<Result<OperationResult>>;
  transfer(input: TransferInput, actor: string): Promise<Result<OperationResult>>;
  setSafetyStock(input: { sku: string; location: string; qty: number }): Promise<Result<StockLevel>>;

  reserve(input: ReserveInput, actor: string): Promise<Result<ReserveOutcome>>;
  ship(sel: ReservationSelector, input: SettleInput, actor: string): Promise<Result<Reservation>>;
  release(sel: ReservationSelector, input: SettleInput, actor: string): Promise<Result<Reservation>>;
  getReservation(sel: ReservationSelector): Promise<Result<Reservation>>;

  stockOf(sku: string): Promise<Result<StockLevel>>;
  listStock(filter: { location?: string | undefined; limit: number; cursor?: string | undefined }): Promise<Result<Page<StockRow>>>;
  listMovements(filter: { sku?: string | undefined; location?: string | undefined; kind?: MovementKind | undefined; reference?: string | undefined; limit: number; cursor?: string | undefined }): Promise<Result<Page<Movement>>>;
  verifyLedger(): Promise<LedgerDiscrepancy[]>;
  /**
   * Reservations inside the caller's transaction, so that an order's state and its stock commit
   * together (and a row lock on the order serialises its updates across processes).
   */
  within(trx: Db): TransactionalInventory;
  /** Waits for reservation batches in flight. */
  close(): Promise<void>;
}

/** Frees a ref for a new reservation; the old one and its idempotency key stay, renamed. */
async function retireRef(trx: Db, ref: string, reservationId: string): Promise<void> {
  const retired = `${ref}~${reservationId}`;
  await trx.updateTable('reservations').set({ ref: retired }).where('id', '=', reservationId).execute();
  await trx.updateTable('stock_operations').set({ idempotency_key: `reserve:${retired}` }).where('idempotency_key', '=', `reserve:${ref}`).execute();
}

export interface TransactionalInventory {
  reserve(input: ReserveInput, actor: string): Promise<Result<ReserveOutcome>>;
  /** Several reservations decided in one call; each is still all-or-nothing on its own. */
  reserveMany(inputs: ReserveInput[], actor: string): Promise<Result<ReserveOutcome>[]>;
  ship(sel: ReservationSelector, input: SettleInput, actor: string): Promise<Result<Reservation>>;
  release(sel: ReservationSelector, input: SettleInput, actor: string): Promise<Result<Reservation>>;
  getReservation(sel: ReservationSelector): Promise<Result<Reservation>>;
  /**
   * Replaces what a ref holds (an order edited by a person): the active reservation is released,
   * kept in the history under `<ref>~<its id>`, and the new lines are reserved under the ref, all or
   * nothing. A refusal (not enough stock) leaves the caller to roll back.
   */
  reviseReservation(ref: string, lines: { sku: string; qty: number }[], actor: string): Promise<Result<ReserveOutcome>>;
}

export interface InventoryOptions {
  catalog: Pick<CatalogService, 'resolveSkus'>;
  /** Inside every stock-changing transaction: where the sync module writes its stock-push jobs. */
  onStockChange?: LedgerDeps['onStockChange'];
  /** The catalog over another executor (a transaction): for `within`. */
  catalogFor?: (db: Db) => Pick<CatalogService, 'resolveSkus'>;
  /** Reservation batches in flight at once; default 1 (enough for one hot SKU; more helps many SKUs on a server). */
  reserveConcurrency?: number;
  reserveMaxBatch?: number;
  /** See ReservationBatcherOptions.lingerMs: 1–2 ms on the embedded store, 0 on a server. */
  reserveLingerMs?: number;
}

export function createInventoryService(db: Db, options: InventoryOptions): InventoryService {
  const locations = createLocationDirectory(db);
  const deps: LedgerDeps = { db, catalog: options.catalog, locations, onStockChange: options.onStockChange };
  const loadReservation = async (id: string) => {
    const r = await getReservation(db, { id });
    if (!r.ok) throw new Error(`reservation ${id} vanished`);
    return r.value;
  };
  const batcher = createReservationBatcher(deps, {
    loadReservation,
    ...(options.reserveConcurrency ? { concurrency: options.reserveConcurrency } : {}),
    ...(options.reserveMaxBatch ? { maxBatch: options.reserveMaxBatch } : {}),
    ...(options.reserveLingerMs ? { lingerMs: options.reserveLingerMs } : {}),
  });

  async function productOf(sku: string) {
    const product = (await options.catalog.resolveSkus([sku])).get(sku);
    return product ? ok(product) : failure('CATALOG.PRODUCT_NOT_FOUND', `No product has SKU "${sku}".`, { sku });
  }

  async function idsFor(filter: { sku?: string | undefined; location?: string | undefined }) {
    let productId: string | undefined;
    let locationId: string | undefined;
    if (filter.sku !== undefined) {
      const p = await productOf(filter.sku);
      if (!p.ok) return p;
      productId = p.value.id;
    }
    if (filter.location !== undefined) {
      locationId = (await locations.resolve([filter.location])).get(filter.location);
      if (!locationId) return failure('INVENTORY.LOCATION_NOT_FOUND', `No location has code "${filter.location}".`, { location: filter.location });
    }
    return ok({ productId, locationId });
  }

  return {
    createLocation: (input) => locations.create(input),
    updateLocation: (code, patch) => locations.update(code, patch),
    getLocation: (code) => locations.get(code),
    listLocations: () => locations.list(),

    receive: (input, actor) => receive(deps, input, actor),
    returnToStock: (input, actor) => returnToStock(deps, input, actor),
    adjust: (input, actor) => adjust(deps, input, actor),
    count: (input, actor) => count(deps, input, actor),
    transfer: (input, actor) => transfer(deps, input, actor),

    async setSafetyStock(input) {
      const product = await productOf(input.sku);
      if (!product.ok) return product;
      if (product.value.isBundle) return failure('CATALOG.BUNDLE_HAS_NO_STOCK', `"${input.sku}" is a bundle: set safety stock on its components.`, { sku: input.sku });
      const locationId = (await locations.resolve([input.location])).get(input.location);
      if (!locationId) return failure('INVENTORY.LOCATION_NOT_FOUND', `No location has code "${input.location}".`, { location: input.location });
      // Safety stock changes what channels may sell: their pushes are queued with it.
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('safety_stock').values({ product_id: product.value.id, location_id: locationId, qty: input.qty })
          .onConflict((oc) => oc.columns(['product_id', 'location_id']).doUpdateSet({ qty: input.qty, updated_at: new Date() }))
          .execute();
        await options.onStockChange?.(trx, [product.value.id]);
      });
      return ok(await stockLevelOf(db, product.value));
    },

    reserve: (input, actor) => batcher.reserve(input, actor),
    ship: (sel, input, actor) => settle(deps, 'ship', sel, input, actor),
    release: (sel, input, actor) => settle(deps, 'release', sel, input, actor),
    getReservation: (sel) => getReservation(db, sel),

    async stockOf(sku) {
      const product = await productOf(sku);
      return product.ok ? ok(await stockLevelOf(db, product.value)) : product;
    },

    async listStock(filter) {
      const ids = await idsFor(filter);
      if (!ids.ok) return ids;
      const result = await sql<StockRow & { cursor: string }>`
        SELECT p.sku, l.code AS location, b.on_hand AS "onHand", b.reserved, coalesce(s.qty, 0) AS "safetyStock",
               greatest(0, b.on_hand - b.reserved - coalesce(s.qty, 0)) AS available,
               b.product_id || '-' || b.location_id AS cursor
          FROM stock_balances b
          JOIN products p ON p.id = b.product_id
          JOIN locations l ON l.id = b.location_id
          LEFT JOIN safety_stock s ON s.product_id = b.product_id AND s.location_id = b.location_id
         WHERE (${ids.value.locationId ?? null}::bigint IS NULL OR b.location_id = ${ids.value.locationId ?? null}::bigint)
           AND (${filter.cursor ?? null}::text IS NULL
                OR (b.product_id, b.location_id) > (split_part(${filter.cursor ?? ''}, '-', 1)::bigint, split_part(${filter.cursor ?? ''}, '-', 2)::bigint))
         ORDER BY b.product_id, b.location_id
         LIMIT ${filter.limit + 1}`.execute(db);
      const rows = result.rows.slice(0, filter.limit);
      const next = result.rows.length > filter.limit ? rows.at(-1)!.cursor : null;
      return ok({ items: rows.map(({ cursor: _cursor, ...row }) => row), nextCursor: next });
    },

    async listMovements(filter) {
      const ids = await idsFor(filter);
      if (!ids.ok) return ids;
      return ok(await listMovements(db, locations, { ...filter, ...ids.value }));
    },

    verifyLedger: () => verifyLedger(db),
    within(trx) {
      const catalog = options.catalogFor?.(trx) ?? options.catalog;
      const inner: LedgerDeps = { db: trx, inTransaction: true, catalog, locations: createLocationDirectory(trx), onStockChange: options.onStockChange };
      const load = async (id: string) => {
        const r = await getReservation(trx, { id });
        if (!r.ok) throw new Error(`reservation ${id} vanished`);
        return r.value;
      };
      return {
        reserve: (input, actor) => reserveWithin(inner, input, actor, load),
        reserveMany: (inputs, actor) => reserveManyWithin(inner, inputs, actor, load),
        ship: (sel, input, actor) => settle(inner, 'ship', sel, input, actor),
        release: (sel, input, actor) => settle(inner, 'release', sel, input, actor),
        getReservation: (sel) => getReservation(trx, sel),
        async reviseReservation(ref, lines, actor) {
          const current = await getReservation(trx, { ref });
          if (current.ok) {
            if (current.value.status === 'active') {
              const released = await settle(inner, 'release', { ref }, { reason: 'order edited' }, actor);
              if (!released.ok) return released;
            }
            await retireRef(trx, ref, current.value.id);
          }
          return reserveWithin(inner, { ref, lines }, actor, load);
        },
      };
    },
    close: () => batcher.drain(),
  };
}
