/**
 * What each SKU usually sells, for the quantity and price rules: per SKU and currency, the number of
 * past lines, the quantity at the rules' percentile, the median price, and the product's list price. Only orders that were judged and never held count: a
 * typo that a person approved must not teach the rule that 20 is normal. Cached for a minute.
 */
import { sql } from 'kysely';
import type { Db } from '../store/index.ts';
import type { SkuHistory } from './review-rules.ts';

const TTL_MS = 60_000;
const LOOKBACK_DAYS = 90;

export interface HistoryCache {
  percentile: number;
  entries: Map<string, { at: number; sku: string; value: SkuHistory }>;
}

export function createHistoryCache(percentile = 0.99): HistoryCache {
  return { percentile, entries: new Map() };
}

const keyOf = (productId: string, currency: string) => `${productId}:${currency}`;

/** Reads what the cache lacks; returns a lookup by currency → SKU → history. */
export async function historyOf(trx: Db, cache: HistoryCache, orderCurrencies: string[], productIds: string[]) {
  const now = Date.now();
  const currencies = [...new Set(orderCurrencies)];
  const missing = [...new Set(productIds)].flatMap((p) => currencies.filter((c) => (cache.entries.get(keyOf(p, c))?.at ?? 0) < now - TTL_MS).map((c) => [p, c] as const));
  if (missing.length > 0) await refresh(trx, cache, missing, now);
  return (currency: string): ReadonlyMap<string, SkuHistory> => {
    const map = new Map<string, SkuHistory>();
    for (const p of productIds) {
      const entry = cache.entries.get(keyOf(p, currency));
      if (entry) map.set(entry.sku, entry.value);
    }
    return map;
  };
}

async function refresh(trx: Db, cache: HistoryCache, missing: (readonly [string, string])[], now: number): Promise<void> {
  const productIds = [...new Set(missing.map(([p]) => p))];
  const stats = await sql<{ product_id: string; currency: string; n: number; q: number; median: string }>`
    SELECT ol.product_id::text AS product_id, o.currency, count(*)::int AS n,
           percentile_disc(${cache.percentile}::float8) WITHIN GROUP (ORDER BY ol.qty) AS q,
           percentile_disc(0.5) WITHIN GROUP (ORDER BY ol.unit_price) AS median
      FROM order_lines ol JOIN orders o ON o.id = ol.order_id
     WHERE ol.product_id = ANY(${productIds}::bigint[]) AND o.ingested_at > now() - make_interval(days => ${LOOKBACK_DAYS})
       AND o.reviewed_hash = o.content_hash AND NOT EXISTS (SELECT 1 FROM review_holds h WHERE h.order_id = o.id)
     GROUP BY ol.product_id, o.currency`.execute(trx);
  const products = await trx.selectFrom('products').select(['id', 'sku', 'price', 'currency']).where('id', 'in', productIds).execute();
  const productOf = new Map(products.map((p) => [p.id, p]));
  const statOf = new Map(stats.rows.map((s) => [keyOf(s.product_id, s.currency), s]));
  for (const [productId, currency] of missing) {
    const product = productOf.get(productId);
    if (!product) continue;
    const stat = statOf.get(keyOf(productId, currency));
    cache.entries.set(keyOf(productId, currency), {
      at: now, sku: product.sku,
      value: { lines: stat?.n ?? 0, qtyAtPercentile: stat?.q ?? 0, listPrice: Number(product.price), listCurrency: product.currency, usualPrice: stat && stat.n > 0 ? Number(stat.median) : null },
    });
  }
}
