/**
 * The resolver (resolve.ts) fed from the database for the lines at hand: at most three queries per
 * connection however many lines (listings by platform ids, aliases by normalised code, master SKUs
 * by normalised code), each only for the lines the step before left open. Runs in the caller's
 * transaction, so an order is always mapped with what is committed when it is applied.
 */
import { productsByNormalisedSku } from '../catalog/index.ts';
import { listingMastersFor } from '../channels/index.ts';
import type { Db } from '../store/index.ts';
import { normaliseSku } from './normalise.ts';
import { listingOf, resolveLine, type LineKeys, type LineResolution, type SkuMaps } from './resolve.ts';
import { aliasesFor } from './store.ts';

export async function loadSkuMaps(db: Db, connectionId: string, lines: LineKeys[]): Promise<SkuMaps> {
  const listings = await listingMastersFor(db, connectionId, lines);
  const open = lines.filter((l) => !listingOf(l, listings)).map((l) => normaliseSku(l.sku)).filter((c) => c !== '');
  const aliasByCode = await aliasesFor(db, connectionId, open);
  const stillOpen = open.filter((c) => !aliasByCode.has(c));
  const mastersByNormalised = await productsByNormalisedSku(db, stillOpen);
  return { ...listings, aliasByCode, mastersByNormalised };
}

/** The master SKU of each line and how it was found; null where nothing maps it. */
export async function resolveLinesIn(db: Db, connectionId: string, lines: LineKeys[]): Promise<LineResolution[]> {
  if (lines.length === 0) return [];
  const maps = await loadSkuMaps(db, connectionId, lines);
  return lines.map((l) => resolveLine(l, maps));
}

/** The product each seller SKU code means on a connection (alias, or a master SKU equal after normalisation), keyed by the trimmed code. */
export async function mastersForCodes(db: Db, connectionId: string, codes: string[]): Promise<Map<string, string>> {
  const distinct = [...new Set(codes.map((c) => c.trim()).filter((c) => c !== ''))];
  const keys = distinct.map((sku) => ({ sku, platformProductId: null, platformVariantId: null }));
  const maps = await loadSkuMaps(db, connectionId, keys);
  return new Map(distinct.flatMap((code, i) => {
    const resolved = resolveLine(keys[i]!, maps);
    return resolved.productId ? [[code, resolved.productId] as const] : [];
  }));
}
