import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from './helpers/server.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
  assert.equal((await server.call('POST', '/api/v1/locations', { code: 'WH', name: 'Warehouse', kind: 'warehouse' })).status, 201);
});
after(async () => server.close());

async function product(sku: string, onHand: number) {
  assert.equal((await server.call('POST', '/api/v1/products', { sku, name: sku, unitCost: '1.00', price: '2.00', currency: 'USD' })).status, 201);
  assert.equal((await server.call('POST', '/api/v1/stock/receipts', { sku, location: 'WH', qty: onHand, idempotencyKey: `seed-${sku}` })).status, 201);
}

test('1,000 concurrent reservations of one unit against 100 on hand accept exactly 100', async () => {
  await product('HOT', 100);
  const results = await Promise.all(
    Array.from({ length: 1000 }, (_, i) => server.call('POST', '/api/v1/reservations', { ref: `hot-${i}`, lines: [{ sku: 'HOT', qty: 1 }] })),
  );
  const accepted = results.filter((r) => r.status === 201);
  const refused = results.filter((r) => r.status === 409);
  assert.equal(accepted.length, 100);
  assert.equal(refused.length, 900);
  for (const r of refused) assert.equal(r.body.error.code, 'INVENTORY.INSUFFICIENT_STOCK');
  const stock = await server.call('GET', '/api/v1/stock/HOT');
  assert.equal(stock.body.reserved, 100);
  assert.equal(stock.body.onHand, 100);
  assert.deepEqual(await server.hub.inventory.verifyLedger(), []);
  const movements = await server.call('GET', '/api/v1/movements?sku=HOT&kind=reserve&limit=500');
  assert.equal(movements.body.items.length, 100, 'one reserve movement per accepted reservation');
});

test('200 concurrent multi-line reservations across 5 SKUs are each applied whole or not at all', async () => {
  const skus = ['M1', 'M2', 'M3', 'M4', 'M5'];
  for (const sku of skus) await product(sku, 60);
  let seed = 42;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const requests = Array.from({ length: 200 }, (_, i) => {
    const picked = [...skus].sort(() => rand(3) - 1).slice(0, 1 + rand(4));
    return { ref: `multi-${i}`, lines: picked.map((sku) => ({ sku, qty: 1 + rand(3) })) };
  });
  const results = await Promise.all(requests.map((body) => server.call('POST', '/api/v1/reservations', body)));

  const expectedReserved = new Map(skus.map((s) => [s, 0]));
  let accepted = 0;
  for (const [i, r] of results.entries()) {
    const request = requests[i]!;
    if (r.status === 201) {
      accepted++;
      const held = new Map<string, number>();
      for (const l of r.body.lines) held.set(l.sku, (held.get(l.sku) ?? 0) + l.qty);
      for (const l of request.lines) {
        assert.equal(held.get(l.sku), l.qty, `${request.ref} holds all of ${l.sku}`);
        expectedReserved.set(l.sku, expectedReserved.get(l.sku)! + l.qty);
      }
    } else {
      assert.equal(r.status, 409);
      assert.equal(r.body.error.code, 'INVENTORY.INSUFFICIENT_STOCK');
      const lookup = await server.call('GET', `/api/v1/reservations?ref=${request.ref}`);
      assert.equal(lookup.status, 404, `${request.ref} was refused, so nothing of it is held`);
    }
  }
  assert.ok(accepted > 0 && accepted < 200, `demand exceeds supply, so some but not all are accepted (${accepted})`);
  for (const sku of skus) {
    const stock = await server.call('GET', `/api/v1/stock/${sku}`);
    assert.equal(stock.body.reserved, expectedReserved.get(sku), `${sku} reserved equals the accepted lines`);
    assert.ok(stock.body.reserved <= stock.body.onHand);
  }
  assert.deepEqual(await server.hub.inventory.verifyLedger(), []);
});
