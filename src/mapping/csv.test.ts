import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readSkuMapCsv, skuMapCsv, type SkuMapRow } from './csv.ts';

test('a written SKU map reads back as the same rows, awkward codes included', () => {
  const rows: SkuMapRow[] = [
    { type: 'listing', platformItemId: '600000000001', platformVariantId: '4000000000001', platformLocationId: '', code: 'TEA, "green"', sku: 'TEA-250' },
    { type: 'listing', platformItemId: '600000000002', platformVariantId: '', platformLocationId: '905684977', code: 'GIFT', sku: null },
    { type: 'alias', code: 'ｔｅａ　２５０', sku: 'TEA-250' },
  ];
  const text = skuMapCsv(rows);
  assert.match(text, /^type,platform_item_id,platform_variant_id,platform_location_id,code,sku\n/);
  assert.deepEqual(readSkuMapCsv(text), { rows: rows.map((row, i) => ({ line: i + 2, row })), errors: [] });
});

test('columns may come in any order; every bad line is reported with its number', () => {
  const text = [
    'sku,code,type,platform_item_id,platform_variant_id,platform_location_id',
    'TEA,tea,alias,,,',
    'TEA,,alias,,,',
    'KIT,x,bundle,,,',
    'KIT,,listing,,,',
    'CUP,ＴＥＡ,alias,,,',
    'CUP,"bad"x,alias,,,',
  ].join('\r\n');
  const { rows, errors } = readSkuMapCsv(text);
  assert.deepEqual(rows.map((r) => r.line), [2]);
  assert.deepEqual(errors.map((e) => e.line), [3, 4, 5, 6, 7]);
  assert.match(errors[0]!.message, /needs a code/);
  assert.match(errors[1]!.message, /listing or alias/);
  assert.match(errors[2]!.message, /platform_item_id/);
  assert.match(errors[3]!.message, /repeats the alias of line 2/);
});

test('a file without the header columns is refused as a whole', () => {
  const { errors } = readSkuMapCsv('code,sku\nTEA,TEA\n');
  assert.deepEqual(errors, [{ line: 1, message: 'the header lacks the column(s) type, platform_item_id, platform_variant_id, platform_location_id' }]);
  assert.match(readSkuMapCsv('').errors[0]!.message, /empty/);
});
