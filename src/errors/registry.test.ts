import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { errorRegistry } from './registry.ts';

const doc = fs.readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
const documented = new Map(
  [...doc.matchAll(/^\| `([A-Z_]+(?:\.[A-Z_]+)*)` \| (\d{3}) \|/gm)].map((m) => [m[1]!, Number(m[2])]),
);

test('every error code in the registry is documented in docs/errors.md with its HTTP status', () => {
  for (const [code, entry] of Object.entries(errorRegistry)) {
    assert.equal(documented.get(code), entry.status, `docs/errors.md: ${code} should be listed with status ${entry.status}`);
  }
});

test('docs/errors.md lists no code that the registry does not have', () => {
  const unknown = [...documented.keys()].filter((code) => !(code in errorRegistry));
  assert.deepEqual(unknown, []);
});

test('error codes are namespaced upper-case words', () => {
  for (const code of Object.keys(errorRegistry)) assert.match(code, /^[A-Z]+(\.[A-Z_]+)?$/);
});
