/**
 * Shopify stock through REST inventory levels. A variant's stock lives on its inventory item at a
 * location, so a listing is (inventory_item_id, location_id) with the variant for display.
 */
import { credentialOf } from '../credentials.ts';
import { arrayOf, countOf, idOf, jsonIdOf, optionalIdOf, recordOf, textOf } from '../payload.ts';
import type { ConnectionContext, ListingRef, StockAck } from '../types.ts';
import { shopifyCall, shopifyPages, SHOPIFY_PAGE_LIMIT } from './rest.ts';

/** inventory_levels.json takes a list of item ids; 50 keeps the URL short and one page of levels per location. */
export const INVENTORY_ITEMS_PER_CALL = 50;

/**
 * Sets the available quantity of each listing (inventory_levels/set.json). Shopify REST has no batch
 * form, so one call per listing; each is an absolute set, so a retried batch is harmless.
 */
export async function pushShopifyStock(ctx: ConnectionContext, updates: { listing: ListingRef; qty: number }[]): Promise<StockAck[]> {
  const acks: StockAck[] = [];
  for (const { listing, qty } of updates) {
    const reply = await shopifyCall(ctx, 'inventory_levels/set.json', {
      method: 'POST',
      json: {
        location_id: jsonIdOf(listing.platformLocationId ?? credentialOf(ctx, 'locationId'), 'location id'),
        inventory_item_id: jsonIdOf(listing.platformItemId, 'inventory item id'),
        available: qty,
      },
    });
    const level = recordOf(recordOf(reply.body, 'response').inventory_level, 'inventory_level');
    const available = level.available === null || level.available === undefined ? null : countOf(level.available, 'available');
    acks.push({ listing, qty, acknowledgedQty: available, raw: reply.body });
  }
  return acks;
}

/** Every variant of every product, at the connection's location (credentials.locationId). */
export async function* listShopifyListings(ctx: ConnectionContext): AsyncIterable<ListingRef[]> {
  const locationId = credentialOf(ctx, 'locationId');
  const filters = new URLSearchParams({ limit: String(SHOPIFY_PAGE_LIMIT) });
  for await (const products of shopifyPages(ctx, 'products.json', 'products', filters)) {
    const refs: ListingRef[] = [];
    for (const [p, product] of products.entries()) {
      const variants = arrayOf(recordOf(product, `products[${p}]`).variants, `products[${p}].variants`);
      for (const [v, value] of variants.entries()) {
        const variant = recordOf(value, `products[${p}].variants[${v}]`);
        refs.push({
          platformItemId: idOf(variant.inventory_item_id, `products[${p}].variants[${v}].inventory_item_id`),
          platformVariantId: optionalIdOf(variant.id),
          platformLocationId: locationId,
          sellerSku: textOf(variant.sku) ?? '',
        });
      }
    }
    yield refs;
  }
}

/**
 * What Shopify shows as available. A listing with no level at its location, or an untracked one
 * (available null), has nothing to compare and is left out.
 */
export async function readShopifyStock(ctx: ConnectionContext, listings: ListingRef[]): Promise<{ listing: ListingRef; qty: number }[]> {
  const found: { listing: ListingRef; qty: number }[] = [];
  for (const [locationId, group] of groupByLocation(ctx, listings)) {
    for (let start = 0; start < group.length; start += INVENTORY_ITEMS_PER_CALL) {
      const chunk = group.slice(start, start + INVENTORY_ITEMS_PER_CALL);
      const available = await levelsAt(ctx, locationId, chunk.map((l) => l.platformItemId));
      for (const listing of chunk) {
        const qty = available.get(listing.platformItemId);
        if (qty !== undefined) found.push({ listing, qty });
      }
    }
  }
  return found;
}

function groupByLocation(ctx: ConnectionContext, listings: ListingRef[]): Map<string, ListingRef[]> {
  const groups = new Map<string, ListingRef[]>();
  for (const listing of listings) {
    const locationId = listing.platformLocationId ?? credentialOf(ctx, 'locationId');
    const group = groups.get(locationId);
    if (group) group.push(listing);
    else groups.set(locationId, [listing]);
  }
  return groups;
}

async function levelsAt(ctx: ConnectionContext, locationId: string, itemIds: string[]): Promise<Map<string, number>> {
  const query = new URLSearchParams({ inventory_item_ids: itemIds.join(','), location_ids: locationId, limit: String(SHOPIFY_PAGE_LIMIT) });
  const available = new Map<string, number>();
  for await (const levels of shopifyPages(ctx, 'inventory_levels.json', 'inventory_levels', query)) {
    for (const [i, value] of levels.entries()) {
      const level = recordOf(value, `inventory_levels[${i}]`);
      if (level.available === null || idOf(level.location_id, 'location_id') !== locationId) continue;
      available.set(idOf(level.inventory_item_id, 'inventory_item_id'), countOf(level.available, 'available'));
    }
  }
  return available;
}
