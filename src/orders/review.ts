/**
 * The review sweep: every new or changed order (content_hash ≠ reviewed_hash) is judged by the
 * review rules before release. A batch at a time, SKIP LOCKED, set-wise reads: its lines, the SKUs'
 * history, earlier orders of the same buyers, the rule settings. An order the rules fire on carries
 * the REVIEW flag (release waits for an empty flag set) and an open row in review_holds.
 */
import { sql } from 'kysely';
import type { Db } from '../store/index.ts';
import { evaluateReview, type FiredRule, type ReviewContext, type ReviewSubject } from './review-rules.ts';
import { loadSettings, type SettingsByScope } from './review-settings.ts';
import { historyOf, type HistoryCache } from './review-history.ts';
import { addFlagToMany } from './release.ts';

export const REVIEW_FLAG = 'REVIEW';

export interface Candidate {
  id: string;
  connection_id: string;
  number: string;
  external_id: string;
  status: string;
  total: string;
  currency: string;
  buyer: unknown;
  buyer_note: string | null;
  seller_note: string | null;
  shipping_address: unknown;
  buyer_key: string | null;
  items_key: string | null;
  platform_created_at: Date | null;
}

export const CANDIDATE_COLUMNS = ['id', 'connection_id', 'number', 'external_id', 'status', 'total', 'currency', 'buyer', 'buyer_note', 'seller_note', 'shipping_address', 'buyer_key', 'items_key', 'platform_created_at'] as const;

export interface SweepOutcome {
  reviewed: number;
  held: number;
}

/** Judges up to `limit` orders waiting for review; one transaction. */
export async function reviewPending(db: Db, cache: HistoryCache, limit = 200): Promise<SweepOutcome> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom('orders').select(CANDIDATE_COLUMNS)
      .where(sql<boolean>`content_hash IS DISTINCT FROM reviewed_hash`).orderBy('id').limit(limit).forUpdate().skipLocked().execute();
    if (rows.length === 0) return { reviewed: 0, held: 0 };
    const isOpen = (r: Candidate) => r.status === 'pending' || r.status === 'paid';
    const settings = await loadSettings(trx);
    const verdicts = await judge(trx, cache, rows, settings);
    const closed = new Set(rows.filter((r) => !isOpen(r)).map((r) => r.id));
    await closeHoldsOf(trx, [...closed], 'order_closed');
    // An order first seen already cancelled or shipped has nothing left to hold; what the rules saw is kept, resolved.
    await recordClosedVerdicts(trx, verdicts.filter((v) => closed.has(v.orderId) && v.fired.length > 0));
    const held = await writeVerdicts(trx, verdicts.filter((v) => !closed.has(v.orderId)));
    await trx.updateTable('orders').set({ reviewed_hash: sql`content_hash` }).where('id', 'in', rows.map((r) => r.id)).execute();
    return { reviewed: rows.length, held };
  });
}

/** The rules' verdict on each order, from one read of lines, history and earlier orders for the batch. */
export async function judge(trx: Db, cache: HistoryCache, rows: Candidate[], settings: SettingsByScope, dryRun = false): Promise<{ orderId: string; fired: FiredRule[] }[]> {
  if (rows.length === 0) return [];
  const lines = await trx.selectFrom('order_lines as ol').leftJoin('products as p', 'p.id', 'ol.product_id')
    .select(['ol.order_id', 'ol.line_no', 'p.sku', 'ol.product_id', 'ol.qty', 'ol.unit_price']).where('ol.order_id', 'in', rows.map((r) => r.id)).orderBy('ol.line_no').execute();
  const history = await historyOf(trx, cache, rows.map((r) => r.currency), lines.flatMap((l) => (l.product_id ? [l.product_id] : [])));
  const same = await sameOrders(trx, rows, settings, dryRun);
  return rows.map((row) => {
    const subject = subjectOf(row, lines.filter((l) => l.order_id === row.id));
    const context: ReviewContext = { history: history(row.currency), earlierSameOrders: same.get(row.id) ?? [] };
    return { orderId: row.id, fired: evaluateReview(subject, context, settings.for(row.connection_id)) };
  });
}

function subjectOf(row: Candidate, lines: { line_no: number; sku: string | null; qty: number; unit_price: string }[]): ReviewSubject {
  const address = row.shipping_address as Record<string, string | null> | null;
  return {
    orderId: row.id, total: Number(row.total), currency: row.currency, buyer: row.buyer as ReviewSubject['buyer'],
    buyerNote: row.buyer_note, sellerNote: row.seller_note,
    address: address ? { name: address.name ?? null, line1: address.line1 ?? null, city: address.city ?? null, postalCode: address.postalCode ?? null, phone: address.phone ?? null } : null,
    lines: lines.map((l) => ({ lineNo: l.line_no, sku: l.sku, qty: l.qty, unitPrice: Number(l.unit_price) })),
  };
}

const ordinal = (createdAt: Date | null, externalId: string) => [createdAt?.getTime() ?? 0, externalId.length, externalId] as const;
function isBefore(a: ReturnType<typeof ordinal>, b: ReturnType<typeof ordinal>): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

