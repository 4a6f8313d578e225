
import { sql } from 'kysely';
import type { CanonicalOrder, CanonicalOrderLine } from '../connectors/types.ts';
import type { Failure } from '../errors/index.ts';
import type { InventoryService, Reservation, TransactionalInventory } from '../inventory/index.ts';
import { isRetryableConflict, isUniqueViolation, withRetry, type Db } from '../store/index.ts';
import { buyerKeyOf, contentHashOf, itemsKeyOf } from './fingerprint.ts';
import { canMove, isNewer, stockEffectOf, type OrderStatus, type StockEffect, type StockState } from './state.ts';

/** How one order line was mapped to a master SKU (src/mapping); all null where nothing maps it. */
export interface LineMapping {
  masterSku: string | null;
  productId: string | null;
  via: string | null;
  note?: string | undefined;
}

export interface ApplyDeps {
  db: Db;
  inventory: Pick<InventoryService, 'within'>;
  /** The master SKU of each line (listing, alias, normalised code), in the caller's transaction. */
  resolveLines(db: Db, connectionId: string, lines: CanonicalOrderLine[]): Promise<LineMapping[]>;
}

export interface ApplyOutcome {
  orderId: string;
  /** False when the stored order was as new or newer: only its stock was brought in line. */
  applied: boolean;
  created: boolean;
  status: OrderStatus;
  effect: StockEffect;
  flags: string[];
}

export const ACTOR = 'sync';
/** The flags a stock effect sets and clears (it leaves every other flag alone). */
const STOCK_FLAGS = ['UNMAPPED_SKU', 'INSUFFICIENT_STOCK', 'RESERVATION_REFUSED'];
export const reservationRefOf = (orderId: string) => `order-${orderId}`;

function stockStateOf(reservation: Reservation | undefined): StockState {
  if (!reservation) return 'none';
  if (reservation.status === 'active') return 'reserved';
  return reservation.status === 'released' ? 'released' : 'shipped';
}

/**
 * Applies one platform view of an order. Keyed by (connection, external id) and applied only when
 * newer; in one transaction with the order row locked, so concurrent deliveries of the same order
 * serialise, and the order and its stock commit together. The stock effect is derived from the
 * stored state each time, so a retry after a crash, a duplicate or an out-of-order update converges.
 */
export async function applyOrder(deps: ApplyDeps, connectionId: string, order: CanonicalOrder, inboxId: string | null): Promise<ApplyOutcome> {
  return withRetry(() => deps.db.transaction().execute((trx) => applyIn(deps, trx, connectionId, order, inboxId)), 6,
    (err) => isRetryableConflict(err) || isUniqueViolation(err));
}

export async function applyIn(deps: ApplyDeps, trx: Db, connectionId: string, order: CanonicalOrder, inboxId: string | null): Promise<ApplyOutcome> {
  const stored = await trx.selectFrom('orders').select(['id', 'status', 'platform_updated_at', 'flags', 'edited_at'])
    .where('connection_id', '=', connectionId).where('external_id', '=', order.externalId).forUpdate().executeTakeFirst();
  const applied = !stored || isNewer(order.updatedAt, stored.platform_updated_at) || isForwardAtSameTime(stored, order) || isRemapOfHeld(stored, order);
  let orderId = stored?.id;
  let status = (stored?.status ?? order.status) as OrderStatus;
  let written: StockLine[] | undefined;
  if (applied) {
    ({ id: orderId, lines: written } = await writeOrder(deps, trx, connectionId, order, inboxId, stored?.id, stored?.edited_at != null));
    status = order.status;
  }
  const id = orderId!;
  const inventory = deps.inventory.within(trx);
  const ref = reservationRefOf(id);
  // A new order holds nothing yet: no need to ask.
  const found = stored ? await inventory.getReservation({ ref }) : undefined;
  const effect = stockEffectOf(status, stockStateOf(found?.ok ? found.value : undefined));
  const flags = await runEffect(trx, inventory, { id, ref, lines: written, hadFlags: (stored?.flags.length ?? 0) > 0 }, effect);
  if (inboxId) await trx.updateTable('inbox').set({ interpreted_at: new Date(), error: null }).where('id', '=', inboxId).execute();
  return { orderId: id, applied, created: !stored, status, effect, flags };
}

