import { sql } from 'kysely';
import type { ProductRef } from '../catalog/index.ts';
import type { Db } from '../store/index.ts';
import { bundleUnits, sellable } from './availability.ts';
import type { StockLevel, StockLocationLevel } from './types.ts';

interface BalanceRow {
  product_id: string;
  location: string;
  on_hand: number;
  reserved: number;
  safety_stock: number;
}

/** Balances and safety stock of these products at every location where either exists. */
async function balancesOf(db: Db, productIds: string[]): Promise<BalanceRow[]> {
  if (productIds.length === 0) return [];
  const result = await sql<BalanceRow>`
    SELECT coalesce(b.product_id, s.product_id)::text AS product_id, l.code AS location,
           coalesce(b.on_hand, 0) AS on_hand, coalesce(b.reserved, 0) AS reserved, coalesce(s.qty, 0) AS safety_stock
      FROM stock_balances b
      FULL JOIN safety_stock s ON s.product_id = b.product_id AND s.location_id = b.location_id
      JOIN locations l ON l.id = coalesce(b.location_id, s.location_id)
     WHERE coalesce(b.product_id, s.product_id) = ANY(${productIds}::bigint[])
     ORDER BY l.code`.execute(db);
  return result.rows;
}

function levelOf(row: BalanceRow): StockLocationLevel {
  const figures = { onHand: row.on_hand, reserved: row.reserved, safetyStock: row.safety_stock };
  return { location: row.location, ...figures, available: sellable(figures) };
}

function total(sku: string, locations: StockLocationLevel[]): StockLevel {
  const sum = (f: (l: StockLocationLevel) => number) => locations.reduce((acc, l) => acc + f(l), 0);
  return {
    sku, isBundle: false, locations, components: [],
    onHand: sum((l) => l.onHand), reserved: sum((l) => l.reserved), safetyStock: sum((l) => l.safetyStock), available: sum((l) => l.available),
  };
}

/**
 * Stock of a product, or of a bundle derived from its components at each location: a bundle is
 * available where all its components are, as many times as the scarcest allows.
 */
export async function stockLevelOf(db: Db, product: ProductRef): Promise<StockLevel> {
  if (!product.isBundle) {
    const rows = await balancesOf(db, [product.id]);
    return total(product.sku, rows.map(levelOf));
  }
  const rows = await balancesOf(db, product.components.map((c) => c.productId));
  const byLocation = new Map<string, Map<string, StockLocationLevel>>();
  for (const r of rows) {
    if (!byLocation.has(r.location)) byLocation.set(r.location, new Map());
    byLocation.get(r.location)!.set(r.product_id, levelOf(r));
  }
  const locations: StockLocationLevel[] = [...byLocation.entries()].map(([location, levels]) => {
    const units = (f: (l: StockLocationLevel) => number) => bundleUnits(product.components, (pid) => { const l = levels.get(pid); return l ? f(l) : 0; });
    return { location, onHand: units((l) => l.onHand), reserved: 0, safetyStock: 0, available: units((l) => l.available) };
  });
  const level = total(product.sku, locations);
  const componentTotals = new Map<string, number>();
  for (const r of rows) componentTotals.set(r.product_id, (componentTotals.get(r.product_id) ?? 0) + levelOf(r).available);
  return {
    ...level,
    isBundle: true,
    components: product.components.map((c) => ({ sku: c.sku, qty: c.qty, available: componentTotals.get(c.productId) ?? 0 })),
  };
}

export interface LedgerDiscrepancy {
  productId: string;
  locationId: string;
  onHand: number;
  reserved: number;
  movementsOnHand: number;
  movementsReserved: number;
}

/** Balances that differ from the sum of their movements. Empty on a healthy ledger. */
export async function verifyLedger(db: Db): Promise<LedgerDiscrepancy[]> {
  const result = await sql<LedgerDiscrepancy>`
    WITH sums AS (
      SELECT product_id, location_id, sum(on_hand_delta)::int AS on_hand, sum(reserved_delta)::int AS reserved
        FROM stock_movements GROUP BY product_id, location_id
    )
    SELECT coalesce(b.product_id, s.product_id)::text AS "productId", coalesce(b.location_id, s.location_id)::text AS "locationId",
           coalesce(b.on_hand, 0) AS "onHand", coalesce(b.reserved, 0) AS reserved,
           coalesce(s.on_hand, 0) AS "movementsOnHand", coalesce(s.reserved, 0) AS "movementsReserved"
      FROM stock_balances b
      FULL JOIN sums s ON s.product_id = b.product_id AND s.location_id = b.location_id
     WHERE coalesce(b.on_hand, 0) <> coalesce(s.on_hand, 0) OR coalesce(b.reserved, 0) <> coalesce(s.reserved, 0)`.execute(db);
  return result.rows;
}
