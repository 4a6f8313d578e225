import { sql } from 'kysely';
import { failure, ok, type Failure, type Result } from '../errors/index.ts';
import { isRetryableConflict, isUniqueViolation, withRetry, type Db } from '../store/index.ts';
import type { LedgerDeps } from './ledger.ts';
import { fingerprintOf } from './operations.ts';
import { planReservation, type FreeStock, type PlannedLine } from './reservation-plan.ts';
import type { Reservation, ReserveInput, ReserveOutcome } from './types.ts';

interface Pending {
  input: ReserveInput;
  actor: string;
  resolve(result: Result<ReserveOutcome>): void;
  reject(err: unknown): void;
}

interface Planned {
  pending: Pending[];
  input: ReserveInput;
  actor: string;
  fingerprint: string;
  lines: PlannedLine[];
}

type Allocation = [line: number, productId: number, locationId: number, qty: number, onHandAfter: number, reservedAfter: number];
type Decision = { ok: true; a: Allocation[] } | { ok: false; line: number; available: number } | { exists: true };

type Settled =
  | { kind: 'created'; planned: Planned; allocations: Allocation[]; reservationId: string; createdAt: string }
  | { kind: 'refused'; planned: Planned; failure: Failure }
  | { kind: 'exists'; planned: Planned };

export interface ReservationBatcherOptions {
  /** Most requests decided in one transaction. */
  maxBatch?: number;
  /** Batches in flight at once (more helps spread SKUs on a server; one connection on PGlite). */
  concurrency?: number;
  /**
   * How long the first request of an idle batcher waits for company. The embedded store runs queries
   * on the event loop, so without a pause a batch of one would start before other requests were read.
   */
  lingerMs?: number;
  loadReservation(id: string): Promise<Reservation>;
}

/**
 * Group commit of reservations. A plain transaction per reservation holds the hot SKU's row lock
 * through its commit, which caps one SKU at a few thousand reservations a second. Here requests that
 * arrive while a batch is in flight wait and go together: one call of reserve_batch() decides them
 * all in arrival order, each all-or-nothing, and one commit makes them durable. Each caller still
 * gets exactly its own result.
 */
export function createReservationBatcher(deps: LedgerDeps, options: ReservationBatcherOptions) {
  const maxBatch = options.maxBatch ?? 500;
  const concurrency = options.concurrency ?? 1;
  const lingerMs = options.lingerMs ?? 0;
  const queue: Pending[] = [];
  let active = 0;
  let lingering = false;
  let idle: (() => void) | undefined;

  function pump(lingered = false): void {
    if (lingering) return;
    if (!lingered && lingerMs > 0 && active === 0 && queue.length === 1) {
      lingering = true;
      setTimeout(() => {
        lingering = false;
        pump(true);
      }, lingerMs);
      return;
    }
    while (active < concurrency && queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      active++;
      const decideCommitted = (planned: Planned[]) =>
        withRetry(() => deps.db.transaction().execute((trx) => decide(trx, planned, deps.onStockChange)), 8, (err) => isRetryableConflict(err) || isUniqueViolation(err));
      runBatch(deps, batch, options.loadReservation, decideCommitted)
        .catch((err: unknown) => batch.forEach((p) => p.reject(err)))
        .finally(() => {
          active--;
          if (active === 0 && queue.length === 0) idle?.();
          pump();
        });
    }
  }

  return {
    reserve(input: ReserveInput, actor: string): Promise<Result<ReserveOutcome>> {
      return new Promise((resolve, reject) => {
        queue.push({ input, actor, resolve, reject });
        pump();
      });
    },
    /** Waits for the batches in flight. */
    async drain(): Promise<void> {
      if (active === 0 && queue.length === 0 && !lingering) return;
      await new Promise<void>((resolve) => (idle = resolve));
    },
  };
}

/**
 * One reservation inside the caller's transaction (an order and its stock change together).
 * `deps.db` must be that transaction; a refusal writes nothing, so the caller may go on.
 */
export function reserveWithin(deps: LedgerDeps, input: ReserveInput, actor: string, loadReservation: (id: string) => Promise<Reservation>): Promise<Result<ReserveOutcome>> {
  return new Promise((resolve, reject) => {
    runBatch(deps, [{ input, actor, resolve, reject }], loadReservation, (planned) => decide(deps.db, planned, deps.onStockChange)).catch(reject);
  });
}

/** Many reservations inside the caller's transaction, decided together in one call (bulk order ingest). */
export async function reserveManyWithin(deps: LedgerDeps, inputs: ReserveInput[], actor: string, loadReservation: (id: string) => Promise<Reservation>): Promise<Result<ReserveOutcome>[]> {
  if (inputs.length === 0) return [];
  const pending: Pending[] = [];
  const results = inputs.map((input) => new Promise<Result<ReserveOutcome>>((resolve, reject) => pending.push({ input, actor, resolve, reject })));
  await runBatch(deps, pending, loadReservation, (planned) => decide(deps.db, planned, deps.onStockChange));
  return Promise.all(results);
}

