/**
 * `npm run bench`: throughput of the hub's hot paths on the embedded store and on a PostgreSQL server.
 * Bounded in count and time; talks only to 127.0.0.1. Results are printed as a table; record them in
 * bench/README.md with the machine they came from.
 *
 * Options (env): BENCH_STORES=pglite,postgres  BENCH_PARTS=core,sync,mapping  BENCH_SCALE=1 (multiplies request counts)
 *                DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test)
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { buildServer } from '../src/api/server.ts';
import { createServices, type HubServices } from '../src/hub.ts';
import { migrate, openStore, type Store } from '../src/store/index.ts';
import { benchIngest, benchPropagation, type BenchRow } from './sync.ts';
import { benchMapping } from './mapping.ts';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const wanted = (process.env.BENCH_STORES ?? 'pglite,postgres').split(',');
const parts = (process.env.BENCH_PARTS ?? 'core,sync,mapping').split(',');

type Row = BenchRow;
const rows: Row[] = [];

async function pool<T>(count: number, concurrency: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) {
      const i = next++;
      results[i] = await fn(i);
    }
  }));
  return results;
}

function httpLoad(job: { url: string; token: string; count: number; concurrency: number; refPrefix: string; lines: unknown[] }): Promise<{ seconds: number; statuses: Record<number, number> }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./http-load.mjs', import.meta.url), { workerData: job });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return [value, Number(process.hrtime.bigint() - t0) / 1e9];
}

async function seed(hub: HubServices, skus: string[], qty: number): Promise<void> {
  await hub.inventory.createLocation({ code: 'BENCH', name: 'Bench warehouse', kind: 'warehouse' });
  await pool(skus.length, 16, async (i) => {
    const sku = skus[i]!;
    await hub.catalog.createProduct({ sku, name: sku, unitCost: '1.00', price: '2.00' });
    await hub.inventory.receive({ sku, location: 'BENCH', qty, idempotencyKey: `bench-seed-${sku}` }, 'bench');
  });
}

async function benchStore(label: string, store: Store): Promise<void> {
  await migrate(store.db);
  if (parts.includes('core')) await benchCore(label, store);
  if (parts.includes('sync')) {
    rows.push(await benchIngest(label, store, (store.kind === 'pglite' ? 5_000 : 10_000) * scale));
    rows.push(...await benchPropagation(label, store, 40));
  }
}

async function benchCore(label: string, store: Store): Promise<void> {
  const hub = createServices(store, pino({ level: 'silent' }), { secretKey: randomBytes(32) });
  const hotStock = 15_000 * scale;
  const hotRequests = 20_000 * scale;
  const spread = Array.from({ length: 1000 }, (_, i) => `SPREAD-${i}`);
  await seed(hub, ['HOT', ...spread], hotStock);
  const hot = await hub.catalog.resolveSkus(['HOT']);
  if (!hot.get('HOT')) throw new Error('seed failed');
  await hub.inventory.verifyLedger();

  // One hot SKU: every request wants the same row. More requests than stock, so refusals are part of it.
  const [hotResults, hotSeconds] = await timed(() =>
    pool(hotRequests, 1000, (i) => hub.inventory.reserve({ ref: `hot-${i}`, lines: [{ sku: 'HOT', qty: 1 }] }, 'bench')));
  const accepted = hotResults.filter((r) => r.ok).length;
  const level = await hub.inventory.stockOf('HOT');
  const reserved = level.ok ? level.value.reserved : -1;
  if (accepted !== hotStock || reserved !== hotStock) throw new Error(`hot SKU: ${accepted} accepted, ${reserved} reserved, ${hotStock} on hand`);
  rows.push({ store: label, scenario: 'reserve, one hot SKU', ops: hotRequests, seconds: hotSeconds, note: `${accepted} accepted = on hand, oversold 0` });

  const spreadRequests = 20_000 * scale;
  const [, spreadSeconds] = await timed(() =>
    pool(spreadRequests, 1000, (i) => hub.inventory.reserve({ ref: `spread-${i}`, lines: [{ sku: spread[(i * 7919) % spread.length]!, qty: 1 }] }, 'bench')));
  rows.push({ store: label, scenario: 'reserve, 1,000 SKUs', ops: spreadRequests, seconds: spreadSeconds, note: '' });

  const receipts = 5_000 * scale;
  const [, receiptSeconds] = await timed(() =>
    pool(receipts, 64, (i) => hub.inventory.receive({ sku: spread[i % spread.length]!, location: 'BENCH', qty: 1, idempotencyKey: `bench-rcpt-${i}` }, 'bench')));
  rows.push({ store: label, scenario: 'receipts (movements)', ops: receipts, seconds: receiptSeconds, note: '64 concurrent' });

  // End to end through HTTP: auth, validation, JSON, the same batcher.
  await hub.access.ensureAdminToken('osk_bench_admin_token_000000');
  const app = await buildServer(hub, { logger: false });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const httpRequests = 10_000 * scale;
  await hub.inventory.receive({ sku: 'HOT', location: 'BENCH', qty: httpRequests, idempotencyKey: 'bench-http-restock' }, 'bench');
  const load = await httpLoad({ url: `${url}/api/v1/reservations`, token: 'osk_bench_admin_token_000000', count: httpRequests, concurrency: 256, refPrefix: 'http', lines: [{ sku: 'HOT', qty: 1 }] });
  rows.push({ store: label, scenario: 'reserve via HTTP, one hot SKU', ops: httpRequests, seconds: load.seconds, note: `${load.statuses[201] ?? 0} × 201, 256 concurrent clients in a worker thread` });
  await app.close();

  const discrepancies = await hub.inventory.verifyLedger();
  if (discrepancies.length > 0) throw new Error(`ledger disagrees with balances: ${JSON.stringify(discrepancies.slice(0, 3))}`);
  await hub.inventory.close();
}

async function main(): Promise<void> {
  // Pure CPU (no store): measured once.
  if (parts.includes('mapping')) rows.push(...await benchMapping(20_000 * scale));
  if (wanted.includes('pglite')) {
    const store = await openStore({ memory: true });
    try { await benchStore('PGlite (in memory)', store); } finally { await store.close(); }
  }
  if (wanted.includes('postgres')) {
    const schema = `bench_${randomBytes(4).toString('hex')}`;
    const store = await openStore({ databaseUrl, schema, poolSize: 10 });
    try {
      await benchStore('PostgreSQL server', store);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ECONNREFUSED') console.error(`PostgreSQL not reachable at ${databaseUrl}; skipped`);
      else throw err;
    } finally {
      await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(store.db).catch(() => undefined);
      await store.close();
    }
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
  console.log(`\nOmnisync bench — ${os.cpus().length} cores (${cpu}), Node ${process.version}, scale ${scale}\n`);
  const header = ['store', 'scenario', 'ops', 'seconds', 'ops/s', 'note'];
  const table = rows.map((r) => [r.store, r.scenario, String(r.ops), Number.isNaN(r.seconds) ? '' : r.seconds.toFixed(2), Number.isNaN(r.seconds) ? '' : Math.round(r.ops / r.seconds).toLocaleString('en-US'), r.note]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const t of table) console.log(line(t));
}

await main();
