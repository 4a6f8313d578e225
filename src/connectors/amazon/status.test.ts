import assert from 'node:assert/strict';
import { test } from 'node:test';
import { amazonStatusMap, amazonStatusOf } from './status.ts';

// Every OrderStatus value ordersV0 lists for getOrders.
const DOCUMENTED = ['PendingAvailability', 'Pending', 'Unshipped', 'PartiallyShipped', 'Shipped', 'InvoiceUnconfirmed', 'Canceled', 'Unfulfillable'];

test('every documented OrderStatus maps to a hub status', () => {
  assert.deepEqual(Object.keys(amazonStatusMap).sort(), [...DOCUMENTED].sort());
  assert.deepEqual(DOCUMENTED.map(amazonStatusOf), ['pending', 'pending', 'paid', 'partially_shipped', 'shipped', 'shipped', 'cancelled', 'cancelled']);
});

test('stock is held only from payment on: unpaid orders and pre-orders are pending', () => {
  assert.equal(amazonStatusOf('Pending'), 'pending');
  assert.equal(amazonStatusOf('PendingAvailability'), 'pending');
  assert.equal(amazonStatusOf('Unshipped'), 'paid');
});

test('an unknown OrderStatus is an error, not a guess', () => {
  assert.throws(() => amazonStatusOf('Delivered'), /unknown OrderStatus "Delivered"/);
  assert.throws(() => amazonStatusOf('toString'), /unknown OrderStatus/);
});
