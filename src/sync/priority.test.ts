import assert from 'node:assert/strict';
import { test } from 'node:test';
import { INGEST_PRIORITY, pushPriority } from './priority.ts';

test('a listing showing few units is pushed before one showing many', () => {
  assert.ok(pushPriority(2) > pushPriority(20));
  assert.ok(pushPriority(20) > pushPriority(300));
  assert.equal(pushPriority(300), 1);
});

test('a listing never pushed comes before any low-stock listing, and ingest before every push', () => {
  assert.ok(pushPriority(null) > pushPriority(1));
  assert.ok(INGEST_PRIORITY > pushPriority(null));
});

test('a listing shown as zero is pushed after low-stock listings but before plentiful ones', () => {
  assert.ok(pushPriority(0) < pushPriority(10));
  assert.ok(pushPriority(0) > pushPriority(200));
});
