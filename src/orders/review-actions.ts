/**
 * What a person does with a held order: approve, edit (quantity, SKU, address), cancel — one by one
 * or in bulk. Each action runs in one transaction with its audit record (before and after); a bulk
 * action answers per order, so one order that cannot be approved does not stop the others.
 */
import { recordAudit } from '../audit/index.ts';
import { failure, ok, type Failure, type Result } from '../errors/index.ts';
import type { TransactionalInventory } from '../inventory/index.ts';
import type { Db } from '../store/index.ts';
import { reservationRefOf } from './apply.ts';
import { orderNotFound as notFound } from './queries.ts';
import { closeHoldsOf, REVIEW_FLAG } from './review.ts';

export interface ActionDeps {
  db: Db;
  inventory: { within(trx: Db): TransactionalInventory };
}

export interface LineEdit {
  lineNo: number;
  qty?: number | undefined;
  /** A master SKU. */
  sku?: string | undefined;
}

export interface OrderEdit {
  lines?: LineEdit[] | undefined;
  address?: Record<string, string | null> | undefined;
  note?: string | undefined;
}

type Locked = { id: string; status: string; flags: string[]; released_at: Date | null; shipping_address: unknown };

/** A person may change an order in the hub until it is handed to fulfilment, shipped or cancelled. */
function notEditable(order: Locked): Failure | null {
  if (order.released_at === null && ['pending', 'paid'].includes(order.status)) return null;
  return failure('ORDERS.NOT_EDITABLE', `Order ${order.id} is ${order.released_at ? 'already handed to fulfilment' : order.status}; it can no longer be changed in the hub.`, { orderId: order.id, status: order.status });
}

