import { sql } from 'kysely';
import type { Db } from '../store/index.ts';

/**
 * Units sold per master SKU among orders placed in [since, until): placed at the platform's creation
 * time where the order carries it, else when the hub first stored it. Cancelled orders sold nothing.
 * Lines not mapped to a product are left out (their SKU is not known yet).
 */
export async function unitsSoldBySku(db: Db, window: { since: Date; until: Date }): Promise<{ sku: string; units: number }[]> {
  const result = await sql<{ sku: string; units: number }>`
    SELECT p.sku, sum(l.qty)::int AS units
      FROM orders o
      JOIN order_lines l ON l.order_id = o.id
      JOIN products p ON p.id = l.product_id
     WHERE coalesce(o.platform_created_at, o.ingested_at) >= ${window.since}
       AND coalesce(o.platform_created_at, o.ingested_at) < ${window.until}
       AND o.status <> 'cancelled'
     GROUP BY p.sku`.execute(db);
  return result.rows;
}
