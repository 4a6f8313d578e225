import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CanonicalOrderStatus } from '../types.ts';
import { wooStatusMap, wooStatusOf } from './status.ts';

/** Every WooCommerce core status with the hub status the table documents, in the table's order. */
const cases: [string, CanonicalOrderStatus][] = [
  ['checkout-draft', 'pending'],
  ['pending', 'pending'],
  ['on-hold', 'pending'],
  ['processing', 'paid'],
  ['completed', 'shipped'],
  ['cancelled', 'cancelled'],
  ['refunded', 'cancelled'],
  ['failed', 'cancelled'],
  ['trash', 'cancelled'],
];

test('each WooCommerce status maps as the table documents', () => {
  assert.deepEqual(Object.entries(wooStatusMap), cases);
  for (const [status, expected] of cases) assert.equal(wooStatusOf(status), expected, status);
});

test('on-hold holds stock without releasing the order: WooCommerce has reduced its stock, the money is not in', () => {
  assert.equal(wooStatusOf('on-hold'), 'pending');
  assert.notEqual(wooStatusOf('on-hold'), wooStatusOf('processing'));
});

test('a custom status from a plugin is refused, not guessed; so is a property of Object', () => {
  assert.throws(() => wooStatusOf('shipped'), /unknown order status "shipped"/);
  assert.throws(() => wooStatusOf('toString'), /unknown order status "toString"/);
});
