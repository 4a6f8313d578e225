import { sql } from 'kysely';
import type { Db } from '../store/index.ts';

export interface OrderVersion {
  externalId: string;
  /** The platform update time of the version the hub holds (ISO). */
  updatedAt: string;
  platformStatus: string;
  /** Held until a person maps one of its SKUs. */
  unmapped: boolean;
}

/** The version the hub holds of each of these orders of a connection (reconciliation compares it with the channel's). */
export async function orderVersions(db: Db, connectionId: string, externalIds: string[]): Promise<Map<string, OrderVersion>> {
  const out = new Map<string, OrderVersion>();
  for (let i = 0; i < externalIds.length; i += 1000) {
    const rows = await db.selectFrom('orders')
      .select(['external_id', 'platform_updated_at', 'platform_status', sql<boolean>`'UNMAPPED_SKU' = any(flags)`.as('unmapped')])
      .where('connection_id', '=', connectionId).where('external_id', 'in', externalIds.slice(i, i + 1000)).execute();
    for (const r of rows) {
      out.set(r.external_id, { externalId: r.external_id, updatedAt: r.platform_updated_at.toISOString(), platformStatus: r.platform_status, unmapped: r.unmapped === true });
    }
  }
  return out;
}
