import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { openTestStore, type TestStore } from '../../../test/helpers/store.ts';
import { createCatalogService, type CatalogService } from '../../catalog/index.ts';
import { loadConfig } from '../../config.ts';
import { UsageError, type CliIo } from '../command.ts';
import { importCommand, progressBar, runImportProducts } from './import.ts';

let store: TestStore;
let catalog: CatalogService;
let dir: string;

before(async () => {
  store = await openTestStore();
  catalog = createCatalogService(store.db);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnisync-import-'));
});

after(async () => {
  await store.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  const progress: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), progress: (l) => progress.push(l) };
  return { io, out, err, progress };
}

function writeFile(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

test('a clean file prints the summary and exits 0', async () => {
  const file = writeFile('clean.csv', 'sku,name,price\nCLI-A,A,1\nCLI-B,B,2\n');
  const { io, out, err, progress } = captureIo();
  assert.equal(await runImportProducts(catalog, file, io), 0);
  assert.deepEqual(out, ['imported 2 rows: 2 created, 0 updated, 0 unchanged; 0 rows failed']);
  assert.deepEqual(err, []);
  assert.match(progress.at(-2) ?? '', /100%\s+2 rows$/);
  assert.equal(progress.at(-1), '');
});

test('bad rows are listed after the summary with line, SKU and reason, and the exit code is 1', async () => {
  const file = writeFile('bad.csv', 'sku,name,price\nCLI-C,C,1\nCLI-D,D,-5\n');
  const { io, out } = captureIo();
  assert.equal(await runImportProducts(catalog, file, io), 1);
  assert.deepEqual(out, [
    'imported 1 row: 1 created, 0 updated, 0 unchanged; 1 row failed',
    'line 3: sku CLI-D: price: must be a non-negative number',
  ]);
});

test('a file the import refuses is reported on stderr with exit code 1', async () => {
  const file = writeFile('refused.csv', 'code,title\nX,Y\n');
  const { io, out, err } = captureIo();
  assert.equal(await runImportProducts(catalog, file, io), 1);
  assert.deepEqual(out, []);
  assert.match(err[0] ?? '', /^import refused: the header has no sku or name column/);
});

test('usage mistakes are usage errors and --help prints the usage', async () => {
  const ctx = { config: loadConfig({}), ...captureIo() };
  await assert.rejects(importCommand.run([], ctx), UsageError);
  await assert.rejects(importCommand.run(['orders', 'x.csv'], ctx), UsageError);
  await assert.rejects(importCommand.run(['products'], ctx), UsageError);
  await assert.rejects(importCommand.run(['products', path.join(dir, 'missing.csv')], ctx), /is not a readable file/);
  assert.equal(await importCommand.run(['--help'], ctx), 0);
  assert.match(ctx.out.at(-1) ?? '', /^Usage: omnisync import products FILE\.csv/);
});

test('the progress bar fills with the share of the file read', () => {
  assert.equal(progressBar(0, 0), `[${'-'.repeat(30)}]   0%  0 rows`);
  assert.equal(progressBar(0.5, 1200), `[${'#'.repeat(15)}${'-'.repeat(15)}]  50%  1200 rows`);
  assert.equal(progressBar(1.2, 9), `[${'#'.repeat(30)}] 100%  9 rows`);
});
