/**
 * Which master SKU an order line sells, decided in a fixed order (the first that answers wins):
 * 1. the listing it was sold from, by platform ids (a person or the listing refresh mapped it);
 * 2. an alias of the connection, by the line's normalised seller SKU code;
 * 3. a master SKU equal to the code after normalisation (an exact match first; two master SKUs that
 *    normalise alike and neither equal to the code is ambiguous, so the line stays unmapped).
 * A line nothing answers for is unmapped: the order is kept and flagged UNMAPPED_SKU, never dropped.
 */
import type { CanonicalOrderLine } from '../connectors/types.ts';
import { normaliseSku } from './normalise.ts';

export type LineVia = 'listing' | 'alias' | 'normalised';

/** A master product as the resolver needs it. */
export interface MasterRef {
  productId: string;
  sku: string;
}

export interface LineResolution {
  masterSku: string | null;
  productId: string | null;
  via: LineVia | null;
  /** Why a line stayed unmapped when something almost matched. */
  note?: string;
}

/** What the resolver looks in, loaded for the lines at hand (lines.ts) or built by hand (tests, bench). */
export interface SkuMaps {
  /** Listings of the connection with a master, by platform variant id. */
  listingByVariant: ReadonlyMap<string, MasterRef>;
  /** Listings without a variant (a Taobao item without SKUs), by platform item id. */
  listingByItem: ReadonlyMap<string, MasterRef>;
  /** The connection's aliases, by normalised code. */
  aliasByCode: ReadonlyMap<string, MasterRef>;
  /** Master SKUs by their normalised form (several when they differ only in case or width). */
  mastersByNormalised: ReadonlyMap<string, readonly MasterRef[]>;
}

export type LineKeys = Pick<CanonicalOrderLine, 'sku' | 'platformProductId' | 'platformVariantId'>;

export const emptySkuMaps = (): SkuMaps => ({ listingByVariant: new Map(), listingByItem: new Map(), aliasByCode: new Map(), mastersByNormalised: new Map() });

const found = (ref: MasterRef, via: LineVia): LineResolution => ({ masterSku: ref.sku, productId: ref.productId, via });

export function listingOf(line: LineKeys, maps: Pick<SkuMaps, 'listingByVariant' | 'listingByItem'>): MasterRef | undefined {
  if (line.platformVariantId) return maps.listingByVariant.get(line.platformVariantId);
  return line.platformProductId ? maps.listingByItem.get(line.platformProductId) : undefined;
}

export function resolveLine(line: LineKeys, maps: SkuMaps): LineResolution {
  const listing = listingOf(line, maps);
  if (listing) return found(listing, 'listing');
  const code = normaliseSku(line.sku);
  if (code === '') return { masterSku: null, productId: null, via: null, note: 'the line has no SKU code and its listing is not mapped' };
  const alias = maps.aliasByCode.get(code);
  if (alias) return found(alias, 'alias');
  const masters = maps.mastersByNormalised.get(code) ?? [];
  const exact = masters.find((m) => m.sku === line.sku.trim());
  if (exact) return found(exact, 'normalised');
  if (masters.length === 1) return found(masters[0]!, 'normalised');
  if (masters.length > 1) {
    return { masterSku: null, productId: null, via: null, note: `"${line.sku}" matches ${masters.map((m) => m.sku).join(', ')} after normalisation; add an alias to choose one` };
  }
  return { masterSku: null, productId: null, via: null };
}
