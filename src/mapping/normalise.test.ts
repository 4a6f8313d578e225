import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normaliseSku } from './normalise.ts';

test('full-width letters, digits and hyphen become ASCII and lower case becomes upper case', () => {
  assert.equal(normaliseSku('ＴＥＡ－０１'), 'TEA-01');
  assert.equal(normaliseSku('ｔｅａ－ｇｒｅｅｎ'), 'TEA-GREEN');
  assert.equal(normaliseSku('tea-01'), 'TEA-01');
});

test('the ideographic space and other spaces are trimmed and inner runs collapse to one space', () => {
  assert.equal(normaliseSku('\u3000TEA\u3000\u300001 '), 'TEA 01');
  assert.equal(normaliseSku(' tea\t\n 01\u00a0'), 'TEA 01');
  assert.equal(normaliseSku('\u3000 \t'), '');
});

test('punctuation, leading zeros and letters outside ASCII are kept as they are', () => {
  assert.equal(normaliseSku('tea_01'), 'TEA_01');
  assert.notEqual(normaliseSku('TEA-01'), normaliseSku('TEA 01'));
  assert.equal(normaliseSku('007'), '007');
  assert.equal(normaliseSku('café-ß'), 'CAFé-ß');
  assert.equal(normaliseSku('龙井-250g'), '龙井-250G');
});

test('half-width katakana becomes full-width, as NFKC does', () => {
  assert.equal(normaliseSku('ｶｯﾌﾟ-1'), 'カップ-1');
});

test('normalising twice changes nothing', () => {
  for (const code of ['ＴＥＡ－０１', ' a  b ', 'ｶｯﾌﾟ', 'x\u3000y']) assert.equal(normaliseSku(normaliseSku(code)), normaliseSku(code));
});
