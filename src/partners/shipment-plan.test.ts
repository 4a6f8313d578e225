import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Reservation } from '../inventory/index.ts';
import { readConfirmation, requestLinesByLocation } from './shipment-plan.ts';

const reservation = (lines: Reservation['lines']): Reservation => ({ id: '1', ref: 'order-1', status: 'active', actor: 't', lines, createdAt: '', updatedAt: '' });

test('a request names physical SKUs: a bundle line becomes its components, grouped by the location holding them', () => {
  const byLocation = requestLinesByLocation(reservation([
    { requestLine: 0, sku: 'TEA', stockSku: 'TEA', location: 'WH1', qty: 2, shippedQty: 0, releasedQty: 0 },
    { requestLine: 1, sku: 'KIT', stockSku: 'CUP', location: 'WH1', qty: 4, shippedQty: 0, releasedQty: 0 },
    { requestLine: 1, sku: 'KIT', stockSku: 'POT', location: 'WH2', qty: 2, shippedQty: 0, releasedQty: 0 },
    { requestLine: 2, sku: 'GONE', stockSku: 'GONE', location: 'WH1', qty: 3, shippedQty: 1, releasedQty: 2 },
  ]));
  assert.deepEqual(Object.fromEntries(byLocation), {
    WH1: [{ lineRef: '0:TEA', sku: 'TEA', qty: 2 }, { lineRef: '1:CUP', sku: 'CUP', qty: 4 }],
    WH2: [{ lineRef: '1:POT', sku: 'POT', qty: 2 }],
  });
});

test('a confirmation that ships everything is complete', () => {
  const outcome = readConfirmation([{ lineRef: '0:TEA', sku: 'TEA', qty: 2 }], [{ lineRef: '0:TEA', qtyShipped: 2 }], new Map([[0, 2]]));
  assert.deepEqual(outcome, { complete: true, shippedUnits: new Map([[0, 2]]), short: [] });
});

test('a short-shipped line ships what went and names what is missing', () => {
  const outcome = readConfirmation(
    [{ lineRef: '0:TEA', sku: 'TEA', qty: 5 }, { lineRef: '1:MUG', sku: 'MUG', qty: 1 }],
    [{ lineRef: '0:TEA', qtyShipped: 3 }, { lineRef: '1:MUG', qtyShipped: 1 }],
    new Map([[0, 5], [1, 1]]),
  );
  assert.equal(outcome.complete, false);
  assert.deepEqual(outcome.shippedUnits, new Map([[0, 3], [1, 1]]));
  assert.deepEqual(outcome.short, [{ lineRef: '0:TEA', sku: 'TEA', missing: 2 }]);
});

test('a bundle counts as shipped only in whole units: the scarcest component decides', () => {
  // Two kits of (2 cups + 1 pot): 3 cups and 2 pots left = 1 whole kit.
  const outcome = readConfirmation(
    [{ lineRef: '0:CUP', sku: 'CUP', qty: 4 }, { lineRef: '0:POT', sku: 'POT', qty: 2 }],
    [{ lineRef: '0:CUP', qtyShipped: 3 }, { lineRef: '0:POT', qtyShipped: 2 }],
    new Map([[0, 2]]),
  );
  assert.deepEqual(outcome.shippedUnits, new Map([[0, 1]]));
  assert.deepEqual(outcome.short, [{ lineRef: '0:CUP', sku: 'CUP', missing: 1 }]);
});

test('units a warehouse ships beyond the request are not counted twice', () => {
  const outcome = readConfirmation([{ lineRef: '0:TEA', sku: 'TEA', qty: 1 }], [{ lineRef: '0:TEA', qtyShipped: 1 }, { lineRef: '0:TEA', qtyShipped: 1 }], new Map([[0, 1]]));
  assert.deepEqual(outcome.shippedUnits, new Map([[0, 1]]));
  assert.equal(outcome.complete, true);
});