/**
 * Platforms stamp updates in whole seconds, so an order created and paid (or cancelled) within one
 * second carries the same update time twice. Such a tie is resolved by the state machine: a status
 * the stored one may move to is applied; anything else (a stale duplicate) is not.
 */
function isForwardAtSameTime(stored: { status: string; platform_updated_at: Date }, order: CanonicalOrder): boolean {
  return new Date(order.updatedAt).getTime() === stored.platform_updated_at.getTime()
    && stored.status !== order.status && canMove(stored.status as OrderStatus, order.status);
}

/**
 * A stored record read again once a mapping was added (src/mapping reinterpretUnmapped) is the same
 * version as the order it built: not newer, yet its lines must be mapped again or an order held for
 * UNMAPPED_SKU never continues. Only such an order, and only the same version in the same status
 * (anything else at the same time is a stale duplicate, which isForwardAtSameTime judges).
 */
function isRemapOfHeld(stored: { status: string; platform_updated_at: Date; flags: string[] }, order: CanonicalOrder): boolean {
  return stored.flags.includes('UNMAPPED_SKU') && stored.status === order.status
    && new Date(order.updatedAt).getTime() === stored.platform_updated_at.getTime();
}

/** The columns of an order row that each platform view sets. */
export function orderFields(order: CanonicalOrder, inboxId: string | null) {
  return {
    number: order.number, status: order.status, platform_status: order.platformStatus, platform_updated_at: order.updatedAt,
    currency: order.currency, total: order.total, buyer: JSON.stringify(order.buyer), buyer_note: order.buyerNote, seller_note: order.sellerNote,
    shipping_address: order.shippingAddress ? JSON.stringify(order.shippingAddress) : null, last_inbox_id: inboxId, updated_at: new Date(),
    attributes: JSON.stringify(order.mapping?.attributes ?? {}),
    buyer_key: buyerKeyOf(order), items_key: itemsKeyOf(order), platform_created_at: order.createdAt, content_hash: contentHashOf(order),
  };
}

/** What the mapping did to an order, stored with it: rules that fired or failed, a status override, and how each line was mapped. */
export function mappingTraceOf(order: CanonicalOrder, lines: LineMapping[]): string {
  return JSON.stringify({
    rules: order.mapping?.rules ?? [],
    status: order.mapping?.status ?? null,
    lines: order.lines.map((l, i) => ({
      externalLineId: l.externalLineId, code: l.sku, masterSku: lines[i]?.masterSku ?? null, via: lines[i]?.via ?? null, ...(lines[i]?.note ? { note: lines[i]!.note } : {}),
    })),
  });
}

/** The rows of an order's lines, with the master product each line resolved to (null: unmapped). */
export function orderLineRows(orderId: string, order: CanonicalOrder, productIdOf: (lineIndex: number) => string | null) {
  return order.lines.map((l, i) => ({
    order_id: orderId, line_no: i, external_line_id: l.externalLineId, platform_sku: l.sku, platform_product_id: l.platformProductId,
    platform_variant_id: l.platformVariantId, product_id: productIdOf(i), title: l.title, qty: l.qty, unit_price: l.unitPrice,
  }));
}

export type StockLine = { sku: string | null; qty: number; externalLineId: string };

