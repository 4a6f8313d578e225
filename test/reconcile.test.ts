import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { startShopifySim, type ShopifySim } from '../sim/shopify/index.ts';
import { openTestHub, type TestHub } from './helpers/hub.ts';
import { connectShopifySim } from './helpers/shopify.ts';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
let hub: TestHub;
let sim: ShopifySim;
let connectionId: string;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function quiet(): Promise<void> {
  for (let calm = 0; calm < 3;) {
    await sleep(100);
    calm = (await hub.sync.busy()) ? 0 : calm + 1;
  }
}

before(async () => {
  // Pulls never run on a schedule here: only webhooks and reconciliation bring orders in.
  hub = await openTestHub({ sync: { pullIntervalMs: 0 }, reconcile: { everyMs: 0 } });
  sim = await startShopifySim({ seed: 11, lifecycleDelayMs: [60_000, 60_000], catalog: [{ sku: 'A', qty: 50, price: '1.00' }, { sku: 'B', qty: 50, price: '1.00' }] });
  await hub.inventory.createLocation({ code: 'WH', name: 'Warehouse', kind: 'warehouse' });
  for (const sku of ['A', 'B']) {
    await hub.catalog.createProduct({ sku, name: sku, unitCost: '1.00', price: '1.00' });
    await hub.inventory.receive({ sku, location: 'WH', qty: 50, idempotencyKey: `r-${sku}` }, 'test');
  }
  connectionId = await connectShopifySim(hub, sim, { name: 'Sim shop' });
  assert.ok((await hub.channels.refreshListings(connectionId)).ok);
  hub.sync.startWorkers({ pollMs: 20 });
  await hub.sync.pushConnection(connectionId);
  await quiet();
});
after(async () => {
  await hub.dispose();
  await sim.close();
});

test('orders whose webhooks were all dropped are found as missed webhooks and ingested from the reconcile source', async () => {
  // No webhook address: every order the shop takes is a webhook the hub never got.
  sim.control.generate({ count: 6, perSecond: 50 });
  while (!sim.control.isIdle()) await sleep(50);
  await quiet();
  const onChannel = sim.state().orders.map((o) => o.id).sort();
  assert.ok(onChannel.length > 0);
  assert.equal((await hub.orders.list({ connectionId, limit: 50 })).items.length, 0);

  const run = await hub.reconcile.run(connectionId, { trigger: 'manual' });
  assert.ok(run.ok);
  const report = await hub.reconcile.getRun(run.value.id);
  assert.ok(report.ok);
  const missed = report.value.items.filter((i) => i.kind === 'order');
  assert.deepEqual(missed.map((i) => i.externalId).sort(), onChannel);
  assert.ok(missed.every((i) => i.cause === 'missed_webhook' && i.repaired === 'ingested'), JSON.stringify(missed));

  await quiet();
  const inHub = (await hub.orders.list({ connectionId, limit: 50 })).items.map((o) => o.externalId).sort();
  assert.deepEqual(inHub, onChannel);
  const fromReconcile = await hub.sync.listInbox({ connectionId, limit: 50 });
  assert.ok(fromReconcile.items.filter((e) => e.source === 'reconcile').length >= onChannel.length);
});

test('a quantity changed on the channel behind the hub is found as changed_on_channel and pushed again until the channel shows the hub\'s figure', async () => {
  await quiet();
  const before = new Map(sim.state().listed.map((l) => [l.sku, l.qty]));
  const listed = await fetch(`${sim.url}/_sim/listed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sku: 'B', qty: 777 }) });
  assert.equal(listed.status, 200);

  const run = await hub.reconcile.run(connectionId, { trigger: 'manual', windowMs: 3_600_000 });
  assert.ok(run.ok);
  const report = await hub.reconcile.getRun(run.value.id);
  assert.ok(report.ok);
  const listingB = (await hub.channels.listListings(connectionId)).find((l) => l.sellerSku === 'B')!;
  const drift = report.value.items.filter((i) => i.kind === 'listing');
  assert.deepEqual(drift.map((i) => [i.listingId, i.cause, i.channelValue, i.hubValue, i.repaired]), [[listingB.id, 'changed_on_channel', '777', String(before.get('B')), 'pushed']]);

  await quiet();
  assert.equal(sim.state().listed.find((l) => l.sku === 'B')!.qty, before.get('B'));
});

test('accuracy is matched over checked, per run and over time, and the latest run per connection is what the alerts read', async () => {
  await quiet();
  const clean = await hub.reconcile.run(connectionId, { trigger: 'manual' });
  assert.ok(clean.ok);
  const run = clean.value;
  assert.ok(run.checked > 0);
  assert.equal(run.matched, run.checked, 'after the repairs nothing differs');
  assert.equal(run.accuracy, 1);

  const runs = (await hub.reconcile.listRuns({ connectionId, limit: 10 })).items;
  assert.equal(runs.length, 3);
  for (const r of runs) assert.equal(r.accuracy, r.matched / r.checked);
  const overall = await hub.reconcile.accuracy(connectionId, 3_600_000);
  assert.ok(overall.ok);
  const sum = (k: 'checked' | 'matched') => runs.reduce((n, r) => n + r[k], 0);
  assert.deepEqual([overall.value.runs, overall.value.checked, overall.value.matched], [3, sum('checked'), sum('matched')]);
  assert.equal(overall.value.accuracy, sum('matched') / sum('checked'));

  const { latestAccuracy } = await import('../src/reconcile/index.ts');
  const latest = await latestAccuracy(hub.store.db);
  assert.deepEqual(latest.map((l) => [l.connectionId, l.runId, l.accuracy, l.driftItems]), [[connectionId, run.id, 1, 0]]);
  const metrics = await hub.metrics.registry.metrics();
  assert.match(metrics, new RegExp(`omnisync_sync_accuracy\\{connection="${connectionId}"\\} 1`));
  assert.match(metrics, new RegExp(`omnisync_drift_items_total\\{connection="${connectionId}",cause="missed_webhook"\\} \\d+`));
});

test('a small chaos demo with 30 % of webhooks lost and no scheduled pulls ends with no order lost and every listing in step', { timeout: 12 * 60_000 }, async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', main, 'demo', '--orders', '300', '--faults', 'chaos', '--webhook-loss', '0.3', '--no-pull', '--exit-when-done'], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'error' },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  await new Promise((resolve) => child.once('exit', resolve));
  const line = out.trim().split('\n').findLast((l) => l.startsWith('{"orders"')) ?? out;
  const result = JSON.parse(line) as Record<string, unknown> & { reconciled: { runs: number; repaired: number } };
  assert.equal(result.orders, 300, line);
  assert.equal(result.lost, 0, `${line}\n${err.slice(-3000)}`);
  assert.equal(result.listingDrift, 0, `${line}\n${err.slice(-3000)}`);
  assert.ok(result.reconciled.runs > 0 && result.reconciled.repaired > 0, line);
});
