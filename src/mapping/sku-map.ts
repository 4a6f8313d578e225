/** The SKU map of a connection as CSV (csv.ts): every listing mapping and alias out; all of a file in, or nothing. */
import { setListingProducts } from '../channels/index.ts';
import { failure, ok, type Result } from '../errors/index.ts';
import type { MappingContext } from './context.ts';
import { readSkuMapCsv, skuMapCsv, type CsvLineError, type SkuMapLine } from './csv.ts';
import { mapListingsByCode, reinterpretUnmapped } from './edit.ts';
import { normaliseSku } from './normalise.ts';
import * as store from './store.ts';

export async function exportSkuMap(ctx: MappingContext, connectionId: string): Promise<Result<string>> {
  const connection = await ctx.channels.get(connectionId);
  if (!connection.ok) return connection;
  const [listings, aliases] = await Promise.all([ctx.channels.listListings(connectionId), store.listAliases(ctx.db, connectionId)]);
  return ok(skuMapCsv([
    ...listings.map((l) => ({
      type: 'listing' as const, platformItemId: l.platformItemId, platformVariantId: l.platformVariantId ?? '', platformLocationId: l.platformLocationId ?? '', code: l.sellerSku, sku: l.sku,
    })),
    ...aliases.map((a) => ({ type: 'alias' as const, code: a.code, sku: a.sku })),
  ]));
}

export interface SkuMapImport {
  listingsMapped: number;
  listingsUnmapped: number;
  aliasesSet: number;
  aliasesRemoved: number;
  /** Orders held for an unmapped SKU queued to be read again. */
  reinterpreted: number;
}

const listingKey = (item: string, variant: string, location: string) => `${item}\u0000${variant}\u0000${location}`;

/** Every line is checked (syntax, known SKU, known listing) before anything is written; then all of it in one transaction. */
export async function importSkuMap(ctx: MappingContext, connectionId: string, text: string, actor: string): Promise<Result<SkuMapImport>> {
  const connection = await ctx.channels.get(connectionId);
  if (!connection.ok) return connection;
  const { rows, errors } = readSkuMapCsv(text);
  const listings = new Map((await ctx.channels.listListings(connectionId)).map((l) => [listingKey(l.platformItemId, l.platformVariantId ?? '', l.platformLocationId ?? ''), l]));
  const products = await ctx.catalog.resolveSkus(rows.flatMap((r) => (r.row.sku ? [r.row.sku] : [])));
  for (const { line, row } of rows) {
    if (row.sku && !products.has(row.sku)) errors.push({ line, message: `no product has SKU "${row.sku}"` });
    if (row.type === 'listing' && !listings.has(listingKey(row.platformItemId, row.platformVariantId, row.platformLocationId))) {
      errors.push({ line, message: `this connection has no listing with item ${row.platformItemId}${row.platformVariantId ? `, variant ${row.platformVariantId}` : ''}${row.platformLocationId ? `, location ${row.platformLocationId}` : ''} (refresh the listings first)` });
    }
  }
  if (errors.length > 0) return csvInvalid(errors);
  const productId = (r: SkuMapLine['row']) => (r.sku ? products.get(r.sku)!.id : null);
  const listingRows = rows.flatMap(({ row }) => (row.type === 'listing' ? [{ ...row, productId: productId(row) }] : []));
  const aliasRows = rows.flatMap(({ row }) => (row.type === 'alias' ? [{ code: row.code, normalisedCode: normaliseSku(row.code), productId: productId(row) }] : []));
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const changed = await setListingProducts(trx, connectionId, listingRows);
    const changedSet = new Set(changed);
    const named = listingRows.map((r) => listings.get(listingKey(r.platformItemId, r.platformVariantId, r.platformLocationId))!.id);
    const mapped = named.filter((id, i) => listingRows[i]!.productId !== null && changedSet.has(id));
    const aliases = aliasRows.flatMap((a) => (a.productId ? [{ ...a, productId: a.productId }] : []));
    const aliasesSet = await store.upsertAliases(trx, connectionId, aliases, actor);
    const aliasesRemoved = await store.deleteAliases(trx, connectionId, aliasRows.filter((a) => !a.productId).map((a) => a.normalisedCode));
    // Listings the file does not name, whose seller SKU one of its aliases means, are mapped too.
    const others = [...listings.values()].filter((l) => !named.includes(l.id));
    const byAlias = await mapListingsByCode(trx, connectionId, others, new Map(aliases.map((a) => [a.normalisedCode, a.productId])));
    const reinterpreted = mapped.length + byAlias.length + aliasesSet > 0 ? await reinterpretUnmapped(ctx, trx, connectionId) : 0;
    return {
      changed: [...changed, ...byAlias],
      summary: { listingsMapped: mapped.length + byAlias.length, listingsUnmapped: changed.length - mapped.length, aliasesSet, aliasesRemoved, reinterpreted },
    };
  });
  if (outcome.changed.length > 0) await ctx.pushListings?.(outcome.changed);
  return ok(outcome.summary);
}

function csvInvalid(errors: CsvLineError[]): Result<never> {
  const sorted = [...errors].sort((a, b) => a.line - b.line);
  const shown = sorted.slice(0, 5).map((e) => `line ${e.line}: ${e.message}`).join('; ');
  return failure('MAPPING.CSV_INVALID', `Nothing was imported: ${sorted.length} line(s) cannot be applied (${shown}${sorted.length > 5 ? '; …' : ''}).`, { lines: sorted });
}
