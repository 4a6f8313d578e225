import { publishedQuantity, effectiveRule } from '../channels/index.ts';
import { taobaoStatusOf } from '../connectors/index.ts';
import type { Hub } from '../hub.ts';
import { compareRun, compareStock, type HubOrderView, type ListedQuantity, type WitnessOrder } from './compare.ts';
import type { DemoWorld } from './world.ts';

export interface DemoRunOptions {
  orders: number;
  faults: 'none' | 'chaos';
  ordersPerSecond: number;
  /** Opening stock per SKU, for the stock check. */
  opening: Map<string, number>;
  /** Called halfway through the orders (the kill-a-worker check). */
  midway?: () => Promise<void>;
  log(line: string): void;
}

/** DESIGN.md's chaos: lost, duplicated and reordered webhooks, throttled and failing calls, one outage of each platform. */
const chaos = { webhookDrop: 0.1, webhookDuplicate: 0.05, webhookReorder: true, errorRate: 0.05 };
const OUTAGE_MS = 20_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const shopifyStatus: Record<string, string> = { pending: 'pending', paid: 'paid', partially_fulfilled: 'partially_shipped', fulfilled: 'shipped', cancelled: 'cancelled' };

/** Runs N orders through both simulators, waits for quiet, and compares the witnesses with the hub. */
export async function runDemoOrders(hub: Hub, world: DemoWorld, options: DemoRunOptions, lags: number[]): Promise<Record<string, unknown>> {
  const { sims } = world;
  const started = Date.now();
  if (options.faults === 'chaos') for (const p of ['shopify', 'taobao'] as const) await sims.control(p, 'faults', chaos);
  const perChannel = Math.ceil(options.orders / 2);
  for (const p of ['shopify', 'taobao'] as const) await sims.control(p, 'generate', { count: perChannel, perSecond: options.ordersPerSecond / 2 });
  const generationMs = (perChannel / (options.ordersPerSecond / 2)) * 1000;
  if (options.faults === 'chaos') {
    await sleep(generationMs / 3);
    options.log(`shopify simulator down for ${OUTAGE_MS / 1000} s`);
    await sims.control('shopify', 'faults', { outage: { forMs: OUTAGE_MS } });
    await sleep(generationMs / 6);
    await options.midway?.();
    await sleep(generationMs / 6);
    options.log(`taobao simulator down for ${OUTAGE_MS / 1000} s`);
    await sims.control('taobao', 'faults', { outage: { forMs: OUTAGE_MS } });
  } else if (options.midway) {
    await sleep(generationMs / 2);
    await options.midway();
  }
  for (const p of ['shopify', 'taobao'] as const) {
    while (!(await sims.control(p, 'idle', { timeoutMs: 30_000 })).idle) options.log(`waiting for the ${p} simulator to finish`);
  }
  // The witnesses are done; the last outage may still run. Then the safety net: a full pull of each channel.
  await sleep(Math.max(0, OUTAGE_MS - (Date.now() - started)));
  for (const p of ['shopify', 'taobao'] as const) await sims.control(p, 'faults', { webhookDrop: 0, webhookDuplicate: 0, errorRate: 0, outage: { forMs: 0 } });
  await waitForQuiet(hub, options);
  const pulls: string[] = [];
  for (const id of Object.values(world.connections)) {
    const queued = await hub.sync.requestPull(id);
    if (queued.ok) pulls.push(queued.value);
  }
  await waitForJobs(hub, pulls, options);
  await waitForQuiet(hub, options);
  return compareWithWitnesses(hub, world, lags, options.opening);
}

const QUIET_TIMEOUT_MS = 180_000;

/** Quiet: nothing to interpret or push for a second and a half (scheduled pulls go on regardless). */
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
  if (Date.now() >= deadline) options.log('the final pulls did not finish in time');
}

async function compareWithWitnesses(hub: Hub, world: DemoWorld, lags: number[], opening: Map<string, number>): Promise<Record<string, unknown>> {
  const [shopifyState, taobaoState] = await Promise.all([world.sims.control('shopify', 'state'), world.sims.control('taobao', 'state')]);
  const witness: WitnessOrder[] = [
    ...shopifyState.orders.map((o: any) => ({ channel: world.connections.shopify, externalId: o.id, status: shopifyStatus[o.status] ?? o.status, lines: o.lines.map((l: any) => ({ sku: l.sku, qty: l.qty })) })),
    ...taobaoState.orders.map((o: any) => ({ channel: world.connections.taobao, externalId: o.tid, status: taobaoStatusOf(o.status), lines: o.lines.map((l: any) => ({ sku: l.sku, qty: l.qty })) })),
  ];
  const hubOrders: HubOrderView[] = [];
  for (const connectionId of Object.values(world.connections)) {
    let cursor: string | undefined;
    do {
      const page = await hub.orders.list({ connectionId, limit: 500, cursor });
      for (const o of page.items) hubOrders.push({ channel: o.connectionId, externalId: o.externalId, status: o.status, flags: o.flags, lines: o.lines.map((l) => ({ sku: l.platformSku, qty: l.qty })) });
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  const witnessListed: ListedQuantity[] = [
    ...shopifyState.listed.map((l: any) => ({ channel: world.connections.shopify, listing: l.inventoryItemId, qty: l.qty })),
    ...taobaoState.listed.map((l: any) => ({ channel: world.connections.taobao, listing: `${l.itemId}:${l.skuId ?? ''}`, qty: l.qty })),
  ];
  const published = await hubPublished(hub, world);
  const c = compareRun(witness, hubOrders, witnessListed, published);
  const levels = new Map<string, { onHand: number; reserved: number }>();
  for (const sku of opening.keys()) {
    const level = await hub.inventory.stockOf(sku);
    if (level.ok) levels.set(sku, { onHand: level.value.onHand, reserved: level.value.reserved });
  }
  const stock = compareStock(witness, opening, levels);
  const ledger = await hub.inventory.verifyLedger();
  const sorted = [...lags].sort((a, b) => a - b);
  const pct = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : null);
  return {
    orders: c.orders, lost: c.lost, duplicated: c.duplicated, wrongLines: c.wrongLines, oversold: c.oversold, listingDrift: c.listingDrift,
    wrongStatus: c.wrongStatus, stockDrift: stock.stockDrift + ledger.length, propagationMsP50: pct(50), propagationMsP99: pct(99),
    examples: [...c.examples, ...stock.examples, ...ledger.slice(0, 5).map((d) => `ledger: ${JSON.stringify(d)}`)],
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
      const listing = connection.value.platform === 'shopify' ? l.platformItemId : `${l.platformItemId}:${l.platformVariantId ?? ''}`;
      out.push({ channel: connectionId, listing, qty });
    }
  }
  return out;
}
