/**
 * The sync hot paths for `npm run bench`: webhook ingest (receipt → inbox → order → reservation →
 * push jobs queued) and propagation (a sale on Shopify → the Tmall simulator acknowledging the new
 * quantity). Simulators run in a child process on 127.0.0.1; counts and times are bounded.
 */
import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import pino from 'pino';
import { buildServer } from '../src/api/server.ts';
import { startSims } from '../src/demo/sims.ts';
import { createServices } from '../src/hub.ts';
import type { Store } from '../src/store/index.ts';

export interface BenchRow { store: string; scenario: string; ops: number; seconds: number; note: string }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
};

function webhookLoad(job: { url: string; secret: string; count: number; concurrency: number; skus: string[]; idBase: string }): Promise<{ seconds: number; statuses: Record<number, number> }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./webhook-load.mjs', import.meta.url), { workerData: job });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`bench: ${what} did not happen within ${timeoutMs / 1000} s`);
    await sleep(20);
  }
}

async function seedSkus(hub: ReturnType<typeof createServices>, location: string, skus: string[], qty: number): Promise<void> {
  if (!(await hub.inventory.getLocation(location)).ok) await hub.inventory.createLocation({ code: location, name: location, kind: 'warehouse' });
  for (const sku of skus) {
    await hub.catalog.createProduct({ sku, name: sku, unitCost: '1.00', price: '2.00' });
    await hub.inventory.receive({ sku, location, qty, idempotencyKey: `bench-seed-${sku}` }, 'bench');
  }
}

/** Webhook receipt to reserved, with the stock pushes queued (not run: no platform is called). */
export async function benchIngest(label: string, store: Store, count: number): Promise<BenchRow> {
  const hub = createServices(store, pino({ level: 'silent' }), { secretKey: randomBytes(32) });
  const skus = Array.from({ length: 200 }, (_, i) => `ING-${String(i).padStart(3, '0')}`);
  await seedSkus(hub, 'BENCH-ING', skus, 1_000_000);
  const sims = await startSims({ seed: 1, config: { catalogs: { shopify: skus.map((sku) => ({ sku, qty: 0, price: '2.00' })) } } });
  try {
    const created = await hub.channels.create({
      name: `Bench ingest ${label}`, platform: 'shopify', baseUrl: sims.shopify.url,
      credentials: { accessToken: sims.shopify.accessToken, apiSecret: sims.shopify.apiSecret, apiVersion: sims.shopify.apiVersion, locationId: sims.shopify.locationId },
    });
    if (!created.ok) throw new Error(created.message);
    const refreshed = await hub.channels.refreshListings(created.value.id);
    if (!refreshed.ok || refreshed.value.mapped !== skus.length) throw new Error(`bench: listings not mapped: ${JSON.stringify(refreshed)}`);
    const app = await buildServer(hub, { logger: false });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    hub.sync.startWorkers({ platformCalls: false, schedulePulls: false, ingestConcurrency: store.kind === 'pglite' ? 2 : 6, pollMs: 20 });
    const started = process.hrtime.bigint();
    const load = await webhookLoad({ url: `${url}/webhooks/shopify/${created.value.id}`, secret: sims.shopify.apiSecret, count, concurrency: 64, skus, idBase: '7700000000' });
    const reserved = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM orders o JOIN reservations r ON r.ref = 'order-' || o.id WHERE o.connection_id = ${created.value.id}`.execute(store.db)).rows[0]!.n);
    await until(async () => (await reserved()) >= count, 300_000, `${count} orders reserved`);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const pushes = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM jobs WHERE kind = 'push_stock' AND status = 'pending'`.execute(store.db)).rows[0]!.n);
    await hub.sync.stopWorkers();
    await app.close();
    const accepted = load.statuses[200] ?? load.statuses[202] ?? 0;
    return {
      store: label, scenario: 'webhook → order reserved, pushes queued', ops: count, seconds,
      note: `${accepted} webhooks answered in ${load.seconds.toFixed(2)} s; ${pushes} coalesced push jobs queued for ${skus.length} listings`,
    };
  } finally {
    await sims.stop();
    await hub.inventory.close();
  }
}

