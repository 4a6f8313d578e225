import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CanonicalOrderStatus } from '../types.ts';
import { shopifyPlatformStatus, shopifyStatusMap, shopifyStatusOf } from './status.ts';

const cancelledAt = '2025-04-02T11:31:25-05:00';

/** One case per row of the table, in its order: [financial_status, fulfillment_status, cancelled_at, expected]. */
const cases: [string, string | null, string | null, CanonicalOrderStatus][] = [
  ['refunded', 'fulfilled', cancelledAt, 'shipped'],
  ['paid', 'partial', null, 'partially_shipped'],
  ['refunded', 'restocked', null, 'cancelled'],
  ['paid', null, cancelledAt, 'cancelled'],
  ['refunded', null, null, 'cancelled'],
  ['voided', null, null, 'cancelled'],
  ['paid', null, null, 'paid'],
  ['partially_paid', null, null, 'paid'],
  ['partially_refunded', null, null, 'paid'],
  ['authorized', null, null, 'paid'],
  ['pending', null, null, 'pending'],
  ['expired', null, null, 'pending'],
];

test('each row of the Shopify status table maps as documented', () => {
  assert.equal(cases.length, shopifyStatusMap.length);
  for (const [i, [financialStatus, fulfillmentStatus, cancelled, expected]] of cases.entries()) {
    assert.equal(shopifyStatusMap[i]?.status, expected, `row ${i}`);
    assert.equal(shopifyStatusOf({ financialStatus, fulfillmentStatus, cancelledAt: cancelled }), expected, `${financialStatus}/${fulfillmentStatus}/${cancelled}`);
  }
});

test('shipment wins over payment: pending but fulfilled (ship before pay) is shipped', () => {
  assert.equal(shopifyStatusOf({ financialStatus: 'pending', fulfillmentStatus: 'fulfilled', cancelledAt: null }), 'shipped');
});

test('"unfulfilled" reads like null', () => {
  assert.equal(shopifyStatusOf({ financialStatus: 'paid', fulfillmentStatus: 'unfulfilled', cancelledAt: null }), 'paid');
});

test('a status Shopify may add later is refused, not guessed', () => {
  assert.throws(() => shopifyStatusOf({ financialStatus: 'paid', fulfillmentStatus: 'scheduled', cancelledAt: null }), /unknown fulfillment_status/);
  assert.throws(() => shopifyStatusOf({ financialStatus: null, fulfillmentStatus: null, cancelledAt: null }), /unknown financial_status/);
});

test('the platform words are kept for display', () => {
  assert.equal(shopifyPlatformStatus({ financialStatus: 'paid', fulfillmentStatus: null, cancelledAt }), 'paid/unfulfilled/cancelled');
});
