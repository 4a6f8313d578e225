import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { jsonResponse, stubContext, stubFetch, type RecordedRequest, type StubHandler } from '../fetch-stub.ts';
import { PlatformError, type CanonicalOrder, type ListingRef, type RawRecord } from '../types.ts';
import { shopifyConnector } from './index.ts';

const fixtures = new URL('../../../../shared/fixtures/platforms/shopify/', import.meta.url);
const fixture = (name: string) => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8'));
const credentials = { accessToken: 'shpat_test', apiSecret: 'secret', apiVersion: '2026-07', locationId: '655441491' };
const base = 'https://jsmith.myshopify.com';

function connect(handler: StubHandler) {
  const stub = stubFetch(handler);
  return { ctx: stubContext(stub.fetch, credentials, base), requests: stub.requests };
}

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const all: T[][] = [];
  for await (const page of pages) all.push(page);
  return all;
}

const order = (id: number) => ({ id, updated_at: '2025-04-02T11:00:00-05:00' });
const queryOf = (r: RecordedRequest | undefined) => Object.fromEntries(r?.url.searchParams ?? []);

test('the order pull follows next links with page_info and limit only, and stops after the last page', async () => {
  const next = `${base}/admin/api/2026-07/orders.json?limit=250&page_info=P2`;
  const { ctx, requests } = connect((r) => r.url.searchParams.has('page_info')
    ? jsonResponse({ orders: [order(2)] }, { headers: { link: `<${base}/admin/api/2026-07/orders.json?limit=250&page_info=P1>; rel="previous"` } })
    : jsonResponse({ orders: [order(1)] }, { headers: { link: `<${next}>; rel="next"` } }));
  const window = { from: new Date('2025-04-01T00:00:00Z'), to: new Date('2025-04-02T00:00:00Z') };
  const pages = await collect(shopifyConnector.pullOrders(ctx, window));
  assert.deepEqual(pages.map((p) => p.map((r: RawRecord) => [r.externalId, r.topic, r.updatedAt])), [
    [['1', 'orders/pull', '2025-04-02T11:00:00-05:00']], [['2', 'orders/pull', '2025-04-02T11:00:00-05:00']],
  ]);
  assert.equal(requests.length, 2);
  assert.equal(requests[0]?.url.pathname, '/admin/api/2026-07/orders.json');
  assert.deepEqual(queryOf(requests[0]), { status: 'any', updated_at_min: '2025-04-01T00:00:00.000Z', updated_at_max: '2025-04-02T00:00:00.000Z', limit: '250' });
  assert.deepEqual(queryOf(requests[1]), { limit: '250', page_info: 'P2' });
  assert.ok(requests.every((r) => r.headers.get('x-shopify-access-token') === 'shpat_test'));
});

test('a pull answered 429 with Retry-After "2.0" fails as rate_limited for 2000 ms', async () => {
  const { ctx } = connect(() => jsonResponse({ errors: 'Exceeded 2 calls per second for api client.' }, { status: 429, headers: { 'retry-after': '2.0' } }));
  const err = await collect(shopifyConnector.pullOrders(ctx, { from: new Date(0), to: new Date(1000) })).catch((e: unknown) => e);
  assert.ok(err instanceof PlatformError);
  assert.equal(err.kind, 'rate_limited');
  assert.equal(err.retryAfterMs, 2000);
});

test('a stock push sets the available quantity per listing and returns what Shopify answered', async () => {
  const set = fixture('rest.inventory_levels.json').set;
  const { ctx, requests } = connect(() => jsonResponse(set.response));
  const listing: ListingRef = { platformItemId: '808950810', platformVariantId: '39072856', platformLocationId: '655441491', sellerSku: 'IPOD2008GREEN' };
  const [ack] = await shopifyConnector.pushStock(ctx, [{ listing, qty: 42 }]);
  assert.equal(requests[0]?.method, 'POST');
  assert.equal(requests[0]?.url.pathname, set.request.path);
  assert.deepEqual(JSON.parse(requests[0]?.body ?? ''), set.request.body);
  assert.equal(ack?.acknowledgedQty, 42);
});

test('a listing id beyond 2^53 is sent as a bare integer', async () => {
  const { ctx, requests } = connect(() => jsonResponse('{"inventory_level":{"inventory_item_id":820982911946154508,"location_id":655441491,"available":3}}'));
  const listing: ListingRef = { platformItemId: '820982911946154508', platformVariantId: null, platformLocationId: '655441491', sellerSku: 'X' };
  await shopifyConnector.pushStock(ctx, [{ listing, qty: 3 }]);
  assert.equal(requests[0]?.body, '{"location_id":655441491,"inventory_item_id":820982911946154508,"available":3}');
});

