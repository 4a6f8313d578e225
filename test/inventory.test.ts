import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openTestHub, type TestHub } from './helpers/hub.ts';

let hub: TestHub;
const actor = 'test';

before(async () => {
  hub = await openTestHub();
  for (const code of ['W1', 'W2']) await hub.inventory.createLocation({ code, name: code, kind: 'warehouse' });
  for (const sku of ['A', 'B', 'C', 'D', 'E']) await hub.catalog.createProduct({ sku, name: `Product ${sku}`, unitCost: '1.00', price: '2.00' });
  await hub.catalog.createProduct({ sku: 'KIT', name: 'Kit of 2 A and 1 B', unitCost: '3', price: '5', components: [{ sku: 'A', qty: 2 }, { sku: 'B', qty: 1 }] });
});
after(async () => hub.dispose());

async function onHand(sku: string, location: string) {
  const level = await hub.inventory.stockOf(sku);
  assert.ok(level.ok);
  return level.value.locations.find((l) => l.location === location) ?? { onHand: 0, reserved: 0, available: 0, safetyStock: 0 };
}

test('a receipt adds stock and records a movement with the balance after it', async () => {
  const r = await hub.inventory.receive({ sku: 'A', location: 'W1', qty: 10, idempotencyKey: 'rcpt-1', reference: 'PO-1' }, actor);
  assert.ok(r.ok);
  assert.equal(r.value.replayed, false);
  assert.deepEqual(r.value.movements.map((m) => [m.kind, m.onHandDelta, m.onHandAfter, m.reference]), [['receipt', 10, 10, 'PO-1']]);
  assert.equal((await onHand('A', 'W1')).onHand, 10);
});

test('the same idempotency key twice returns the first result and changes nothing', async () => {
  const again = await hub.inventory.receive({ sku: 'A', location: 'W1', qty: 10, idempotencyKey: 'rcpt-1', reference: 'PO-1' }, actor);
  assert.ok(again.ok);
  assert.equal(again.value.replayed, true);
  assert.equal(again.value.movements.length, 1);
  assert.equal((await onHand('A', 'W1')).onHand, 10);
});

test('an idempotency key reused for a different request is refused', async () => {
  const reused = await hub.inventory.receive({ sku: 'A', location: 'W1', qty: 99, idempotencyKey: 'rcpt-1' }, actor);
  assert.equal(reused.ok, false);
  assert.equal(!reused.ok && reused.code, 'IDEMPOTENCY.KEY_REUSED');
});

test('a bundle cannot receive stock of its own', async () => {
  const r = await hub.inventory.receive({ sku: 'KIT', location: 'W1', qty: 1, idempotencyKey: 'kit-rcpt' }, actor);
  assert.equal(!r.ok && r.code, 'CATALOG.BUNDLE_HAS_NO_STOCK');
});

test('a count becomes the delta between what was on hand and what was counted', async () => {
  const r = await hub.inventory.count({ sku: 'A', location: 'W1', counted: 7, idempotencyKey: 'count-1' }, actor);
  assert.ok(r.ok);
  assert.deepEqual(r.value.movements.map((m) => [m.kind, m.onHandDelta, m.onHandAfter]), [['count', -3, 7]]);
});

test('a reservation of several lines holds all of them or none', async () => {
  await hub.inventory.receive({ sku: 'B', location: 'W1', qty: 2, idempotencyKey: 'rcpt-b' }, actor);
  const refused = await hub.inventory.reserve({ ref: 'order-1', lines: [{ sku: 'A', qty: 3 }, { sku: 'B', qty: 5 }] }, actor);
  assert.equal(refused.ok, false);
  assert.equal(!refused.ok && refused.code, 'INVENTORY.INSUFFICIENT_STOCK');
  assert.deepEqual(!refused.ok && [refused.details.sku, refused.details.requested, refused.details.available], ['B', 5, 2]);
  assert.equal((await onHand('A', 'W1')).reserved, 0, 'line A must not stay reserved');
  const accepted = await hub.inventory.reserve({ ref: 'order-1', lines: [{ sku: 'A', qty: 3 }, { sku: 'B', qty: 2 }] }, actor);
  assert.ok(accepted.ok);
  assert.equal(accepted.value.created, true);
  assert.equal((await onHand('A', 'W1')).reserved, 3);
});

