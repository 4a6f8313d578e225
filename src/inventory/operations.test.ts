import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson, fingerprintOf } from './operations.ts';

test('the fingerprint of a request does not depend on the order of its keys', () => {
  assert.equal(fingerprintOf({ sku: 'A', qty: 2, location: 'W1' }), fingerprintOf({ location: 'W1', qty: 2, sku: 'A' }));
});

test('the fingerprint changes when a value changes', () => {
  assert.notEqual(fingerprintOf({ sku: 'A', qty: 2 }), fingerprintOf({ sku: 'A', qty: 20 }));
});

test('canonical JSON leaves out undefined fields and keeps array order', () => {
  assert.equal(canonicalJson({ b: [2, 1], a: undefined, c: null }), '{"b":[2,1],"c":null}');
});
