import { effectiveRule, publishedQuantity } from '../channels/index.ts';
import type { Hub } from '../hub.ts';
import { releasedOrders } from '../orders/index.ts';
import { compareRun, compareStock, type ListedQuantity } from './compare.ts';
import { compareErp, compareTracking, compareWarehouse } from './compare-partners.ts';
import { compareReview } from './compare-review.ts';
import { startReconciling, tamperListings, type Reconciling } from './reconciling.ts';
import { backOfficeWitness, channelWitnesses, listingKeyOf } from './witnesses.ts';
import { CHANNELS, DEMO_WAREHOUSE, masterOfDemoCode, type DemoWorld } from './world.ts';

export interface DemoRunOptions {
  orders: number;
  faults: 'none' | 'chaos';
  ordersPerSecond: number;
  /** Called halfway through the orders (the kill-a-worker check, adding the missing SKU mappings). */
  midway?: () => Promise<void>;
  /** Share of channel webhooks the simulators drop (0–1); left out, the faults' own (chaos: 0.1). */
  webhookLoss?: number | undefined;
  /**
   * Scheduled pulls are off (the hub was opened with pullIntervalMs 0): reconciliation passes every
   * this many ms bring in what webhooks lose, and once more at the end instead of the final pulls.
   */
  reconcileEveryMs?: number | undefined;
  log(line: string): void;
}

/** DESIGN.md's chaos: lost, duplicated and reordered webhooks, throttled and failing calls, one outage of each platform. */
const chaos = { webhookDrop: 0.1, webhookDuplicate: 0.05, webhookReorder: true, errorRate: 0.05 };
const calm = { webhookDrop: 0, webhookDuplicate: 0, errorRate: 0, outage: { forMs: 0 } };
const OUTAGE_MS = 20_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * How the orders split between the channels. Amazon's Orders API lets a seller read one page of
 * orders a minute and the items of one order every two seconds (getOrders 0.0167/s, getOrderItems
 * 0.5/s): about 30 orders a minute, so it gets a small share, as a seller that size would move to
 * Amazon's order reports.
 */
export const CHANNEL_SHARE = { shopify: 0.35, taobao: 0.32, woocommerce: 0.3, amazon: 0.03 } as const;

export function ordersPerChannel(total: number): Record<(typeof CHANNELS)[number], number> {
  const amazon = Math.round(total * CHANNEL_SHARE.amazon);
  const shopify = Math.round(total * CHANNEL_SHARE.shopify);
  const taobao = Math.round(total * CHANNEL_SHARE.taobao);
  return { shopify, taobao, amazon, woocommerce: total - shopify - taobao - amazon };
}

/** Runs N orders through the channel simulators, lets the back office ship them, waits for quiet, and compares every witness with the hub. */
export async function runDemoOrders(hub: Hub, world: DemoWorld, options: DemoRunOptions, lags: number[]): Promise<Record<string, unknown>> {
  const { sims } = world;
  const started = Date.now();
  const loss = options.webhookLoss === undefined ? {} : { webhookDrop: options.webhookLoss };
  for (const c of CHANNELS) await sims.control(c, 'faults', options.faults === 'chaos' ? { ...chaos, ...loss } : loss);
  const reconciling = options.reconcileEveryMs ? startReconciling(hub, world, options.reconcileEveryMs, options.log) : undefined;
  try {
    return await ordersThenWitnesses(hub, world, options, lags, started, reconciling);
  } finally {
    await reconciling?.stop();
  }
}

