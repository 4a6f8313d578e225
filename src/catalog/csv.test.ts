import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CsvParser, parseCsv, readCsvRecords, type CsvRecord } from './csv.ts';

const fieldsOf = (records: CsvRecord[]) => records.map((r) => r.fields);

async function collect(source: AsyncIterable<string | Uint8Array> | string): Promise<CsvRecord[]> {
  const records: CsvRecord[] = [];
  for await (const record of readCsvRecords(source)) records.push(record);
  return records;
}

async function* chunks<T>(...parts: T[]): AsyncGenerator<T> {
  yield* parts;
}

test('plain fields are split on commas and records on line breaks', () => {
  assert.deepEqual(parseCsv('sku,name\nA,Apple\nB,Banana\n'), [
    { line: 1, fields: ['sku', 'name'] },
    { line: 2, fields: ['A', 'Apple'] },
    { line: 3, fields: ['B', 'Banana'] },
  ]);
});

test('the last record needs no line break after it', () => {
  assert.deepEqual(fieldsOf(parseCsv('a,b\n1,2')), [['a', 'b'], ['1', '2']]);
});

test('quoted fields may hold commas, doubled quotes and line breaks', () => {
  const records = parseCsv('sku,name\r\n"A,1","say ""hi""\r\nthere"\r\nB,""\r\n');
  assert.deepEqual(fieldsOf(records), [['sku', 'name'], ['A,1', 'say "hi"\r\nthere'], ['B', '']]);
});

test('a record starting after a multi-line quoted field carries its own line number', () => {
  const records = parseCsv('h\n"one\ntwo\nthree"\nnext\n');
  assert.deepEqual(records.map((r) => r.line), [1, 2, 5]);
});

test('CRLF, LF and a lone CR all end a record and count as one line', () => {
  assert.deepEqual(parseCsv('a\r\nb\nc\rd'), [
    { line: 1, fields: ['a'] },
    { line: 2, fields: ['b'] },
    { line: 3, fields: ['c'] },
    { line: 4, fields: ['d'] },
  ]);
});

test('empty fields are kept, including trailing ones', () => {
  assert.deepEqual(fieldsOf(parseCsv(',a,,\n')), [['', 'a', '', '']]);
});

test('blank lines are skipped but still counted', () => {
  assert.deepEqual(parseCsv('a\n\n\r\nb\n\n'), [
    { line: 1, fields: ['a'] },
    { line: 4, fields: ['b'] },
  ]);
});

test('a leading UTF-8 byte order mark is not part of the first field', async () => {
  assert.deepEqual(fieldsOf(parseCsv('\uFEFFsku\nA\n')), [['sku'], ['A']]);
  const bytes = Buffer.from('\uFEFFsku\nA\n', 'utf8');
  assert.deepEqual(fieldsOf(await collect(chunks(bytes.subarray(0, 2), bytes.subarray(2)))), [['sku'], ['A']]);
});

test('a quote inside an unquoted field is kept as a character', () => {
  assert.deepEqual(fieldsOf(parseCsv('12" tablet,x\n')), [['12" tablet', 'x']]);
});

test('text after a closing quote marks the record as malformed and keeps its text', () => {
  const [record, next] = parseCsv('"a"b,c\nd\n');
  assert.deepEqual(record, { line: 1, fields: ['ab', 'c'], error: 'unexpected text after the closing quote of field 1' });
  assert.deepEqual(next, { line: 2, fields: ['d'] });
});

test('a quoted field left open at the end of the file is reported on the line where its record starts', () => {
  const records = parseCsv('a\n"b,\nc\n');
  assert.deepEqual(records[1], { line: 2, fields: ['b,\nc\n'], error: 'a quoted field is not closed before the end of the file' });
});

test('records split across chunks at any point read the same, including a CRLF or a doubled quote cut in two', async () => {
  const text = 'sku,name\r\n"A ""x""",b\r\nC,"d\r\ne"\r\n';
  const whole = parseCsv(text);
  for (let cut = 0; cut <= text.length; cut++) {
    assert.deepEqual(await collect(chunks(text.slice(0, cut), text.slice(cut))), whole, `cut at ${cut}`);
  }
});

test('a multi-byte character split between two byte chunks is decoded whole', async () => {
  const bytes = Buffer.from('name\n寿司\n', 'utf8');
  assert.deepEqual(fieldsOf(await collect(chunks(bytes.subarray(0, 6), bytes.subarray(6)))), [['name'], ['寿司']]);
});

test('the parser returns each record as soon as the chunk that completes it arrives', () => {
  const parser = new CsvParser();
  assert.deepEqual(parser.push('a,b\nc'), [{ line: 1, fields: ['a', 'b'] }]);
  assert.deepEqual(parser.push(',d'), []);
  assert.deepEqual(parser.end(), [{ line: 2, fields: ['c', 'd'] }]);
});

/** Writes records the way a spreadsheet would: quote a field only when it needs it. */
function writeCsv(records: string[][], lineEnd: string): string {
  const quote = (f: string) => (/[",\r\n]/.test(f) || f === '' ? `"${f.replaceAll('"', '""')}"` : f);
  return records.map((r) => r.map(quote).join(',') + lineEnd).join('');
}

test('any records written as CSV and read back in any chunking come back unchanged', async () => {
  const field = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r', 'é', '🙂'), maxLength: 6 });
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.array(field, { minLength: 1, maxLength: 4 }), { maxLength: 6 }),
      fc.constantFrom('\n', '\r\n'),
      fc.array(fc.nat(), { maxLength: 4 }),
      async (records, lineEnd, cuts) => {
        const text = writeCsv(records, lineEnd);
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const parts = [0, ...points].map((start, k) => text.slice(start, points[k] ?? text.length));
        const read = await collect(chunks(...parts));
        assert.deepEqual(fieldsOf(read), records);
        assert.ok(read.every((r) => r.error === undefined));
      },
    ),
  );
});
