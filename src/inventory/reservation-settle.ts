import { randomUUID } from 'node:crypto';
import { failure, ok, type Failure, type Result } from '../errors/index.ts';
import type { Db, ReservationStatus } from '../store/index.ts';
import { runOperation, type LedgerDeps } from './ledger.ts';
import { writeMovement } from './ledger-sql.ts';
import type { Reservation } from './types.ts';

export type ReservationSelector = { id: string } | { ref: string };

interface LineRow {
  line_no: number; request_line: number; requested_sku: string; unit_qty: number; product_id: string;
  location_id: string; qty: number; shipped_qty: number; released_qty: number; stock_sku: string; location: string;
}

async function lockReservation(trx: Db, sel: ReservationSelector, lock: boolean) {
  let q = trx.selectFrom('reservations').selectAll();
  q = 'id' in sel ? q.where('id', '=', sel.id) : q.where('ref', '=', sel.ref);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

async function lineRows(trx: Db, reservationId: string): Promise<LineRow[]> {
  return trx
    .selectFrom('reservation_lines as rl')
    .innerJoin('products as p', 'p.id', 'rl.product_id')
    .innerJoin('locations as l', 'l.id', 'rl.location_id')
    .select(['rl.line_no', 'rl.request_line', 'rl.requested_sku', 'rl.unit_qty', 'rl.product_id', 'rl.location_id', 'rl.qty',
      'rl.shipped_qty', 'rl.released_qty', 'p.sku as stock_sku', 'l.code as location'])
    .where('rl.reservation_id', '=', reservationId)
    .orderBy('rl.line_no')
    .execute();
}

function notFound(sel: ReservationSelector): Failure {
  const what = 'id' in sel ? `id ${sel.id}` : `ref "${sel.ref}"`;
  return failure('INVENTORY.RESERVATION_NOT_FOUND', `No reservation has ${what}.`, { ...sel });
}

export async function getReservation(db: Db, sel: ReservationSelector): Promise<Result<Reservation>> {
  const head = await lockReservation(db, sel, false);
  if (!head) return notFound(sel);
  const lines = await lineRows(db, head.id);
  return ok({
    id: head.id, ref: head.ref, status: head.status, actor: head.actor,
    createdAt: head.created_at.toISOString(), updatedAt: head.updated_at.toISOString(),
    lines: lines.map((l) => ({ requestLine: l.request_line, sku: l.requested_sku, stockSku: l.stock_sku, location: l.location, qty: l.qty, shippedQty: l.shipped_qty, releasedQty: l.released_qty })),
  });
}

export interface SettleInput {
  /** Requested SKUs and quantities (in requested units) to settle; all that remains when absent. */
  lines?: { sku: string; qty: number }[] | undefined;
  /** Makes a partial settle safe to retry; a full settle is naturally idempotent. */
  idempotencyKey?: string | undefined;
  reason?: string | undefined;
}

type Take = { row: LineRow; qty: number };

/** Which allocation rows give how much, for the requested SKUs; pure. */
export function planSettle(rows: LineRow[], lines: SettleInput['lines']): Take[] | Failure {
  const remaining = (r: LineRow) => r.qty - r.shipped_qty - r.released_qty;
  if (!lines) return rows.filter((r) => remaining(r) > 0).map((row) => ({ row, qty: remaining(row) }));
  const takes: Take[] = [];
  const used = new Map<number, number>();
  for (const line of lines) {
    const own = rows.filter((r) => r.requested_sku === line.sku);
    const productIds = [...new Set(own.map((r) => r.product_id))];
    if (productIds.length === 0) {
      return failure('INVENTORY.LINE_NOT_IN_RESERVATION', `The reservation holds no ${line.sku}.`, { sku: line.sku });
    }
    for (const pid of productIds) {
      const parts = own.filter((r) => r.product_id === pid);
      let need = line.qty * parts[0]!.unit_qty;
      for (const row of parts) {
        const free = remaining(row) - (used.get(row.line_no) ?? 0);
        const take = Math.min(free, need);
        if (take <= 0) continue;
        takes.push({ row, qty: take });
        used.set(row.line_no, (used.get(row.line_no) ?? 0) + take);
        need -= take;
      }
      if (need > 0) {
        return failure('INVENTORY.LINE_NOT_IN_RESERVATION', `The reservation has fewer than ${line.qty} of ${line.sku} left to settle.`, { sku: line.sku, requested: line.qty });
      }
    }
  }
  return takes;
}

export function statusAfter(rows: { qty: number; shipped_qty: number; released_qty: number }[]): ReservationStatus {
  const open = rows.some((r) => r.qty - r.shipped_qty - r.released_qty > 0);
  if (open) return 'active';
  const shipped = rows.some((r) => r.shipped_qty > 0);
  const released = rows.some((r) => r.released_qty > 0);
  return shipped && released ? 'closed' : shipped ? 'shipped' : 'released';
}

/**
 * Ship commits held stock (on_hand and reserved both fall); release gives it back (reserved falls).
 * One operation, one transaction: the reservation row is locked so two settles cannot both take the same units.
 */
export async function settle(deps: LedgerDeps, kind: 'ship' | 'release', sel: ReservationSelector, input: SettleInput, actor: string): Promise<Result<Reservation>> {
  const head = await lockReservation(deps.db, sel, false);
  if (!head) return notFound(sel);
  const key = input.idempotencyKey ?? (input.lines ? `${kind}:${head.id}:${randomUUID()}` : `${kind}:${head.id}:remaining`);
  const result = await runOperation(deps, { key, kind, actor, request: { reservation: head.id, lines: input.lines, reason: input.reason } }, async (trx, operationId) => {
    await lockReservation(trx, { id: head.id }, true);
    const rows = await lineRows(trx, head.id);
    const takes = planSettle(rows, input.lines);
    if (!Array.isArray(takes)) return takes;
    if (takes.length === 0) return failure('INVENTORY.RESERVATION_CLOSED', `Reservation ${head.ref} has nothing left to ${kind}.`, { reservationId: head.id, ref: head.ref, status: head.status });
    const planned = [];
    for (const t of takes) {
      const column = kind === 'ship' ? 'shipped_qty' : 'released_qty';
      await trx.updateTable('reservation_lines').set((eb) => ({ [column]: eb(column, '+', t.qty) }))
        .where('reservation_id', '=', head.id).where('line_no', '=', t.row.line_no).execute();
      if (kind === 'ship') t.row.shipped_qty += t.qty; else t.row.released_qty += t.qty;
      const write = {
        kind, productId: t.row.product_id, locationId: t.row.location_id,
        onHandDelta: kind === 'ship' ? -t.qty : 0, reservedDelta: -t.qty,
        reason: input.reason ?? (kind === 'ship' ? 'order_shipped' : 'order_released'), reference: head.ref, actor, operationId, reservationId: head.id,
      } as const;
      const row = await writeMovement(trx, write);
      // Held units are always there to settle (reserved <= on_hand); a miss means the ledger was broken.
      if (!row) throw new Error(`ledger inconsistency settling reservation ${head.id} line ${t.row.line_no}`);
      planned.push({ target: { productId: t.row.product_id, locationId: t.row.location_id, sku: t.row.stock_sku, location: t.row.location }, write, row });
    }
    await trx.updateTable('reservations').set({ status: statusAfter(rows), updated_at: new Date() }).where('id', '=', head.id).execute();
    return planned;
  });
  if (!result.ok) {
    // Shipping a shipped reservation again (or releasing a released one) is a retry: answer with its state.
    const settledAs = kind === 'ship' ? 'shipped' : 'released';
    if (result.code === 'INVENTORY.RESERVATION_CLOSED' && !input.lines && head.status === settledAs) return getReservation(deps.db, { id: head.id });
    return result;
  }
  return getReservation(deps.db, { id: head.id });
}

