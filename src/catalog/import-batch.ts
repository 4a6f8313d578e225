/**
 * Writing one batch of imported rows: one transaction, a handful of statements whatever the batch
 * size. The batch's existing products are locked first, so "unchanged" and the merge of empty
 * cells with stored values are decided on rows nobody else can change until the commit.
 */
import { sql } from 'kysely';
import { withRetry, type Db } from '../store/index.ts';
import {
  describeComponentProblem, IS_A_BUNDLE, lockComponentCandidates, matchComponents, replaceComponents, sameComposition, type ComponentCandidate,
} from './bundles.ts';
import type { ImportRow } from './import-rows.ts';
import { columnsOf, componentsOf, fieldsOf, lockProductStates, type BundleComponent, type ProductState } from './rows.ts';
import { changedFields, describeIssues, fieldsForNewProduct, type ProductFields } from './validation.ts';

export type RowOutcome =
  | { line: number; sku: string; kind: 'created' | 'updated' | 'unchanged' }
  | { line: number; sku: string; kind: 'failed'; reason: string };

/** What the bundle pass knows of the whole file. */
export interface FileContext {
  /** SKUs of the file's rows that have components. */
  bundleSkus: ReadonlySet<string>;
  /** Line of each SKU whose row was not imported. */
  failedLineBySku: ReadonlyMap<string, number>;
}

interface ProductWrite {
  line: number;
  sku: string;
  kind: 'created' | 'updated';
  fields: ProductFields;
  /** Set when the composition must be (re)written. */
  components: BundleComponent[] | null;
}

/** Per row: either a write to make, or an outcome already known (unchanged, failed). */
type Plan = { write: ProductWrite } | { outcome: RowOutcome };

const failed = (row: ImportRow, reason: string): Plan => ({ outcome: { line: row.line, sku: row.sku, kind: 'failed', reason } });
const unchanged = (row: ImportRow): Plan => ({ outcome: { line: row.line, sku: row.sku, kind: 'unchanged' } });

type FieldsPlan = { kind: 'created' | 'updated' | 'unchanged'; fields: ProductFields } | { kind: 'failed'; reason: string };

/** Plans a row's fields: what a new product gets, or what changes on an existing one. */
function planFields(row: ImportRow, existing: ProductState | undefined): FieldsPlan {
  if (!existing) {
    const fields = fieldsForNewProduct(row.fields);
    return fields.ok ? { kind: 'created', fields: fields.value } : { kind: 'failed', reason: describeIssues(fields.issues) };
  }
  const current = fieldsOf(existing);
  const changes = changedFields(current, row.fields);
  return { kind: Object.keys(changes).length === 0 ? 'unchanged' : 'updated', fields: { ...current, ...changes } };
}

function planPlainRow(row: ImportRow, existing: ProductState | undefined): Plan {
  const plan = planFields(row, existing);
  if (plan.kind === 'failed') return failed(row, plan.reason);
  if (plan.kind === 'unchanged') return unchanged(row);
  return { write: { line: row.line, sku: row.sku, kind: plan.kind, fields: plan.fields, components: null } };
}

/** Rows without components: created or updated in one upsert. */
export async function writePlainBatch(db: Db, rows: readonly ImportRow[]): Promise<RowOutcome[]> {
  return withRetry(() =>
    db.transaction().execute(async (trx) => {
      const existing = await lockProductStates(trx, rows.map((r) => r.sku));
      return applyPlans(trx, rows.map((row) => planPlainRow(row, existing.get(row.sku))), false);
    }),
  );
}

interface BundleBatchState {
  existing: ReadonlyMap<string, ProductState>;
  candidates: ReadonlyMap<string, ComponentCandidate>;
  /** Current composition of each existing bundle, by bundle id. */
  compositions: ReadonlyMap<string, BundleComponent[]>;
  missingReason: (sku: string) => string;
}

