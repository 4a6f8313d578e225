import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkComponentList } from './bundles.ts';
import { changedFields, checkProductPatch, checkSku, fieldsForNewProduct, PRODUCT_DEFAULTS } from './validation.ts';

test('a SKU is trimmed and must have 1 to 100 characters', () => {
  assert.deepEqual(checkSku('  AB-1 '), { ok: true, value: 'AB-1' });
  assert.deepEqual(checkSku('   '), { ok: false, issues: [{ field: 'sku', message: 'is required' }] });
  assert.equal(checkSku('x'.repeat(100)).ok, true);
  assert.deepEqual(checkSku('x'.repeat(101)), { ok: false, issues: [{ field: 'sku', message: 'must be at most 100 characters' }] });
});

test('a patch keeps only the fields it sets, normalised', () => {
  assert.deepEqual(checkProductPatch({ price: 12.5, currency: ' eur ', category: '' }), {
    ok: true,
    value: { price: '12.5000', currency: 'EUR', category: null },
  });
  assert.deepEqual(checkProductPatch({}), { ok: true, value: {} });
  assert.deepEqual(checkProductPatch({ barcode: null }), { ok: true, value: { barcode: null } });
});

test('every bad field of a patch is reported, not only the first', () => {
  const result = checkProductPatch({ name: ' ', unitCost: '-2', price: 'abc', currency: 'US' });
  assert.deepEqual(result, {
    ok: false,
    issues: [
      { field: 'name', message: 'is required' },
      { field: 'unitCost', message: 'must be a non-negative number' },
      { field: 'price', message: 'must be a non-negative number' },
      { field: 'currency', message: 'must be a 3-letter ISO 4217 code such as USD' },
    ],
  });
});

test('a new product takes the defaults for what it does not set and needs a name', () => {
  assert.deepEqual(fieldsForNewProduct({ name: 'Mug', price: '3.0000' }), { ok: true, value: { ...PRODUCT_DEFAULTS, name: 'Mug', price: '3.0000' } });
  assert.deepEqual(fieldsForNewProduct({ price: '3.0000' }), { ok: false, issues: [{ field: 'name', message: 'is required' }] });
});

test('only fields whose value differs count as changed', () => {
  const current = { ...PRODUCT_DEFAULTS, name: 'Mug', price: '3.0000' };
  assert.deepEqual(changedFields(current, { name: 'Mug', price: '3.0000' }), {});
  assert.deepEqual(changedFields(current, { name: 'Cup', barcode: null, category: 'Kitchen' }), { name: 'Cup', category: 'Kitchen' });
});

test('a component list needs at least one component, each once, with a whole positive quantity, and not the bundle itself', () => {
  assert.deepEqual(checkComponentList('KIT', [{ sku: ' A ', qty: 2 }]), { ok: true, value: [{ sku: 'A', qty: 2 }] });
  assert.deepEqual(checkComponentList('KIT', []), { ok: false, problems: [{ component: null, reason: 'a bundle needs at least one component' }] });
  assert.deepEqual(checkComponentList('KIT', [{ sku: 'A', qty: 1 }, { sku: 'A', qty: 1 }, { sku: 'KIT', qty: 1 }, { sku: 'B', qty: 0 }, { sku: '', qty: 1 }]), {
    ok: false,
    problems: [
      { component: 'A', reason: 'is listed more than once' },
      { component: 'KIT', reason: 'is the bundle itself' },
      { component: 'B', reason: 'has qty 0; it must be a whole number from 1 to 1000000' },
      { component: null, reason: 'component 5 has no SKU' },
    ],
  });
});
