/**
 * The Amazon channel end to end: a hub on in-memory PGlite behind its HTTP server, an Amazon
 * connection pointed at the SP-API simulator, ORDER_CHANGE notifications relayed to the hub. Stock
 * goes out by patchListingsItem, orders come in by the pull (getOrders + getOrderItems), shipments go
 * out by confirmShipment; the simulator is the witness of each.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { startAmazonSim, type AmazonSim } from '../sim/amazon/index.ts';
import { buildServer, type ApiApp } from '../src/api/server.ts';
import { amazonStatusOf } from '../src/connectors/index.ts';
import { openTestHub, type TestHub } from './helpers/hub.ts';

const STOCK: Record<string, number> = { TEA: 30, CUP: 20, POT: 10 };
let hub: TestHub;
let app: ApiApp;
let sim: AmazonSim;
let connectionId: string;

async function eventually<T>(what: string, read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 600)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const listed = () => Object.fromEntries(sim.state().listed.map((l) => [l.sku, l.qty]));
const hubOrders = async () => (await hub.orders.list({ connectionId, limit: 200 })).items;

before(async () => {
  sim = await startAmazonSim({
    seed: 17, ordersLagMs: 0, lifecycleDelayMs: [1500, 3000],
    catalog: [{ sku: 'TEA', qty: 0, price: '12.50' }, { sku: 'CUP', qty: 0, price: '3.33' }, { sku: 'POT', qty: 0, price: '40.00' }],
    demand: { unpaidShare: 0.4, unpaidCancelShare: 0.5, paidCancelShare: 0.2, multiLineShare: 0.3 },
  });
  // getOrders refills one call a minute (burst 20): a pull every 2 s stays within the burst for the whole file.
  hub = await openTestHub({ sync: { pullIntervalMs: 2000 } });
  app = await buildServer(hub, { logger: false });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  await hub.inventory.createLocation({ code: 'WH', name: 'Warehouse', kind: 'warehouse' });
  for (const sku of Object.keys(STOCK)) await hub.catalog.createProduct({ sku, name: sku, unitCost: '1.00', price: '1.00' });
  const created = await hub.channels.create({ name: 'Amazon US', platform: 'amazon', baseUrl: sim.url, credentials: { ...sim.credentials } });
  assert.ok(created.ok, JSON.stringify(created));
  connectionId = created.value.id;
  const refreshed = await hub.channels.refreshListings(connectionId);
  assert.ok(refreshed.ok && refreshed.value.mapped === 3, JSON.stringify(refreshed));
  sim.control.setWebhookAddress!(`${url}/webhooks/amazon/${connectionId}`);
  assert.equal(sim.control.setFaults({ webhookDuplicate: 0.3 }), null);
  hub.sync.startWorkers({ pollMs: 20 });
});
after(async () => {
  await app.close();
  await hub.dispose();
  await sim.close();
});

test('stock received in the hub is published to the Amazon listings', async () => {
  for (const [sku, qty] of Object.entries(STOCK)) await hub.inventory.receive({ sku, location: 'WH', qty, idempotencyKey: `r-${sku}` }, 'test');
  await eventually('the listed quantities', listed, (shown) => JSON.stringify(shown) === JSON.stringify(STOCK));
});

test('orders placed on Amazon arrive in the hub with their status, lines and prices; each notification is kept once', async () => {
  sim.control.generate({ count: 10, perSecond: 20 });
  await eventually('the simulator to settle', () => sim.control.isIdle(), (idle) => idle);
  const truth = sim.state().orders;
  assert.ok(truth.length >= 5, `${truth.length} orders placed`);
  const arrived = await eventually('every order at its latest status', hubOrders, (orders) =>
    truth.every((t) => orders.some((o) => o.externalId === t.id && o.status === amazonStatusOf(t.status))));
  // Settled: every Pending order was paid or cancelled, so every order shows its prices by now.
  assert.ok(truth.every((t) => t.status !== 'Pending'));
  for (const t of truth) {
    const order = arrived.find((o) => o.externalId === t.id)!;
    assert.equal(order.platformStatus, t.status);
    assert.deepEqual(order.lines.map((l) => [l.externalLineId, l.sku, l.qty, Number(l.unitPrice)]), t.lines.map((l) => [l.orderItemId, l.sku, l.qty, Number(l.unitPrice)]));
  }
  assert.ok(truth.some((t) => t.status === 'Canceled') && truth.some((t) => t.status === 'Unshipped'), 'cancelled and paid orders both came through');

  const inbox = (await hub.sync.listInbox({ connectionId, limit: 500 })).items.filter((e) => e.source === 'webhook');
  const { notificationsDelivered, notificationsDuplicated } = sim.state().stats;
  assert.ok(notificationsDuplicated > 0, 'some notifications were delivered twice');
  assert.equal(inbox.length, notificationsDelivered - notificationsDuplicated);
  assert.equal(new Set(inbox.map((e) => e.deliveryId)).size, inbox.length);
  assert.ok(inbox.every((e) => e.topic === 'ORDER_CHANGE' && e.signatureOk === true && truth.some((t) => t.id === e.externalId)));
});

test('a shipment recorded in the hub is confirmed on Amazon with its tracking, and the next pull shows the order shipped', async () => {
  const paid = (await hubOrders()).find((o) => o.status === 'paid');
  assert.ok(paid, 'a paid order to ship');
  const shipped = await hub.orders.ship(paid.id, { carrier: 'UPS', trackingNumber: '1Z999AA10123456784' }, 'test', hub.sync.enqueueFulfilment);
  assert.ok(shipped.ok, JSON.stringify(shipped));
  const onAmazon = await eventually('the shipment on Amazon', () => sim.state().orders.find((o) => o.id === paid.externalId)!, (o) => o.status === 'Shipped');
  assert.deepEqual(onAmazon.tracking.map((t) => [t.carrier, t.number]), [['UPS', '1Z999AA10123456784']]);
  await eventually('the shipped version in the hub', async () => (await hubOrders()).find((o) => o.id === paid.id)!, (o) => o.platformStatus === 'Shipped');
});

test('after the orders, Amazon shows what the hub publishes, each SP-API operation metered in its own bucket', async () => {
  const expected = async () => {
    const out: Record<string, number> = {};
    for (const sku of Object.keys(STOCK)) {
      const level = await hub.inventory.stockOf(sku);
      assert.ok(level.ok);
      out[sku] = level.value.available;
    }
    return out;
  };
  await eventually('Amazon to list the hub\'s quantities', async () => ({ hub: await expected(), amazon: listed() }), (q) => JSON.stringify(q.hub) === JSON.stringify(q.amazon));
  const keys = await sql<{ key: string }>`SELECT key FROM rate_buckets WHERE key LIKE ${`rate:${connectionId}%`} ORDER BY key`.execute(hub.store.db);
  assert.deepEqual(keys.rows.map((r) => r.key), [
    `rate:${connectionId}`, `rate:${connectionId}:confirmShipment`, `rate:${connectionId}:getOrderItems`, `rate:${connectionId}:getOrders`, `rate:${connectionId}:searchListingsItems`,
  ]);
});
