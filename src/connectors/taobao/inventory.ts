/**
 * Taobao stock: a listing is an item (num_iid) or one of its SKUs (sku_id). Quantities are set with
 * taobao.item.quantity.update and read with taobao.item.seller.get.
 */
import { countOf, idOf, optionalIdOf, recordOf, textOf, type JsonRecord } from '../payload.ts';
import type { ConnectionContext, ListingRef, StockAck } from '../types.ts';
import { callTop, totalResultsOf } from './client.ts';
import { topListOf } from './order.ts';

/** items.onsale.get serves at most 200 items a page. */
export const ONSALE_PAGE_SIZE = 200;

/** Sets the quantity of each listing: type=1 is a full (absolute) update, so a retry is harmless. */
export async function pushTaobaoStock(ctx: ConnectionContext, updates: { listing: ListingRef; qty: number }[]): Promise<StockAck[]> {
  const acks: StockAck[] = [];
  for (const { listing, qty } of updates) {
    const reply = await callTop(ctx, 'taobao.item.quantity.update', {
      num_iid: listing.platformItemId,
      sku_id: listing.platformVariantId ?? undefined,
      quantity: qty,
      type: 1,
    });
    const item = recordOf(reply.item, 'item');
    acks.push({ listing, qty, acknowledgedQty: quantityOf(item, listing), raw: reply });
  }
  return acks;
}

/** The quantity an item reply shows for a listing: its SKU's quantity, or the item's num when it has no SKU. */
function quantityOf(item: JsonRecord, listing: ListingRef): number | null {
  if (listing.platformVariantId === null) return item.num === undefined ? null : countOf(item.num, 'item.num');
  const sku = topListOf(item, 'skus', 'sku').map((s, i) => recordOf(s, `skus.sku[${i}]`))
    .find((s) => optionalIdOf(s.sku_id) === listing.platformVariantId);
  return sku?.quantity === undefined ? null : countOf(sku.quantity, 'sku.quantity');
}

/** Every item on sale, one ListingRef per SKU (or one for an item without SKUs). */
export async function* listTaobaoListings(ctx: ConnectionContext): AsyncIterable<ListingRef[]> {
  for (let page = 1, lastPage = 1; page <= lastPage; page += 1) {
    const reply = await callTop(ctx, 'taobao.items.onsale.get', {
      fields: 'num_iid,outer_id', page_no: page, page_size: ONSALE_PAGE_SIZE,
      // Oldest listed first, so an item listed while we page lands on the last page, not before the current one.
      order_by: 'list_time:asc',
    });
    lastPage = Math.ceil(totalResultsOf(reply) / ONSALE_PAGE_SIZE);
    const refs: ListingRef[] = [];
    for (const [i, summary] of topListOf(reply, 'items', 'item').entries()) {
      refs.push(...listingsOf(await sellerItem(ctx, idOf(recordOf(summary, `items.item[${i}]`).num_iid, 'num_iid'))));
    }
    yield refs;
  }
}

async function sellerItem(ctx: ConnectionContext, numIid: string): Promise<JsonRecord> {
  const reply = await callTop(ctx, 'taobao.item.seller.get', { fields: 'num_iid,outer_id,num,sku', num_iid: numIid });
  return recordOf(reply.item, `item ${numIid}`);
}

/**
 * A SKU's seller code is its own outer_id; the item's outer_id stands only for an item without SKUs
 * (on a multi-SKU item it names the item, and would map every SKU to one stock unit).
 */
function listingsOf(item: JsonRecord): ListingRef[] {
  const numIid = idOf(item.num_iid, 'num_iid');
  const skus = topListOf(item, 'skus', 'sku').map((s, i) => recordOf(s, `skus.sku[${i}]`));
  if (skus.length === 0) return [{ platformItemId: numIid, platformVariantId: null, platformLocationId: null, sellerSku: textOf(item.outer_id) ?? '' }];
  return skus.map((sku) => ({
    platformItemId: numIid, platformVariantId: idOf(sku.sku_id, 'sku_id'), platformLocationId: null, sellerSku: textOf(sku.outer_id) ?? '',
  }));
}

/** What Taobao shows, one item.seller.get per item; a SKU the item no longer has is left out. */
export async function readTaobaoStock(ctx: ConnectionContext, listings: ListingRef[]): Promise<{ listing: ListingRef; qty: number }[]> {
  const items = new Map<string, JsonRecord>();
  const found: { listing: ListingRef; qty: number }[] = [];
  for (const listing of listings) {
    let item = items.get(listing.platformItemId);
    if (!item) {
      item = await sellerItem(ctx, listing.platformItemId);
      items.set(listing.platformItemId, item);
    }
    const qty = quantityOf(item, listing);
    if (qty !== null) found.push({ listing, qty });
  }
  return found;
}
