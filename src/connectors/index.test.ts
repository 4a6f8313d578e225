import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectorFor, type PlatformKind } from './index.ts';

test('each platform kind has its connector with its published call limit', () => {
  assert.equal(connectorFor('shopify').kind, 'shopify');
  assert.deepEqual(connectorFor('shopify').rateLimit, { capacity: 40, refillPerSecond: 2 });
  assert.equal(connectorFor('taobao').kind, 'taobao');
  // TOP counts per one-second window: a full bucket plus one second of refill must stay within 20 calls.
  const taobao = connectorFor('taobao').rateLimit;
  assert.ok(taobao.capacity + taobao.refillPerSecond <= 20, `${JSON.stringify(taobao)} can exceed 20 calls in one second`);
});

test('a platform without a connector is an error, not undefined', () => {
  assert.throws(() => connectorFor('ebay' as PlatformKind), /no connector for platform "ebay"/);
});
