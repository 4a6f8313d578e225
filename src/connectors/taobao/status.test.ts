import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CanonicalOrderStatus } from '../types.ts';
import { taobaoStatusMap, taobaoStatusOf } from './status.ts';

const expected: [string, CanonicalOrderStatus][] = [
  ['TRADE_NO_CREATE_PAY', 'pending'],
  ['WAIT_BUYER_PAY', 'pending'],
  ['PAY_PENDING', 'pending'],
  ['WAIT_PRE_AUTH_CONFIRM', 'pending'],
  ['WAIT_SELLER_SEND_GOODS', 'paid'],
  ['PAID_FORBID_CONSIGN', 'paid'],
  ['SELLER_CONSIGNED_PART', 'partially_shipped'],
  ['WAIT_BUYER_CONFIRM_GOODS', 'shipped'],
  ['TRADE_BUYER_SIGNED', 'shipped'],
  ['TRADE_FINISHED', 'completed'],
  ['TRADE_CLOSED', 'cancelled'],
  ['TRADE_CLOSED_BY_TAOBAO', 'cancelled'],
];

test('each Taobao trade status maps as documented, and the table has no other row', () => {
  for (const [status, canonical] of expected) assert.equal(taobaoStatusOf(status), canonical, status);
  assert.deepEqual(Object.keys(taobaoStatusMap).sort(), expected.map(([s]) => s).sort());
});

test('query-only groups and unknown statuses are refused, not guessed', () => {
  assert.throws(() => taobaoStatusOf('ALL_WAIT_PAY'), /unknown trade status/);
  assert.throws(() => taobaoStatusOf('toString'), /unknown trade status/);
});
