/**
 * The alert rules: pure functions over plain data and their parameters. Each returns the alerts its
 * data raises, with the figures that raised them (reasons are data).
 */
import type { AlertSeverity } from '../store/index.ts';
import type { RuleKind, RuleParams } from './params.ts';
import type { LatestAccuracy } from '../reconcile/index.ts';

export interface Raised {
  rule: RuleKind;
  /** What the alert is about: `connection:7`, `sku:MUG-1`, `order:42`; with the rule, its dedupe key. */
  subject: string;
  severity: AlertSeverity;
  message: string;
  values: Record<string, unknown>;
}

export interface ConnectionHealth {
  id: string;
  name: string;
  paused: boolean;
  errorStreak: number;
  lastError: string | null;
  lastPullAt: Date | null;
  lastPushAt: Date | null;
  createdAt: Date;
}

const minutesBetween = (from: Date, to: Date) => Math.round(((to.getTime() - from.getTime()) / 60_000) * 10) / 10;

/** Failing: errorStreak failed calls in a row. Down: no successful call for silentMinutes. Paused connections are left alone. */
export function connectionFailing(connections: ConnectionHealth[], p: RuleParams['connection_failing'], now: Date): Raised[] {
  return connections.filter((c) => !c.paused).flatMap((c): Raised[] => {
    const lastSuccess = [c.lastPullAt, c.lastPushAt].filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
    const silentFor = minutesBetween(lastSuccess ?? c.createdAt, now);
    const failing = c.errorStreak >= p.errorStreak;
    const silent = silentFor >= p.silentMinutes;
    if (!failing && !silent) return [];
    const values = { errorStreak: c.errorStreak, lastError: c.lastError, lastSuccessAt: lastSuccess?.toISOString() ?? null, silentMinutes: silentFor, thresholds: p };
    const message = silent
      ? `Connection "${c.name}" has had no successful pull or push for ${silentFor} minutes${failing ? ` and ${c.errorStreak} failed calls in a row` : ''}.`
      : `Connection "${c.name}" has failed ${c.errorStreak} calls in a row: ${c.lastError ?? 'no error text'}.`;
    return [{ rule: 'connection_failing', subject: `connection:${c.id}`, severity: silent ? 'critical' : 'warning', message, values }];
  });
}

export interface DeadJobCount {
  connectionId: string | null;
  dead: number;
}

/** Per connection: more dead jobs than maxDead, or at least minGrowth more than at the last evaluation (previous null: first look). */
export function deadJobsGrowing(current: DeadJobCount[], previous: Record<string, number> | null, p: RuleParams['dead_jobs']): Raised[] {
  return current.flatMap((c): Raised[] => {
    const key = c.connectionId ?? 'hub';
    const before = previous?.[key] ?? (previous ? 0 : c.dead);
    const growth = c.dead - before;
    if (c.dead <= p.maxDead && growth < p.minGrowth) return [];
    const where = c.connectionId ? `connection ${c.connectionId}` : 'the hub';
    return [{
      rule: 'dead_jobs', subject: c.connectionId ? `connection:${c.connectionId}` : 'hub', severity: 'warning',
      message: `${c.dead} dead jobs for ${where}${growth > 0 ? ` (${growth} new since the last check)` : ''}: look at them under jobs and retry or discard them.`,
      values: { dead: c.dead, previous: before, growth, maxDead: p.maxDead, minGrowth: p.minGrowth },
    }];
  });
}

/** What the latest reconciliation of a connection reported (src/reconcile). */
export type AccuracyReport = LatestAccuracy;

/** The latest reconciliation of a connection found its sync accuracy below minAccuracy. */
export function driftAboveThreshold(reports: AccuracyReport[], p: RuleParams['drift']): Raised[] {
  return reports.filter((r) => r.checked >= p.minChecked && r.accuracy < p.minAccuracy).map((r) => ({
    rule: 'drift', subject: `connection:${r.connectionId}`, severity: 'warning',
    message: `Reconciliation ${r.runId} of connection ${r.connectionId} matched ${r.matched} of ${r.checked} items (accuracy ${(r.accuracy * 100).toFixed(1)} %, below ${(p.minAccuracy * 100).toFixed(1)} %).`,
    values: { runId: r.runId, finishedAt: r.finishedAt.toISOString(), checked: r.checked, matched: r.matched, accuracy: r.accuracy, driftItems: r.driftItems, minAccuracy: p.minAccuracy },
  }));
}

