import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareRun, compareStock } from './compare.ts';

const order = (externalId: string, lines = [{ sku: 'A', qty: 1 }], status = 'paid') => ({ channel: 'shop', externalId, status, lines });

test('a run where the hub agrees with every witness counts nothing', () => {
  const c = compareRun([order('1'), order('2')], [{ ...order('1'), flags: [] }, { ...order('2'), flags: [] }], [{ channel: 'shop', listing: 'L', qty: 3 }], [{ channel: 'shop', listing: 'L', qty: 3 }]);
  assert.deepEqual([c.lost, c.duplicated, c.wrongLines, c.wrongStatus, c.oversold, c.listingDrift], [0, 0, 0, 0, 0, 0]);
});

test('an order the channel has and the hub lacks is lost; one only the hub has is a duplicate', () => {
  const c = compareRun([order('1'), order('2')], [{ ...order('1'), flags: [] }, { ...order('9'), flags: [] }], [], []);
  assert.equal(c.lost, 1);
  assert.equal(c.duplicated, 1);
});

test('a quantity of 2 that became 20 is a wrong line; split lines of the same SKU are not', () => {
  const c = compareRun(
    [order('1', [{ sku: 'A', qty: 2 }]), order('2', [{ sku: 'B', qty: 1 }, { sku: 'B', qty: 1 }])],
    [{ ...order('1', [{ sku: 'A', qty: 20 }]), flags: [] }, { ...order('2', [{ sku: 'B', qty: 2 }]), flags: [] }], [], []);
  assert.equal(c.wrongLines, 1);
});

test('a listing showing another quantity than the hub publishes is drift', () => {
  const c = compareRun([], [], [{ channel: 'shop', listing: 'L', qty: 5 }, { channel: 'shop', listing: 'M', qty: 0 }], [{ channel: 'shop', listing: 'L', qty: 4 }]);
  assert.equal(c.listingDrift, 2);
});

test('an order the channel sold but the hub could not reserve is oversold', () => {
  const c = compareRun([order('1')], [{ ...order('1'), flags: ['INSUFFICIENT_STOCK'] }], [], []);
  assert.equal(c.oversold, 1);
});

test('stock is in step when open orders are reserved and shipped ones left the shelf, once each', () => {
  const witness = [
    { channel: 'a', externalId: '1', status: 'paid', lines: [{ sku: 'A', qty: 2 }] },
    { channel: 'a', externalId: '2', status: 'shipped', lines: [{ sku: 'A', qty: 3 }] },
    { channel: 'b', externalId: '3', status: 'cancelled', lines: [{ sku: 'A', qty: 5 }] },
  ];
  const opening = new Map([['A', 10]]);
  assert.equal(compareStock(witness, opening, new Map([['A', { onHand: 7, reserved: 2 }]])).stockDrift, 0);
  const twice = compareStock(witness, opening, new Map([['A', { onHand: 4, reserved: 2 }]]));
  assert.equal(twice.stockDrift, 1);
  assert.match(twice.examples[0] ?? '', /on hand 7 reserved 2, hub has 4\/2/);
});
