/** The products table as the catalog reads and writes it, and its mapping to the public shape. */
import { sql, type Selectable } from 'kysely';
import type { Db, ProductsTable } from '../store/index.ts';
import type { Product } from './types.ts';
import type { ProductFields } from './validation.ts';

export const productColumns = [
  'id', 'sku', 'name', 'barcode', 'category', 'unit_cost', 'price', 'currency', 'is_bundle', 'archived_at', 'created_at', 'updated_at',
] as const;

export type ProductRow = Selectable<ProductsTable>;

/** What deciding a write needs: no timestamps, which cost more to read than all the rest. */
const stateColumns = ['id', 'sku', 'name', 'barcode', 'category', 'unit_cost', 'price', 'currency', 'is_bundle'] as const;
export type ProductState = Pick<ProductRow, (typeof stateColumns)[number]>;

/** One line of a bundle's composition, with the component's id for stock work. */
export interface BundleComponent {
  productId: string;
  sku: string;
  qty: number;
}

export function fieldsOf(row: ProductState): ProductFields {
  return {
    name: row.name,
    barcode: row.barcode,
    category: row.category,
    unitCost: row.unit_cost,
    price: row.price,
    currency: row.currency,
  };
}

/** Column values of a complete product (for INSERT). */
export function columnsOf(fields: ProductFields) {
  return {
    name: fields.name,
    barcode: fields.barcode,
    category: fields.category,
    unit_cost: fields.unitCost,
    price: fields.price,
    currency: fields.currency,
  };
}

/** Column values of the fields that are set (for UPDATE). */
export function changedColumnsOf(fields: Partial<ProductFields>) {
  return {
    ...(fields.name !== undefined && { name: fields.name }),
    ...(fields.barcode !== undefined && { barcode: fields.barcode }),
    ...(fields.category !== undefined && { category: fields.category }),
    ...(fields.unitCost !== undefined && { unit_cost: fields.unitCost }),
    ...(fields.price !== undefined && { price: fields.price }),
    ...(fields.currency !== undefined && { currency: fields.currency }),
  };
}

export function toProduct(row: ProductRow, components: readonly BundleComponent[]): Product {
  return {
    sku: row.sku,
    ...fieldsOf(row),
    isBundle: row.is_bundle,
    // Code-point order, the same whichever collation the database uses.
    components: components.map((c) => ({ sku: c.sku, qty: c.qty })).sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0)),
    archivedAt: row.archived_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * Products by SKU in one query however many SKUs are asked for (one array parameter, not one
 * placeholder per SKU). `forUpdate` locks the rows for the rest of the transaction.
 */
export async function productsBySku(db: Db, skus: readonly string[], options: { forUpdate?: boolean } = {}): Promise<Map<string, ProductRow>> {
  if (skus.length === 0) return new Map();
  let query = db.selectFrom('products').select(productColumns).where(sql<boolean>`sku = any(${[...skus]}::text[])`);
  // Locking in SKU order keeps two transactions that lock overlapping sets from deadlocking.
  if (options.forUpdate) query = query.orderBy('sku').forUpdate();
  const rows = await query.execute();
  return new Map(rows.map((r) => [r.sku, r]));
}

/** Locks the products with these SKUs for the rest of the transaction (in SKU order) and reads their state. */
export async function lockProductStates(trx: Db, skus: readonly string[]): Promise<Map<string, ProductState>> {
  if (skus.length === 0) return new Map();
  const rows = await trx
    .selectFrom('products')
    .select(stateColumns)
    .where(sql<boolean>`sku = any(${[...skus]}::text[])`)
    .orderBy('sku')
    .forUpdate()
    .execute();
  return new Map(rows.map((r) => [r.sku, r]));
}

/** The components of each bundle, by bundle id; bundles without components are absent. */
export async function componentsOf(db: Db, bundleIds: readonly string[]): Promise<Map<string, BundleComponent[]>> {
  const byBundle = new Map<string, BundleComponent[]>();
  if (bundleIds.length === 0) return byBundle;
  const rows = await db
    .selectFrom('bundle_components as bc')
    .innerJoin('products as c', 'c.id', 'bc.component_id')
    .select(['bc.bundle_id', 'bc.component_id', 'c.sku', 'bc.qty'])
    .where(sql<boolean>`bc.bundle_id = any(${[...bundleIds]}::bigint[])`)
    .execute();
  for (const r of rows) {
    const list = byBundle.get(r.bundle_id) ?? [];
    list.push({ productId: r.component_id, sku: r.sku, qty: r.qty });
    byBundle.set(r.bundle_id, list);
  }
  return byBundle;
}

/** Products in the public shape, their bundle components fetched in one query. */
export async function withComponents(db: Db, rows: readonly ProductRow[]): Promise<Product[]> {
  const components = await componentsOf(db, rows.filter((r) => r.is_bundle).map((r) => r.id));
  return rows.map((r) => toProduct(r, components.get(r.id) ?? []));
}
