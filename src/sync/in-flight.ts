import type { Db } from '../store/index.ts';

/** Listings with a stock push queued or running: the hub's own change is on its way to the channel. */
export async function pushesInFlight(db: Db, listingIds: string[]): Promise<Set<string>> {
  if (listingIds.length === 0) return new Set();
  const rows = await db.selectFrom('jobs').select('dedupe_key').where('kind', '=', 'push_stock')
    .where('status', 'in', ['pending', 'running']).where('dedupe_key', 'in', listingIds.map((id) => `push_stock:${id}`)).execute();
  return new Set(rows.map((r) => r.dedupe_key!.slice('push_stock:'.length)));
}