/**
 * A sale on Shopify until the Tmall simulator acknowledges the new quantity, fault-free and inside
 * both platforms' call limits (1 order/s). Two legs, each measured per event: the hub's ingest
 * (webhook received → order reserved) and the push (stock changed → Tmall acknowledged).
 */
export async function benchPropagation(label: string, store: Store, orders: number): Promise<BenchRow[]> {
  const lags: number[] = [];
  let taobaoId = '';
  const hub = createServices(store, pino({ level: 'silent' }), {
    secretKey: randomBytes(32), sync: { pullIntervalMs: 2_000, pullOverlapMs: 15_000, observe: { pushed: (c, lag) => c === taobaoId && lag !== null && lags.push(lag) } },
  });
  const skus = Array.from({ length: 12 }, (_, i) => `PROP-${String(i).padStart(3, '0')}`);
  await seedSkus(hub, 'BENCH-PROP', skus, 100_000);
  const catalog = skus.map((sku) => ({ sku, qty: 100_000, price: '2.00' }));
  const sims = await startSims({ seed: 3, config: { catalogs: { shopify: catalog, taobao: catalog } } });
  const app = await buildServer(hub, { logger: false });
  try {
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const shopify = await hub.channels.create({ name: `Bench Shopify ${label}`, platform: 'shopify', baseUrl: sims.shopify.url, credentials: { accessToken: sims.shopify.accessToken, apiSecret: sims.shopify.apiSecret, apiVersion: sims.shopify.apiVersion, locationId: sims.shopify.locationId } });
    const taobao = await hub.channels.create({ name: `Bench Tmall ${label}`, platform: 'taobao', baseUrl: sims.taobao.url, credentials: { appKey: sims.taobao.appKey, appSecret: sims.taobao.appSecret, session: sims.taobao.session } });
    if (!shopify.ok || !taobao.ok) throw new Error('bench: connections not created');
    taobaoId = taobao.value.id;
    for (const c of [shopify.value, taobao.value]) await hub.channels.refreshListings(c.id);
    await sims.control('shopify', 'webhooks', { address: `${url}/webhooks/shopify/${shopify.value.id}` });
    hub.sync.startWorkers({ pollMs: 20 });
    await sims.control('shopify', 'generate', { count: orders, perSecond: 1 });
    await sims.control('shopify', 'idle', { timeoutMs: 60_000 + orders * 2_000 });
    await until(async () => !(await hub.sync.busy()), 60_000, 'quiet after the sales');
    const ingest = (await sql<{ ms: number }>`
      SELECT (extract(epoch FROM o.ingested_at - min(i.received_at)) * 1000)::float8 AS ms
        FROM orders o JOIN inbox i ON i.connection_id = o.connection_id AND i.external_id = o.external_id
       WHERE o.connection_id = ${shopify.value.id} GROUP BY o.id, o.ingested_at`.execute(store.db)).rows.map((r) => r.ms);
    const fmt = (v: number) => `${Math.round(v)} ms`;
    return [
      { store: label, scenario: 'propagation: webhook → reserved', ops: ingest.length, seconds: NaN, note: `p50 ${fmt(percentile(ingest, 50))}, p99 ${fmt(percentile(ingest, 99))}` },
      { store: label, scenario: 'propagation: change → Tmall ack', ops: lags.length, seconds: NaN, note: `p50 ${fmt(percentile(lags, 50))}, p99 ${fmt(percentile(lags, 99))}; sale → Tmall shows it ≤ p99 sum ${fmt(percentile(ingest, 99) + percentile(lags, 99))}` },
    ];
  } finally {
    await hub.sync.stopWorkers();
    await app.close();
    await sims.stop();
    await hub.inventory.close();
  }
}
