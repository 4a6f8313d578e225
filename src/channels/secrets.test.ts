import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { createSecretBox } from './secrets.ts';

test('sealed credentials open with the same key and do not contain the plain text', () => {
  const box = createSecretBox(randomBytes(32));
  const sealed = box.seal('{"accessToken":"shpat_secret"}');
  assert.ok(!sealed.includes('shpat_secret'));
  assert.equal(box.open(sealed), '{"accessToken":"shpat_secret"}');
});

test('the same value sealed twice gives different ciphertexts', () => {
  const box = createSecretBox(randomBytes(32));
  assert.notEqual(box.seal('x'), box.seal('x'));
});

test('a value sealed under another key or tampered with does not open', () => {
  const sealed = createSecretBox(randomBytes(32)).seal('secret');
  assert.throws(() => createSecretBox(randomBytes(32)).open(sealed));
  const box = createSecretBox(randomBytes(32));
  const raw = Buffer.from(box.seal('secret'), 'base64');
  raw[raw.length - 1]! ^= 1;
  assert.throws(() => box.open(raw.toString('base64')));
});