async function ordersThenWitnesses(hub: Hub, world: DemoWorld, options: DemoRunOptions, lags: number[], started: number, reconciling: Reconciling | undefined): Promise<Record<string, unknown>> {
  const { sims } = world;
  if (options.faults === 'chaos') {
    await sims.control('wms', 'faults', { webhookDrop: 0.1, webhookDuplicate: 0.05, errorRate: 0.05 });
    await sims.control('erp', 'faults', { errorRate: 0.05 });
  }
  const counts = ordersPerChannel(options.orders);
  for (const c of CHANNELS) {
    if (counts[c] > 0) await sims.control(c, 'generate', { count: counts[c], perSecond: options.ordersPerSecond * CHANNEL_SHARE[c] });
  }
  const generationMs = (options.orders / options.ordersPerSecond) * 1000;
  const step = generationMs / (CHANNELS.length + 2);
  for (const [i, c] of CHANNELS.entries()) {
    await sleep(step);
    if (options.faults === 'chaos') {
      options.log(`${c} simulator down for ${OUTAGE_MS / 1000} s`);
      await sims.control(c, 'faults', { outage: { forMs: OUTAGE_MS } });
    }
    if (i === 0 && reconciling) await tamperListings(world, options.log);
    if (i === 1) await options.midway?.();
    if (i === 2) await replenish(world, options);
  }
  for (const c of CHANNELS) {
    while (!(await sims.control(c, 'idle', { timeoutMs: 30_000 })).idle) options.log(`waiting for the ${c} simulator to finish`);
  }
  // The buyers are done; the last outage may still run. Then the safety net: a full pull of each channel.
  await sleep(Math.max(0, OUTAGE_MS - (Date.now() - started)));
  for (const c of CHANNELS) await sims.control(c, 'faults', calm);
  await sims.control('wms', 'faults', calm);
  await sims.control('erp', 'faults', calm);
  await drainBackOffice(hub, world, options);
  if (reconciling) await finalReconciliation(hub, reconciling, options);
  else await finalPulls(hub, world, options);
  const result = await compareWithWitnesses(hub, world, lags);
  return reconciling ? { ...result, reconciled: reconciling.figures() } : result;
}

/** The passes stop; one more over every channel repairs what is left, and a last one (after the repairs are done) must find nothing. */
async function finalReconciliation(hub: Hub, reconciling: Reconciling, options: DemoRunOptions): Promise<void> {
  await reconciling.stop();
  await waitForQuiet(hub, options);
  await reconciling.final();
  await waitForQuiet(hub, options);
  await reconciling.final();
  await waitForQuiet(hub, options);
}

/** Purchase receipts in the ERP for the three best sellers: the warehouse receives them, then the hub books them. */
async function replenish(world: DemoWorld, options: DemoRunOptions): Promise<void> {
  for (const sku of ['DEMO-001', 'DEMO-002', 'DEMO-003']) {
    await world.sims.control('erp', 'receipt', { sku, location: DEMO_WAREHOUSE, qty: 200, purchaseOrder: `PO-${sku}` });
  }
  options.log('the ERP booked purchase receipts for DEMO-001..003');
}

/**
 * Until the warehouse has shipped everything released and the hub has taken it in; then the
 * warehouse stops (no more counts or returns), counts every SKU, and the hub reads that last.
 */
async function drainBackOffice(hub: Hub, world: DemoWorld, options: DemoRunOptions): Promise<void> {
  const deadline = Date.now() + 6 * 60_000;
  for (let settled = 0; settled < 2 && Date.now() < deadline;) {
    await waitForQuiet(hub, options);
    await hub.partners.sweep();
    const idle = (await world.sims.control('wms', 'idle', { timeoutMs: 60_000 })).idle;
    await syncPartners(hub, world, options);
    settled = idle && !(await hub.sync.busy()) ? settled + 1 : 0;
    if (!idle) options.log('waiting for the warehouse to ship');
  }
  await world.sims.control('wms', 'settings', { paused: true });
  await world.sims.control('wms', 'count-all', { warehouse: DEMO_WAREHOUSE });
  await syncPartners(hub, world, options);
  await waitForQuiet(hub, options);
}

