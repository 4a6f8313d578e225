import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonResponse, stubContext, stubFetch, type RecordedRequest, type StubHandler } from '../fetch-stub.ts';
import { PlatformError, type ListingRef, type RawRecord } from '../types.ts';
import { woocommerceConnector as woo } from './index.ts';

const credentials = { consumerKey: 'ck_1', consumerSecret: 'cs_1', webhookSecret: 'wh' };

function connect(handler: StubHandler, baseUrl = 'http://shop.test') {
  const stub = stubFetch(handler);
  return { ctx: stubContext(stub.fetch, credentials, baseUrl), requests: stub.requests };
}

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const all: T[][] = [];
  for await (const page of pages) all.push(page);
  return all;
}

const errorOf = async (promise: Promise<unknown>) => promise.then(() => assert.fail('expected a PlatformError'), (e: unknown) => {
  assert.ok(e instanceof PlatformError, String(e));
  return e;
});
const simple = (id: number, sku = `S${id}`): ListingRef => ({ platformItemId: String(id), platformVariantId: null, platformLocationId: null, sellerSku: sku });
const variation = (parent: number, id: number): ListingRef => ({ platformItemId: String(parent), platformVariantId: String(id), platformLocationId: null, sellerSku: `V${id}` });
const batchReply = (r: RecordedRequest) => jsonResponse({ update: (JSON.parse(r.body) as { update: { id: number; stock_quantity: number }[] }).update.map((u) => ({ id: u.id, stock_quantity: u.stock_quantity, manage_stock: true })) });

test('over http every call carries OAuth 1.0a in its query; over https, Basic credentials and no OAuth', async () => {
  const plain = connect(batchReply);
  await woo.pushStock(plain.ctx, [{ listing: simple(1), qty: 1 }]);
  const signed = plain.requests[0]!;
  assert.equal(signed.headers.get('authorization'), null);
  assert.deepEqual(['oauth_consumer_key', 'oauth_nonce', 'oauth_signature_method', 'oauth_timestamp', 'oauth_signature'].map((k) => signed.url.searchParams.has(k)), [true, true, true, true, true]);
  assert.equal(signed.url.searchParams.get('oauth_timestamp'), String(Date.parse('2025-04-02T16:00:00Z') / 1000), 'the timestamp comes from the injected clock');
  const secure = connect(batchReply, 'https://shop.test/');
  await woo.pushStock(secure.ctx, [{ listing: simple(1), qty: 1 }]);
  assert.equal(secure.requests[0]!.url.href, 'https://shop.test/wp-json/wc/v3/products/batch');
  assert.equal(secure.requests[0]!.headers.get('authorization'), `Basic ${Buffer.from('ck_1:cs_1').toString('base64')}`);
});

test('WordPress errors keep their code: 400 permanent, 401 auth, 429 rate limited for Retry-After, an HTML 503 transient', async () => {
  const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => connect(() => jsonResponse(body, { status, headers })).ctx;
  const bad = await errorOf(woo.pushStock(answer(400, { code: 'rest_invalid_param', message: 'Invalid parameter(s): update', data: { status: 400 } }), [{ listing: simple(1), qty: 1 }]));
  assert.deepEqual([bad.kind, bad.platformCode], ['permanent', 'rest_invalid_param']);
  assert.match(bad.message, /Invalid parameter\(s\): update/);
  const auth = await errorOf(woo.pushStock(answer(401, { code: 'woocommerce_rest_authentication_error', message: 'Invalid signature - provided signature does not match.', data: { status: 401 } }), [{ listing: simple(1), qty: 1 }]));
  assert.deepEqual([auth.kind, auth.platformCode], ['auth', 'woocommerce_rest_authentication_error']);
  const limited = await errorOf(woo.pushStock(answer(429, { code: 'rate_limit_exceeded', message: 'Too many requests.', data: { status: 429 } }, { 'retry-after': '2' }), [{ listing: simple(1), qty: 1 }]));
  assert.deepEqual([limited.kind, limited.retryAfterMs], ['rate_limited', 2000]);
  const down = await errorOf(woo.pushStock(answer(503, '<html>Briefly unavailable for scheduled maintenance.</html>'), [{ listing: simple(1), qty: 1 }]));
  assert.deepEqual([down.kind, down.platformCode], ['transient', '503']);
});