export interface ListingStock {
  listingId: string;
  connectionId: string;
  sku: string;
  /** The quantity the channel last acknowledged (null: never pushed). */
  shown: number | null;
  available: number;
}

/** A channel shows more than the hub can ship: a buyer may order what does not exist. */
export function oversellRisk(listings: ListingStock[], p: RuleParams['oversell_risk']): Raised[] {
  return listings.filter((l) => l.shown !== null && l.shown > l.available + p.margin).map((l) => ({
    rule: 'oversell_risk', subject: `listing:${l.listingId}`, severity: 'critical',
    message: `Listing ${l.listingId} (SKU ${l.sku}) on connection ${l.connectionId} shows ${l.shown} but only ${l.available} can be shipped.`,
    values: { listingId: l.listingId, connectionId: l.connectionId, sku: l.sku, shown: l.shown, available: l.available, excess: l.shown! - l.available },
  }));
}

export interface SkuStock {
  sku: string;
  available: number;
}

export function stockOut(stock: SkuStock[]): Raised[] {
  return stock.filter((s) => s.available <= 0).map((s) => ({
    rule: 'stock_out', subject: `sku:${s.sku}`, severity: 'critical', message: `SKU ${s.sku} is out of stock (available ${s.available}).`, values: { sku: s.sku, available: s.available },
  }));
}

/** Low but not out (stock-out has its own alert). */
export function lowStock(stock: SkuStock[], p: RuleParams['low_stock']): Raised[] {
  return stock.flatMap((s): Raised[] => {
    const threshold = p.perSku[s.sku] ?? p.threshold;
    if (s.available <= 0 || s.available > threshold) return [];
    return [{ rule: 'low_stock', subject: `sku:${s.sku}`, severity: 'warning', message: `SKU ${s.sku} is low: ${s.available} available (threshold ${threshold}).`, values: { sku: s.sku, available: s.available, threshold } }];
  });
}

export interface Hold {
  holdId: string;
  orderId: string;
  connectionId: string;
  heldAt: Date;
  rules: { rule: string; values: Record<string, unknown> }[];
}

/** One alert per order the review queue held for a quantity far above what its SKU usually sells. */
export function quantityAnomaly(holds: Hold[]): Raised[] {
  return holds.flatMap((h): Raised[] => {
    const fired = h.rules.find((r) => r.rule === 'quantity_anomaly');
    if (!fired) return [];
    return [{
      rule: 'quantity_anomaly', subject: `order:${h.orderId}`, severity: 'warning',
      message: `Order ${h.orderId} on connection ${h.connectionId} was held: a quantity far above what its SKU usually sells.`,
      values: { holdId: h.holdId, orderId: h.orderId, connectionId: h.connectionId, heldAt: h.heldAt.toISOString(), ...fired.values },
    }];
  });
}

export interface SkuSales {
  sku: string;
  /** Units sold in the recent window. */
  recent: number;
  /** Units sold in the baseline period just before it. */
  baseline: number;
}

/**
 * A SKU sells far less than its own recent rate: the baseline scaled to the window's length is what
 * was expected; fewer than (1 − dropRatio) of it alerts. SKUs with a thin baseline are not judged
 * (a drop from 2 to 0 is noise, not a competitor).
 */
export function salesDrop(sales: SkuSales[], p: RuleParams['sales_drop']): Raised[] {
  return sales.flatMap((s): Raised[] => {
    if (s.baseline < p.minBaselineUnits) return [];
    const expected = (s.baseline * p.windowSeconds) / p.baselineSeconds;
    if (s.recent >= (1 - p.dropRatio) * expected) return [];
    const drop = 1 - s.recent / expected;
    return [{
      rule: 'sales_drop', subject: `sku:${s.sku}`, severity: 'warning',
      message: `Sales of SKU ${s.sku} fell ${Math.round(drop * 100)} %: ${s.recent} units in the last ${p.windowSeconds} s against ${round2(expected)} expected from its own baseline.`,
      values: { sku: s.sku, recentUnits: s.recent, baselineUnits: s.baseline, expectedUnits: round2(expected), drop: round2(drop), windowSeconds: p.windowSeconds, baselineSeconds: p.baselineSeconds, dropRatio: p.dropRatio },
    }];
  });
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Rules whose alerts are events, not states: nothing clears them but a person. */
export const oneOffRules: ReadonlySet<RuleKind> = new Set(['quantity_anomaly']);
