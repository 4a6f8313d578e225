import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bundleUnits, rankLocations, sellable, unreserved } from './availability.ts';

test('sellable stock holds back reservations and safety stock', () => {
  assert.equal(sellable({ onHand: 10, reserved: 3, safetyStock: 2 }), 5);
});

test('sellable stock is never negative when safety stock exceeds what is free', () => {
  assert.equal(sellable({ onHand: 10, reserved: 9, safetyStock: 5 }), 0);
});

test('unreserved stock ignores safety stock because a sold order may use the buffer', () => {
  assert.equal(unreserved({ onHand: 10, reserved: 3, safetyStock: 5 }), 7);
});

test('a bundle is as available as its scarcest component allows', () => {
  const free = new Map([['a', 10], ['b', 7]]);
  assert.equal(bundleUnits([{ productId: 'a', qty: 2 }, { productId: 'b', qty: 3 }], (id) => free.get(id) ?? 0), 2);
});

test('a bundle with a missing component has no units', () => {
  assert.equal(bundleUnits([{ productId: 'a', qty: 1 }, { productId: 'x', qty: 1 }], (id) => (id === 'a' ? 5 : 0)), 0);
});

test('locations are ranked by free stock, empty ones left out', () => {
  assert.deepEqual(rankLocations(new Map([['1', 3], ['2', 0], ['3', 9], ['4', 3]])), ['3', '1', '4']);
});