test('a pull reads the window by id with widened whole-second bounds, page 1 first, then from the last page back', async () => {
  const pages: Record<string, number[]> = { 1: [1, 2], 2: [3, 4], 3: [5] };
  const { ctx, requests } = connect((r) => jsonResponse(
    pages[r.url.searchParams.get('page')!]!.map((id) => ({ id, date_modified_gmt: '2025-04-01T10:00:00' })),
    { headers: { 'x-wp-total': '5', 'x-wp-totalpages': '3' } },
  ));
  const read = await collect(woo.pullOrders(ctx, { from: new Date('2025-04-01T09:00:00.400Z'), to: new Date('2025-04-01T11:00:00.200Z') }));
  assert.deepEqual(requests.map((r) => r.url.searchParams.get('page')), ['1', '3', '2', '1']);
  const query = Object.fromEntries([...requests[0]!.url.searchParams].filter(([k]) => !k.startsWith('oauth_')));
  assert.deepEqual(query, {
    modified_after: '2025-04-01T08:59:59', modified_before: '2025-04-01T11:00:01', dates_are_gmt: 'true', orderby: 'id', order: 'asc', page: '1', per_page: '100',
  });
  assert.deepEqual(read.map((page) => page.map((r: RawRecord) => r.externalId)), [['1', '2'], ['5'], ['3', '4']], 'page 1 read again gives nothing new');
  assert.equal(read[0]![0]!.updatedAt, '2025-04-01T10:00:00Z');
});

test('an empty window is one call (X-WP-TotalPages 0)', async () => {
  const { ctx, requests } = connect(() => jsonResponse([], { headers: { 'x-wp-total': '0', 'x-wp-totalpages': '0' } }));
  assert.deepEqual(await collect(woo.pullOrders(ctx, { from: new Date(0), to: new Date(1000) })), []);
  assert.equal(requests.length, 1);
});

test('stock pushes go 100 objects a batch: simple products together, variations per parent, acks in the order asked', async () => {
  const { ctx, requests } = connect(batchReply);
  const updates = [
    ...Array.from({ length: 150 }, (_, i) => ({ listing: simple(1000 + i), qty: i })),
    { listing: variation(9, 91), qty: 5 }, { listing: variation(10, 101), qty: 6 }, { listing: variation(9, 92), qty: 7 },
  ];
  const acks = await woo.pushStock(ctx, updates);
  assert.deepEqual(requests.map((r) => [r.method, r.url.pathname, (JSON.parse(r.body) as { update: unknown[] }).update.length]), [
    ['POST', '/wp-json/wc/v3/products/batch', 100], ['POST', '/wp-json/wc/v3/products/batch', 50],
    ['POST', '/wp-json/wc/v3/products/9/variations/batch', 2], ['POST', '/wp-json/wc/v3/products/10/variations/batch', 1],
  ]);
  assert.deepEqual(JSON.parse(requests[2]!.body), { update: [{ id: 91, stock_quantity: 5, manage_stock: true }, { id: 92, stock_quantity: 7, manage_stock: true }] });
  assert.deepEqual(acks.map((a) => a.acknowledgedQty), updates.map((u) => u.qty));
  assert.deepEqual(acks.at(-1)?.listing, variation(9, 92));
});

test('an object the batch refuses fails the push with its code, after every batch was sent', async () => {
  const { ctx, requests } = connect((r) => r.url.pathname.includes('variations')
    ? batchReply(r)
    : jsonResponse({ update: [{ id: 1, stock_quantity: 3 }, { id: 2, error: { code: 'woocommerce_rest_product_invalid_id', message: 'Invalid ID.', data: { status: 400 } } }] }));
  const err = await errorOf(woo.pushStock(ctx, [{ listing: simple(1), qty: 3 }, { listing: simple(2, 'GONE'), qty: 4 }, { listing: variation(9, 91), qty: 1 }]));
  assert.deepEqual([err.kind, err.platformCode], ['permanent', 'woocommerce_rest_product_invalid_id']);
  assert.match(err.message, /GONE: woocommerce_rest_product_invalid_id \(Invalid ID\.\)/);
  assert.equal(requests.length, 2);
});
