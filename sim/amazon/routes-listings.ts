/**
 * Listings Items 2021-08-01 (listingsItems_2021-08-01.json): searchListingsItems, getListingsItem and
 * patchListingsItem. A listing is keyed by seller SKU; its MFN quantity is the fulfillment_availability
 * attribute with fulfillment_channel_code DEFAULT. A patch answers ACCEPTED (on Amazon: queued and
 * applied within minutes; here: applied at once) or INVALID with issues.
 */
import { jsonResponse, type Router, type SimRequest, type SimResponse } from '../common/http.ts';
import { formatCents } from '../common/catalog.ts';
import { spError, unauthorized } from './errors.ts';
import { addOperation, readJsonBody } from './gate.ts';
import { amazonTime } from './order-json.ts';
import type { Listing } from './store.ts';
import type { AmazonWorld } from './world.ts';

const BASE = '/listings/2021-08-01/items/:sellerId';
const MAX_PAGE_SIZE = 20;
const DEFAULT_PAGE_SIZE = 10;
const SORTS: Record<string, (l: Listing) => string | number> = { sku: (l) => l.sku, createdDate: (l) => l.createdMs, lastUpdatedDate: (l) => l.updatedMs };

const badRequest = (message: string) => spError(400, 'BAD_REQUEST', message, message);

export function addListingRoutes(router: Router, world: () => AmazonWorld): void {
  addOperation(router, 'searchListingsItems', 'GET', BASE, (req) => guarded(world(), req, searchListings));
  addOperation(router, 'getListingsItem', 'GET', `${BASE}/:sku`, (req) => guarded(world(), req, (w, r) => withListing(w, r, (listing) =>
    jsonResponse(200, itemJson(listing, w, includedData(r, ['summaries']))))));
  addOperation(router, 'patchListingsItem', 'PATCH', `${BASE}/:sku`, (req) => guarded(world(), req, (w, r) => withListing(w, r, (listing) => patchListing(w, r, listing))));
}

/** The seller must be the token's seller and the marketplace the seller's. */
function guarded(w: AmazonWorld, req: SimRequest, handle: (w: AmazonWorld, req: SimRequest) => SimResponse): SimResponse {
  if (req.params.sellerId !== w.settings.credentials.sellerId) return unauthorized('');
  const marketplaces = req.query.get('marketplaceIds');
  if (!marketplaces) return badRequest('marketplaceIds is required.');
  if (marketplaces !== w.market.marketplaceId) return badRequest(`Invalid marketplaceIds: ${marketplaces}`);
  return handle(w, req);
}

function withListing(w: AmazonWorld, req: SimRequest, handle: (listing: Listing) => SimResponse): SimResponse {
  const sku = decodeURIComponent(req.params.sku ?? '');
  const listing = w.store.listing(sku);
  if (!listing) return spError(404, 'NOT_FOUND', `SKU '${sku}' not found in marketplace ${w.market.marketplaceId}`);
  return handle(listing);
}

function includedData(req: SimRequest, fallback: string[]): Set<string> {
  const asked = req.query.get('includedData');
  return new Set(asked ? asked.split(',') : fallback);
}

function itemJson(listing: Listing, w: AmazonWorld, data: Set<string>): Record<string, unknown> {
  const marketplaceId = w.market.marketplaceId;
  const item: Record<string, unknown> = { sku: listing.sku };
  if (data.has('summaries')) {
    item.summaries = [{
      marketplaceId, asin: listing.asin, productType: listing.productType, conditionType: 'new_new',
      status: listing.qty > 0 ? ['BUYABLE', 'DISCOVERABLE'] : ['DISCOVERABLE'], itemName: listing.title,
      createdDate: amazonTime(listing.createdMs), lastUpdatedDate: amazonTime(listing.updatedMs),
    }];
  }
  if (data.has('attributes')) {
    item.attributes = {
      item_name: [{ value: listing.title, language_tag: 'en_US', marketplace_id: marketplaceId }],
      fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: listing.qty }],
    };
  }
  if (data.has('offers')) item.offers = [{ marketplaceId, offerType: 'B2C', price: { currencyCode: w.market.currency, amount: formatCents(listing.priceCents) } }];
  if (data.has('fulfillmentAvailability')) item.fulfillmentAvailability = [{ fulfillmentChannelCode: 'DEFAULT', quantity: listing.qty }];
  if (data.has('issues')) item.issues = [];
  return item;
}

