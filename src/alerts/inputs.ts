/**
 * What the rules read, fetched from the other modules through their functions, then judged. A rule
 * that is disabled, or whose source is not wired (reconciliation, the review queue), is not judged,
 * so its alerts are left as they are rather than resolved for lack of data.
 */
import type { ChannelService } from '../channels/index.ts';
import type { InventoryService } from '../inventory/index.ts';
import type { Db } from '../store/index.ts';
import type { SyncService } from '../sync/index.ts';
import type { RuleKind } from './params.ts';
import type { RuleSettings } from './rule-settings.ts';
import * as rules from './rules.ts';
import { readState, writeState } from './store.ts';

export interface AlertSources {
  channels: Pick<ChannelService, 'list' | 'listListings'>;
  inventory: Pick<InventoryService, 'stockOf' | 'listStock'>;
  sync: Pick<SyncService, 'queueBreakdown' | 'listJobs'>;
  /** Units sold per SKU among orders placed in [since, until) (src/orders). */
  unitsSold(window: { since: Date; until: Date }): Promise<{ sku: string; units: number }[]>;
  /** The latest reconciliation of each connection (src/reconcile). */
  latestAccuracy?: () => Promise<rules.AccuracyReport[]>;
  /** Orders held for review after a hold id, oldest first (src/orders review queue). */
  recentHolds?: (afterId: string | null, limit: number) => Promise<rules.Hold[]>;
}

export interface Judgement {
  raised: rules.Raised[];
  judged: RuleKind[];
  /** State for the next evaluation, written in the transaction that applies this one. */
  state: Record<string, unknown>;
}

const HOLDS_PER_EVALUATION = 500;

export async function judge(db: Db, sources: AlertSources, settings: RuleSettings, now: Date): Promise<Judgement> {
  const on = (rule: RuleKind) => settings[rule].enabled;
  const out: Judgement = { raised: [], judged: [], state: {} };
  const add = (rule: RuleKind, raised: rules.Raised[]) => (out.judged.push(rule), out.raised.push(...raised));
  const connections = await sources.channels.list();
  if (on('connection_failing')) add('connection_failing', rules.connectionFailing(connections.map((c) => ({
    id: c.id, name: c.name, paused: c.status !== 'active', errorStreak: c.errorStreak, lastError: c.lastError,
    lastPullAt: c.lastPullAt ? new Date(c.lastPullAt) : null, lastPushAt: c.lastPushAt ? new Date(c.lastPushAt) : null, createdAt: new Date(c.createdAt),
  })), settings.connection_failing.params, now));
  if (on('dead_jobs')) {
    const counts = await deadJobCounts(sources);
    add('dead_jobs', rules.deadJobsGrowing(counts, await readState<Record<string, number>>(db, 'dead_jobs'), settings.dead_jobs.params));
    out.state.dead_jobs = Object.fromEntries(counts.map((c) => [c.connectionId ?? 'hub', c.dead]));
  }
  if (on('drift') && sources.latestAccuracy) add('drift', rules.driftAboveThreshold(await sources.latestAccuracy(), settings.drift.params));
  if (on('oversell_risk') || on('stock_out') || on('low_stock')) await judgeStock(sources, settings, connections.filter((c) => c.status === 'active').map((c) => c.id), add);
  if (on('quantity_anomaly') && sources.recentHolds) {
    const after = await readState<string>(db, 'holds_after');
    const holds = await sources.recentHolds(after, HOLDS_PER_EVALUATION);
    add('quantity_anomaly', rules.quantityAnomaly(holds));
    if (holds.length > 0) out.state.holds_after = holds.at(-1)!.holdId;
  }
  if (on('sales_drop')) add('sales_drop', rules.salesDrop(await salesOf(sources, settings.sales_drop.params, now), settings.sales_drop.params));
  return out;
}

async function deadJobCounts(sources: AlertSources): Promise<rules.DeadJobCount[]> {
  const byConnection = new Map<string | null, number>();
  for (const row of await sources.sync.queueBreakdown()) {
    if (row.status === 'dead') byConnection.set(row.connectionId, (byConnection.get(row.connectionId) ?? 0) + row.count);
  }
  return [...byConnection].map(([connectionId, dead]) => ({ connectionId, dead }));
}

type Add = (rule: RuleKind, raised: rules.Raised[]) => void;

async function judgeStock(sources: AlertSources, settings: RuleSettings, activeConnections: string[], add: Add): Promise<void> {
  const listings = (await Promise.all(activeConnections.map((id) => sources.channels.listListings(id)))).flat().filter((l) => l.sku !== null);
  const available = await availableBySku(sources, listings.map((l) => l.sku!));
  if (settings.oversell_risk.enabled) {
    const pushing = await listingsBeingPushed(sources);
    // A listing whose push is queued will show the new quantity in a moment: not a risk yet.
    add('oversell_risk', rules.oversellRisk(listings.filter((l) => !pushing.has(l.id)).map((l) => ({
      listingId: l.id, connectionId: l.connectionId, sku: l.sku!, shown: l.lastPushedQty, available: available.get(l.sku!) ?? 0,
    })), settings.oversell_risk.params));
  }
  const stock = [...available].map(([sku, n]) => ({ sku, available: n }));
  if (settings.stock_out.enabled) add('stock_out', rules.stockOut(stock));
  if (settings.low_stock.enabled) add('low_stock', rules.lowStock(stock, settings.low_stock.params));
}

/** Sellable units of every stocked SKU and of every listed one (a listed bundle is derived from its components). */
async function availableBySku(sources: AlertSources, listedSkus: string[]): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  for (let cursor: string | undefined, first = true; first || cursor; first = false) {
    const page = await sources.inventory.listStock({ limit: 1000, cursor });
    if (!page.ok) throw new Error(page.message);
    for (const row of page.value.items) totals.set(row.sku, (totals.get(row.sku) ?? 0) + row.available);
    cursor = page.value.nextCursor ?? undefined;
  }
  for (const sku of new Set(listedSkus)) {
    if (totals.has(sku)) continue;
    const level = await sources.inventory.stockOf(sku);
    if (level.ok) totals.set(sku, level.value.available);
  }
  return totals;
}

async function listingsBeingPushed(sources: AlertSources): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const status of ['pending', 'running'] as const) {
    const page = await sources.sync.listJobs({ status, kind: 'push_stock', limit: 1000 });
    for (const job of page.items) ids.add(String((job.payload as { listingId?: unknown }).listingId));
  }
  return ids;
}

async function salesOf(sources: AlertSources, p: RuleSettings['sales_drop']['params'], now: Date): Promise<rules.SkuSales[]> {
  const windowStart = new Date(now.getTime() - p.windowSeconds * 1000);
  const [recent, baseline] = await Promise.all([
    sources.unitsSold({ since: windowStart, until: now }),
    sources.unitsSold({ since: new Date(windowStart.getTime() - p.baselineSeconds * 1000), until: windowStart }),
  ]);
  const recentBySku = new Map(recent.map((r) => [r.sku, r.units]));
  return baseline.map((b) => ({ sku: b.sku, baseline: b.units, recent: recentBySku.get(b.sku) ?? 0 }));
}

