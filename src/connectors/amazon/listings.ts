/**
 * Amazon MFN stock through the Listings Items API 2021-08-01. A listing is keyed by seller SKU
 * (ListingRef.platformItemId) and shows its ASIN (platformVariantId); its quantity is the
 * fulfillment_availability attribute with fulfillment_channel_code DEFAULT (FBA listings have none).
 */
import { credentialOf } from '../credentials.ts';
import { retryingRead } from '../http.ts';
import { arrayOf, countOf, isRecord, recordOf, requiredTextOf, textOf } from '../payload.ts';
import { PlatformError, type ConnectionContext, type ListingRef, type StockAck } from '../types.ts';
import { spCall } from './client.ts';

/** searchListingsItems serves at most 20 a page. */
export const LISTINGS_PAGE_SIZE = 20;
/**
 * The product type a patch names. Only fulfillment_availability is patched, an offer attribute;
 * "PRODUCT" stands for any product type there [unconfirmed: taken from listing-feed practice; the
 * listing's real type from searchListingsItems summaries would be the safe alternative].
 */
export const STOCK_PATCH_PRODUCT_TYPE = 'PRODUCT';

const itemsPath = (sellerId: string) => `/listings/2021-08-01/items/${encodeURIComponent(sellerId)}`;
const itemPath = (sellerId: string, sku: string) => `${itemsPath(sellerId)}/${encodeURIComponent(sku)}`;

/** The patchListingsItem body that sets the MFN quantity (the PATCH message of JSON_LISTINGS_FEED has the same patches). */
export function stockPatchOf(qty: number): { productType: string; patches: { op: 'replace'; path: string; value: { fulfillment_channel_code: 'DEFAULT'; quantity: number }[] }[] } {
  return {
    productType: STOCK_PATCH_PRODUCT_TYPE,
    patches: [{ op: 'replace', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: qty }] }],
  };
}

/**
 * The MFN (DEFAULT channel) quantity in a fulfillment availability list: attribute style
 * ({fulfillment_channel_code, quantity}) or includedData style ({fulfillmentChannelCode, quantity}).
 * Null when there is no DEFAULT entry (FBA-only listing) or it has no quantity.
 */
export function defaultChannelQuantity(entries: unknown): number | null {
  for (const entry of arrayOf(entries, 'fulfillment availability')) {
    if (!isRecord(entry)) continue;
    const channel = textOf(entry.fulfillment_channel_code) ?? textOf(entry.fulfillmentChannelCode);
    if (channel === 'DEFAULT' && entry.quantity !== undefined && entry.quantity !== null) return countOf(entry.quantity, 'quantity');
  }
  return null;
}

/**
 * One patchListingsItem per listing (the Listings Items API has no batch form; the Feeds API would,
 * but reports back minutes later). Each sets an absolute quantity, so a retry is harmless. ACCEPTED
 * means queued: Amazon does not say what it now shows, so acknowledgedQty stays null.
 */
export async function pushAmazonStock(ctx: ConnectionContext, updates: { listing: ListingRef; qty: number }[]): Promise<StockAck[]> {
  const sellerId = credentialOf(ctx, 'sellerId');
  const query = new URLSearchParams({ marketplaceIds: credentialOf(ctx, 'marketplaceId') });
  const acks: StockAck[] = [];
  for (const { listing, qty } of updates) {
    const reply = await spCall(ctx, 'patchListingsItem', itemPath(sellerId, listing.platformItemId), { method: 'PATCH', query, json: stockPatchOf(qty) });
    const body = recordOf(reply.body, 'patchListingsItem response');
    const errors = arrayOf(body.issues, 'issues').filter((issue) => isRecord(issue) && issue.severity === 'ERROR');
    if (body.status !== 'ACCEPTED' || errors.length > 0) {
      throw new PlatformError('permanent', `patchListingsItem ${listing.platformItemId}: ${String(body.status)}: ${JSON.stringify(errors).slice(0, 500)}`, null, textOf(body.status));
    }
    acks.push({ listing, qty, acknowledgedQty: null, raw: body });
  }
  return acks;
}

/**
 * Every listing of the seller in the connection's marketplace. Sorted by SKU, not by the default
 * lastUpdatedDate: a stock push while we page changes a listing's update date, and would move it
 * past the cursor (seen twice) or before it (never seen).
 */
export async function* listAmazonListings(ctx: ConnectionContext): AsyncIterable<ListingRef[]> {
  const marketplaceId = credentialOf(ctx, 'marketplaceId');
  const query = new URLSearchParams({
    marketplaceIds: marketplaceId, includedData: 'summaries,fulfillmentAvailability',
    pageSize: String(LISTINGS_PAGE_SIZE), sortBy: 'sku', sortOrder: 'ASC',
  });
  for (;;) {
    const pageQuery = new URLSearchParams(query);
    const reply = await retryingRead(() => spCall(ctx, 'searchListingsItems', itemsPath(credentialOf(ctx, 'sellerId')), { query: pageQuery }));
    const body = recordOf(reply.body, 'searchListingsItems response');
    yield arrayOf(body.items, 'items').map((value, i) => listingOf(recordOf(value, `items[${i}]`), marketplaceId, i));
    const next = isRecord(body.pagination) ? textOf(body.pagination.nextToken) : null;
    if (next === null) return;
    query.set('pageToken', next);
  }
}

function listingOf(item: Record<string, unknown>, marketplaceId: string, index: number): ListingRef {
  const sku = requiredTextOf(item.sku, `items[${index}].sku`);
  const summaries = arrayOf(item.summaries, `items[${index}].summaries`).filter(isRecord);
  const summary = summaries.find((s) => s.marketplaceId === marketplaceId) ?? summaries[0];
  return { platformItemId: sku, platformVariantId: textOf(summary?.asin), platformLocationId: null, sellerSku: sku };
}

/** What Amazon shows, one getListingsItem per listing; a listing gone (404) or without an MFN quantity is left out. */
export async function readAmazonStock(ctx: ConnectionContext, listings: ListingRef[]): Promise<{ listing: ListingRef; qty: number }[]> {
  const sellerId = credentialOf(ctx, 'sellerId');
  const query = new URLSearchParams({ marketplaceIds: credentialOf(ctx, 'marketplaceId'), includedData: 'fulfillmentAvailability' });
  const found: { listing: ListingRef; qty: number }[] = [];
  for (const listing of listings) {
    let body: unknown;
    try {
      body = (await retryingRead(() => spCall(ctx, 'getListingsItem', itemPath(sellerId, listing.platformItemId), { query }))).body;
    } catch (err) {
      if (err instanceof PlatformError && err.platformCode === '404') continue;
      throw err;
    }
    const qty = defaultChannelQuantity(recordOf(body, 'getListingsItem response').fulfillmentAvailability);
    if (qty !== null) found.push({ listing, qty });
  }
  return found;
}
