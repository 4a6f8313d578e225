import { sql } from 'kysely';
import type { CatalogService } from '../catalog/index.ts';
import { failure, ok, type Failure, type Result } from '../errors/index.ts';
import { withRetry, type Db, type MovementKind } from '../store/index.ts';
import type { LocationDirectory } from './locations.ts';
import { movementsOfOperation } from './movements.ts';
import { beginOperation, fingerprintOf } from './operations.ts';
import { readBalance, writeCount, writeMovement, type MovementWrite, type WrittenMovement } from './ledger-sql.ts';
import type { Movement, OperationResult } from './types.ts';

export interface LedgerDeps {
  /** The database, or the caller's transaction when `inTransaction` is set. */
  db: Db;
  inTransaction?: boolean;
  /** Called inside every transaction that changes stock, with the products whose balances moved (outbox hook). */
  onStockChange?: ((trx: Db, productIds: string[]) => Promise<void>) | undefined;
  catalog: Pick<CatalogService, 'resolveSkus'>;
  locations: LocationDirectory;
}

/** Carries an expected refusal out of a transaction so that the transaction rolls back. */
export class Refusal extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

export interface StockTarget {
  productId: string;
  locationId: string;
  sku: string;
  location: string;
}

/** SKU and location codes → ids; a bundle is refused because its stock lives in its components. */
export async function resolveTarget(deps: LedgerDeps, sku: string, location: string): Promise<Result<StockTarget>> {
  const [products, locations] = await Promise.all([deps.catalog.resolveSkus([sku]), deps.locations.resolve([location])]);
  const product = products.get(sku);
  if (!product) return failure('CATALOG.PRODUCT_NOT_FOUND', `No product has SKU "${sku}".`, { sku });
  if (product.isBundle) {
    return failure('CATALOG.BUNDLE_HAS_NO_STOCK', `"${sku}" is a bundle: receive, count or adjust its components instead.`, {
      sku,
      components: product.components.map((c) => c.sku),
    });
  }
  const locationId = locations.get(location);
  if (!locationId) return failure('INVENTORY.LOCATION_NOT_FOUND', `No location has code "${location}".`, { location });
  return ok({ productId: product.id, locationId, sku, location });
}

export interface OperationSpec {
  key: string;
  kind: string;
  actor: string;
  /** The request as the caller sent it, minus its key: a reused key must come with the same request. */
  request: unknown;
}

type Planned = { target: StockTarget; write: MovementWrite; row: WrittenMovement };

/**
 * Runs one idempotent stock operation in one transaction. `body` writes movements and returns them,
 * or returns a Failure to roll everything back. On a replayed key nothing runs and the first call's
 * movements are read back.
 */
export async function runOperation(
  deps: LedgerDeps,
  spec: OperationSpec,
  body: (trx: Db, operationId: string) => Promise<Planned[] | Failure>,
): Promise<Result<OperationResult>> {
  const attempt = async (trx: Db) => {
    const start = await beginOperation(trx, { key: spec.key, kind: spec.kind, fingerprint: fingerprintOf(spec.request), actor: spec.actor });
    if (!('state' in start)) throw new Refusal(start);
    if (start.state === 'replay') return { operationId: start.operationId, written: undefined };
    const written = await body(trx, start.operationId);
    if (!Array.isArray(written)) throw new Refusal(written);
    await deps.onStockChange?.(trx, [...new Set(written.map((p) => p.write.productId))]);
    return { operationId: start.operationId, written };
  };
  try {
    const outcome = deps.inTransaction
      ? await inSavepoint(deps.db, () => attempt(deps.db))
      : await withRetry(() => deps.db.transaction().execute(attempt));
    const movements = outcome.written
      ? outcome.written.map((p) => toMovement(p))
      : await movementsOfOperation(deps.db, deps.locations, outcome.operationId);
    return ok({ operationId: outcome.operationId, idempotencyKey: spec.key, replayed: !outcome.written, movements });
  } catch (err) {
    if (err instanceof Refusal) return err.failure;
    throw err;
  }
}

/** Inside a caller's transaction a refusal must undo only this operation's writes, not the caller's. */
async function inSavepoint<T>(trx: Db, fn: () => Promise<T>): Promise<T> {
  await sql`SAVEPOINT stock_operation`.execute(trx);
  try {
    const value = await fn();
    await sql`RELEASE SAVEPOINT stock_operation`.execute(trx);
    return value;
  } catch (err) {
    await sql`ROLLBACK TO SAVEPOINT stock_operation`.execute(trx);
    throw err;
  }
}

