import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startShopifySim, type ShopifySim } from '../sim/shopify/index.ts';
import { reservationRefOf } from '../src/orders/index.ts';
import { openTestHub, type TestHub } from './helpers/hub.ts';
import { connectShopifySim } from './helpers/shopify.ts';

let hub: TestHub;
let sim: ShopifySim;
let connectionId: string;

before(async () => {
  hub = await openTestHub();
  // Later order changes (payments, cancellations) wait a minute: nothing moves under the shipment test.
  sim = await startShopifySim({ seed: 5, lifecycleDelayMs: [60_000, 60_000], catalog: [{ sku: 'A', qty: 0, price: '1.00' }, { sku: 'B', qty: 0, price: '1.00' }, { sku: 'KIT', qty: 0, price: '3.00' }] });
  await hub.inventory.createLocation({ code: 'WH', name: 'Warehouse', kind: 'warehouse' });
  for (const sku of ['A', 'B']) await hub.catalog.createProduct({ sku, name: sku, unitCost: '1.00', price: '1.00' });
  await hub.catalog.createProduct({ sku: 'KIT', name: 'Kit', unitCost: '2.00', price: '3.00', components: [{ sku: 'A', qty: 2 }, { sku: 'B', qty: 1 }] });
  connectionId = await connectShopifySim(hub, sim, { name: 'Sim shop', allocation: { buffer: 1 } });
  const refreshed = await hub.channels.refreshListings(connectionId);
  assert.ok(refreshed.ok && refreshed.value.mapped === 3);
});
after(async () => {
  await hub.dispose();
  await sim.close();
});

async function pendingPushes(): Promise<string[]> {
  const jobs = await hub.sync.listJobs({ status: 'pending', kind: 'push_stock', limit: 50 });
  const listings = new Map((await hub.channels.listListings(connectionId)).map((l) => [l.id, l.sku]));
  return jobs.items.map((j) => listings.get((j.payload as { listingId: string }).listingId) ?? '?').sort();
}

test('every change of availability queues one push per affected listing, a bundle included, however many changes', async () => {
  await hub.inventory.receive({ sku: 'A', location: 'WH', qty: 10, idempotencyKey: 'r-a' }, 'test');
  assert.deepEqual(await pendingPushes(), ['A', 'KIT']);
  await hub.inventory.receive({ sku: 'B', location: 'WH', qty: 4, idempotencyKey: 'r-b' }, 'test');
  await hub.inventory.reserve({ ref: 'o-1', lines: [{ sku: 'A', qty: 1 }] }, 'test');
  await hub.inventory.setSafetyStock({ sku: 'B', location: 'WH', qty: 1 });
  assert.deepEqual(await pendingPushes(), ['A', 'B', 'KIT']);
});

test('the workers push what the allocation rule publishes, and the shop shows it', async () => {
  hub.sync.startWorkers({ schedulePulls: false, pollMs: 20 });
  const deadline = Date.now() + 20_000;
  while ((await hub.sync.busy()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const shown = new Map(sim.state().listed.map((l) => [l.sku, l.qty]));
  // A: 10 on hand − 1 reserved − buffer 1 = 8. B: 4 − safety 1 − buffer 1 = 2. KIT: min(9 / 2, 3 / 1) = 3 − buffer 1 = 2.
  assert.deepEqual(Object.fromEntries(shown), { A: 8, B: 2, KIT: 2 });
  const listings = await hub.channels.listListings(connectionId);
  assert.deepEqual(listings.map((l) => [l.sku, l.lastPushedQty]).sort(), [['A', 8], ['B', 2], ['KIT', 2]]);
});

test('a new allocation rule on the connection is pushed to every listing', async () => {
  const updated = await hub.channels.update(connectionId, { allocation: { buffer: 1, maxShown: 5 } });
  assert.ok(updated.ok);
  await hub.sync.pushConnection(connectionId);
  const deadline = Date.now() + 20_000;
  while ((await hub.sync.busy()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(Object.fromEntries(sim.state().listed.map((l) => [l.sku, l.qty])), { A: 5, B: 2, KIT: 2 });
});

test('a shipment commits the reservation and the shop marks the order fulfilled with its tracking', async () => {
  sim.control.generate({ count: 4, perSecond: 50 });
  const paidOrder = async () => sim.state().orders.find((o) => o.status === 'paid');
  const deadline = Date.now() + 20_000;
  while (!(await paidOrder()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const target = await paidOrder();
  assert.ok(target, 'the simulator placed no paid order');
  let hubOrder;
  // No webhooks here: the order comes by pull (a pull reads up to a second ago, so pull until it is there).
  while (!hubOrder && Date.now() < deadline) {
    assert.ok((await hub.sync.requestPull(connectionId)).ok);
    await new Promise((r) => setTimeout(r, 300));
    const page = await hub.orders.list({ connectionId, externalId: target.id, limit: 1 });
    hubOrder = page.items[0]?.status === 'paid' ? page.items[0] : undefined;
  }
  assert.ok(hubOrder, 'the paid order did not reach the hub');
  const shipped = await hub.orders.ship(hubOrder.id, { carrier: 'UPS', trackingNumber: '1Z999' }, 'test', hub.sync.enqueueFulfilment);
  assert.ok(shipped.ok);
  const reservation = await hub.inventory.getReservation({ ref: reservationRefOf(hubOrder.id) });
  assert.ok(reservation.ok);
  assert.equal(reservation.value.status, 'shipped');
  assert.ok(reservation.value.lines.every((l) => l.shippedQty === l.qty));
  while (sim.state().orders.find((o) => o.id === target.id)?.status !== 'fulfilled' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(sim.state().orders.find((o) => o.id === target.id)?.status, 'fulfilled');
  // The shop has the fulfilment once the call lands; the worker marks the job done just after.
  const fulfilmentJob = async () => (await hub.sync.listJobs({ kind: 'push_fulfilment', limit: 5 })).items[0];
  while ((await fulfilmentJob())?.status === 'running' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal((await fulfilmentJob())?.status, 'done');
});
