/**
 * Bundle (kit) composition rules. A bundle's stock is derived from its components, so a
 * component must be a real, stocked product: it must exist, must not be a bundle itself (no
 * nesting) and must not be archived. Each component appears once with a positive quantity.
 */
import { sql } from 'kysely';
import { failure, type Failure } from '../errors/index.ts';
import type { Db } from '../store/index.ts';
import type { BundleComponent } from './rows.ts';
import { COMPONENT_QTY_MAX } from './validation.ts';

export interface ComponentSpec {
  sku: string;
  qty: number;
}

export interface ComponentProblem {
  /** The component's SKU as given, or null when the problem is with the list as a whole. */
  component: string | null;
  /** Reads after "component SKU": "does not exist", "is a bundle …". */
  reason: string;
}

/** What the rules need to know of a product named as a component. */
export interface ComponentCandidate {
  id: string;
  sku: string;
  is_bundle: boolean;
  archived_at: Date | null;
}

export const IS_A_BUNDLE = 'is a bundle (a bundle cannot contain bundles)';

export function describeComponentProblem(problem: ComponentProblem): string {
  return problem.component === null ? problem.reason : `component ${problem.component} ${problem.reason}`;
}

export function invalidBundle(bundleSku: string, problems: readonly ComponentProblem[]): Failure {
  const message = `Bundle ${bundleSku} is invalid: ${problems.map(describeComponentProblem).join('; ')}.`;
  return failure('CATALOG.INVALID_BUNDLE', message, { sku: bundleSku, problems });
}

/** Checks the shape of a component list (no lookups): non-empty, SKUs trimmed, quantities, repeats. */
export function checkComponentList(
  bundleSku: string,
  components: readonly ComponentSpec[],
): { ok: true; value: ComponentSpec[] } | { ok: false; problems: ComponentProblem[] } {
  if (components.length === 0) return { ok: false, problems: [{ component: null, reason: 'a bundle needs at least one component' }] };
  const problems: ComponentProblem[] = [];
  const seen = new Set<string>();
  const value: ComponentSpec[] = [];
  components.forEach((c, index) => {
    const sku = c.sku.trim();
    if (sku === '') problems.push({ component: null, reason: `component ${index + 1} has no SKU` });
    else if (sku === bundleSku) problems.push({ component: sku, reason: 'is the bundle itself' });
    else if (seen.has(sku)) problems.push({ component: sku, reason: 'is listed more than once' });
    else if (!Number.isInteger(c.qty) || c.qty < 1 || c.qty > COMPONENT_QTY_MAX) {
      problems.push({ component: sku, reason: `has qty ${c.qty}; it must be a whole number from 1 to ${COMPONENT_QTY_MAX}` });
    }
    seen.add(sku);
    value.push({ sku, qty: c.qty });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
}

/**
 * Checks each component against the product found for it and links the good ones to their
 * product ids. `missingReason` lets a caller that knows more explain a component that is not found.
 */
export function matchComponents(
  components: readonly ComponentSpec[],
  found: ReadonlyMap<string, ComponentCandidate>,
  missingReason: (sku: string) => string = () => 'does not exist',
): { links: BundleComponent[]; problems: ComponentProblem[] } {
  const links: BundleComponent[] = [];
  const problems: ComponentProblem[] = [];
  for (const { sku, qty } of components) {
    const product = found.get(sku);
    if (!product) problems.push({ component: sku, reason: missingReason(sku) });
    else if (product.is_bundle) problems.push({ component: sku, reason: IS_A_BUNDLE });
    else if (product.archived_at !== null) problems.push({ component: sku, reason: 'is archived' });
    else links.push({ productId: product.id, sku, qty });
  }
  return { links, problems };
}

/**
 * Looks up the products named as components, in one query, and holds a share lock on them until
 * the transaction ends: archiving a product locks it for update first, so a component cannot be
 * archived between this check and the bundle's commit.
 */
export async function lockComponentCandidates(trx: Db, skus: readonly string[]): Promise<Map<string, ComponentCandidate>> {
  if (skus.length === 0) return new Map();
  const rows = await trx
    .selectFrom('products')
    .select(['id', 'sku', 'is_bundle', 'archived_at'])
    .where(sql<boolean>`sku = any(${[...new Set(skus)]}::text[])`)
    .forShare()
    .execute();
  return new Map(rows.map((r) => [r.sku, r]));
}

const LINKS_PER_INSERT = 5_000;

/** Replaces the whole composition of each bundle (keyed by bundle id), in a few statements for any number of bundles. */
export async function replaceComponents(trx: Db, compositions: ReadonlyMap<string, readonly BundleComponent[]>): Promise<void> {
  const bundleIds = [...compositions.keys()];
  if (bundleIds.length === 0) return;
  await trx.deleteFrom('bundle_components').where(sql<boolean>`bundle_id = any(${bundleIds}::bigint[])`).execute();
  const links = [...compositions].flatMap(([bundleId, components]) =>
    components.map((c) => ({ bundle_id: bundleId, component_id: c.productId, qty: c.qty })),
  );
  // Three parameters per link; chunks keep each statement far below PostgreSQL's 65,535.
  for (let start = 0; start < links.length; start += LINKS_PER_INSERT) {
    await trx
      .insertInto('bundle_components')
      .values(links.slice(start, start + LINKS_PER_INSERT))
      .execute();
  }
}

/** True when two compositions hold the same components with the same quantities, in any order. */
export function sameComposition(a: readonly ComponentSpec[], b: readonly ComponentSpec[]): boolean {
  if (a.length !== b.length) return false;
  const qtyBySku = new Map(a.map((c) => [c.sku, c.qty]));
  return b.every((c) => qtyBySku.get(c.sku) === c.qty);
}
