import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PlatformError } from '../../connectors/index.ts';
import { productOf, RecordReader, stockCountOf } from './records.ts';

const reader = (record: Record<string, unknown>) => new RecordReader(record, 'item 1');

function problem(read: () => unknown): string {
  try {
    read();
  } catch (err) {
    assert.ok(err instanceof PlatformError && err.kind === 'permanent');
    return err.message;
  }
  assert.fail('expected the record to be refused');
}

test('times with an offset, a Z or none but a bare date are read as UTC ISO text', () => {
  assert.equal(reader({ t: '2025-04-02T10:00:00+08:00' }).time('t'), '2025-04-02T02:00:00.000Z');
  assert.equal(reader({ t: '2025-04-02 10:00:00+0800' }).time('t'), '2025-04-02T02:00:00.000Z');
  assert.equal(reader({ t: '2025-04-02' }).time('t'), '2025-04-02T00:00:00.000Z');
  assert.equal(problem(() => reader({ t: '2025-04-02T10:00:00' }).time('t')), 'item 1: t "2025-04-02T10:00:00" is not an ISO 8601 time with a zone');
  assert.match(problem(() => reader({ t: '2025-02-30T10:00:00Z' }).time('t')), /is not an ISO 8601 time/);
});

test('money must be a decimal string and is normalised as the catalog stores it', () => {
  assert.equal(reader({ m: '12.5' }).money('m'), '12.5000');
  assert.equal(reader({ m: '' }).money('m'), null);
  assert.equal(problem(() => reader({ m: 12.5 }).money('m')), 'item 1: m must be a decimal string, not 12.5');
  assert.match(problem(() => reader({ m: '1,200.00' }).money('m')), /^item 1: m "1,200\.00" must be a non-negative number$/);
});

test('a product needs a sku and a name; currency is an ISO code; empty optional fields are null', () => {
  assert.deepEqual(productOf(reader({ sku: ' A-1 ', name: 'Apple', currency: 'EUR', barcode: '' })), {
    sku: 'A-1', name: 'Apple', unitCost: null, price: null, currency: 'EUR', barcode: null,
  });
  assert.equal(problem(() => productOf(reader({ sku: 'A-1' }))), 'item 1: name is missing');
  assert.equal(problem(() => productOf(reader({ sku: 'A-1', name: 'Apple', currency: 'euro' }))), 'item 1: currency "euro" is not an ISO 4217 code');
});

test('a count quantity is a whole number from zero, given as a number or as digits', () => {
  const count = (qty: unknown) => stockCountOf(reader({ countId: 'C1', sku: 'A', location: 'L', qty, countedAt: '2025-04-02T00:00:00Z' })).qty;
  assert.equal(count(0), 0);
  assert.equal(count('17'), 17);
  assert.equal(problem(() => count(1.5)), 'item 1: qty 1.5 is not a whole number >= 0');
  assert.equal(problem(() => count('')), 'item 1: qty "" is not a whole number >= 0');
});
