import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import { openTestStore, type TestStore } from '../../test/helpers/store.ts';
import type { Result } from '../errors/index.ts';
import { createCatalogService, type CatalogService, type ImportReport } from './index.ts';

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

const csv = (...lines: string[]) => lines.join('\n') + '\n';
const counts = ({ rows, created, updated, unchanged, failed }: ImportReport) => ({ rows, created, updated, unchanged, failed });

test('new rows are created with their fields', async () => {
  const report = await catalog.importProductsCsv(csv(
    'sku,name,barcode,category,unit_cost,price,currency',
    'IM1-A,Apple,0001,Fruit,0.5,1.25,EUR',
    'IM1-B,Banana,,,,,',
  ));
  assert.deepEqual(report, { refused: null, rows: 2, created: 2, updated: 0, unchanged: 0, failed: 0, errors: [] });
  const apple = value(await catalog.getProduct('IM1-A'));
  assert.deepEqual(
    [apple.name, apple.barcode, apple.category, apple.unitCost, apple.price, apple.currency],
    ['Apple', '0001', 'Fruit', '0.5000', '1.2500', 'EUR'],
  );
  const banana = value(await catalog.getProduct('IM1-B'));
  assert.deepEqual([banana.barcode, banana.unitCost, banana.price, banana.currency], [null, '0.0000', '0.0000', 'USD']);
});

test('a row with a negative price is reported with its line number and the rest are imported', async () => {
  const report = await catalog.importProductsCsv(csv(
    'sku,name,price',
    'IM2-A,One,1',
    'IM2-B,Two,-3',
    'IM2-C,Three,3',
  ));
  assert.deepEqual(counts(report), { rows: 3, created: 2, updated: 0, unchanged: 0, failed: 1 });
  assert.deepEqual(report.errors, [{ line: 3, sku: 'IM2-B', reason: 'price: must be a non-negative number' }]);
  value(await catalog.getProduct('IM2-C'));
});

test('importing the same file again changes nothing, and a changed row counts as updated', async () => {
  const file = csv('sku,name,price', 'IM3-A,One,1.50', 'IM3-B,Two,2');
  await catalog.importProductsCsv(file);
  const before = value(await catalog.getProduct('IM3-A'));
  assert.deepEqual(counts(await catalog.importProductsCsv(file)), { rows: 2, created: 0, updated: 0, unchanged: 2, failed: 0 });
  assert.equal(value(await catalog.getProduct('IM3-A')).updatedAt, before.updatedAt);
  assert.deepEqual(counts(await catalog.importProductsCsv(csv('sku,name,price', 'IM3-A,One,1.5', 'IM3-B,Two,2.5'))), {
    rows: 2, created: 0, updated: 1, unchanged: 1, failed: 0,
  });
  assert.equal(value(await catalog.getProduct('IM3-B')).price, '2.5000');
});

test('an empty cell leaves the stored value of an existing product as it is', async () => {
  await catalog.importProductsCsv(csv('sku,name,category,price', 'IM4,Widget,Tools,9.99'));
  const report = await catalog.importProductsCsv(csv('sku,name,category,price', 'IM4,,,12'));
  assert.deepEqual(counts(report), { rows: 1, created: 0, updated: 1, unchanged: 0, failed: 0 });
  const product = value(await catalog.getProduct('IM4'));
  assert.deepEqual([product.name, product.category, product.price], ['Widget', 'Tools', '12.0000']);
});

test('a new product without a name is reported', async () => {
  const report = await catalog.importProductsCsv(csv('sku,name', 'IM5,'));
  assert.deepEqual(report.errors, [{ line: 2, sku: 'IM5', reason: 'name: is required' }]);
});

test('a repeated SKU is reported with the line of its first row, and only the first is imported', async () => {
  const report = await catalog.importProductsCsv(csv('sku,name', 'IM6-A,First', 'IM6-B,Other', 'IM6-A,Second'), { batchSize: 1 });
  assert.deepEqual(report.errors, [{ line: 4, sku: 'IM6-A', reason: 'duplicate sku in file (first at line 2)' }]);
  assert.equal(value(await catalog.getProduct('IM6-A')).name, 'First');
});

test('header names are case-insensitive and unitCost is the same column as unit_cost', async () => {
  const report = await catalog.importProductsCsv(csv('SKU,Name,unitCost,PRICE', 'IM7,Seven,1.1,2.2'));
  assert.equal(report.created, 1);
  assert.equal(value(await catalog.getProduct('IM7')).unitCost, '1.1000');
  const bad = await catalog.importProductsCsv(csv('SKU,Name,unitCost', 'IM7-B,Bad,x'));
  assert.deepEqual(bad.errors, [{ line: 2, sku: 'IM7-B', reason: 'unitCost: must be a non-negative number' }]);
});

test('unknown columns are reported once and the rows are still imported', async () => {
  const report = await catalog.importProductsCsv(csv('sku,name,colour,size', 'IM8-A,A,red,S', 'IM8-B,B,blue,M'));
  assert.deepEqual(counts(report), { rows: 2, created: 2, updated: 0, unchanged: 0, failed: 0 });
  assert.equal(report.errors.length, 1);
  assert.equal(report.errors[0]?.line, 1);
  assert.match(report.errors[0]?.reason ?? '', /^unknown columns "colour", "size" ignored/);
});

test('a file without a name column is refused as a whole', async () => {
  const report = await catalog.importProductsCsv(csv('sku,price', 'IM9,1'));
  assert.match(report.refused ?? '', /the header has no name column/);
  assert.deepEqual(counts(report), { rows: 0, created: 0, updated: 0, unchanged: 0, failed: 0 });
  assert.equal((await catalog.getProduct('IM9')).ok, false);
});

