import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareErp, compareTracking, compareWarehouse } from './compare-partners.ts';

test('an order the ERP booked twice, one it never got, one it has that was never released and one with other lines each count once', () => {
  const released = [
    { orderId: '1', lines: [{ sku: 'A', qty: 1 }] },
    { orderId: '2', lines: [{ sku: 'A', qty: 2 }] },
    { orderId: '3', lines: [{ sku: 'B', qty: 1 }] },
    { orderId: '4', lines: [{ sku: 'B', qty: 1 }, { sku: 'A', qty: 1 }] },
  ];
  const booked = [
    { externalRef: '1', lines: [{ sku: 'A', qty: 1 }] }, { externalRef: '1', lines: [{ sku: 'A', qty: 1 }] },
    { externalRef: '3', lines: [{ sku: 'B', qty: 2 }] },
    { externalRef: '4', lines: [{ sku: 'A', qty: 1 }, { sku: 'B', qty: 1 }] },
    { externalRef: '9', lines: [{ sku: 'A', qty: 1 }] },
  ];
  const { erpMismatch, examples } = compareErp(released, booked);
  assert.equal(erpMismatch, 4, examples.join('\n'));
});

test('the warehouse comparison counts each SKU whose on-hand differs, a SKU one side lacks as 0', () => {
  const result = compareWarehouse(new Map([['A', 5], ['B', 0], ['C', 2]]), new Map([['A', 5], ['C', 1], ['D', 3]]));
  assert.equal(result.wmsMismatch, 2);
  assert.deepEqual(result.examples, ['wms: C on hand 2 in the hub, 1 in the warehouse\'s books', 'wms: D on hand 0 in the hub, 3 in the warehouse\'s books']);
});

test('a parcel whose tracking number is not on its channel counts; one for a cancelled order does not', () => {
  const result = compareTracking(
    [{ orderId: '1', trackingNumber: 'T1' }, { orderId: '2', trackingNumber: 'T2' }, { orderId: '3', trackingNumber: 'T3' }, { orderId: '4', trackingNumber: 'T4' }],
    new Map([['1', { key: 's:1', cancelled: false }], ['2', { key: 's:2', cancelled: false }], ['3', { key: 's:3', cancelled: true }]]),
    new Map([['s:1', ['T1']], ['s:2', ['T0']]]),
  );
  assert.equal(result.trackingMissing, 2, result.examples.join('\n'));
});
