import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../../../test/helpers/server.ts';

let server: TestServer;
let viewer: string;
before(async () => {
  server = await startTestServer();
  viewer = (await server.call('POST', '/api/v1/tokens', { name: 'catalog-viewer', role: 'viewer' })).body.token;
});
after(async () => server.close());

const path = (sku: string) => `/api/v1/products/${encodeURIComponent(sku)}`;

test('POST /products answers 201 with the product and money as strings', async () => {
  const r = await server.call('POST', '/api/v1/products', { sku: 'API-1', name: 'Mug', unitCost: 2.5, price: '9.90' });
  assert.equal(r.status, 201);
  assert.equal(r.body.sku, 'API-1');
  assert.equal(r.body.unitCost, '2.5000');
  assert.equal(r.body.price, '9.9000');
  assert.equal(r.body.currency, 'USD');
});

test('a bad amount is a 400 naming the field, like any other invalid input', async () => {
  const r = await server.call('POST', '/api/v1/products', { sku: 'API-BAD', name: 'Bad', unitCost: '1', price: '-2' });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'REQUEST.INVALID');
  assert.deepEqual(r.body.error.details.fields.map((f: { field: string }) => f.field), ['body.price']);
});

test('a taken SKU is a 409 and an invalid bundle a 400 with the component at fault', async () => {
  assert.equal((await server.call('POST', '/api/v1/products', { sku: 'API-1', name: 'Again', unitCost: 1, price: 1 })).status, 409);
  const r = await server.call('POST', '/api/v1/products', { sku: 'API-KIT', name: 'Kit', unitCost: 1, price: 1, components: [{ sku: 'API-NONE', qty: 1 }] });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'CATALOG.INVALID_BUNDLE');
  assert.deepEqual(r.body.error.details.problems, [{ component: 'API-NONE', reason: 'does not exist' }]);
});

test('a SKU with a slash, a space and a hash is reached through its URL-encoded path', async () => {
  const sku = 'A/B #1';
  assert.equal((await server.call('POST', '/api/v1/products', { sku, name: 'Odd', unitCost: 1, price: 1 })).status, 201);
  const got = await server.call('GET', path(sku), undefined, viewer);
  assert.equal(got.status, 200);
  assert.equal(got.body.sku, sku);
  const patched = await server.call('PATCH', path(sku), { price: '3' });
  assert.equal(patched.body.price, '3.0000');
});

test('viewers read products but may not change them', async () => {
  assert.equal((await server.call('GET', '/api/v1/products', undefined, viewer)).status, 200);
  assert.equal((await server.call('POST', '/api/v1/products', { sku: 'API-V', name: 'V', unitCost: 1, price: 1 }, viewer)).status, 403);
  assert.equal((await server.call('DELETE', path('API-1'), undefined, viewer)).status, 403);
});

test('GET /products pages by cursor and searches with q', async () => {
  for (const n of [1, 2, 3]) await server.call('POST', '/api/v1/products', { sku: `API-PAGE-${n}`, name: `Paged ${n}`, unitCost: 1, price: 1 });
  const first = await server.call('GET', '/api/v1/products?q=api-page&limit=2');
  assert.deepEqual(first.body.items.map((p: { sku: string }) => p.sku), ['API-PAGE-1', 'API-PAGE-2']);
  const second = await server.call('GET', `/api/v1/products?q=api-page&limit=2&cursor=${first.body.nextCursor}`);
  assert.deepEqual(second.body.items.map((p: { sku: string }) => p.sku), ['API-PAGE-3']);
  assert.equal(second.body.nextCursor, null);
});

test('DELETE archives: the product is still readable, hidden from the list unless includeArchived=true', async () => {
  await server.call('POST', '/api/v1/products', { sku: 'API-OLD', name: 'Old', unitCost: 1, price: 1 });
  const r = await server.call('DELETE', path('API-OLD'));
  assert.equal(r.status, 200);
  assert.notEqual(r.body.archivedAt, null);
  assert.equal((await server.call('GET', path('API-OLD'))).status, 200);
  assert.equal((await server.call('GET', '/api/v1/products?q=API-OLD')).body.items.length, 0);
  assert.equal((await server.call('GET', '/api/v1/products?q=API-OLD&includeArchived=true')).body.items.length, 1);
});

test('an unknown SKU is a 404 with CATALOG.PRODUCT_NOT_FOUND', async () => {
  const r = await server.call('GET', path('API-NONE'));
  assert.equal(r.status, 404);
  assert.equal(r.body.error.code, 'CATALOG.PRODUCT_NOT_FOUND');
});

test('the OpenAPI description documents the product routes', async () => {
  const spec = await (await fetch(`${server.url}/docs/json`)).json();
  assert.ok(spec.paths['/api/v1/products']?.post);
  assert.ok(spec.paths['/api/v1/products']?.get);
  for (const method of ['get', 'patch', 'delete']) assert.ok(spec.paths['/api/v1/products/{sku}']?.[method], method);
});
