import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readComponentsCell, readHeader, readRow, type ImportHeader } from './import-rows.ts';

function header(...names: string[]): ImportHeader {
  const reading = readHeader({ line: 1, fields: names });
  if (!reading.ok) assert.fail(reading.reason);
  return reading.header;
}

test('the header maps known columns in any case and order, unit_cost or unitCost', () => {
  const h = header('Price', 'SKU', 'unitCost', 'name');
  assert.deepEqual([...h.index], [['price', 0], ['sku', 1], ['unitCost', 2], ['name', 3]]);
  assert.equal(h.width, 4);
});

test('unknown header columns are named in one message and do not stop the import', () => {
  const reading = readHeader({ line: 1, fields: ['sku', 'name', 'colour', ''] });
  assert.equal(reading.ok, true);
  assert.match(reading.ok ? (reading.unknownColumns ?? '') : '', /^unknown columns "colour", \(unnamed column 4\) ignored/);
});

test('a header without sku or name, or with a column twice, is refused', () => {
  assert.deepEqual(readHeader({ line: 1, fields: ['price'] }), {
    ok: false,
    reason: 'the header has no sku or name column (required: sku, name; known: sku, name, barcode, category, unit_cost, price, currency, components)',
  });
  assert.deepEqual(readHeader({ line: 1, fields: ['sku', 'name', 'unit_cost', 'UnitCost'] }), {
    ok: false,
    reason: 'the header names the unit_cost column twice (columns 3 and 4)',
  });
});

test('a row keeps only its non-empty cells, trimmed and normalised', () => {
  const h = header('sku', 'name', 'barcode', 'price', 'currency');
  assert.deepEqual(readRow(h, { line: 5, fields: [' A-1 ', 'Mug', '', '2.5', 'eur'] }), {
    ok: true,
    row: { line: 5, sku: 'A-1', fields: { name: 'Mug', price: '2.5000', currency: 'EUR' }, components: null },
  });
});

test('a bad cell is reported under the column name the file uses', () => {
  const h = header('SKU', 'Name', 'UNIT_COST');
  assert.deepEqual(readRow(h, { line: 3, fields: ['A', 'Mug', '1.234567'] }), { ok: false, sku: 'A', reason: 'UNIT_COST: must have at most 4 decimal places' });
  assert.deepEqual(readRow(h, { line: 3, fields: ['', 'Mug', '1'] }), { ok: false, sku: null, reason: 'SKU: is required' });
});

test('the components cell reads SKU:QTY pairs separated by semicolons', () => {
  assert.deepEqual(readComponentsCell('KIT', ' A:2 ; B:1;'), { ok: true, value: [{ sku: 'A', qty: 2 }, { sku: 'B', qty: 1 }] });
  assert.deepEqual(readComponentsCell('KIT', 'NS:PART:3'), { ok: true, value: [{ sku: 'NS:PART', qty: 3 }] });
  assert.deepEqual(readComponentsCell('KIT', ''), { ok: true, value: null });
  assert.deepEqual(readComponentsCell('KIT', 'A'), { ok: false, reason: 'components: "A" must be written SKU:QTY, e.g. SKU-A:2;SKU-B:1' });
  assert.deepEqual(readComponentsCell('KIT', 'A:0'), { ok: false, reason: 'component A has qty 0; it must be a whole number from 1 to 1000000' });
  assert.deepEqual(readComponentsCell('KIT', 'A:1;A:2'), { ok: false, reason: 'component A is listed more than once' });
});
