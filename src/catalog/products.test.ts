import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openTestStore, type TestStore } from '../../test/helpers/store.ts';
import type { Result } from '../errors/index.ts';
import { createCatalogService, type CatalogService, type Product } from './index.ts';

let store: TestStore;
let catalog: CatalogService;

before(async () => {
  store = await openTestStore();
  catalog = createCatalogService(store.db);
});

after(async () => {
  await store.dispose();
});

function value<T>(result: Result<T>): T {
  if (!result.ok) assert.fail(`expected success, got ${result.code}: ${result.message}`);
  return result.value;
}

function refusal<T>(result: Result<T>, code: string) {
  if (result.ok) assert.fail(`expected ${code}, got success`);
  assert.equal(result.code, code, result.message);
  return result;
}

async function plain(sku: string, extra: Partial<Parameters<CatalogService['createProduct']>[0]> = {}): Promise<Product> {
  return value(await catalog.createProduct({ sku, name: `Product ${sku}`, unitCost: '1', price: '2', ...extra }));
}

test('a product is created with trimmed text, money as four-decimal strings and USD by default', async () => {
  const product = value(await catalog.createProduct({ sku: '  P-1 ', name: ' Mug ', barcode: ' 400123 ', unitCost: 3.5, price: '12.50' }));
  assert.equal(product.sku, 'P-1');
  assert.equal(product.name, 'Mug');
  assert.equal(product.barcode, '400123');
  assert.equal(product.category, null);
  assert.equal(product.unitCost, '3.5000');
  assert.equal(product.price, '12.5000');
  assert.equal(product.currency, 'USD');
  assert.equal(product.isBundle, false);
  assert.deepEqual(product.components, []);
  assert.equal(product.archivedAt, null);
  assert.deepEqual(value(await catalog.getProduct('P-1')), product);
});

test('invalid fields are refused together, each named', async () => {
  const result = refusal(await catalog.createProduct({ sku: '', name: '', price: '-1', unitCost: '1.23456', currency: 'dollars' }), 'REQUEST.INVALID');
  const fields = (result.details.fields as { field: string }[]).map((f) => f.field).sort();
  assert.deepEqual(fields, ['currency', 'name', 'price', 'sku', 'unitCost']);
  assert.match(result.message, /price: must be a non-negative number/);
});

test('a SKU longer than 100 characters is refused', async () => {
  refusal(await catalog.createProduct({ sku: 'X'.repeat(101), name: 'Long' }), 'REQUEST.INVALID');
});

test('a second product with the same SKU is refused as existing', async () => {
  await plain('DUP-1');
  const result = refusal(await catalog.createProduct({ sku: 'DUP-1', name: 'Again' }), 'CATALOG.SKU_EXISTS');
  assert.deepEqual(result.details, { sku: 'DUP-1' });
});

test('a bundle is created from existing plain products and lists its components', async () => {
  await plain('B1-A');
  await plain('B1-B');
  const bundle = value(await catalog.createProduct({ sku: 'B1', name: 'Kit', price: '30', components: [{ sku: 'B1-B', qty: 1 }, { sku: 'B1-A', qty: 2 }] }));
  assert.equal(bundle.isBundle, true);
  assert.deepEqual(bundle.components, [{ sku: 'B1-A', qty: 2 }, { sku: 'B1-B', qty: 1 }]);
  assert.deepEqual(value(await catalog.getProduct('B1')).components, [{ sku: 'B1-A', qty: 2 }, { sku: 'B1-B', qty: 1 }]);
});

test('a bundle naming a missing, archived or bundle component is refused and names each bad one', async () => {
  await plain('B2-OK');
  await plain('B2-OLD');
  value(await catalog.archiveProduct('B2-OLD'));
  await plain('B2-PART');
  value(await catalog.createProduct({ sku: 'B2-KIT', name: 'Kit', components: [{ sku: 'B2-PART', qty: 1 }] }));
  const result = refusal(
    await catalog.createProduct({
      sku: 'B2', name: 'Bad kit',
      components: [{ sku: 'B2-OK', qty: 1 }, { sku: 'B2-NONE', qty: 1 }, { sku: 'B2-OLD', qty: 1 }, { sku: 'B2-KIT', qty: 1 }],
    }),
    'CATALOG.INVALID_BUNDLE',
  );
  assert.deepEqual(result.details.problems, [
    { component: 'B2-NONE', reason: 'does not exist' },
    { component: 'B2-OLD', reason: 'is archived' },
    { component: 'B2-KIT', reason: 'is a bundle (a bundle cannot contain bundles)' },
  ]);
  refusal(await catalog.getProduct('B2'), 'CATALOG.PRODUCT_NOT_FOUND');
});

