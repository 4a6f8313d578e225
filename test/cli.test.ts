import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { commands, runCli } from '../src/cli/index.ts';
import type { CliIo } from '../src/cli/command.ts';

/** Runs the CLI in-process against its own embedded data folder (or the test server with DATABASE_URL). */
let dataDir: string;
before(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnisync-cli-'));
});
after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), progress: () => undefined };
  const env: NodeJS.ProcessEnv = { ...process.env, OMNISYNC_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  if (env.DATABASE_URL) env.OMNISYNC_DB_SCHEMA = `cli_${process.pid}`;
  const code = await runCli(argv, io, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('every command answers --help with its usage', async () => {
  for (const c of commands) {
    const r = await cli(c.name, '--help');
    assert.equal(r.code, 0, c.name);
    assert.match(r.out, /Usage/, c.name);
  }
});

test('no command prints the list of commands and exits 2', async () => {
  const r = await cli();
  assert.equal(r.code, 2);
  for (const c of commands) assert.match(r.out, new RegExp(`\\b${c.name}\\b`));
});

test('an unknown option is a usage error naming it', async () => {
  const r = await cli('stock', '--colour', 'red');
  assert.equal(r.code, 2);
  assert.match(r.err, /colour/);
});

test('migrate applies the migrations once and then has nothing to do', async () => {
  const first = await cli('migrate');
  assert.equal(first.code, 0, first.err);
  const second = await cli('migrate');
  assert.match(second.out, /nothing to apply/);
});

test('token create prints a new secret once and token list shows it without the secret', async () => {
  const created = await cli('token', 'create', '--name', 'scanner', '--role', 'viewer');
  assert.equal(created.code, 0, created.err);
  const secret = created.out.split('\n').at(-1)!;
  assert.match(secret, /^osk_/);
  const listed = await cli('token', 'list');
  assert.match(listed.out, /viewer\tscanner/);
  assert.ok(!listed.out.includes(secret));
});

test('stock of an unknown SKU fails with the reason', async () => {
  const r = await cli('stock', 'NOPE');
  assert.equal(r.code, 1);
  assert.match(r.err, /NOPE/);
});

test('a connection is created from a credentials file, listed without its secrets, paused and resumed', async () => {
  const file = path.join(dataDir, 'shop.json');
  fs.writeFileSync(file, JSON.stringify({ accessToken: 'shpat_secret_value', apiSecret: 'webhook-secret', apiVersion: '2025-07', locationId: '1' }));
  const created = await cli('connections', 'create', '--name', 'CLI shop', '--platform', 'shopify', '--base-url', 'http://127.0.0.1:9', '--credentials-file', file);
  assert.equal(created.code, 0, created.err);
  const id = created.out.split('\t')[0]!;
  const listed = await cli('connections', 'list');
  assert.match(listed.out, /CLI shop/);
  assert.doesNotMatch(listed.out, /shpat_secret_value|webhook-secret/);
  assert.match((await cli('connections', 'pause', id)).out, /\tpaused\t/);
  assert.match((await cli('connections', 'resume', id)).out, /\tactive\t/);
  const missing = await cli('connections', 'pause', '999999');
  assert.equal(missing.code, 1);
  assert.match(missing.err, /No connection has id 999999/);
});
