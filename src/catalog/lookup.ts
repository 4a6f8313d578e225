/** Reading many products: the paged, searchable list and the SKU resolution the inventory relies on. */
import { sql } from 'kysely';
import { OmnisyncError } from '../errors/index.ts';
import { keysetPage, type Db } from '../store/index.ts';
import { productColumns, withComponents } from './rows.ts';
import type { ProductListQuery, ProductPage, ProductRef } from './types.ts';

export const MAX_PAGE_SIZE = 500;

/** `%` and `_` are wildcards in LIKE, and `\` its default escape: a search for "50%" means those characters. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

/** A cursor is the last id of the previous page; 18 digits keep it within bigint. */
function cursorId(cursor: string): string {
  if (/^\d{1,18}$/.test(cursor)) return cursor;
  throw new OmnisyncError('REQUEST.INVALID', 'The cursor is not one returned by a previous page.', {
    fields: [{ field: 'cursor', message: 'must be a cursor returned by the previous page' }],
  });
}

/** Keyset paging on id: a page costs the same however deep it is, and rows added meanwhile are not skipped. */
export async function listProducts(db: Db, query: ProductListQuery): Promise<ProductPage> {
  const limit = Math.min(Math.max(Math.trunc(query.limit), 1), MAX_PAGE_SIZE);
  let select = db.selectFrom('products').select(productColumns).orderBy('id').limit(limit + 1);
  if (query.cursor !== undefined) select = select.where('id', '>', cursorId(query.cursor));
  if (!query.includeArchived) select = select.where('archived_at', 'is', null);
  const search = query.q?.trim();
  if (search) {
    const pattern = `%${escapeLike(search)}%`;
    select = select.where((eb) => eb.or([eb('sku', 'ilike', pattern), eb('name', 'ilike', pattern), eb('barcode', 'ilike', pattern)]));
  }
  const { page, nextCursor } = keysetPage(await select.execute(), limit);
  return { items: await withComponents(db, page), nextCursor };
}

/**
 * The products behind the given SKUs, with their bundle components, in one query however many
 * SKUs are asked for: reservations call this for every order. SKUs that do not exist are absent.
 */
export async function resolveSkus(db: Db, skus: readonly string[]): Promise<Map<string, ProductRef>> {
  const refs = new Map<string, ProductRef>();
  if (skus.length === 0) return refs;
  const rows = await db
    .selectFrom('products as p')
    .leftJoin('bundle_components as bc', 'bc.bundle_id', 'p.id')
    .leftJoin('products as c', 'c.id', 'bc.component_id')
    .select(['p.id', 'p.sku', 'p.is_bundle', 'p.archived_at', 'p.unit_cost', 'bc.qty', 'c.id as component_id', 'c.sku as component_sku'])
    .where(sql<boolean>`p.sku = any(${[...new Set(skus)]}::text[])`)
    .orderBy('p.id')
    .orderBy('c.sku')
    .execute();
  for (const row of rows) {
    let ref = refs.get(row.sku);
    if (!ref) {
      ref = { id: row.id, sku: row.sku, isBundle: row.is_bundle, archived: row.archived_at !== null, unitCost: row.unit_cost, components: [] };
      refs.set(row.sku, ref);
    }
    if (row.component_id !== null && row.component_sku !== null && row.qty !== null) {
      ref.components.push({ productId: row.component_id, sku: row.component_sku, qty: row.qty });
    }
  }
  return refs;
}

/** Bundles that contain any of these products: their availability changes when a component's does. */
export async function bundleIdsContaining(db: Db, productIds: readonly string[]): Promise<string[]> {
  if (productIds.length === 0) return [];
  const rows = await db.selectFrom('bundle_components').select('bundle_id').distinct().where('component_id', 'in', [...productIds]).execute();
  return rows.map((r) => r.bundle_id);
}

/**
 * The SQL twin of src/mapping/normalise.ts normaliseSku: NFKC, whitespace runs → one space, trimmed,
 * a–z → A–Z. Written exactly as the expression index of migrations/0005_mapping.sql, so it is used.
 */
const NORMALISED_SKU = String.raw`translate(btrim(regexp_replace(normalize(sku, NFKC), '[ \t\n\v\f\r]+', ' ', 'g'), ' '), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')`;

/**
 * Products whose SKU equals one of these codes after normalisation (pass normalised codes), one
 * query; several products can share a normalised form ("tea-1" and "TEA-1"), so each code maps to a list.
 */
export async function productsByNormalisedSku(db: Db, normalisedCodes: readonly string[]): Promise<Map<string, { productId: string; sku: string }[]>> {
  const found = new Map<string, { productId: string; sku: string }[]>();
  if (normalisedCodes.length === 0) return found;
  const rows = await db.selectFrom('products')
    .select(['id', 'sku', sql<string>`${sql.raw(NORMALISED_SKU)}`.as('normalised')])
    .where(sql<boolean>`${sql.raw(NORMALISED_SKU)} = any(${[...new Set(normalisedCodes)]}::text[])`)
    .orderBy('id').execute();
  for (const r of rows) found.set(r.normalised, [...(found.get(r.normalised) ?? []), { productId: r.id, sku: r.sku }]);
  return found;
}
