import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseMoney } from './money.ts';

test('a decimal string is normalised to four decimal places', () => {
  assert.deepEqual(parseMoney('12.5'), { ok: true, value: '12.5000' });
  assert.deepEqual(parseMoney('12.50'), { ok: true, value: '12.5000' });
  assert.deepEqual(parseMoney('7'), { ok: true, value: '7.0000' });
  assert.deepEqual(parseMoney('.5'), { ok: true, value: '0.5000' });
  assert.deepEqual(parseMoney('0'), { ok: true, value: '0.0000' });
  assert.deepEqual(parseMoney('  003.1400 '), { ok: true, value: '3.1400' });
  assert.deepEqual(parseMoney('9999999999.9999'), { ok: true, value: '9999999999.9999' });
});

test('a number is read by its shortest decimal form, not its binary value', () => {
  assert.deepEqual(parseMoney(12.5), { ok: true, value: '12.5000' });
  assert.deepEqual(parseMoney(0.1), { ok: true, value: '0.1000' });
  assert.deepEqual(parseMoney(19.99), { ok: true, value: '19.9900' });
  assert.deepEqual(parseMoney(0), { ok: true, value: '0.0000' });
});

test('negative amounts, signs and non-numbers are refused as not non-negative numbers', () => {
  for (const bad of ['-1', '+1', '', ' ', '.', 'abc', '1,234.50', '$12', '1e3', '12.5.1', 'NaN']) {
    assert.deepEqual(parseMoney(bad), { ok: false, message: 'must be a non-negative number' }, bad);
  }
  for (const bad of [-1, -0, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.deepEqual(parseMoney(bad), { ok: false, message: 'must be a non-negative number' }, String(bad));
  }
});

test('more than four significant decimal places are refused rather than rounded', () => {
  assert.deepEqual(parseMoney('1.23456'), { ok: false, message: 'must have at most 4 decimal places' });
  assert.deepEqual(parseMoney(0.1 + 0.2), { ok: false, message: 'must have at most 4 decimal places' });
  assert.deepEqual(parseMoney(1e-7), { ok: false, message: 'must have at most 4 decimal places' });
  assert.deepEqual(parseMoney('1.12340000'), { ok: true, value: '1.1234' });
});

test('amounts that do not fit numeric(14,4) are refused', () => {
  assert.deepEqual(parseMoney('10000000000'), { ok: false, message: 'must be less than 10000000000' });
  assert.deepEqual(parseMoney(1e21), { ok: false, message: 'must be less than 10000000000' });
});

test('normalising is idempotent and keeps the value for any amount with up to four decimals', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: 99_999_999_999_999n }), (tenThousandths) => {
      const text = `${tenThousandths / 10_000n}.${(tenThousandths % 10_000n).toString().padStart(4, '0')}`;
      const once = parseMoney(text);
      assert.deepEqual(once, { ok: true, value: text });
      assert.deepEqual(parseMoney(once.ok ? once.value : ''), once);
    }),
  );
});
