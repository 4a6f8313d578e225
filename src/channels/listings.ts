import { sql } from 'kysely';
import type { CanonicalOrderLine, ListingRef } from '../connectors/types.ts';
import type { Db } from '../store/index.ts';
import type { AllocationRule } from './allocation.ts';

export interface Listing extends ListingRef {
  id: string;
  connectionId: string;
  /** The master SKU it sells, or null while unmapped. */
  sku: string | null;
  productId: string | null;
  allocation: AllocationRule | null;
  lastPushedQty: number | null;
  lastPushedAt: string | null;
  lastAck: unknown;
}

type Row = {
  id: string; connection_id: string; platform_item_id: string; platform_variant_id: string; platform_location_id: string;
  seller_sku: string; product_id: string | null; sku: string | null; allocation: unknown; last_pushed_qty: number | null;
  last_pushed_at: Date | null; last_ack: unknown;
};

function toListing(r: Row): Listing {
  return {
    id: r.id, connectionId: r.connection_id, platformItemId: r.platform_item_id,
    platformVariantId: r.platform_variant_id || null, platformLocationId: r.platform_location_id || null, sellerSku: r.seller_sku,
    sku: r.sku, productId: r.product_id, allocation: (r.allocation as AllocationRule | null) ?? null,
    lastPushedQty: r.last_pushed_qty, lastPushedAt: r.last_pushed_at?.toISOString() ?? null, lastAck: r.last_ack,
  };
}

function selectListings(db: Db) {
  return db.selectFrom('listings as l').leftJoin('products as p', 'p.id', 'l.product_id').select([
    'l.id', 'l.connection_id', 'l.platform_item_id', 'l.platform_variant_id', 'l.platform_location_id', 'l.seller_sku',
    'l.product_id', 'p.sku', 'l.allocation', 'l.last_pushed_qty', 'l.last_pushed_at', 'l.last_ack',
  ]);
}

/**
 * Records the shop's listings. A new listing whose seller SKU equals a master SKU is mapped to it;
 * an existing mapping is never changed here (a person may have mapped it otherwise).
 */
export async function upsertListings(db: Db, connectionId: string, refs: ListingRef[], productIdBySku: Map<string, string>): Promise<number> {
  if (refs.length === 0) return 0;
  const rows = refs.map((r) => ({
    connection_id: connectionId, platform_item_id: r.platformItemId, platform_variant_id: r.platformVariantId ?? '',
    platform_location_id: r.platformLocationId ?? '', seller_sku: r.sellerSku, product_id: productIdBySku.get(r.sellerSku.trim()) ?? null,
  }));
  const result = await db.insertInto('listings').values(rows)
    .onConflict((oc) => oc.columns(['connection_id', 'platform_item_id', 'platform_variant_id', 'platform_location_id']).doUpdateSet((eb) => ({
      seller_sku: eb.ref('excluded.seller_sku'),
      product_id: sql`coalesce(listings.product_id, excluded.product_id)`,
    })))
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

export async function listListings(db: Db, connectionId: string): Promise<Listing[]> {
  return (await selectListings(db).where('l.connection_id', '=', connectionId).orderBy('l.id').execute()).map(toListing);
}

export async function getListing(db: Db, id: string): Promise<Listing | undefined> {
  const row = await selectListings(db).where('l.id', '=', id).executeTakeFirst();
  return row ? toListing(row) : undefined;
}

export async function mapListing(db: Db, id: string, productId: string | null, allocation?: AllocationRule | null): Promise<Listing | undefined> {
  const row = await db.updateTable('listings').set({
    product_id: productId,
    ...(allocation !== undefined ? { allocation: allocation === null ? null : JSON.stringify(allocation) } : {}),
  }).where('id', '=', id).returning('id').executeTakeFirst();
  return row ? getListing(db, row.id) : undefined;
}

export async function recordPush(db: Db, id: string, qty: number, ack: unknown): Promise<void> {
  await db.updateTable('listings').set({ last_pushed_qty: qty, last_pushed_at: new Date(), last_ack: JSON.stringify(ack ?? null) }).where('id', '=', id).execute();
}

/** Listings of active connections that sell these products: the targets of a stock push. */
export async function listingIdsFor(db: Db, productIds: string[]): Promise<{ id: string; connectionId: string; lastPushedQty: number | null }[]> {
  if (productIds.length === 0) return [];
  const rows = await db.selectFrom('listings as l').innerJoin('connections as c', 'c.id', 'l.connection_id')
    .select(['l.id', 'l.connection_id', 'l.last_pushed_qty']).where('l.product_id', 'in', productIds).where('c.status', '=', 'active').execute();
  return rows.map((r) => ({ id: r.id, connectionId: r.connection_id, lastPushedQty: r.last_pushed_qty }));
}

/**
 * The master SKU of each order line: through the listing it was sold from (platform ids), else
 * through its seller SKU being a master SKU (`isMasterSku`). Lines that resolve to nothing stay null.
 */
export async function masterSkusForLines(db: Db, connectionId: string, lines: CanonicalOrderLine[], masterSkus: Set<string>): Promise<(string | null)[]> {
  const variantIds = lines.map((l) => l.platformVariantId).filter((v): v is string => !!v);
  const itemIds = lines.map((l) => l.platformProductId).filter((v): v is string => !!v);
  const byVariant = new Map<string, string>();
  const byItem = new Map<string, string>();
  if (variantIds.length + itemIds.length > 0) {
    const rows = await db.selectFrom('listings as l').innerJoin('products as p', 'p.id', 'l.product_id')
      .select(['l.platform_item_id', 'l.platform_variant_id', 'p.sku'])
      .where('l.connection_id', '=', connectionId)
      .where((eb) => eb.or([eb('l.platform_variant_id', 'in', variantIds.length ? variantIds : ['']), eb('l.platform_item_id', 'in', itemIds.length ? itemIds : [''])]))
      .execute();
    for (const r of rows) {
      if (r.platform_variant_id) byVariant.set(r.platform_variant_id, r.sku);
      else byItem.set(r.platform_item_id, r.sku);
    }
  }
  return lines.map((l) =>
    (l.platformVariantId ? byVariant.get(l.platformVariantId) : undefined)
    ?? (l.platformProductId && !l.platformVariantId ? byItem.get(l.platformProductId) : undefined)
    ?? (masterSkus.has(l.sku.trim()) ? l.sku.trim() : null));
}
