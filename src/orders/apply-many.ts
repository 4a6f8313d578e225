/**
 * Many platform views of orders in one transaction: the ingest hot path. Orders seen for the first
 * time (the bulk of a busy day) are written and reserved set-wise: one insert of the orders, one of
 * their lines, one reservation call for all of them. Anything else (an update of a stored order, a
 * second view of one in the same batch) goes through the one-order path, in arrival order, in the
 * same transaction. Same rules, same outcome as applying them one by one.
 */
import type { CanonicalOrder } from '../connectors/types.ts';
import type { ReserveInput } from '../inventory/index.ts';
import { isRetryableConflict, isUniqueViolation, withRetry, type Db } from '../store/index.ts';
import { ACTOR, applyIn, mappingTraceOf, orderFields, orderLineRows, reservationRefOf, settleOrThrow, type ApplyDeps, type ApplyOutcome, type LineMapping } from './apply.ts';
import { stockEffectOf } from './state.ts';

export interface OrderView {
  connectionId: string;
  order: CanonicalOrder;
  inboxId: string | null;
}

const keyOf = (connectionId: string, externalId: string) => `${connectionId}\u0000${externalId}`;

export async function applyOrders(deps: ApplyDeps, views: OrderView[]): Promise<ApplyOutcome[]> {
  if (views.length === 0) return [];
  return withRetry(() => deps.db.transaction().execute((trx) => applyManyIn(deps, trx, views)), 6,
    (err) => isRetryableConflict(err) || isUniqueViolation(err));
}

async function applyManyIn(deps: ApplyDeps, trx: Db, views: OrderView[]): Promise<ApplyOutcome[]> {
  const stored = await trx.selectFrom('orders').select(['connection_id', 'external_id'])
    .where((eb) => eb.or(views.map((v) => eb.and([eb('connection_id', '=', v.connectionId), eb('external_id', '=', v.order.externalId)]))))
    .orderBy('id').forUpdate().execute();
  const known = new Set(stored.map((r) => keyOf(r.connection_id, r.external_id)));
  const fresh: number[] = [];
  const others: number[] = [];
  views.forEach((v, i) => {
    const key = keyOf(v.connectionId, v.order.externalId);
    if (known.has(key)) others.push(i);
    else {
      known.add(key);
      fresh.push(i);
    }
  });
  const outcomes: ApplyOutcome[] = new Array(views.length);
  const created = await createOrders(deps, trx, fresh.map((i) => views[i]!));
  fresh.forEach((viewIndex, k) => (outcomes[viewIndex] = created[k]!));
  for (const i of others) outcomes[i] = await applyIn(deps, trx, views[i]!.connectionId, views[i]!.order, views[i]!.inboxId);
  return outcomes;
}

async function createOrders(deps: ApplyDeps, trx: Db, views: OrderView[]): Promise<ApplyOutcome[]> {
  if (views.length === 0) return [];
  const mastersByView = await mastersOf(deps, trx, views);
  const rows = await trx.insertInto('orders')
    .values(views.map((v, k) => ({
      ...orderFields(v.order, v.inboxId), mapping_trace: mappingTraceOf(v.order, mastersByView[k]!), connection_id: v.connectionId, external_id: v.order.externalId,
    })))
    .returning(['id', 'connection_id', 'external_id']).execute();
  const idByKey = new Map(rows.map((r) => [keyOf(r.connection_id, r.external_id), r.id]));
  const ids = views.map((v) => idByKey.get(keyOf(v.connectionId, v.order.externalId))!);
  const lineRows = views.flatMap((v, k) => orderLineRows(ids[k]!, v.order, (i) => mastersByView[k]![i]?.productId ?? null));
  if (lineRows.length > 0) await trx.insertInto('order_lines').values(lineRows).execute();

  const flags: string[][] = views.map(() => []);
  const details: Record<string, unknown>[] = views.map(() => ({}));
  const effects = views.map((v) => stockEffectOf(v.order.status, 'none'));
  const toReserve: { k: number; input: ReserveInput }[] = [];
  views.forEach((v, k) => {
    if (effects[k] !== 'reserve' && effects[k] !== 'reserve_and_ship') return;
    const unmapped = v.order.lines.filter((_, i) => !mastersByView[k]![i]?.productId);
    if (unmapped.length > 0) {
      flags[k]!.push('UNMAPPED_SKU');
      details[k]!.UNMAPPED_SKU = { lines: unmapped.map((l) => l.externalLineId) };
    } else if (v.order.lines.length > 0) {
      toReserve.push({ k, input: { ref: reservationRefOf(ids[k]!), lines: v.order.lines.map((l, i) => ({ sku: mastersByView[k]![i]!.masterSku!, qty: l.qty })) } });
    }
  });
  const inventory = deps.inventory.within(trx);
  const reserved = await inventory.reserveMany(toReserve.map((r) => r.input), ACTOR);
  for (const [n, { k, input }] of toReserve.entries()) {
    const result = reserved[n]!;
    if (!result.ok) {
      const flag = result.code === 'INVENTORY.INSUFFICIENT_STOCK' ? 'INSUFFICIENT_STOCK' : 'RESERVATION_REFUSED';
      flags[k]!.push(flag);
      details[k]![flag] = { code: result.code, message: result.message, ...result.details };
    } else if (effects[k] === 'reserve_and_ship') {
      await settleOrThrow(await inventory.ship({ ref: input.ref }, {}, ACTOR));
    }
  }
  for (const [k, f] of flags.entries()) {
    if (f.length > 0) await trx.updateTable('orders').set({ flags: f, flag_details: JSON.stringify(details[k]) }).where('id', '=', ids[k]!).execute();
  }
  const inboxIds = views.map((v) => v.inboxId).filter((id): id is string => id !== null);
  if (inboxIds.length > 0) await trx.updateTable('inbox').set({ interpreted_at: new Date(), error: null }).where('id', 'in', inboxIds).execute();
  return views.map((v, k) => ({ orderId: ids[k]!, applied: true, created: true, status: v.order.status, effect: effects[k]!, flags: flags[k]! }));
}

/** How every line of every view maps: one resolution per connection in the batch (a few queries each, not one per order). */
async function mastersOf(deps: ApplyDeps, trx: Db, views: OrderView[]): Promise<LineMapping[][]> {
  const byView = new Map<OrderView, LineMapping[]>();
  for (const connectionId of new Set(views.map((v) => v.connectionId))) {
    const ofConnection = views.filter((v) => v.connectionId === connectionId);
    const all = await deps.resolveLines(trx, connectionId, ofConnection.flatMap((v) => v.order.lines));
    let at = 0;
    for (const v of ofConnection) {
      byView.set(v, all.slice(at, at + v.order.lines.length));
      at += v.order.lines.length;
    }
  }
  return views.map((v) => byView.get(v)!);
}