async function runBatch(
  deps: LedgerDeps, batch: Pending[], loadReservation: (id: string) => Promise<Reservation>, decideFn: (planned: Planned[]) => Promise<Settled[]>,
): Promise<void> {
  const planned = await planBatch(deps, batch);
  const settled = planned.length > 0 ? await decideFn(planned) : [];
  // After the commit (batcher): inside the transaction the embedded store's only connection is taken.
  const locationCodes = await deps.locations.codesOf(settled.flatMap((s) => (s.kind === 'created' ? s.allocations.map((a) => String(a[2])) : [])));
  for (const s of settled) {
    const result: Result<ReserveOutcome> =
      s.kind === 'created' ? ok({ reservation: toReservation(s, locationCodes), created: true })
      : s.kind === 'refused' ? s.failure
      : await existing(deps.db, s.planned, loadReservation);
    for (const p of s.planned.pending) p.resolve(result);
  }
}

/** A ref seen before: the same request gets the reservation back; different lines are a misuse of the ref. */
async function existing(db: Db, planned: Planned, loadReservation: (id: string) => Promise<Reservation>): Promise<Result<ReserveOutcome>> {
  const ref = planned.input.ref;
  const row = await db
    .selectFrom('reservations as r')
    .leftJoin('stock_operations as o', (join) => join.on('o.idempotency_key', '=', sql<string>`'reserve:' || r.ref`))
    .select(['r.id', 'o.fingerprint'])
    .where('r.ref', '=', ref)
    .executeTakeFirstOrThrow();
  if (row.fingerprint !== planned.fingerprint) {
    return failure('IDEMPOTENCY.KEY_REUSED', `A reservation with ref "${ref}" already exists with other lines.`, { ref, reservationId: row.id });
  }
  return ok({ reservation: await loadReservation(row.id), created: false });
}

function toReservation(s: Extract<Settled, { kind: 'created' }>, locationCodes: Map<string, string>): Reservation {
  const { planned } = s;
  return {
    id: s.reservationId, ref: planned.input.ref, status: 'active', actor: planned.actor, createdAt: s.createdAt, updatedAt: s.createdAt,
    lines: s.allocations.map(([line, , locationId, qty]) => {
      const l = planned.lines[line]!;
      const location = locationCodes.get(String(locationId)) ?? String(locationId);
      return { requestLine: l.requestLine, sku: l.requestedSku, stockSku: l.stockSku, location, qty, shippedQty: 0, releasedQty: 0 };
    }),
  };
}

/** Resolves codes in two queries for the whole batch, and answers at once what cannot be planned. */
async function planBatch(deps: LedgerDeps, batch: Pending[]): Promise<Planned[]> {
  const skus = new Set<string>();
  const codes = new Set<string>();
  for (const p of batch) for (const l of p.input.lines) {
    skus.add(l.sku);
    if (l.location !== undefined) codes.add(l.location);
  }
  const [products, locationIds] = await Promise.all([deps.catalog.resolveSkus([...skus]), deps.locations.resolve(codes)]);
  // Only a bundle without a location needs figures up front, to keep its components together.
  const componentIds = new Set<string>();
  for (const p of batch) for (const l of p.input.lines) {
    const product = products.get(l.sku);
    if (product?.isBundle && l.location === undefined) for (const c of product.components) componentIds.add(c.productId);
  }
  const free = await freeStock(deps.db, [...componentIds]);
  const byRef = new Map<string, Planned>();
  for (const p of batch) {
    const same = byRef.get(p.input.ref);
    if (same) {
      same.pending.push(p);
      continue;
    }
    const lines = planReservation(p.input, products, locationIds, free);
    if (!Array.isArray(lines)) {
      p.resolve(lines);
      continue;
    }
    byRef.set(p.input.ref, { pending: [p], input: p.input, actor: p.actor, fingerprint: fingerprintOf({ lines: p.input.lines }), lines });
  }
  return [...byRef.values()];
}

async function freeStock(db: Db, productIds: string[]): Promise<FreeStock> {
  const free: FreeStock = new Map();
  if (productIds.length === 0) return free;
  const rows = await db
    .selectFrom('stock_balances')
    .select(['product_id', 'location_id', sql<number>`on_hand - reserved`.as('free')])
    .where('product_id', 'in', productIds)
    .execute();
  for (const r of rows) {
    let perLocation = free.get(r.product_id);
    if (!perLocation) free.set(r.product_id, (perLocation = new Map()));
    perLocation.set(r.location_id, r.free);
  }
  return free;
}

