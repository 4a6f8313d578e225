import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canMove, isNewer, stockEffectOf } from './state.ts';

test('a paid order with nothing held reserves its stock', () => {
  assert.equal(stockEffectOf('paid', 'none'), 'reserve');
});

test('an unpaid order holds its stock too, because the channel already took it out of its listing', () => {
  assert.equal(stockEffectOf('pending', 'none'), 'reserve');
  assert.equal(stockEffectOf('paid', 'reserved'), 'none', 'paying it later holds nothing more');
});

test('a duplicate paid update does nothing more once stock is held', () => {
  assert.equal(stockEffectOf('paid', 'reserved'), 'none');
});

test('a cancelled order gives back held stock, and an unpaid cancelled order moves nothing', () => {
  assert.equal(stockEffectOf('cancelled', 'reserved'), 'release');
  assert.equal(stockEffectOf('cancelled', 'none'), 'none');
});

test('a shipped order commits held stock', () => {
  assert.equal(stockEffectOf('shipped', 'reserved'), 'ship');
});

test('an order first seen already shipped still takes its stock', () => {
  assert.equal(stockEffectOf('shipped', 'none'), 'reserve_and_ship');
});

test('a late "paid" after the order was cancelled does not reserve again', () => {
  assert.equal(stockEffectOf('paid', 'released'), 'none');
});

test('orders never move from shipped back to paid or from cancelled to anything', () => {
  assert.equal(canMove('shipped', 'paid'), false);
  assert.equal(canMove('cancelled', 'paid'), false);
  assert.equal(canMove('pending', 'paid'), true);
});

test('only a strictly newer platform update is applied', () => {
  const stored = new Date('2026-11-24T10:00:00Z');
  assert.equal(isNewer('2026-11-24T10:00:01Z', stored), true);
  assert.equal(isNewer('2026-11-24T10:00:00Z', stored), false);
  assert.equal(isNewer('2026-11-24T18:00:00+08:00', stored), false);
  assert.equal(isNewer('2026-11-24T09:00:00Z', null), true);
});
