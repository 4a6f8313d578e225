import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseCsv } from '../../catalog/index.ts';
import { formatCsv, formatCsvField, formatCsvRow } from './csv-write.ts';

test('plain fields are written bare, and nulls and numbers as their text', () => {
  assert.equal(formatCsvRow(['TEA-1', 12, null, '4.50']), 'TEA-1,12,,4.50');
});

test('a field with a comma, a quote or a line break is quoted with its quotes doubled', () => {
  assert.equal(formatCsvField('Cup, small'), '"Cup, small"');
  assert.equal(formatCsvField('12" tablet'), '"12"" tablet"');
  assert.equal(formatCsvField('line1\r\nline2'), '"line1\r\nline2"');
  assert.equal(formatCsvField(' padded '), '" padded "');
});

test('every record ends with CRLF and a lone empty field survives as ""', () => {
  assert.equal(formatCsv(['a'], [[''], ['x']]), 'a\r\n""\r\nx\r\n');
  assert.deepEqual(parseCsv(formatCsv(['a'], [[''], ['x']])).map((r) => r.fields), [['a'], [''], ['x']]);
});

test('any rows written and read back with the catalog reader come back unchanged', () => {
  const field = fc.string({ unit: fc.constantFrom('a', ' ', ',', '"', '\n', '\r', '\t', 'é', '张', '🙂'), maxLength: 6 });
  fc.assert(
    fc.property(fc.array(field, { minLength: 1, maxLength: 4 }), fc.array(fc.array(field, { minLength: 1, maxLength: 4 }), { maxLength: 6 }), (header, rows) => {
      const read = parseCsv(formatCsv(header, rows));
      assert.deepEqual(read.map((r) => r.fields), [header, ...rows]);
      assert.ok(read.every((r) => r.error === undefined));
    }),
  );
});
