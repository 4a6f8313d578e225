import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJsonPreservingBigInts, stringifyJsonWithBigInts } from './json.ts';

test('an id beyond 2^53 survives the parse exactly, as a string', () => {
  const parsed = parseJsonPreservingBigInts('{"id":820982911946154508,"line_items":[{"id":-9007199254740993}]}');
  assert.deepEqual(parsed, { id: '820982911946154508', line_items: [{ id: '-9007199254740993' }] });
  assert.notEqual(JSON.parse('{"id":820982911946154508}').id.toString(), '820982911946154508');
});

test('safe integers, decimals, exponents and digits inside strings are left as JSON.parse reads them', () => {
  const text = '{"n":9007199254740991,"price":199.65,"big":1.5e300,"s":"id 820982911946154508 \\" 12345678901234567890","neg":-3}';
  assert.deepEqual(parseJsonPreservingBigInts(text), JSON.parse(text));
});

test('quotes after escaped backslashes end a string, and a long run of escapes is no trouble', () => {
  assert.deepEqual(parseJsonPreservingBigInts('{"s":"a\\\\","id":820982911946154508,"t":"\\"9007199254740993\\""}'),
    { s: 'a\\', id: '820982911946154508', t: '"9007199254740993"' });
  const escapes = JSON.stringify({ s: '"'.repeat(1_000_000), id: 1 });
  assert.deepEqual(parseJsonPreservingBigInts(escapes), JSON.parse(escapes));
});

test('invalid JSON still fails to parse', () => {
  assert.throws(() => parseJsonPreservingBigInts('{"id": 820982911946154508'), SyntaxError);
});

test('bigint values are written back as bare integers', () => {
  assert.equal(stringifyJsonWithBigInts({ location_id: 820982911946154508n, available: 42, note: 'x' }),
    '{"location_id":820982911946154508,"available":42,"note":"x"}');
});