async function syncPartners(hub: Hub, world: DemoWorld, options: DemoRunOptions): Promise<void> {
  const jobs: string[] = [];
  for (const id of Object.values(world.partners)) {
    const queued = await hub.partners.requestSync(id);
    if (queued.ok) jobs.push(queued.value);
  }
  await waitForJobs(hub, jobs, options);
}

async function finalPulls(hub: Hub, world: DemoWorld, options: DemoRunOptions): Promise<void> {
  await waitForQuiet(hub, options);
  const pulls: string[] = [];
  for (const id of Object.values(world.connections)) {
    const queued = await hub.sync.requestPull(id);
    if (queued.ok) pulls.push(queued.value);
  }
  await waitForJobs(hub, pulls, options);
  await waitForQuiet(hub, options);
}

const QUIET_TIMEOUT_MS = 180_000;

/** Quiet: nothing to interpret, push or hand over for a second and a half (scheduled pulls and feeds go on regardless). */
async function waitForQuiet(hub: Hub, options: DemoRunOptions): Promise<void> {
  let quietChecks = 0;
  const deadline = Date.now() + QUIET_TIMEOUT_MS;
  let nextReport = Date.now() + 10_000;
  while (quietChecks < 3 && Date.now() < deadline) {
    await sleep(500);
    quietChecks = (await hub.sync.busy()) ? 0 : quietChecks + 1;
    if (Date.now() > nextReport) {
      nextReport += 10_000;
      const [running, pending] = await Promise.all([hub.sync.listJobs({ status: 'running', limit: 5 }), hub.sync.listJobs({ status: 'pending', limit: 5 })]);
      const describe = (jobs: { items: { id: string; kind: string; attempts: number; runAt: string; lastError: string | null }[] }) =>
        jobs.items.map((j) => `${j.kind}#${j.id} attempt ${j.attempts} due ${j.runAt}${j.lastError ? ` (${j.lastError.slice(0, 80)})` : ''}`).join('; ');
      options.log(`waiting for quiet: ${JSON.stringify(await hub.sync.queueStats())} running: ${describe(running)} pending: ${describe(pending)}`);
    }
  }
  if (quietChecks < 3) options.log(`the hub did not become quiet within ${QUIET_TIMEOUT_MS / 1000} s`);
}

async function waitForJobs(hub: Hub, ids: string[], options: DemoRunOptions): Promise<void> {
  const deadline = Date.now() + QUIET_TIMEOUT_MS;
  for (const id of ids) {
    while (Date.now() < deadline) {
      const job = await hub.sync.getJob(id);
      if (!job || job.status === 'done' || job.status === 'dead' || job.status === 'discarded') break;
      await sleep(200);
    }
  }
  if (Date.now() >= deadline) options.log('jobs the demo waited for did not finish in time');
}