test('a bundle with a repeated component or a quantity that is not a positive whole number is refused', async () => {
  await plain('B3-A');
  const repeated = refusal(await catalog.createProduct({ sku: 'B3', name: 'Kit', components: [{ sku: 'B3-A', qty: 1 }, { sku: 'B3-A', qty: 2 }] }), 'CATALOG.INVALID_BUNDLE');
  assert.deepEqual(repeated.details.problems, [{ component: 'B3-A', reason: 'is listed more than once' }]);
  for (const qty of [0, -1, 1.5]) {
    refusal(await catalog.createProduct({ sku: 'B3', name: 'Kit', components: [{ sku: 'B3-A', qty }] }), 'CATALOG.INVALID_BUNDLE');
  }
});

test('an update changes only the fields it sets and moves updatedAt', async () => {
  const before = await plain('U1', { category: 'Cups', barcode: '111' });
  const after = value(await catalog.updateProduct('U1', { price: '9.99', barcode: null }));
  assert.equal(after.price, '9.9900');
  assert.equal(after.barcode, null);
  assert.equal(after.category, 'Cups');
  assert.equal(after.name, before.name);
  assert.ok(after.updatedAt >= before.updatedAt);
  assert.equal(after.createdAt, before.createdAt);
});

test('an update that changes nothing writes nothing', async () => {
  const before = await plain('U2', { price: '5' });
  await new Promise((resolve) => setTimeout(resolve, 5));
  const after = value(await catalog.updateProduct('U2', { price: '5.00', name: before.name }));
  assert.equal(after.updatedAt, before.updatedAt);
});

test('updating an unknown SKU is refused as not found', async () => {
  refusal(await catalog.updateProduct('NOPE', { name: 'x' }), 'CATALOG.PRODUCT_NOT_FOUND');
});

test('a bundle may get new components but a plain product may not become a bundle', async () => {
  await plain('U3-A');
  await plain('U3-B');
  value(await catalog.createProduct({ sku: 'U3', name: 'Kit', components: [{ sku: 'U3-A', qty: 1 }] }));
  const updated = value(await catalog.updateProduct('U3', { components: [{ sku: 'U3-B', qty: 3 }] }));
  assert.deepEqual(updated.components, [{ sku: 'U3-B', qty: 3 }]);
  const refused = refusal(await catalog.updateProduct('U3-A', { components: [{ sku: 'U3-B', qty: 1 }] }), 'CATALOG.INVALID_BUNDLE');
  assert.match(refused.message, /plain product/);
  refusal(await catalog.updateProduct('U3', { components: [] }), 'CATALOG.INVALID_BUNDLE');
  refusal(await catalog.updateProduct('U3', { components: [{ sku: 'U3', qty: 1 }] }), 'CATALOG.INVALID_BUNDLE');
});

test('archiving sets archivedAt, is idempotent, and hides the product from the default list', async () => {
  await plain('AR1');
  const archived = value(await catalog.archiveProduct('AR1'));
  assert.notEqual(archived.archivedAt, null);
  assert.deepEqual(value(await catalog.archiveProduct('AR1')), archived);
  const visible = await catalog.listProducts({ q: 'AR1', limit: 10 });
  assert.deepEqual(visible.items, []);
  const all = await catalog.listProducts({ q: 'AR1', limit: 10, includeArchived: true });
  assert.deepEqual(all.items.map((p) => p.sku), ['AR1']);
});

test('a component of a live bundle cannot be archived until the bundle is', async () => {
  await plain('AR2-A');
  value(await catalog.createProduct({ sku: 'AR2', name: 'Kit', components: [{ sku: 'AR2-A', qty: 1 }] }));
  const refused = refusal(await catalog.archiveProduct('AR2-A'), 'CATALOG.PRODUCT_IN_USE');
  assert.deepEqual(refused.details, { sku: 'AR2-A', bundles: ['AR2'] });
  value(await catalog.archiveProduct('AR2'));
  value(await catalog.archiveProduct('AR2-A'));
});