async function lockOrder(trx: Db, id: string): Promise<Locked | undefined> {
  return trx.selectFrom('orders').select(['id', 'status', 'flags', 'released_at', 'shipping_address']).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Approve: the review hold ends and the order is released by the next sweep (if paid and holding its stock). */
export async function approveOrder(deps: ActionDeps, id: string, actor: string, note?: string): Promise<Result<{ orderId: string }>> {
  return deps.db.transaction().execute(async (trx) => {
    const order = await lockOrder(trx, id);
    if (!order) return notFound(id);
    if (!order.flags.includes(REVIEW_FLAG)) {
      return failure('ORDERS.NOT_HELD', `Order ${id} is not held for review (flags: ${order.flags.join(', ') || 'none'}).`, { orderId: id, flags: order.flags });
    }
    await closeHoldsOf(trx, [id], 'approved', actor);
    await recordAudit(trx, { actor, action: 'review.approve', subjectType: 'order', subjectId: id, before: { flags: order.flags }, after: { flags: order.flags.filter((f) => f !== REVIEW_FLAG) }, details: note ? { note } : {} });
    return ok({ orderId: id });
  });
}

/**
 * Cancel in the hub: the reservation is released and the order will not be handed over. The channel
 * is not told (the connectors have no cancel call yet): the merchant cancels there too.
 */
export async function cancelOrder(deps: ActionDeps, id: string, actor: string, reason: string): Promise<Result<{ orderId: string }>> {
  return deps.db.transaction().execute(async (trx) => {
    const order = await lockOrder(trx, id);
    if (!order) return notFound(id);
    const refused = notEditable(order);
    if (refused) return refused;
    const inventory = deps.inventory.within(trx);
    const reservation = await inventory.getReservation({ ref: reservationRefOf(id) });
    if (reservation.ok && reservation.value.status === 'active') {
      const released = await inventory.release({ ref: reservationRefOf(id) }, { reason: `cancelled in review: ${reason}` }, actor);
      if (!released.ok) return released;
    }
    await trx.updateTable('orders').set({ status: 'cancelled', updated_at: new Date() }).where('id', '=', id).execute();
    await closeHoldsOf(trx, [id], 'cancelled', actor);
    await recordAudit(trx, { actor, action: 'review.cancel', subjectType: 'order', subjectId: id, before: { status: order.status }, after: { status: 'cancelled' }, details: { reason } });
    return ok({ orderId: id });
  });
}

/**
 * Edit quantities, SKUs or the address of an order not yet handed over. Changed lines re-reserve the
 * order's stock as a whole (not enough stock: nothing changes). The order stays held: a person
 * approves it when it is right.
 */
export async function editOrder(deps: ActionDeps, id: string, edit: OrderEdit, actor: string): Promise<Result<{ orderId: string }>> {
  return deps.db.transaction().execute(async (trx) => {
    const order = await lockOrder(trx, id);
    if (!order) return notFound(id);
    const refused = notEditable(order);
    if (refused) return refused;
    const before = await linesOf(trx, id);
    const after = await applyLineEdits(trx, id, before, edit.lines ?? []);
    if (!after.ok) throw new EditRefused(after);
    if (edit.lines && edit.lines.length > 0) {
      const revised = await deps.inventory.within(trx).reviseReservation(reservationRefOf(id), after.value.map((l) => ({ sku: l.sku!, qty: l.qty })), actor);
      if (!revised.ok) throw new EditRefused(revised);
    }
    if (edit.address) await trx.updateTable('orders').set({ shipping_address: JSON.stringify({ ...(order.shipping_address as object ?? {}), ...edit.address }) }).where('id', '=', id).execute();
    // From now on the channel's later views update the order's status, not what the person changed.
    await trx.updateTable('orders').set({ edited_at: new Date(), updated_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(trx, {
      actor, action: 'review.edit', subjectType: 'order', subjectId: id,
      before: { lines: before, ...(edit.address ? { address: order.shipping_address } : {}) },
      after: { lines: after.value, ...(edit.address ? { address: { ...(order.shipping_address as object ?? {}), ...edit.address } } : {}) },
      details: edit.note ? { note: edit.note } : {},
    });
    return ok({ orderId: id });
  }).catch((err: unknown) => {
    if (err instanceof EditRefused) return err.refusal;
    throw err;
  });
}

/** Rolls the edit's transaction back while keeping the refusal to return. */
class EditRefused extends Error {
  constructor(readonly refusal: Extract<Result<unknown>, { ok: false }>) {
    super(refusal.message);
  }
}

type LineRow = { lineNo: number; sku: string | null; qty: number };

async function linesOf(trx: Db, id: string): Promise<LineRow[]> {
  const rows = await trx.selectFrom('order_lines as ol').leftJoin('products as p', 'p.id', 'ol.product_id')
    .select(['ol.line_no', 'p.sku', 'ol.qty']).where('ol.order_id', '=', id).orderBy('ol.line_no').execute();
  return rows.map((r) => ({ lineNo: r.line_no, sku: r.sku, qty: r.qty }));
}

async function applyLineEdits(trx: Db, id: string, lines: LineRow[], edits: LineEdit[]): Promise<Result<LineRow[]>> {
  const next = lines.map((l) => ({ ...l }));
  for (const [i, e] of edits.entries()) {
    const line = next.find((l) => l.lineNo === e.lineNo);
    if (!line) return failure('REQUEST.INVALID', `Order ${id} has no line ${e.lineNo}.`, { field: `body.lines.${i}.lineNo` });
    const set: { qty?: number; product_id?: string } = {};
    if (e.qty !== undefined) set.qty = line.qty = e.qty;
    if (e.sku !== undefined) {
      const product = await trx.selectFrom('products').select(['id', 'sku']).where('sku', '=', e.sku).executeTakeFirst();
      if (!product) return failure('CATALOG.PRODUCT_NOT_FOUND', `No product has SKU ${e.sku}.`, { field: `body.lines.${i}.sku`, sku: e.sku });
      line.sku = product.sku;
      set.product_id = product.id;
    }
    if (Object.keys(set).length > 0) await trx.updateTable('order_lines').set(set).where('order_id', '=', id).where('line_no', '=', e.lineNo).execute();
  }
  const unmapped = next.filter((l) => !l.sku);
  if (edits.length > 0 && unmapped.length > 0) {
    return failure('REQUEST.INVALID', `Lines ${unmapped.map((l) => l.lineNo).join(', ')} have no SKU; give each one before changing quantities.`, { field: 'body.lines' });
  }
  return ok(next);
}

export type BulkAction = { action: 'approve'; note?: string | undefined } | { action: 'cancel'; reason: string };

/** The same action on many orders; each order succeeds or fails on its own. */
export async function bulkAction(deps: ActionDeps, ids: string[], action: BulkAction, actor: string): Promise<{ orderId: string; ok: boolean; code?: string; message?: string }[]> {
  const results = [];
  for (const id of ids) {
    const r = action.action === 'approve' ? await approveOrder(deps, id, actor, action.note) : await cancelOrder(deps, id, actor, action.reason);
    results.push(r.ok ? { orderId: id, ok: true } : { orderId: id, ok: false, code: r.code, message: r.message });
  }
  return results;
}
