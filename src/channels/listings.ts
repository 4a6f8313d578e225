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
 * The mapped listings of a connection that these order lines were sold from, by platform variant id
 * and (for listings without variants) by item id: the first thing a line's master SKU is taken from
 * (src/mapping resolves the rest). One query for any number of lines.
 */
export async function listingMastersFor(db: Db, connectionId: string, lines: Pick<CanonicalOrderLine, 'platformProductId' | 'platformVariantId'>[]): Promise<{
  listingByVariant: Map<string, { productId: string; sku: string }>; listingByItem: Map<string, { productId: string; sku: string }>;
}> {
  const variantIds = [...new Set(lines.map((l) => l.platformVariantId).filter((v): v is string => !!v))];
  const itemIds = [...new Set(lines.filter((l) => !l.platformVariantId).map((l) => l.platformProductId).filter((v): v is string => !!v))];
  const listingByVariant = new Map<string, { productId: string; sku: string }>();
  const listingByItem = new Map<string, { productId: string; sku: string }>();
  if (variantIds.length + itemIds.length === 0) return { listingByVariant, listingByItem };
  const rows = await db.selectFrom('listings as l').innerJoin('products as p', 'p.id', 'l.product_id')
    .select(['l.platform_item_id', 'l.platform_variant_id', 'p.id', 'p.sku'])
    .where('l.connection_id', '=', connectionId)
    .where((eb) => eb.or([
      eb('l.platform_variant_id', 'in', variantIds.length ? variantIds : ['']),
      eb.and([eb('l.platform_variant_id', '=', ''), eb('l.platform_item_id', 'in', itemIds.length ? itemIds : [''])]),
    ]))
    .execute();
  for (const r of rows) {
    if (r.platform_variant_id) listingByVariant.set(r.platform_variant_id, { productId: r.id, sku: r.sku });
    else listingByItem.set(r.platform_item_id, { productId: r.id, sku: r.sku });
  }
  return { listingByVariant, listingByItem };
}

/**
 * Maps (or, with null, unmaps) listings of one connection named by their platform ids, in the
 * caller's transaction (a CSV import applies all or nothing). Returns the ids of the listings changed.
 */
export async function setListingProducts(trx: Db, connectionId: string, updates: {
  platformItemId: string; platformVariantId: string; platformLocationId: string; productId: string | null;
  /** Only if no one has mapped it meanwhile (an automatic mapping never overrides a person's). */
  onlyIfUnmapped?: boolean;
}[]): Promise<string[]> {
  const changed: string[] = [];
  for (const u of updates) {
    const row = await trx.updateTable('listings').set({ product_id: u.productId })
      .where('connection_id', '=', connectionId).where('platform_item_id', '=', u.platformItemId)
      .where('platform_variant_id', '=', u.platformVariantId).where('platform_location_id', '=', u.platformLocationId)
      .where((eb) => (u.productId === null ? eb('product_id', 'is not', null)
        : u.onlyIfUnmapped ? eb('product_id', 'is', null) : eb.or([eb('product_id', 'is', null), eb('product_id', '!=', u.productId)])))
      .returning('id').executeTakeFirst();
    if (row) changed.push(row.id);
  }
  return changed;
}
