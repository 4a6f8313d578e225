import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import { OmnisyncError } from '../src/errors/index.ts';
import { migrate, openStore, readMigrations } from '../src/store/index.ts';
import { openTestStore } from './helpers/store.ts';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'omnisync-store-'));
}

test('a second process opening the same embedded data folder gets a clear STORE.LOCKED error', async () => {
  const dir = tempDir();
  const store = await openStore({ dataDir: dir });
  try {
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', `
      import('${path.resolve('src/store/index.ts')}').then(({ openStore }) => openStore({ dataDir: '${dir}' }))
        .then(() => { console.log('opened'); process.exit(0); }, (e) => { console.log(e.code); process.exit(3); });`], { encoding: 'utf8' });
    assert.equal(child.status, 3, child.stderr);
    assert.match(child.stdout, /STORE\.LOCKED/);
  } finally {
    await store.close();
  }
  assert.equal(fs.existsSync(path.join(dir, 'omnisync.lock')), false, 'closing releases the lock');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a lock left by a process that no longer exists is taken over', async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'omnisync.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, startedAt: 'earlier' }));
  const store = await openStore({ dataDir: dir });
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the embedded store keeps its data across a restart', async () => {
  const dir = tempDir();
  const first = await openStore({ dataDir: dir });
  await migrate(first.db);
  await first.db.insertInto('locations').values({ code: 'KEEP', name: 'Kept', kind: 'store' }).execute();
  await first.close();
  const second = await openStore({ dataDir: dir });
  const report = await migrate(second.db);
  assert.deepEqual(report.applied, [], 'nothing to apply the second time');
  const rows = await second.db.selectFrom('locations').select('code').execute();
  assert.deepEqual(rows, [{ code: 'KEEP' }]);
  await second.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('migrating twice applies nothing the second time and records every migration', async () => {
  const store = await openTestStore();
  try {
    const again = await migrate(store.db);
    assert.deepEqual(again.applied, []);
    const recorded = await sql<{ name: string }>`SELECT name FROM schema_migrations ORDER BY version`.execute(store.db);
    assert.deepEqual(recorded.rows.map((r) => r.name), readMigrations().map((m) => m.name));
  } finally {
    await store.dispose();
  }
});

test('an applied migration that was edited afterwards stops the start with STORE.MIGRATION_CHANGED', async () => {
  const store = await openTestStore();
  try {
    const edited = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'edited' } : m));
    await assert.rejects(migrate(store.db, edited), (err: unknown) => err instanceof OmnisyncError && err.code === 'STORE.MIGRATION_CHANGED');
  } finally {
    await store.dispose();
  }
});

test('the database itself refuses a balance with more reserved than on hand', async () => {
  const store = await openTestStore();
  try {
    const p = await store.db.insertInto('products').values({ sku: 'S', name: 'S', unit_cost: 0, price: 0, currency: 'USD' }).returning('id').executeTakeFirstOrThrow();
    const l = await store.db.insertInto('locations').values({ code: 'L', name: 'L', kind: 'store' }).returning('id').executeTakeFirstOrThrow();
    await assert.rejects(
      store.db.insertInto('stock_balances').values({ product_id: p.id, location_id: l.id, on_hand: 1, reserved: 2 }).execute(),
      /stock_balances_no_oversell/,
    );
  } finally {
    await store.dispose();
  }
});