test('an empty file is refused with a reason', async () => {
  const report = await catalog.importProductsCsv('');
  assert.match(report.refused ?? '', /the file is empty/);
});

test('a row with the wrong number of fields or broken quoting is reported and the next rows still read', async () => {
  const report = await catalog.importProductsCsv(csv('sku,name,price', 'IM10-A,Short', 'IM10-B,"Bad"x,1', 'IM10-C,"Multi', 'line",3', 'IM10-D,Fine,4'));
  assert.deepEqual(report.errors, [
    { line: 2, sku: 'IM10-A', reason: 'has 2 fields but the header has 3' },
    { line: 3, sku: 'IM10-B', reason: 'not valid CSV: unexpected text after the closing quote of field 2' },
  ]);
  assert.equal(value(await catalog.getProduct('IM10-C')).name, 'Multi\nline');
  assert.equal(report.created, 2);
});

test('bundles may name components defined later in the file', async () => {
  const report = await catalog.importProductsCsv(csv(
    'sku,name,price,components',
    'IM11-KIT,Kit,10,IM11-A:2;IM11-B:1',
    'IM11-A,Part A,1,',
    'IM11-B,Part B,2,',
  ));
  assert.deepEqual(counts(report), { rows: 3, created: 3, updated: 0, unchanged: 0, failed: 0 });
  const kit = value(await catalog.getProduct('IM11-KIT'));
  assert.equal(kit.isBundle, true);
  assert.deepEqual(kit.components, [{ sku: 'IM11-A', qty: 2 }, { sku: 'IM11-B', qty: 1 }]);
  assert.deepEqual(counts(await catalog.importProductsCsv(csv('sku,name,price,components', 'IM11-KIT,Kit,10,IM11-B:1;IM11-A:2'))), {
    rows: 1, created: 0, updated: 0, unchanged: 1, failed: 0,
  });
  assert.equal((await catalog.importProductsCsv(csv('sku,name,components', 'IM11-KIT,Kit,IM11-A:3'))).updated, 1);
  assert.deepEqual(value(await catalog.getProduct('IM11-KIT')).components, [{ sku: 'IM11-A', qty: 3 }]);
});

test('bad bundle rows are reported with the component at fault', async () => {
  await catalog.importProductsCsv(csv('sku,name', 'IM12-PLAIN,Plain'));
  const report = await catalog.importProductsCsv(csv(
    'sku,name,price,components',
    'IM12-A,Part,x,',
    'IM12-K1,Kit 1,1,IM12-X:1',
    'IM12-K2,Kit 2,1,IM12-A:1',
    'IM12-K3,Kit 3,1,IM12-K1:1',
    'IM12-K4,Kit 4,1,IM12-B:two',
    'IM12-PLAIN,Plain,1,IM12-B:1',
    'IM12-B,Part B,1,',
  ));
  assert.deepEqual(report.errors, [
    { line: 2, sku: 'IM12-A', reason: 'price: must be a non-negative number' },
    { line: 3, sku: 'IM12-K1', reason: 'component IM12-X does not exist' },
    { line: 4, sku: 'IM12-K2', reason: 'component IM12-A does not exist (its row at line 2 was not imported)' },
    { line: 5, sku: 'IM12-K3', reason: 'component IM12-K1 is a bundle (a bundle cannot contain bundles)' },
    { line: 6, sku: 'IM12-K4', reason: 'components: "IM12-B:two" must be written SKU:QTY, e.g. SKU-A:2;SKU-B:1' },
    { line: 7, sku: 'IM12-PLAIN', reason: 'components: this SKU is a plain product; components can be set only on a product created as a bundle' },
  ]);
  assert.equal(report.created, 1);
});

test('a byte stream in small chunks imports the same and reports progress up to the total', async () => {
  const text = '\uFEFFsku,name\r\n' + Array.from({ length: 25 }, (_, i) => `IM13-${i},"Name, ${i}"\r\n`).join('');
  const bytes = Buffer.from(text, 'utf8');
  const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
  const progress: [number, number | undefined][] = [];
  const report = await catalog.importProductsCsv(Readable.from(chunks), { batchSize: 10, onProgress: (done, total) => progress.push([done, total]) });
  assert.deepEqual(counts(report), { rows: 25, created: 25, updated: 0, unchanged: 0, failed: 0 });
  assert.equal(value(await catalog.getProduct('IM13-7')).name, 'Name, 7');
  assert.deepEqual(progress.at(-1), [25, 25]);
  assert.ok(progress.every(([done], i) => i === 0 || done >= (progress[i - 1]?.[0] ?? 0)));
});

test('20,000 generated rows import with correct counts, and again as unchanged', async () => {
  const rows = 20_000;
  const lines = ['sku,name,barcode,category,unit_cost,price,currency'];
  for (let i = 0; i < rows; i++) lines.push(`BULK-${i},Bulk product ${i},${1_000_000 + i},Cat ${i % 50},${(i % 100) / 4},${i % 1000}.99,USD`);
  lines.push('BULK-BAD,Broken,,,1,-1,USD');
  const file = lines.join('\n');
  const report = await catalog.importProductsCsv(file);
  assert.deepEqual(counts(report), { rows: rows + 1, created: rows, updated: 0, unchanged: 0, failed: 1 });
  assert.deepEqual(report.errors, [{ line: rows + 2, sku: 'BULK-BAD', reason: 'price: must be a non-negative number' }]);
  assert.equal(value(await catalog.getProduct('BULK-12345')).price, '345.9900');
  assert.deepEqual(counts(await catalog.importProductsCsv(file)), { rows: rows + 1, created: 0, updated: 0, unchanged: rows, failed: 1 });
});
