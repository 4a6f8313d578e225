import assert from 'node:assert/strict';
import { test } from 'node:test';
import { effectiveRule, publishedQuantity } from './allocation.ts';

test('without a rule a channel is shown everything available', () => {
  assert.equal(publishedQuantity(37, {}), 37);
});

test('the buffer is held back before the share is taken, and the share rounds down', () => {
  assert.equal(publishedQuantity(25, { buffer: 5, sharePercent: 50 }), 10);
  assert.equal(publishedQuantity(7, { sharePercent: 50 }), 3);
});

test('a channel is never shown more than its maximum', () => {
  assert.equal(publishedQuantity(500, { maxShown: 100 }), 100);
});

test('at or below the threshold the channel is shown 0', () => {
  assert.equal(publishedQuantity(3, { zeroAtOrBelow: 3 }), 0);
  assert.equal(publishedQuantity(4, { zeroAtOrBelow: 3 }), 4);
});

test('nothing available is 0 whatever the rule', () => {
  assert.equal(publishedQuantity(0, { buffer: 2, sharePercent: 100 }), 0);
});

test("a listing's rule overrides its connection's field by field", () => {
  assert.deepEqual(effectiveRule({ sharePercent: 50, buffer: 2 }, { buffer: 0 }), { sharePercent: 50, buffer: 0 });
});