test('reading stock asks for the listed items at their location, 50 items a call', async () => {
  const list = fixture('rest.inventory_levels.json').list;
  const { ctx, requests } = connect(() => jsonResponse(list.response));
  const listing = (item: string): ListingRef => ({ platformItemId: item, platformVariantId: null, platformLocationId: '655441491', sellerSku: item });
  const levels = await shopifyConnector.readStock(ctx, [listing('808950810'), listing('39072856')]);
  assert.deepEqual(levels.map((l) => [l.listing.platformItemId, l.qty]), [['808950810', 1], ['39072856', 3]]);
  assert.deepEqual(queryOf(requests[0]), { inventory_item_ids: '808950810,39072856', location_ids: '655441491', limit: '250' });
  const many = Array.from({ length: 120 }, (_, i) => listing(String(1000 + i)));
  const counted = connect(() => jsonResponse({ inventory_levels: [] }));
  await shopifyConnector.readStock(counted.ctx, many);
  assert.deepEqual(counted.requests.map((r) => r.url.searchParams.get('inventory_item_ids')?.split(',').length), [50, 50, 20]);
});

test('listings are every variant of every product, keyed by inventory item at the connection location', async () => {
  const products = { products: [{ id: 632910392, variants: [
    { id: 39072856, product_id: 632910392, sku: 'IPOD2008GREEN', inventory_item_id: 39072856 },
    { id: 808950810, product_id: 632910392, sku: '', inventory_item_id: 808950810 },
  ] }] };
  const { ctx, requests } = connect(() => jsonResponse(products));
  const pages = await collect(shopifyConnector.listListings(ctx));
  assert.deepEqual(pages, [[
    { platformItemId: '39072856', platformVariantId: '39072856', platformLocationId: '655441491', sellerSku: 'IPOD2008GREEN' },
    { platformItemId: '808950810', platformVariantId: '808950810', platformLocationId: '655441491', sellerSku: '' },
  ]]);
  assert.equal(requests[0]?.url.pathname, '/admin/api/2026-07/products.json');
  assert.deepEqual(queryOf(requests[0]), { limit: '250' });
});

const orderToShip = { externalId: '450789469', lines: [{ externalLineId: '518995019', qty: 1 }] } as unknown as CanonicalOrder;

test('a fulfilment names the open fulfillment order lines of the shipped order lines, with tracking', async () => {
  const { fulfillment_orders_for_order: listed, create_fulfillment: created } = fixture('rest.fulfillment.json');
  const { ctx, requests } = connect((r) => jsonResponse(r.method === 'GET' ? listed.response : created.response));
  const result = await shopifyConnector.pushFulfilment(ctx, orderToShip, {
    carrier: 'UPS', trackingNumber: '1Z001985YW99744790', trackingUrl: 'https://www.ups.com/track?tracknum=1Z001985YW99744790',
    lines: [{ externalLineId: '518995019', qty: 1 }],
  });
  assert.equal(requests[0]?.url.pathname, listed.request.path);
  assert.equal(requests[1]?.url.pathname, created.request.path);
  assert.deepEqual(JSON.parse(requests[1]?.body ?? ''), { fulfillment: {
    tracking_info: { number: '1Z001985YW99744790', company: 'UPS', url: 'https://www.ups.com/track?tracknum=1Z001985YW99744790' },
    line_items_by_fulfillment_order: [{ fulfillment_order_id: 1046000780, fulfillment_order_line_items: [{ id: 1072503277, quantity: 1 }] }],
  } });
  assert.equal(result.platformShipmentId, '1069019868');
});

test('a fulfilment with nothing left to fulfil posts nothing and says so', async () => {
  const { fulfillment_orders_for_order: listed } = fixture('rest.fulfillment.json');
  const closed = { fulfillment_orders: listed.response.fulfillment_orders.map((fo: object) => ({ ...fo, status: 'closed' })) };
  const { ctx, requests } = connect(() => jsonResponse(closed));
  const result = await shopifyConnector.pushFulfilment(ctx, orderToShip, { carrier: 'UPS', trackingNumber: '1Z' });
  assert.equal(requests.length, 1);
  assert.equal(result.platformShipmentId, null);
});
