import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CanonicalOrder, CanonicalOrderStatus } from '../src/connectors/types.ts';
import { openTestHub, type TestHub } from './helpers/hub.ts';

let hub: TestHub;
let connectionId: string;
let sequence = 0;

before(async () => {
  hub = await openTestHub();
  await hub.inventory.createLocation({ code: 'WH', name: 'Warehouse', kind: 'warehouse' });
  for (const sku of ['TEA', 'CUP']) {
    await hub.catalog.createProduct({ sku, name: sku, unitCost: '1.00', price: '2.00' });
    await hub.inventory.receive({ sku, location: 'WH', qty: 10, idempotencyKey: `seed-${sku}` }, 'test');
  }
  const created = await hub.channels.create({ name: 'Shop', platform: 'shopify', baseUrl: 'http://127.0.0.1:9', credentials: { accessToken: 't', apiSecret: 's' } });
  assert.ok(created.ok);
  connectionId = created.value.id;
});
after(async () => hub.dispose());

function order(externalId: string, status: CanonicalOrderStatus, updatedAt: string, lines: { sku: string; qty: number }[]): CanonicalOrder {
  return {
    externalId, number: `#${externalId}`, status, platformStatus: status, createdAt: '2026-11-24T10:00:00Z', updatedAt, currency: 'USD', total: '4.00',
    buyer: { name: null, email: null, nick: null }, buyerNote: null, sellerNote: null, shippingAddress: null,
    lines: lines.map((l, i) => ({ externalLineId: `${externalId}-${i}`, sku: l.sku, platformProductId: null, platformVariantId: null, title: l.sku, qty: l.qty, unitPrice: '2.00' })),
  };
}

async function reserved(sku: string): Promise<number> {
  const level = await hub.inventory.stockOf(sku);
  assert.ok(level.ok);
  return level.value.reserved;
}

const nextId = () => `ord-${++sequence}`;

test('a paid order reserves its lines once, however often it is delivered', async () => {
  const id = nextId();
  const before = await reserved('TEA');
  const paid = order(id, 'paid', '2026-11-24T10:00:05Z', [{ sku: 'TEA', qty: 2 }]);
  const first = await hub.orders.apply(connectionId, paid, null);
  const again = await hub.orders.apply(connectionId, paid, null);
  assert.deepEqual([first.created, first.effect, again.applied, again.effect], [true, 'reserve', false, 'none']);
  assert.equal(await reserved('TEA'), before + 2);
});

test('an older update arriving after a newer one changes nothing', async () => {
  const id = nextId();
  const before = await reserved('TEA');
  await hub.orders.apply(connectionId, order(id, 'cancelled', '2026-11-24T10:00:09Z', [{ sku: 'TEA', qty: 1 }]), null);
  const stale = await hub.orders.apply(connectionId, order(id, 'paid', '2026-11-24T10:00:03Z', [{ sku: 'TEA', qty: 1 }]), null);
  assert.equal(stale.applied, false);
  assert.equal(stale.status, 'cancelled');
  assert.equal(await reserved('TEA'), before);
});

test('a cancellation before shipment gives the stock back; a shipment commits it', async () => {
  const cancelled = nextId();
  const shipped = nextId();
  const reservedBefore = await reserved('CUP');
  const onHandBefore = (await hub.inventory.stockOf('CUP') as { ok: true; value: { onHand: number } }).value.onHand;
  await hub.orders.apply(connectionId, order(cancelled, 'paid', '2026-11-24T10:01:00Z', [{ sku: 'CUP', qty: 1 }]), null);
  await hub.orders.apply(connectionId, order(cancelled, 'cancelled', '2026-11-24T10:02:00Z', [{ sku: 'CUP', qty: 1 }]), null);
  await hub.orders.apply(connectionId, order(shipped, 'paid', '2026-11-24T10:01:00Z', [{ sku: 'CUP', qty: 3 }]), null);
  const ship = await hub.orders.apply(connectionId, order(shipped, 'shipped', '2026-11-24T10:03:00Z', [{ sku: 'CUP', qty: 3 }]), null);
  assert.equal(ship.effect, 'ship');
  const level = await hub.inventory.stockOf('CUP');
  assert.ok(level.ok);
  assert.deepEqual([level.value.reserved, level.value.onHand], [reservedBefore, onHandBefore - 3]);
});

test('created and paid within one platform second: the forward step is applied, the stale one is not', async () => {
  const id = nextId();
  const at = '2026-11-24T10:05:00Z';
  await hub.orders.apply(connectionId, order(id, 'pending', at, [{ sku: 'TEA', qty: 1 }]), null);
  const paid = await hub.orders.apply(connectionId, order(id, 'paid', at, [{ sku: 'TEA', qty: 1 }]), null);
  const backwards = await hub.orders.apply(connectionId, order(id, 'pending', at, [{ sku: 'TEA', qty: 1 }]), null);
  assert.deepEqual([paid.applied, paid.status, backwards.applied, backwards.status], [true, 'paid', false, 'paid']);
});

test('an order that cannot be reserved is kept and flagged, and an unknown SKU is flagged, never dropped', async () => {
  const tooMany = await hub.orders.apply(connectionId, order(nextId(), 'paid', '2026-11-24T10:06:00Z', [{ sku: 'TEA', qty: 500 }]), null);
  const unknown = await hub.orders.apply(connectionId, order(nextId(), 'paid', '2026-11-24T10:06:00Z', [{ sku: 'NO-SUCH-SKU', qty: 1 }]), null);
  assert.deepEqual(tooMany.flags, ['INSUFFICIENT_STOCK']);
  assert.deepEqual(unknown.flags, ['UNMAPPED_SKU']);
  const stored = await hub.orders.get(tooMany.orderId);
  assert.ok(stored.ok);
  assert.deepEqual(stored.value.flags, ['INSUFFICIENT_STOCK']);
});

test('a batch gives the same orders and stock as applying its views one by one, duplicates and stale views included', async () => {
  const [a, b, c] = [nextId(), nextId(), nextId()];
  const views = [
    order(a, 'paid', '2026-11-24T11:00:00Z', [{ sku: 'TEA', qty: 1 }, { sku: 'CUP', qty: 1 }]),
    order(b, 'paid', '2026-11-24T11:00:00Z', [{ sku: 'TEA', qty: 2 }]),
    order(a, 'paid', '2026-11-24T11:00:00Z', [{ sku: 'TEA', qty: 1 }, { sku: 'CUP', qty: 1 }]),
    order(b, 'cancelled', '2026-11-24T11:00:04Z', [{ sku: 'TEA', qty: 2 }]),
    order(c, 'paid', '2026-11-24T11:00:00Z', [{ sku: 'CUP', qty: 999 }]),
    order(b, 'paid', '2026-11-24T11:00:02Z', [{ sku: 'TEA', qty: 2 }]),
  ];
  const [teaBefore, cupBefore] = [await reserved('TEA'), await reserved('CUP')];
  const outcomes = await hub.orders.applyMany(views.map((o) => ({ connectionId, order: o, inboxId: null })));
  assert.deepEqual(outcomes.map((o) => o.applied), [true, true, false, true, true, false]);
  assert.deepEqual(outcomes[4]?.flags, ['INSUFFICIENT_STOCK']);
  assert.equal(outcomes[0]?.orderId, outcomes[2]?.orderId);
  assert.deepEqual([await reserved('TEA'), await reserved('CUP')], [teaBefore + 1, cupBefore + 1]);
  const stored = await hub.orders.get(outcomes[1]!.orderId);
  assert.ok(stored.ok);
  assert.equal(stored.value.status, 'cancelled');
});
