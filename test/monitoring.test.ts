import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startShopifySim, type ShopifySim } from '../sim/shopify/index.ts';
import { buildServer, type ApiApp } from '../src/api/server.ts';
import { openTestHub, type TestHub } from './helpers/hub.ts';
import { connectShopifySim } from './helpers/shopify.ts';

let hub: TestHub;
let app: ApiApp;
let sim: ShopifySim;
let connectionId: string;

before(async () => {
  hub = await openTestHub();
  app = await buildServer(hub, { logger: false });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  await hub.inventory.createLocation({ code: 'WH', name: 'Warehouse', kind: 'warehouse' });
  await hub.catalog.createProduct({ sku: 'A', name: 'A', unitCost: '1.00', price: '2.00' });
  await hub.inventory.receive({ sku: 'A', location: 'WH', qty: 50, idempotencyKey: 'open-a' }, 'test');
  // B is listed but not in the catalog: its orders are held as UNMAPPED_SKU.
  sim = await startShopifySim({ seed: 4, lifecycleDelayMs: [60_000, 60_000], catalog: [{ sku: 'A', qty: 50, price: '2.00' }, { sku: 'B', qty: 50, price: '2.00' }] });
  connectionId = await connectShopifySim(hub, sim, { name: 'Shop', webhooksTo: url });
  await hub.channels.refreshListings(connectionId);
  hub.sync.startWorkers({ pollMs: 20, schedulePulls: false });
});

after(async () => {
  await app.close();
  await hub.dispose();
  await sim.close();
});

function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

test('/metrics shows ingest by source, ingest and push lag, held orders and connection health with real values', async () => {
  sim.control.generate({ count: 20, perSecond: 50 });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && ((await hub.orders.list({ connectionId, limit: 50 })).items.length < 20 || (await hub.sync.busy()))) await new Promise((r) => setTimeout(r, 100));
  const response = await app.inject({ method: 'GET', url: '/metrics' });
  assert.equal(response.statusCode, 200);
  assert.match(response.headers['content-type'] as string, /text\/plain/);
  const text = response.body;
  assert.ok((sample(text, 'omnisync_records_ingested_total', { connection: connectionId, source: 'webhook' }) ?? 0) >= 20, 'records ingested by webhook');
  assert.ok((sample(text, 'omnisync_ingest_lag_seconds_count', { connection: connectionId }) ?? 0) >= 20, `an ingest lag per order: ${text.split('\n').filter((l) => l.includes('ingest_lag_seconds_count')).join(' ')}`);
  assert.ok((sample(text, 'omnisync_push_lag_seconds_count', { connection: connectionId }) ?? 0) >= 1, 'push lags observed');
  assert.equal(sample(text, 'omnisync_connection_active', { connection: connectionId, platform: 'shopify' }), 1);
  assert.equal(sample(text, 'omnisync_connection_error_streak', { connection: connectionId }), 0);
  const unmapped = (await hub.orders.list({ connectionId, flagged: true, limit: 50 })).items.filter((o) => o.flags.includes('UNMAPPED_SKU')).length;
  assert.ok(unmapped > 0, 'the sample has orders for the unlisted SKU');
  assert.equal(sample(text, 'omnisync_orders_held', { reason: 'UNMAPPED_SKU' }), unmapped);
  assert.ok((sample(text, 'omnisync_jobs_total', { kind: 'interpret', outcome: 'done' }) ?? 0) >= 20);
  assert.match(text, /omnisync_process_cpu_user_seconds_total \d/);
});

test("a connection's status shows its health, its call bucket now and its jobs", async () => {
  const token = 'osk_monitoring_test_token_00000000';
  await hub.access.ensureAdminToken(token);
  const response = await app.inject({ method: 'GET', url: `/api/v1/connections/${connectionId}/status`, headers: { authorization: `Bearer ${token}` } });
  assert.equal(response.statusCode, 200);
  const status = response.json();
  assert.equal(status.status, 'active');
  assert.equal(status.errorStreak, 0);
  assert.ok(status.lastPushAt, 'pushes have succeeded');
  assert.deepEqual([status.rateLimit.capacity, status.rateLimit.refillPerSecond], [40, 2]);
  const own = status.rateLimit.buckets.find((b: { operation: string | null }) => b.operation === null);
  assert.ok(own && own.tokens <= 40 && own.tokens > 0, `the connection's bucket: ${JSON.stringify(status.rateLimit.buckets)}`);
  assert.deepEqual(Object.keys(status.jobs).sort(), ['dead', 'oldestPendingAgeMs', 'pending', 'running']);
  const missing = await app.inject({ method: 'GET', url: '/api/v1/connections/999999/status', headers: { authorization: `Bearer ${token}` } });
  assert.equal(missing.statusCode, 404);
});

test('readiness says the workers run, and turns 503 once they have stopped', async () => {
  const running = await app.inject({ method: 'GET', url: '/readyz' });
  assert.equal(running.statusCode, 200);
  assert.equal(running.json().workers, 'running');
  await hub.sync.stopWorkers();
  const stopped = await app.inject({ method: 'GET', url: '/readyz' });
  assert.equal(stopped.statusCode, 503);
  assert.equal(stopped.json().status, 'workers stopped');
});