/** Decides and records a batch inside `trx`. */
async function decide(trx: Db, planned: Planned[], onStockChange: LedgerDeps['onStockChange']): Promise<Settled[]> {
  const requests = planned.map((p) => p.lines.map((l) => ({ p: Number(l.productId), q: l.qty, l: l.candidates?.map(Number) ?? null })));
  const refs = planned.map((p) => p.input.ref);
  const decisions = (await sql<{ r: Decision[] }>`SELECT reserve_batch(${JSON.stringify(requests)}::jsonb, ${refs}::text[]) AS r`.execute(trx)).rows[0]!.r;
  const accepted: { planned: Planned; allocations: Allocation[] }[] = [];
  const settled: Settled[] = [];
  planned.forEach((p, i) => {
    const d = decisions[i]!;
    if ('exists' in d) settled.push({ kind: 'exists', planned: p });
    else if (d.ok) accepted.push({ planned: p, allocations: d.a });
    else settled.push({ kind: 'refused', planned: p, failure: insufficient(p, d.line, d.available) });
  });
  settled.push(...(await insertAccepted(trx, accepted)));
  if (accepted.length > 0) await onStockChange?.(trx, [...new Set(accepted.flatMap((a) => a.allocations.map((x) => String(x[1]))))]);
  return settled;
}

function insufficient(p: Planned, lineIndex: number, available: number): Failure {
  const line = p.lines[lineIndex]!;
  const requested = p.input.lines[line.requestLine]!;
  const component = line.stockSku !== line.requestedSku ? { component: line.stockSku, componentRequested: line.qty, componentAvailable: available } : {};
  const availableUnits = Math.floor(available / line.unitQty);
  return failure(
    'INVENTORY.INSUFFICIENT_STOCK',
    `Not enough stock for ${requested.sku}: ${requested.qty} requested, ${availableUnits} available${requested.location ? ` at ${requested.location}` : ''}.`,
    { ref: p.input.ref, line: line.requestLine, sku: requested.sku, requested: requested.qty, available: availableUnits, ...component },
  );
}

/**
 * Operations, reservations, their lines and the ledger's reserve movements for a whole batch in one
 * statement. Ids are drawn from the sequences up front so that no CTE has to be joined to another.
 */
async function insertAccepted(trx: Db, accepted: { planned: Planned; allocations: Allocation[] }[]): Promise<Settled[]> {
  if (accepted.length === 0) return [];
  const heads = accepted.map(({ planned, allocations }) => ({
    ref: planned.input.ref,
    actor: planned.actor,
    fp: planned.fingerprint,
    allocs: allocations.map(([line, productId, locationId, qty, onHandAfter, reservedAfter], lineNo) => {
      const l = planned.lines[line]!;
      return { line_no: lineNo, request_line: l.requestLine, requested_sku: l.requestedSku, unit_qty: l.unitQty,
        product_id: productId, location_id: locationId, qty, on_hand_after: onHandAfter, reserved_after: reservedAfter };
    }),
  }));
  const inserted = await sql<{ id: string; ref: string; created_at: Date }>`
    WITH head AS MATERIALIZED (
      SELECT h.ref, h.actor, h.fp, h.allocs,
             nextval(pg_get_serial_sequence('reservations', 'id')) AS reservation_id,
             nextval(pg_get_serial_sequence('stock_operations', 'id')) AS operation_id
        FROM jsonb_to_recordset(${JSON.stringify(heads)}::jsonb) AS h(ref text, actor text, fp text, allocs jsonb)
    ), alloc AS MATERIALIZED (
      SELECT head.reservation_id, head.operation_id, head.ref, head.actor, a.*
        FROM head, jsonb_to_recordset(head.allocs) AS a(line_no int, request_line int, requested_sku text, unit_qty int,
                                                          product_id bigint, location_id bigint, qty int,
                                                          on_hand_after int, reserved_after int)
    ), ops AS (
      INSERT INTO stock_operations (id, idempotency_key, kind, fingerprint, actor)
      SELECT operation_id, 'reserve:' || ref, 'reserve', fp, actor FROM head
    ), res AS (
      INSERT INTO reservations (id, ref, status, actor) SELECT reservation_id, ref, 'active', actor FROM head
      RETURNING id, ref, created_at
    ), lines AS (
      INSERT INTO reservation_lines (reservation_id, line_no, request_line, requested_sku, unit_qty, product_id, location_id, qty)
      SELECT reservation_id, line_no, request_line, requested_sku, unit_qty, product_id, location_id, qty FROM alloc
    ), movements AS (
      INSERT INTO stock_movements (kind, product_id, location_id, on_hand_delta, reserved_delta, on_hand_after,
                                   reserved_after, reason, reference, actor, operation_id, reservation_id)
      SELECT 'reserve', product_id, location_id, 0, qty, on_hand_after, reserved_after, 'order', ref, actor,
             operation_id, reservation_id
        FROM alloc ORDER BY reservation_id, line_no
    )
    SELECT id::text AS id, ref, created_at FROM res`.execute(trx);
  const byRef = new Map(inserted.rows.map((r) => [r.ref, r]));
  return accepted.map(({ planned, allocations }) => {
    const head = byRef.get(planned.input.ref)!;
    return { kind: 'created' as const, planned, allocations, reservationId: head.id, createdAt: head.created_at.toISOString() };
  });
}