function toMovement({ target, write, row }: Planned): Movement {
  return {
    id: row.id,
    kind: write.kind,
    sku: target.sku,
    location: target.location,
    onHandDelta: write.onHandDelta,
    reservedDelta: write.reservedDelta,
    onHandAfter: row.on_hand_after,
    reservedAfter: row.reserved_after,
    reason: write.reason,
    reference: write.reference,
    actor: write.actor,
    reservationId: write.reservationId ?? null,
    note: write.note ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

/** Writes one movement; a refused guard becomes the merchant-readable failure for that kind of move. */
export async function move(trx: Db, target: StockTarget, write: MovementWrite): Promise<Planned | Failure> {
  const row = await writeMovement(trx, write);
  if (row) return { target, write, row };
  const balance = await readBalance(trx, target.productId, target.locationId);
  const available = Math.max(0, balance.onHand - balance.reserved);
  if (write.reservedDelta === 0) {
    return failure('INVENTORY.INSUFFICIENT_STOCK', `Only ${available} unreserved unit(s) of ${target.sku} at ${target.location}; ${-write.onHandDelta} requested.`, {
      sku: target.sku, location: target.location, requested: -write.onHandDelta, available, onHand: balance.onHand, reserved: balance.reserved,
    });
  }
  return failure('INVENTORY.BELOW_RESERVED', `The move would leave ${target.sku} at ${target.location} with more reserved than on hand.`, {
    sku: target.sku, location: target.location, onHand: balance.onHand, reserved: balance.reserved,
  });
}

export interface SimpleMoveInput {
  sku: string;
  location: string;
  qty: number;
  idempotencyKey: string;
  reason?: string | undefined;
  reference?: string | undefined;
  note?: string | undefined;
}

async function singleMove(
  deps: LedgerDeps, kind: MovementKind, input: SimpleMoveInput, onHandDelta: number, reason: string, actor: string,
): Promise<Result<OperationResult>> {
  const target = await resolveTarget(deps, input.sku, input.location);
  if (!target.ok) return target;
  const { idempotencyKey, ...request } = input;
  return runOperation(deps, { key: idempotencyKey, kind, actor, request }, async (trx, operationId) => {
    const planned = await move(trx, target.value, {
      kind, productId: target.value.productId, locationId: target.value.locationId, onHandDelta, reservedDelta: 0,
      reason, reference: input.reference ?? null, actor, operationId, note: input.note ?? null,
    });
    return 'ok' in planned ? planned : [planned];
  });
}

export function receive(deps: LedgerDeps, input: SimpleMoveInput, actor: string) {
  return singleMove(deps, 'receipt', input, input.qty, input.reason ?? 'purchase_receipt', actor);
}

export function returnToStock(deps: LedgerDeps, input: SimpleMoveInput, actor: string) {
  return singleMove(deps, 'return', input, input.qty, input.reason ?? 'customer_return', actor);
}

export const adjustmentReasons = ['damaged', 'lost', 'found', 'expired', 'theft', 'correction', 'sample', 'other'] as const;
export type AdjustmentReason = (typeof adjustmentReasons)[number];

export function adjust(deps: LedgerDeps, input: Omit<SimpleMoveInput, 'qty' | 'reason'> & { delta: number; reason: AdjustmentReason }, actor: string) {
  const { delta, ...rest } = input;
  return singleMove(deps, 'adjustment', { ...rest, qty: delta }, delta, input.reason, actor);
}

export async function count(deps: LedgerDeps, input: Omit<SimpleMoveInput, 'qty'> & { counted: number }, actor: string) {
  const target = await resolveTarget(deps, input.sku, input.location);
  if (!target.ok) return target;
  const { idempotencyKey, ...request } = input;
  return runOperation(deps, { key: idempotencyKey, kind: 'count', actor, request }, async (trx, operationId) => {
    const write = {
      productId: target.value.productId, locationId: target.value.locationId, counted: input.counted,
      reason: input.reason ?? 'cycle_count', reference: input.reference ?? null, actor, operationId, note: input.note ?? null,
    };
    const row = await writeCount(trx, write);
    if (!row) {
      const balance = await readBalance(trx, target.value.productId, target.value.locationId);
      return failure('INVENTORY.BELOW_RESERVED', `Counted ${input.counted} of ${input.sku} at ${input.location}, but ${balance.reserved} are reserved for orders; release or reallocate them first.`, {
        sku: input.sku, location: input.location, counted: input.counted, reserved: balance.reserved,
      });
    }
    return [{ target: target.value, write: { ...write, kind: 'count' as const, onHandDelta: row.on_hand_delta, reservedDelta: 0 }, row }];
  });
}

export interface TransferInput {
  sku: string;
  from: string;
  to: string;
  qty: number;
  idempotencyKey: string;
  reference?: string | undefined;
  note?: string | undefined;
}

export async function transfer(deps: LedgerDeps, input: TransferInput, actor: string): Promise<Result<OperationResult>> {
  if (input.from === input.to) return failure('INVENTORY.SAME_LOCATION', 'A transfer needs two different locations.', { from: input.from, to: input.to });
  const [from, to] = await Promise.all([resolveTarget(deps, input.sku, input.from), resolveTarget(deps, input.sku, input.to)]);
  if (!from.ok) return from;
  if (!to.ok) return to;
  const { idempotencyKey, ...request } = input;
  return runOperation(deps, { key: idempotencyKey, kind: 'transfer', actor, request }, async (trx, operationId) => {
    const common = { reason: 'transfer', reference: input.reference ?? null, actor, operationId, note: input.note ?? null, reservedDelta: 0 };
    const out = await move(trx, from.value, { ...common, kind: 'transfer_out', productId: from.value.productId, locationId: from.value.locationId, onHandDelta: -input.qty });
    if ('ok' in out) return out;
    const into = await move(trx, to.value, { ...common, kind: 'transfer_in', productId: to.value.productId, locationId: to.value.locationId, onHandDelta: input.qty });
    if ('ok' in into) return into;
    return [out, into];
  });
}