/**
 * Earlier orders of the same buyer with the same items inside the window (a cancelled one too: the
 * buyer may have cancelled the wrong one). The later of two is the
 * duplicate; when the earlier one arrives second (webhooks reordered), the later one, already judged,
 * is sent back to review so it is held after all (if it was released meanwhile, the hold tells a
 * person to stop it at the warehouse).
 */
async function sameOrders(trx: Db, rows: Candidate[], settings: SettingsByScope, dryRun: boolean): Promise<Map<string, { orderId: string; number: string; createdAt: string }[]>> {
  const keyed = rows.filter((r) => r.buyer_key && r.items_key && settings.for(r.connection_id).duplicate.enabled);
  const found = new Map<string, { orderId: string; number: string; createdAt: string }[]>();
  if (keyed.length === 0) return found;
  const others = await trx.selectFrom('orders').select(['id', 'connection_id', 'number', 'external_id', 'buyer_key', 'items_key', 'platform_created_at', 'reviewed_hash'])
    .where((eb) => eb.or(keyed.map((r) => eb.and([eb('connection_id', '=', r.connection_id), eb('buyer_key', '=', r.buyer_key), eb('items_key', '=', r.items_key)]))))
    .execute();
  const sendBack: string[] = [];
  for (const row of keyed) {
    const windowMs = settings.for(row.connection_id).duplicate.windowMinutes * 60_000;
    const at = row.platform_created_at?.getTime() ?? 0;
    for (const other of others) {
      if (other.id === row.id || other.connection_id !== row.connection_id || other.buyer_key !== row.buyer_key || other.items_key !== row.items_key) continue;
      if (Math.abs((other.platform_created_at?.getTime() ?? 0) - at) > windowMs) continue;
      if (isBefore(ordinal(other.platform_created_at, other.external_id), ordinal(row.platform_created_at, row.external_id))) {
        found.set(row.id, [...(found.get(row.id) ?? []), { orderId: other.id, number: other.number, createdAt: other.platform_created_at?.toISOString() ?? '' }]);
      } else if (other.reviewed_hash !== null && !rows.some((r) => r.id === other.id)) {
        // Released already, it is held all the same: a person can still stop it at the warehouse.
        sendBack.push(other.id);
      }
    }
  }
  if (sendBack.length > 0 && !dryRun) await trx.updateTable('orders').set({ reviewed_hash: null }).where('id', 'in', [...new Set(sendBack)]).execute();
  return found;
}

/** Holds the orders the rules fired on (a changed order's open hold is updated or, if nothing fires now, cleared). */
async function writeVerdicts(trx: Db, verdicts: { orderId: string; fired: FiredRule[] }[]): Promise<number> {
  if (verdicts.length === 0) return 0;
  const openHolds = await trx.selectFrom('review_holds').select(['id', 'order_id']).where('order_id', 'in', verdicts.map((v) => v.orderId)).where('resolved_at', 'is', null).execute();
  const openOf = new Map(openHolds.map((h) => [h.order_id, h.id]));
  const fired = verdicts.filter((v) => v.fired.length > 0);
  await closeHoldsOf(trx, verdicts.filter((v) => v.fired.length === 0 && openOf.has(v.orderId)).map((v) => v.orderId), 'cleared_by_change');
  for (const v of fired) {
    const rules = JSON.stringify(v.fired);
    const holdId = openOf.get(v.orderId);
    if (holdId) await trx.updateTable('review_holds').set({ rules }).where('id', '=', holdId).execute();
    else await trx.insertInto('review_holds').values({ order_id: v.orderId, rules }).execute();
  }
  await addFlagToMany(trx, REVIEW_FLAG, new Map(fired.map((v) => [v.orderId, { rules: v.fired }])));
  return fired.length;
}

async function recordClosedVerdicts(trx: Db, verdicts: { orderId: string; fired: FiredRule[] }[]): Promise<void> {
  if (verdicts.length === 0) return;
  const now = new Date();
  await trx.insertInto('review_holds').values(verdicts.map((v) => ({ order_id: v.orderId, rules: JSON.stringify(v.fired), resolved_at: now, resolved_by: 'review', resolution: 'order_closed' }))).execute();
}

/** Resolves the open holds of these orders and takes the REVIEW flag off them. */
export async function closeHoldsOf(trx: Db, orderIds: string[], resolution: string, actor = 'review'): Promise<void> {
  if (orderIds.length === 0) return;
  await trx.updateTable('review_holds').set({ resolved_at: new Date(), resolved_by: actor, resolution })
    .where('order_id', 'in', orderIds).where('resolved_at', 'is', null).execute();
  await sql`UPDATE orders SET flags = array_remove(flags, ${REVIEW_FLAG}), flag_details = flag_details - ${REVIEW_FLAG}::text, updated_at = now()
    WHERE id = ANY(${orderIds}::bigint[]) AND ${REVIEW_FLAG} = ANY(flags)`.execute(trx);
}