async function writeOrder(deps: ApplyDeps, trx: Db, connectionId: string, order: CanonicalOrder, inboxId: string | null, existingId: string | undefined, editedInHub = false): Promise<{ id: string; lines: StockLine[] | undefined }> {
  if (existingId && editedInHub) {
    // A person changed lines or address in review; the channel's view moves the status only.
    const { shipping_address: _address, content_hash: _hash, ...fields } = orderFields(order, inboxId);
    await trx.updateTable('orders').set(fields).where('id', '=', existingId).execute();
    return { id: existingId, lines: undefined };
  }
  const mapped = await deps.resolveLines(trx, connectionId, order.lines);
  const fields = { ...orderFields(order, inboxId), mapping_trace: mappingTraceOf(order, mapped) };
  let id = existingId;
  if (id) {
    await trx.updateTable('orders').set(fields).where('id', '=', id).execute();
    await trx.deleteFrom('order_lines').where('order_id', '=', id).execute();
  } else {
    id = (await trx.insertInto('orders').values({ ...fields, connection_id: connectionId, external_id: order.externalId })
      .returning('id').executeTakeFirstOrThrow()).id;
  }
  const productIdOf = (i: number) => mapped[i]?.productId ?? null;
  if (order.lines.length > 0) {
    await trx.insertInto('order_lines').values(orderLineRows(id, order, productIdOf)).execute();
  }
  const lines = order.lines.map((l, i) => ({ sku: mapped[i]?.productId ? mapped[i]!.masterSku : null, qty: l.qty, externalLineId: l.externalLineId }));
  return { id, lines };
}

async function orderLinesForStock(trx: Db, orderId: string): Promise<StockLine[]> {
  const rows = await trx.selectFrom('order_lines as ol').leftJoin('products as p', 'p.id', 'ol.product_id')
    .select(['p.sku', 'ol.qty', 'ol.external_line_id']).where('ol.order_id', '=', orderId).orderBy('ol.line_no').execute();
  return rows.map((r) => ({ sku: r.sku, qty: r.qty, externalLineId: r.external_line_id }));
}

/** Carries out a stock effect; what cannot be done is returned as flags on the order (it stays visible). */
async function runEffect(trx: Db, inventory: TransactionalInventory, order: { id: string; ref: string; lines: StockLine[] | undefined; hadFlags: boolean }, effect: StockEffect): Promise<string[]> {
  const { id: orderId, ref } = order;
  const details: Record<string, unknown> = {};
  const flags: string[] = [];
  if (effect === 'reserve' || effect === 'reserve_and_ship') {
    const lines = order.lines ?? await orderLinesForStock(trx, orderId);
    const unmapped = lines.filter((l) => !l.sku);
    if (unmapped.length > 0) {
      flags.push('UNMAPPED_SKU');
      details.UNMAPPED_SKU = { lines: unmapped.map((l) => l.externalLineId) };
    } else if (lines.length > 0) {
      const reserved = await inventory.reserve({ ref, lines: lines.map((l) => ({ sku: l.sku!, qty: l.qty })) }, ACTOR);
      if (!reserved.ok) {
        flags.push(reserved.code === 'INVENTORY.INSUFFICIENT_STOCK' ? 'INSUFFICIENT_STOCK' : 'RESERVATION_REFUSED');
        details[flags.at(-1)!] = { code: reserved.code, message: reserved.message, ...reserved.details };
      } else if (effect === 'reserve_and_ship') {
        await settleOrThrow(await inventory.ship({ ref }, {}, ACTOR));
      }
    }
  } else if (effect === 'ship') {
    await settleOrThrow(await inventory.ship({ ref }, {}, ACTOR));
  } else if (effect === 'release') {
    await settleOrThrow(await inventory.release({ ref }, {}, ACTOR));
  }
  if (effect !== 'none' && (flags.length > 0 || order.hadFlags)) {
    // Only the stock flags are this effect's to set; a review hold or a warehouse's flag stays.
    await sql`UPDATE orders SET flags = ARRAY(SELECT f FROM unnest(flags) AS f WHERE NOT f = ANY(${STOCK_FLAGS}::text[])) || ${flags}::text[],
        flag_details = (flag_details - ${STOCK_FLAGS}::text[]) || ${JSON.stringify(details)}::jsonb, updated_at = now()
      WHERE id = ${orderId}`.execute(trx);
  }
  return flags;
}

export async function settleOrThrow(result: { ok: true } | Failure): Promise<void> {
  // Settling a reservation the order holds cannot be refused unless the ledger was edited behind our back.
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
}