async function hubOrders(hub: Hub, world: DemoWorld) {
  const out: { id: string; channel: string; externalId: string; status: string; flags: string[]; lines: { sku: string; qty: number }[] }[] = [];
  for (const connectionId of Object.values(world.connections)) {
    let cursor: string | undefined;
    do {
      const page = await hub.orders.list({ connectionId, limit: 500, cursor });
      for (const o of page.items) out.push({ id: o.id, channel: o.connectionId, externalId: o.externalId, status: o.status, flags: o.flags, lines: o.lines.map((l) => ({ sku: l.platformSku, qty: l.qty })) });
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return out;
}

async function compareWithWitnesses(hub: Hub, world: DemoWorld, lags: number[]): Promise<Record<string, unknown>> {
  const witness = await channelWitnesses(world);
  const orders = await hubOrders(hub, world);
  const c = compareRun(witness.orders, orders, witness.listed, await hubPublished(hub, world));
  const levels = new Map<string, { onHand: number; reserved: number }>();
  const onHand = new Map<string, number>();
  const stock = await hub.inventory.listStock({ location: DEMO_WAREHOUSE, limit: 500 });
  for (const row of stock.ok ? stock.value.items : []) {
    onHand.set(row.sku, row.onHand);
    levels.set(row.sku, { onHand: row.onHand, reserved: row.reserved });
  }
  // Reserved stock is what the channels' open orders imply; on hand is the warehouse's to say (counts, returns, receipts).
  // An open order with a parcel on its channel was shipped in part (WooCommerce keeps it processing):
  // the hub shipped what went and gave the rest back, so it holds nothing.
  const inMasterSkus = witness.orders.map((o) => ({
    ...o, status: o.status === 'paid' && o.tracking.length > 0 ? 'partially_shipped' : o.status,
    lines: o.lines.map((l) => ({ sku: masterOfDemoCode(l.sku), qty: l.qty })),
  }));
  const reserved = compareStock(inMasterSkus, new Map([...levels.keys()].map((sku) => [sku, 0])), levels, { onHand: false });
  const ledger = await hub.inventory.verifyLedger();
  const office = await backOfficeWitness(world.sims);
  const erp = compareErp(await releasedOrders(hub.store.db), office.erpOrders);
  const wms = compareWarehouse(onHand, office.warehouseStock);
  const witnessByKey = new Map(witness.orders.map((o) => [`${o.channel}:${o.externalId}`, o]));
  const orderChannel = new Map(orders.map((o) => [o.id, { key: `${o.channel}:${o.externalId}`, cancelled: witnessByKey.get(`${o.channel}:${o.externalId}`)?.status === 'cancelled' }]));
  const tracking = compareTracking(office.warehouseShipments, orderChannel, new Map(witness.orders.map((o) => [`${o.channel}:${o.externalId}`, o.tracking])));
  const unmapped = orders.filter((o) => o.flags.includes('UNMAPPED_SKU'));
  const dead = await hub.sync.listJobs({ status: 'dead', limit: 10 });
  const { examples: reviewExamples, ...review } = compareReview(witness.orders, await hub.review.everHeld());
  const sorted = [...lags].sort((a, b) => a - b);
  const pct = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : null);
  return {
    orders: c.orders, lost: c.lost, duplicated: c.duplicated, wrongLines: c.wrongLines, oversold: c.oversold, listingDrift: c.listingDrift,
    wrongStatus: c.wrongStatus, stockDrift: reserved.stockDrift + ledger.length,
    erpMismatch: erp.erpMismatch, wmsMismatch: wms.wmsMismatch, trackingMissing: tracking.trackingMissing, unmappedLeft: unmapped.length,
    ...review,
    shipped: office.warehouseShipments.length, deadJobs: (await hub.sync.queueStats()).dead, propagationMsP50: pct(50), propagationMsP99: pct(99),
    examples: [...c.examples, ...reserved.examples, ...ledger.slice(0, 5).map((d) => `ledger: ${JSON.stringify(d)}`), ...erp.examples, ...wms.examples, ...tracking.examples, ...reviewExamples,
      ...unmapped.slice(0, 5).map((o) => `unmapped: order ${o.id} (${o.externalId})`),
      ...dead.items.map((j) => `dead job ${j.kind}#${j.id} ${JSON.stringify(j.payload)}: ${j.lastError?.slice(0, 200)}`)],
  };
}

/** What the hub would publish on each listing now: the same formula the stock push uses. */
async function hubPublished(hub: Hub, world: DemoWorld): Promise<ListedQuantity[]> {
  const out: ListedQuantity[] = [];
  for (const connectionId of Object.values(world.connections)) {
    const connection = await hub.channels.get(connectionId);
    if (!connection.ok) continue;
    for (const l of await hub.channels.listListings(connectionId)) {
      if (!l.sku) continue;
      const level = await hub.inventory.stockOf(l.sku);
      const qty = level.ok ? publishedQuantity(level.value.available, effectiveRule(connection.value.allocation, l.allocation)) : -1;
      out.push({ channel: connectionId, listing: listingKeyOf(connection.value.platform, l), qty });
    }
  }
  return out;
}