test('archiving an unknown SKU is refused as not found', async () => {
  refusal(await catalog.archiveProduct('NOPE'), 'CATALOG.PRODUCT_NOT_FOUND');
});

test('pages follow each other by cursor until nextCursor is null', async () => {
  for (let i = 0; i < 7; i++) await plain(`PG-${i}`);
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 10; pages++) {
    const page = await catalog.listProducts({ q: 'PG-', limit: 3, cursor });
    seen.push(...page.items.map((p) => p.sku));
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  assert.deepEqual(seen, ['PG-0', 'PG-1', 'PG-2', 'PG-3', 'PG-4', 'PG-5', 'PG-6']);
});

test('the search matches SKU, name and barcode case-insensitively and takes % and _ literally', async () => {
  await plain('SR-1', { name: 'Blue Widget' });
  await plain('SR-2', { name: 'Red', barcode: 'ZX-998877' });
  await plain('SR-3', { name: '100% cotton' });
  await plain('SR_4', { name: 'Underscore' });
  const skus = async (q: string) => (await catalog.listProducts({ q, limit: 50 })).items.map((p) => p.sku);
  assert.deepEqual(await skus('blue widget'), ['SR-1']);
  assert.deepEqual(await skus('zx-9988'), ['SR-2']);
  assert.deepEqual(await skus('sr-2'), ['SR-2']);
  assert.deepEqual(await skus('0% c'), ['SR-3']);
  assert.deepEqual(await skus('SR_'), ['SR_4']);
});

test('a cursor that is not one the list returned is refused', async () => {
  await assert.rejects(catalog.listProducts({ limit: 5, cursor: 'abc' }), { code: 'REQUEST.INVALID' });
});

test('resolving SKUs returns the products found with bundle components and leaves out unknown ones', async () => {
  const a = await plain('RS-A', { unitCost: '2.25' });
  await plain('RS-B');
  value(await catalog.createProduct({ sku: 'RS-KIT', name: 'Kit', components: [{ sku: 'RS-A', qty: 2 }, { sku: 'RS-B', qty: 1 }] }));
  const refs = await catalog.resolveSkus(['RS-A', 'RS-KIT', 'RS-NONE', 'RS-A']);
  assert.deepEqual([...refs.keys()].sort(), ['RS-A', 'RS-KIT']);
  const refA = refs.get('RS-A');
  assert.equal(refA?.unitCost, '2.2500');
  assert.equal(refA?.isBundle, false);
  assert.equal(refA?.archived, false);
  assert.deepEqual(refA?.components, []);
  assert.equal(a.sku, 'RS-A');
  const kit = refs.get('RS-KIT');
  assert.equal(kit?.isBundle, true);
  assert.deepEqual(kit?.components.map((c) => [c.sku, c.qty, c.productId === refA?.id]), [['RS-A', 2, true], ['RS-B', 1, false]]);
  assert.deepEqual(await catalog.resolveSkus([]), new Map());
});

test('resolving thousands of SKUs at once works in one query', async () => {
  const wanted = Array.from({ length: 5_000 }, (_, i) => `RS-MANY-${i}`);
  const refs = await catalog.resolveSkus([...wanted, 'RS-A']);
  assert.deepEqual([...refs.keys()], ['RS-A']);
});

test('concurrent creations of the same SKU leave one product and refuse the others as existing', async () => {
  const results = await Promise.all(Array.from({ length: 5 }, (_, i) => catalog.createProduct({ sku: 'RACE-1', name: `Racer ${i}` })));
  assert.equal(results.filter((r) => r.ok).length, 1);
  for (const r of results.filter((r) => !r.ok)) refusal(r, 'CATALOG.SKU_EXISTS');
});

test('a component archived while a bundle of it is being created never ends up in a live bundle', async () => {
  for (let round = 0; round < 10; round++) {
    await plain(`CC-${round}`);
    const [bundle, archive] = await Promise.all([
      catalog.createProduct({ sku: `CC-KIT-${round}`, name: 'Kit', components: [{ sku: `CC-${round}`, qty: 1 }] }),
      catalog.archiveProduct(`CC-${round}`),
    ]);
    assert.notEqual(bundle.ok, archive.ok, `round ${round}: exactly one of the two wins`);
    if (!bundle.ok) refusal(bundle, 'CATALOG.INVALID_BUNDLE');
    if (!archive.ok) refusal(archive, 'CATALOG.PRODUCT_IN_USE');
  }
});