test('reserving the same ref again returns the existing reservation without holding more', async () => {
  const again = await hub.inventory.reserve({ ref: 'order-1', lines: [{ sku: 'A', qty: 3 }, { sku: 'B', qty: 2 }] }, actor);
  assert.ok(again.ok);
  assert.equal(again.value.created, false);
  assert.equal((await onHand('A', 'W1')).reserved, 3);
});

test('on hand cannot be adjusted below what is reserved', async () => {
  const r = await hub.inventory.adjust({ sku: 'A', location: 'W1', delta: -5, reason: 'damaged', idempotencyKey: 'adj-1' }, actor);
  assert.equal(!r.ok && r.code, 'INVENTORY.INSUFFICIENT_STOCK');
  assert.equal((await onHand('A', 'W1')).onHand, 7);
});

test('shipping a reservation takes the units out of on hand and reserved', async () => {
  const res = await hub.inventory.getReservation({ ref: 'order-1' });
  assert.ok(res.ok);
  const shipped = await hub.inventory.ship({ id: res.value.id }, {}, actor);
  assert.ok(shipped.ok);
  assert.equal(shipped.value.status, 'shipped');
  assert.deepEqual(await onHand('A', 'W1'), { location: 'W1', onHand: 4, reserved: 0, safetyStock: 0, available: 4 });
  const twice = await hub.inventory.ship({ id: res.value.id }, {}, actor);
  assert.ok(twice.ok, 'shipping a shipped reservation again is a harmless retry');
  assert.equal((await onHand('A', 'W1')).onHand, 4);
});

test('releasing part of a reservation returns those units and keeps the rest held', async () => {
  await hub.inventory.receive({ sku: 'C', location: 'W1', qty: 5, idempotencyKey: 'rcpt-c' }, actor);
  const r = await hub.inventory.reserve({ ref: 'order-2', lines: [{ sku: 'C', qty: 4 }] }, actor);
  assert.ok(r.ok);
  const released = await hub.inventory.release({ id: r.value.reservation.id }, { lines: [{ sku: 'C', qty: 1 }], idempotencyKey: 'rel-1' }, actor);
  assert.ok(released.ok);
  assert.equal(released.value.status, 'active');
  assert.equal((await onHand('C', 'W1')).reserved, 3);
  const replay = await hub.inventory.release({ id: r.value.reservation.id }, { lines: [{ sku: 'C', qty: 1 }], idempotencyKey: 'rel-1' }, actor);
  assert.ok(replay.ok);
  assert.equal((await onHand('C', 'W1')).reserved, 3, 'a replayed partial release releases nothing more');
  const rest = await hub.inventory.release({ id: r.value.reservation.id }, {}, actor);
  assert.ok(rest.ok);
  assert.equal(rest.value.status, 'released');
  assert.equal((await onHand('C', 'W1')).reserved, 0);
});

test('a transfer moves unreserved stock between locations in one operation', async () => {
  const t = await hub.inventory.transfer({ sku: 'C', from: 'W1', to: 'W2', qty: 2, idempotencyKey: 'tr-1' }, actor);
  assert.ok(t.ok);
  assert.deepEqual(t.value.movements.map((m) => [m.kind, m.location, m.onHandDelta]), [['transfer_out', 'W1', -2], ['transfer_in', 'W2', 2]]);
  const tooMuch = await hub.inventory.transfer({ sku: 'C', from: 'W1', to: 'W2', qty: 4, idempotencyKey: 'tr-2' }, actor);
  assert.equal(!tooMuch.ok && tooMuch.code, 'INVENTORY.INSUFFICIENT_STOCK');
});

test('a line without a location is split across locations when no single one has enough', async () => {
  await hub.inventory.receive({ sku: 'D', location: 'W1', qty: 3, idempotencyKey: 'rcpt-d1' }, actor);
  await hub.inventory.receive({ sku: 'D', location: 'W2', qty: 4, idempotencyKey: 'rcpt-d2' }, actor);
  const r = await hub.inventory.reserve({ ref: 'order-3', lines: [{ sku: 'D', qty: 6 }] }, actor);
  assert.ok(r.ok);
  assert.deepEqual(r.value.reservation.lines.map((l) => [l.location, l.qty]).sort(), [['W1', 2], ['W2', 4]]);
});

