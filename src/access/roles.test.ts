import assert from 'node:assert/strict';
import { test } from 'node:test';
import { roleAllows } from './roles.ts';

test('an admin may do what operators and viewers may', () => {
  assert.equal(roleAllows('admin', 'operator'), true);
  assert.equal(roleAllows('admin', 'viewer'), true);
});

test('a viewer may only read', () => {
  assert.equal(roleAllows('viewer', 'viewer'), true);
  assert.equal(roleAllows('viewer', 'operator'), false);
  assert.equal(roleAllows('viewer', 'admin'), false);
});

test('an operator may move stock but not manage tokens', () => {
  assert.equal(roleAllows('operator', 'operator'), true);
  assert.equal(roleAllows('operator', 'admin'), false);
});