function planBundleRow(row: ImportRow, state: BundleBatchState): Plan {
  const product = state.existing.get(row.sku);
  if (product && !product.is_bundle) return failed(row, 'components: this SKU is a plain product; components can be set only on a product created as a bundle');
  const { links, problems } = matchComponents(row.components ?? [], state.candidates, state.missingReason);
  if (problems.length > 0) return failed(row, problems.map(describeComponentProblem).join('; '));
  const plan = planFields(row, product);
  if (plan.kind === 'failed') return failed(row, plan.reason);
  const recompose = !product || !sameComposition(state.compositions.get(product.id) ?? [], links);
  if (plan.kind === 'unchanged' && !recompose) return unchanged(row);
  const kind = plan.kind === 'created' ? 'created' : 'updated';
  return { write: { line: row.line, sku: row.sku, kind, fields: plan.fields, components: recompose ? links : null } };
}

/** Rows with components, after every plain row of the file is in, so a bundle may name any of them. */
export async function writeBundleBatch(db: Db, rows: readonly ImportRow[], file: FileContext): Promise<RowOutcome[]> {
  const missingReason = (sku: string): string => {
    if (file.bundleSkus.has(sku)) return IS_A_BUNDLE;
    const line = file.failedLineBySku.get(sku);
    return line === undefined ? 'does not exist' : `does not exist (its row at line ${line} was not imported)`;
  };
  return withRetry(() =>
    db.transaction().execute(async (trx) => {
      const existing = await lockProductStates(trx, rows.map((r) => r.sku));
      const candidates = await lockComponentCandidates(trx, rows.flatMap((r) => (r.components ?? []).map((c) => c.sku)));
      const compositions = await componentsOf(trx, [...existing.values()].filter((p) => p.is_bundle).map((p) => p.id));
      const state: BundleBatchState = { existing, candidates, compositions, missingReason };
      return applyPlans(trx, rows.map((row) => planBundleRow(row, state)), true);
    }),
  );
}

/** Runs the writes of a batch and answers one outcome per row, in the batch's order. */
async function applyPlans(trx: Db, plans: readonly Plan[], bundles: boolean): Promise<RowOutcome[]> {
  const writes = plans.flatMap((p) => ('write' in p ? [p.write] : []));
  const idBySku = await upsertProducts(trx, writes, bundles);
  const compositions = new Map<string, BundleComponent[]>();
  for (const w of writes) {
    const id = idBySku.get(w.sku);
    if (id !== undefined && w.components) compositions.set(id, w.components);
  }
  await replaceComponents(trx, compositions);
  return plans.map((plan): RowOutcome => {
    if ('outcome' in plan) return plan.outcome;
    const { line, sku, kind } = plan.write;
    if (idBySku.has(sku)) return { line, sku, kind };
    // Only the bundle pass guards its upsert: the SKU was created as a plain product since the batch's lock.
    return { line, sku, kind: 'failed', reason: 'components: this SKU was just created as a plain product by someone else' };
  });
}

/**
 * One multi-row INSERT … ON CONFLICT (sku) DO UPDATE for the whole batch. A SKU created by someone
 * else since the lock is updated rather than refused. The bundle pass only updates bundles, so a
 * plain product never gains components. Returns the id of each product written.
 */
async function upsertProducts(trx: Db, writes: readonly ProductWrite[], bundles: boolean): Promise<Map<string, string>> {
  if (writes.length === 0) return new Map();
  const rows = await trx
    .insertInto('products')
    .values(writes.map((w) => ({ sku: w.sku, ...columnsOf(w.fields), is_bundle: bundles })))
    .onConflict((oc) => {
      const update = oc.column('sku').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        barcode: eb.ref('excluded.barcode'),
        category: eb.ref('excluded.category'),
        unit_cost: eb.ref('excluded.unit_cost'),
        price: eb.ref('excluded.price'),
        currency: eb.ref('excluded.currency'),
        updated_at: sql<Date>`now()`,
      }));
      return bundles ? update.where('products.is_bundle', '=', true) : update;
    })
    .returning(['id', 'sku'])
    .execute();
  return new Map(rows.map((r) => [r.sku, r.id]));
}
