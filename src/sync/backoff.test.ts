import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffMs } from './backoff.ts';

test('the backoff doubles with each attempt', () => {
  assert.deepEqual([1, 2, 3, 4].map((a) => backoffMs(a, () => 1)), [500, 1000, 2000, 4000]);
});

test('the backoff is jittered within the upper half of its ceiling', () => {
  assert.equal(backoffMs(3, () => 0), 1000);
  assert.equal(backoffMs(3, () => 0.5), 1500);
});

test('the backoff never exceeds its cap', () => {
  assert.equal(backoffMs(40, () => 1), 300_000);
});