test('reserving a bundle reserves its components, and its availability is derived from them', async () => {
  await hub.inventory.receive({ sku: 'A', location: 'W2', qty: 10, idempotencyKey: 'rcpt-a2' }, actor);
  await hub.inventory.receive({ sku: 'B', location: 'W2', qty: 3, idempotencyKey: 'rcpt-b2' }, actor);
  const before = await hub.inventory.stockOf('KIT');
  assert.ok(before.ok);
  assert.equal(before.value.isBundle, true);
  assert.equal(before.value.locations.find((l) => l.location === 'W2')?.available, 3);
  const r = await hub.inventory.reserve({ ref: 'order-kit', lines: [{ sku: 'KIT', qty: 2, location: 'W2' }] }, actor);
  assert.ok(r.ok);
  assert.deepEqual(r.value.reservation.lines.map((l) => [l.stockSku, l.qty]), [['A', 4], ['B', 2]]);
  const afterLevel = await hub.inventory.stockOf('KIT');
  assert.ok(afterLevel.ok);
  assert.equal(afterLevel.value.locations.find((l) => l.location === 'W2')?.available, 1);
});

test('safety stock is held back from what can be sold but not from what is on hand', async () => {
  const level = await hub.inventory.setSafetyStock({ sku: 'E', location: 'W1', qty: 2 });
  assert.ok(level.ok);
  await hub.inventory.receive({ sku: 'E', location: 'W1', qty: 5, idempotencyKey: 'rcpt-e' }, actor);
  assert.deepEqual(await onHand('E', 'W1'), { location: 'W1', onHand: 5, reserved: 0, safetyStock: 2, available: 3 });
});

test('after all of this the balances equal the sum of the movements', async () => {
  assert.deepEqual(await hub.inventory.verifyLedger(), []);
});

test('the ledger refuses to have its history edited', async () => {
  await assert.rejects(hub.store.db.updateTable('stock_movements').set({ on_hand_delta: 1000 }).execute(), /append-only/);
});

test('a reservation made inside a transaction that rolls back leaves no trace', async () => {
  await hub.inventory.receive({ sku: 'E', location: 'W2', qty: 4, idempotencyKey: 'rcpt-e2' }, actor);
  await assert.rejects(hub.store.db.transaction().execute(async (trx) => {
    const r = await hub.inventory.within(trx).reserve({ ref: 'tx-rolled-back', lines: [{ sku: 'E', qty: 2, location: 'W2' }] }, actor);
    assert.ok(r.ok);
    throw new Error('the order could not be saved');
  }), /could not be saved/);
  assert.equal((await onHand('E', 'W2')).reserved, 0);
  assert.equal((await hub.inventory.getReservation({ ref: 'tx-rolled-back' })).ok, false);
});

test('a refusal inside a transaction lets the rest of it commit', async () => {
  await hub.store.db.transaction().execute(async (trx) => {
    const inv = hub.inventory.within(trx);
    const refused = await inv.reserve({ ref: 'tx-too-much', lines: [{ sku: 'E', qty: 99, location: 'W2' }] }, actor);
    assert.equal(!refused.ok && refused.code, 'INVENTORY.INSUFFICIENT_STOCK');
    const held = await inv.reserve({ ref: 'tx-ok', lines: [{ sku: 'E', qty: 1, location: 'W2' }] }, actor);
    assert.ok(held.ok);
    const shipped = await inv.ship({ id: held.value.reservation.id }, {}, actor);
    assert.ok(shipped.ok);
    const again = await inv.release({ id: held.value.reservation.id }, {}, actor);
    assert.equal(!again.ok && again.code, 'INVENTORY.RESERVATION_CLOSED', 'a shipped reservation has nothing to release');
  });
  assert.deepEqual(await onHand('E', 'W2'), { location: 'W2', onHand: 3, reserved: 0, safetyStock: 0, available: 3 });
  assert.deepEqual(await hub.inventory.verifyLedger(), []);
});
