/** Creating, reading, changing and archiving one product at a time. */
import { sql } from 'kysely';
import { failure, ok, type Failure, type Result } from '../errors/index.ts';
import { isUniqueViolation, type Db } from '../store/index.ts';
import {
  checkComponentList, invalidBundle, lockComponentCandidates, matchComponents, replaceComponents, sameComposition, type ComponentSpec,
} from './bundles.ts';
import { changedColumnsOf, columnsOf, componentsOf, fieldsOf, productColumns, productsBySku, toProduct, type BundleComponent, type ProductRow } from './rows.ts';
import type { Product, ProductInput, ProductPatch } from './types.ts';
import {
  changedFields, checkProductPatch, checkSku, describeIssues, fieldsForNewProduct, type FieldIssue, type ProductFields,
} from './validation.ts';

export function productNotFound(sku: string): Failure {
  return failure('CATALOG.PRODUCT_NOT_FOUND', `No product has SKU "${sku}".`, { sku });
}

function invalidFields(issues: FieldIssue[]): Failure {
  return failure('REQUEST.INVALID', `Invalid product: ${describeIssues(issues)}.`, { fields: issues });
}

interface NewProduct {
  sku: string;
  fields: ProductFields;
  components: ComponentSpec[];
}

function checkNewProduct(input: ProductInput): Result<NewProduct> {
  const sku = checkSku(input.sku);
  const patch = checkProductPatch(input);
  const fields = patch.ok ? fieldsForNewProduct(patch.value) : patch;
  const issues = [...(sku.ok ? [] : sku.issues), ...(fields.ok ? [] : fields.issues)];
  if (!sku.ok || !fields.ok) return invalidFields(issues);
  // An empty or absent list makes a plain product; a non-empty one must be a valid bundle.
  if (!input.components?.length) return ok({ sku: sku.value, fields: fields.value, components: [] });
  const components = checkComponentList(sku.value, input.components);
  if (!components.ok) return invalidBundle(sku.value, components.problems);
  return ok({ sku: sku.value, fields: fields.value, components: components.value });
}

/** Creates a plain product, or a bundle when components are given. A taken SKU is refused by the unique index. */
export async function createProduct(db: Db, input: ProductInput): Promise<Result<Product>> {
  const checked = checkNewProduct(input);
  if (!checked.ok) return checked;
  const { sku, fields, components } = checked.value;
  try {
    return await db.transaction().execute(async (trx) => {
      const { links, problems } = matchComponents(components, await lockComponentCandidates(trx, components.map((c) => c.sku)));
      if (problems.length > 0) return invalidBundle(sku, problems);
      const row = await trx
        .insertInto('products')
        .values({ sku, ...columnsOf(fields), is_bundle: components.length > 0 })
        .returning(productColumns)
        .executeTakeFirstOrThrow();
      if (links.length > 0) await replaceComponents(trx, new Map([[row.id, links]]));
      return ok(toProduct(row, links));
    });
  } catch (err) {
    if (isUniqueViolation(err)) return failure('CATALOG.SKU_EXISTS', `A product with SKU "${sku}" already exists.`, { sku });
    throw err;
  }
}

export async function getProduct(db: Db, sku: string): Promise<Result<Product>> {
  const key = sku.trim();
  const row = (await productsBySku(db, [key])).get(key);
  return row ? ok(await productOf(db, row)) : productNotFound(key);
}

/**
 * Changes the fields the patch sets. Components may be replaced only on a bundle: a plain product
 * may hold stock, and a bundle's stock is derived, so a product never changes kind.
 * A patch that changes nothing writes nothing and leaves `updatedAt` as it was.
 */
export async function updateProduct(db: Db, sku: string, patch: ProductPatch): Promise<Result<Product>> {
  const key = sku.trim();
  const fields = checkProductPatch(patch);
  if (!fields.ok) return invalidFields(fields.issues);
  let components: ComponentSpec[] | undefined;
  if (patch.components !== undefined) {
    const list = checkComponentList(key, patch.components);
    if (!list.ok) return invalidBundle(key, list.problems);
    components = list.value;
  }
  return db.transaction().execute((trx) => applyUpdate(trx, key, fields.value, components));
}

async function applyUpdate(trx: Db, sku: string, fields: Partial<ProductFields>, components: ComponentSpec[] | undefined): Promise<Result<Product>> {
  const row = (await productsBySku(trx, [sku], { forUpdate: true })).get(sku);
  if (!row) return productNotFound(sku);
  const current = (await componentsOf(trx, [row.id])).get(row.id) ?? [];
  let next = current;
  if (components !== undefined) {
    const composition = await resolveComposition(trx, row, components);
    if (!composition.ok) return composition;
    next = composition.value;
  }
  const changes = changedFields(fieldsOf(row), fields);
  const compositionChanged = !sameComposition(current, next);
  if (Object.keys(changes).length === 0 && !compositionChanged) return ok(toProduct(row, current));
  if (compositionChanged) await replaceComponents(trx, new Map([[row.id, next]]));
  const updated = await trx
    .updateTable('products')
    .set({ ...changedColumnsOf(changes), updated_at: sql<Date>`now()` })
    .where('id', '=', row.id)
    .returning(productColumns)
    .executeTakeFirstOrThrow();
  return ok(toProduct(updated, next));
}

async function resolveComposition(trx: Db, product: ProductRow, components: ComponentSpec[]): Promise<Result<BundleComponent[]>> {
  if (!product.is_bundle) {
    return invalidBundle(product.sku, [{ component: null, reason: 'it is a plain product: components can be set only on a product created as a bundle' }]);
  }
  const { links, problems } = matchComponents(components, await lockComponentCandidates(trx, components.map((c) => c.sku)));
  return problems.length > 0 ? invalidBundle(product.sku, problems) : ok(links);
}

/**
 * Archives (soft-deletes) a product; archiving an archived product changes nothing. A product
 * that a live bundle is made of is refused: the bundle's stock would silently become zero.
 */
export async function archiveProduct(db: Db, sku: string): Promise<Result<Product>> {
  const key = sku.trim();
  return db.transaction().execute(async (trx) => {
    // The row lock makes bundle creation (which share-locks its components) wait, and makes this
    // wait for one in flight, so the check below sees every bundle that will ever use the product.
    const row = (await productsBySku(trx, [key], { forUpdate: true })).get(key);
    if (!row) return productNotFound(key);
    if (row.archived_at !== null) return ok(await productOf(trx, row));
    const bundles = await liveBundlesContaining(trx, row.id);
    if (bundles.length > 0) {
      const list = bundles.join(', ');
      return failure('CATALOG.PRODUCT_IN_USE', `Product ${key} is a component of bundle ${list}; archive the bundle or change its components first.`, { sku: key, bundles });
    }
    const archived = await trx
      .updateTable('products')
      .set({ archived_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
      .where('id', '=', row.id)
      .returning(productColumns)
      .executeTakeFirstOrThrow();
    return ok(await productOf(trx, archived));
  });
}

async function liveBundlesContaining(trx: Db, productId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('bundle_components as bc')
    .innerJoin('products as b', 'b.id', 'bc.bundle_id')
    .select('b.sku')
    .where('bc.component_id', '=', productId)
    .where('b.archived_at', 'is', null)
    .orderBy('b.sku')
    .execute();
  return rows.map((r) => r.sku);
}

async function productOf(db: Db, row: ProductRow): Promise<Product> {
  const components = row.is_bundle ? ((await componentsOf(db, [row.id])).get(row.id) ?? []) : [];
  return toProduct(row, components);
}
