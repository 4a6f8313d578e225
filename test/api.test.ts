import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from './helpers/server.ts';

let server: TestServer;
let viewer: string;
let operator: string;
before(async () => {
  server = await startTestServer();
  viewer = (await server.call('POST', '/api/v1/tokens', { name: 'viewer', role: 'viewer' })).body.token;
  operator = (await server.call('POST', '/api/v1/tokens', { name: 'op', role: 'operator' })).body.token;
});
after(async () => server.close());

test('health answers without a token', async () => {
  const r = await fetch(`${server.url}/healthz`);
  assert.equal(r.status, 200);
  assert.deepEqual(await r.json(), { status: 'ok' });
});

test('readiness reports the database reachable and migrations applied', async () => {
  const r = await fetch(`${server.url}/readyz`);
  assert.equal(r.status, 200);
  assert.equal((await r.json()).status, 'ready');
});

test('a route without a token is refused with AUTH.MISSING_TOKEN', async () => {
  const r = await fetch(`${server.url}/api/v1/products`);
  assert.equal(r.status, 401);
  assert.equal((await r.json()).error.code, 'AUTH.MISSING_TOKEN');
});

test('an unknown token is refused with AUTH.INVALID_TOKEN', async () => {
  const r = await server.call('GET', '/api/v1/products', undefined, 'osk_not_a_real_token');
  assert.equal(r.status, 401);
  assert.equal(r.body.error.code, 'AUTH.INVALID_TOKEN');
});

test('a viewer may read but not move stock', async () => {
  assert.equal((await server.call('GET', '/api/v1/locations', undefined, viewer)).status, 200);
  const r = await server.call('POST', '/api/v1/locations', { code: 'X', name: 'X', kind: 'store' }, viewer);
  assert.equal(r.status, 403);
  assert.equal(r.body.error.code, 'AUTH.FORBIDDEN');
});

test('an operator may move stock but not manage tokens', async () => {
  assert.equal((await server.call('POST', '/api/v1/locations', { code: 'OPS', name: 'Ops', kind: 'store' }, operator)).status, 201);
  assert.equal((await server.call('POST', '/api/v1/tokens', { name: 'x', role: 'admin' }, operator)).status, 403);
});

test('a revoked token no longer gets in', async () => {
  const created = await server.call('POST', '/api/v1/tokens', { name: 'temp', role: 'viewer' });
  assert.equal(created.status, 201);
  assert.equal((await server.call('DELETE', `/api/v1/tokens/${created.body.id}`)).status, 200);
  const after = await server.call('GET', '/api/v1/locations', undefined, created.body.token);
  assert.equal(after.status, 401);
});

test('tokens are stored hashed, never as given', async () => {
  const rows = await server.hub.store.db.selectFrom('access_tokens').select('token_hash').execute();
  assert.ok(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash) && r.token_hash !== server.adminToken));
});

test('invalid input is a 400 that names each bad field', async () => {
  const r = await server.call('POST', '/api/v1/reservations', { ref: '', lines: [{ sku: 'A', qty: -1 }] });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'REQUEST.INVALID');
  const fields = r.body.error.details.fields.map((f: { field: string }) => f.field);
  assert.ok(fields.includes('body.ref'), JSON.stringify(fields));
  assert.ok(fields.includes('body.lines.0.qty'), JSON.stringify(fields));
});

test('a body that is not JSON is a 400, not a 500', async () => {
  const r = await fetch(`${server.url}/api/v1/locations`, {
    method: 'POST', headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' }, body: '{not json',
  });
  assert.equal(r.status, 400);
  assert.equal((await r.json()).error.code, 'REQUEST.INVALID');
});

test('an unknown route is a 404 in the error shape', async () => {
  const r = await server.call('GET', '/api/v1/nothing-here');
  assert.equal(r.status, 404);
  assert.equal(r.body.error.code, 'REQUEST.NOT_FOUND');
});

test('insufficient stock is a 409 with the quantity that was available', async () => {
  await server.call('POST', '/api/v1/products', { sku: 'LOW', name: 'Low', unitCost: '1', price: '2', currency: 'USD' });
  await server.call('POST', '/api/v1/stock/receipts', { sku: 'LOW', location: 'OPS', qty: 2, idempotencyKey: 'low-1' });
  const r = await server.call('POST', '/api/v1/reservations', { ref: 'low-order', lines: [{ sku: 'LOW', qty: 3 }] });
  assert.equal(r.status, 409);
  assert.equal(r.body.error.code, 'INVENTORY.INSUFFICIENT_STOCK');
  assert.equal(r.body.error.details.available, 2);
  assert.equal(r.body.error.details.requested, 3);
});

test('a replayed receipt answers 200 with the first result', async () => {
  const body = { sku: 'LOW', location: 'OPS', qty: 5, idempotencyKey: 'low-2' };
  const first = await server.call('POST', '/api/v1/stock/receipts', body);
  const second = await server.call('POST', '/api/v1/stock/receipts', body);
  assert.equal(first.status, 201);
  assert.equal(second.status, 200);
  assert.equal(second.body.replayed, true);
  assert.deepEqual(second.body.movements, first.body.movements);
});

test('the OpenAPI description lists the v1 routes', async () => {
  const r = await fetch(`${server.url}/docs/json`);
  assert.equal(r.status, 200);
  const spec = await r.json();
  for (const path of ['/api/v1/products', '/api/v1/locations', '/api/v1/stock/receipts', '/api/v1/reservations', '/api/v1/stock/{sku}']) {
    assert.ok(path in spec.paths, `${path} is documented`);
  }
});