interface PageToken {
  offset: number;
}

function searchListings(w: AmazonWorld, req: SimRequest): SimResponse {
  const pageSize = Number(req.query.get('pageSize') ?? DEFAULT_PAGE_SIZE);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) return badRequest(`pageSize must be 1 - ${MAX_PAGE_SIZE}.`);
  const sortBy = req.query.get('sortBy') ?? 'lastUpdatedDate';
  const sortOrder = req.query.get('sortOrder') ?? 'DESC';
  const key = SORTS[sortBy];
  if (!key || (sortOrder !== 'ASC' && sortOrder !== 'DESC')) return badRequest('Invalid sortBy or sortOrder.');
  const token = req.query.get('pageToken');
  const offset = token === null ? 0 : decodePageToken(token)?.offset;
  if (offset === undefined) return badRequest('Invalid pageToken.');
  const sign = sortOrder === 'ASC' ? 1 : -1;
  const sorted = [...w.store.listings].sort((a, b) => (key(a) < key(b) ? -sign : key(a) > key(b) ? sign : a.sku < b.sku ? -1 : 1));
  const page = sorted.slice(offset, offset + pageSize);
  const data = includedData(req, ['summaries']);
  const pagination: Record<string, string> = {};
  if (offset + pageSize < sorted.length) pagination.nextToken = encodePageToken({ offset: offset + pageSize });
  if (offset > 0) pagination.previousToken = encodePageToken({ offset: Math.max(0, offset - pageSize) });
  return jsonResponse(200, {
    numberOfResults: sorted.length,
    ...(Object.keys(pagination).length > 0 ? { pagination } : {}),
    items: page.map((listing) => itemJson(listing, w, data)),
  });
}

function patchListing(w: AmazonWorld, req: SimRequest, listing: Listing): SimResponse {
  const read = readJsonBody(req);
  if ('refused' in read) return read.refused;
  const { productType, patches } = read.body;
  if (typeof productType !== 'string' || productType === '') return badRequest('productType is required.');
  if (!Array.isArray(patches) || patches.length === 0) return badRequest('patches must have at least one operation.');
  const submissionId = w.requestIds.uuid();
  let quantity: number | null = null;
  for (const patch of patches as unknown[]) {
    const { op, path, value } = (patch ?? {}) as { op?: unknown; path?: unknown; value?: unknown };
    if (!['add', 'replace', 'merge', 'delete'].includes(String(op)) || typeof path !== 'string') return badRequest('Each patch needs op (add, replace, merge or delete) and path.');
    if (path !== '/attributes/fulfillment_availability' || op === 'delete') continue;
    const entry = Array.isArray(value) ? (value as { fulfillment_channel_code?: unknown; quantity?: unknown }[]).find((v) => v?.fulfillment_channel_code === 'DEFAULT') : undefined;
    const qty = entry?.quantity;
    if (typeof qty !== 'number' || !Number.isInteger(qty) || qty < 0) {
      return jsonResponse(200, { sku: listing.sku, status: 'INVALID', submissionId, issues: [{
        code: '90244', message: "The value provided for 'quantity' in 'fulfillment_availability' is invalid.", severity: 'ERROR', attributeNames: ['fulfillment_availability'],
      }] });
    }
    quantity = qty;
  }
  if (quantity !== null) {
    listing.qty = quantity;
    listing.updatedMs = Date.now();
  }
  return jsonResponse(200, { sku: listing.sku, status: 'ACCEPTED', submissionId, issues: [] });
}

function encodePageToken(token: PageToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodePageToken(token: string): PageToken | null {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown };
    return typeof value.offset === 'number' && Number.isInteger(value.offset) && value.offset >= 0 ? { offset: value.offset } : null;
  } catch {
    return null;
  }
}
