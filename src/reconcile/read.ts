/**
 * What each side says, read for one pass: the channel through its connector (over the connection's
 * rate-limited fetch, so the platform's buckets are shared with pulls and pushes), the hub through the
 * orders, channels, inventory and sync modules' functions.
 */
import { effectiveRule, publishedQuantity, type ChannelService, type Connection, type Listing } from '../channels/index.ts';
import type { ConnectionContext, Connector, ListingRef, RawRecord } from '../connectors/types.ts';
import type { InventoryService } from '../inventory/index.ts';
import { orderVersions, type OrderVersion } from '../orders/index.ts';
import type { Db } from '../store/index.ts';
import { pushesInFlight } from '../sync/index.ts';
import type { ChannelOrderVersion, HubListingView } from './compare.ts';

export interface ChannelOrders {
  versions: ChannelOrderVersion[];
  /** The records read in full, by external id: what a repair stores in the inbox. */
  records: Map<string, RawRecord>;
}

const later = (a: string | null, b: string | null) => (Date.parse(a ?? '') || 0) > (Date.parse(b ?? '') || 0);

/**
 * Orders updated in the window as the channel lists them. A connector that asks which versions the
 * hub holds before fetching details (Taobao, Amazon) is answered from the hub's orders, so a pass
 * over a window of orders the hub has costs one list call, not one call per order; those versions
 * are compared on their update time alone.
 */
export async function readChannelOrders(db: Db, connectionId: string, connector: Connector, ctx: ConnectionContext, window: { from: Date; to: Date }): Promise<ChannelOrders> {
  const versions = new Map<string, ChannelOrderVersion>();
  const records = new Map<string, RawRecord>();
  const keep = (v: ChannelOrderVersion) => {
    const seen = versions.get(v.externalId);
    if (!seen || later(v.updatedAt, seen.updatedAt) || (v.updatedAt === seen.updatedAt && v.platformStatus !== null)) versions.set(v.externalId, v);
  };
  const alreadyHeld = async (asked: { externalId: string; updatedAt: string }[]) => {
    const hub = await orderVersions(db, connectionId, asked.map((v) => v.externalId));
    const held = asked.filter((v) => {
      const h = hub.get(v.externalId);
      return h !== undefined && v.updatedAt !== '' && !later(v.updatedAt, h.updatedAt);
    });
    for (const v of held) keep({ externalId: v.externalId, updatedAt: v.updatedAt, platformStatus: null });
    return new Set(held.map((v) => v.externalId));
  };
  for (let from = window.from; from < window.to;) {
    const to = new Date(Math.min(window.to.getTime(), from.getTime() + connector.maxPullWindowMs));
    for await (const page of connector.pullOrders(ctx, { from, to, alreadyHeld })) {
      for (const record of page) {
        const version = versionOf(connector, record);
        keep(version);
        if (versions.get(record.externalId) === version) records.set(record.externalId, record);
      }
    }
    from = to;
  }
  return { versions: [...versions.values()], records };
}

/** A record's version in the platform's words; one the connector cannot read still counts, without a status. */
function versionOf(connector: Connector, record: RawRecord): ChannelOrderVersion {
  try {
    const order = connector.parseOrder(record);
    return { externalId: record.externalId, updatedAt: record.updatedAt ?? order.updatedAt, platformStatus: order.platformStatus };
  } catch {
    return { externalId: record.externalId, updatedAt: record.updatedAt, platformStatus: null };
  }
}

export function hubOrders(db: Db, connectionId: string, externalIds: string[]): Promise<Map<string, OrderVersion>> {
  return orderVersions(db, connectionId, externalIds);
}

const refKey = (l: ListingRef) => `${l.platformItemId}|${l.platformVariantId ?? ''}|${l.platformLocationId ?? ''}`;

/** What the channel shows on each of these listings, by the hub's listing id. */
export async function readChannelStock(connector: Connector, ctx: ConnectionContext, listings: Listing[]): Promise<Map<string, number>> {
  const idOf = new Map(listings.map((l) => [refKey(l), l.id]));
  const shown = new Map<string, number>();
  for (let i = 0; i < listings.length; i += 100) {
    for (const r of await connector.readStock(ctx, listings.slice(i, i + 100))) {
      const id = idOf.get(refKey(r.listing));
      if (id !== undefined) shown.set(id, r.qty);
    }
  }
  return shown;
}

export interface ListingSnapshot {
  listings: Listing[];
  inFlight: Set<string>;
}

export async function listingSnapshot(db: Db, channels: Pick<ChannelService, 'listListings'>, connectionId: string): Promise<ListingSnapshot> {
  const listings = await channels.listListings(connectionId);
  return { listings, inFlight: await pushesInFlight(db, listings.map((l) => l.id)) };
}

/**
 * The hub's side of each listing, from snapshots taken before and after the channel was read: a push
 * queued or acknowledged in between is in flight, not drift.
 */
export async function hubListingViews(inventory: Pick<InventoryService, 'stockOf'>, connection: Connection, before: ListingSnapshot, after: ListingSnapshot): Promise<HubListingView[]> {
  const pushedBefore = new Map(before.listings.map((l) => [l.id, l.lastPushedAt]));
  const views: HubListingView[] = [];
  for (const l of after.listings) {
    let publishes: number | null = null;
    if (l.sku) {
      const level = await inventory.stockOf(l.sku);
      if (level.ok) publishes = publishedQuantity(level.value.available, effectiveRule(connection.allocation, l.allocation));
    }
    const pushInFlight = before.inFlight.has(l.id) || after.inFlight.has(l.id) || pushedBefore.get(l.id) !== l.lastPushedAt;
    views.push({ listingId: l.id, mapped: l.sku !== null, lastPushedQty: l.lastPushedQty, publishes, pushInFlight });
  }
  return views;
}
