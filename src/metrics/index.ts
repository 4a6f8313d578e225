/**
 * Prometheus metrics (/metrics). Counters and histograms are fed by the sync workers as things happen
 * (SyncObserver); gauges of the queue, the orders waiting for a person and each connection's health
 * are read from the other modules when Prometheus scrapes, so they are never stale and cost nothing
 * between scrapes.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ChannelService } from '../channels/index.ts';
import { PlatformError } from '../connectors/types.ts';
import type { PartnerService } from '../partners/index.ts';
import type { Db } from '../store/index.ts';
import type { SyncObserver, SyncService } from '../sync/index.ts';

export interface MetricsDeps {
  db: Db;
  channels: Pick<ChannelService, 'list'>;
  partners: Pick<PartnerService, 'list'>;
  sync: Pick<SyncService, 'queueBreakdown'>;
  /** Orders waiting for a person, per flag (orders module). */
  flagged(db: Db): Promise<{ flag: string; count: number; oldestAgeMs: number }[]>;
  /** Alerts not yet resolved, per rule and status (alerts module). */
  alerts?: { liveCounts(): Promise<{ rule: string; status: string; count: number }[]> };
  /** Orders the review rules hold, and the oldest hold's age (src/orders review queue). */
  review?: { stats(): Promise<{ open: number; oldestAgeMs: number }> };
  /** The latest completed reconciliation pass per connection (src/reconcile). */
  accuracy?(db: Db): Promise<{ connectionId: string; accuracy: number }[]>;
}

export interface Metrics {
  registry: Registry;
  observer: SyncObserver;
  /** Reads the gauges' sources; set once the services exist (the observer is needed before they do). */
  attach(deps: MetricsDeps): void;
  /** Differences a reconciliation pass found (in-flight items left out), by cause. */
  driftFound(connectionId: string, causes: string[]): void;
}

/** Lags from a fraction of a second (webhooks) to minutes (pulls, outages). */
const LAG_BUCKETS_S = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900];
const seconds = (ms: number) => Math.max(0, ms) / 1000;

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'omnisync_' });
  let deps: MetricsDeps | undefined;
  const ingested = new Counter({ name: 'omnisync_records_ingested_total', help: 'Raw order records stored, by connection and source (webhook, pull, reconcile)', labelNames: ['connection', 'source'], registers: [registry] });
  const ingestLag = new Histogram({ name: 'omnisync_ingest_lag_seconds', help: 'Platform update time to the order applied in the hub', labelNames: ['connection'], buckets: LAG_BUCKETS_S, registers: [registry] });
  const pushLag = new Histogram({ name: 'omnisync_push_lag_seconds', help: 'Stock change to the new quantity acknowledged by the channel', labelNames: ['connection'], buckets: LAG_BUCKETS_S, registers: [registry] });
  const jobs = new Counter({ name: 'omnisync_jobs_total', help: 'Jobs finished, retried or parked dead, by kind', labelNames: ['kind', 'outcome'], registers: [registry] });
  const failures = new Counter({ name: 'omnisync_job_failures_total', help: 'Failed job attempts by kind, connection and error code (the platform code, else the error kind)', labelNames: ['kind', 'connection', 'code'], registers: [registry] });

  // prom-client collects every metric of a scrape at once: the gauges share one read of the sources.
  let reading: Promise<void> | undefined;
  const collect = () => (reading ??= readSources().finally(() => (reading = undefined)));
  const gauge = (name: string, help: string, labelNames: string[]) => new Gauge({ name, help, labelNames, registers: [registry], collect });
  const queueDepth = gauge('omnisync_job_queue_depth', 'Jobs pending, running and dead, by kind', ['kind', 'status']);
  const queueOldest = gauge('omnisync_job_oldest_pending_age_seconds', 'Age of the oldest pending job, by kind', ['kind']);
  const deadJobs = gauge('omnisync_dead_jobs', 'Dead jobs waiting for a person, by kind and connection', ['kind', 'connection']);
  const held = gauge('omnisync_orders_held', 'Orders waiting for a person, by reason (flag)', ['reason']);
  const heldOldest = gauge('omnisync_orders_held_oldest_age_seconds', 'Age of the oldest order waiting for a person, by reason', ['reason']);
  const connectionUp = gauge('omnisync_connection_active', '1 while a connection is active, 0 while paused', ['connection', 'name', 'platform']);
  const errorStreak = gauge('omnisync_connection_error_streak', 'Failed calls in a row to the platform', ['connection']);
  const lastPull = gauge('omnisync_connection_last_pull_age_seconds', 'Time since the last successful pull', ['connection']);
  const lastPush = gauge('omnisync_connection_last_push_age_seconds', 'Time since the last successful push', ['connection']);
  const partnerStreak = gauge('omnisync_partner_error_streak', 'Failed calls in a row to an ERP or warehouse', ['partner', 'name', 'kind']);
  const syncAccuracy = gauge('omnisync_sync_accuracy', 'Items that matched over items checked in the latest reconciliation pass', ['connection']);
  const drift = new Counter({ name: 'omnisync_drift_items_total', help: 'Differences reconciliation found between a channel and the hub, by cause', labelNames: ['connection', 'cause'], registers: [registry] });
  const reviewQueue = gauge('omnisync_review_queue_size', 'Orders held by the review rules, waiting for a person', []);
  const reviewOldest = gauge('omnisync_review_queue_oldest_age_seconds', 'Age of the oldest open review hold', []);
  const openAlerts = gauge('omnisync_alerts_open', 'Alerts not yet resolved, by rule and status (open, acknowledged, snoozed)', ['rule', 'status']);

  async function readSources(): Promise<void> {
    if (!deps) return;
    const [queue, flagged, connections, partners, alerts, accuracy, review] = await Promise.all([
      deps.sync.queueBreakdown(), deps.flagged(deps.db), deps.channels.list(), deps.partners.list(), deps.alerts?.liveCounts() ?? [],
      deps.accuracy?.(deps.db) ?? [], deps.review?.stats() ?? { open: 0, oldestAgeMs: 0 },
    ]);
    reviewQueue.set(review.open);
    reviewOldest.set(seconds(review.oldestAgeMs));
    for (const g of [queueDepth, queueOldest, deadJobs, held, heldOldest, connectionUp, errorStreak, lastPull, lastPush, partnerStreak, openAlerts, syncAccuracy]) g.reset();
    for (const a of accuracy) syncAccuracy.set({ connection: a.connectionId }, a.accuracy);
    for (const a of alerts) openAlerts.set({ rule: a.rule, status: a.status }, a.count);
    const oldest = new Map<string, number>();
    for (const row of queue) {
      queueDepth.inc({ kind: row.kind, status: row.status }, row.count);
      if (row.status === 'pending') oldest.set(row.kind, Math.max(oldest.get(row.kind) ?? 0, row.oldestAgeMs));
      if (row.status === 'dead') deadJobs.inc({ kind: row.kind, connection: row.connectionId ?? '' }, row.count);
    }
    for (const [kind, ms] of oldest) queueOldest.set({ kind }, seconds(ms));
    for (const f of flagged) {
      held.set({ reason: f.flag }, f.count);
      heldOldest.set({ reason: f.flag }, seconds(f.oldestAgeMs));
    }
    const now = Date.now();
    for (const c of connections) {
      connectionUp.set({ connection: c.id, name: c.name, platform: c.platform }, c.status === 'active' ? 1 : 0);
      errorStreak.set({ connection: c.id }, c.errorStreak);
      if (c.lastPullAt) lastPull.set({ connection: c.id }, seconds(now - Date.parse(c.lastPullAt)));
      if (c.lastPushAt) lastPush.set({ connection: c.id }, seconds(now - Date.parse(c.lastPushAt)));
    }
    for (const p of partners) partnerStreak.set({ partner: p.id, name: p.name, kind: p.kind }, p.errorStreak);
  }

  const observer: SyncObserver = {
    ingested: (connection, source, count) => count > 0 && ingested.inc({ connection, source }, count),
    interpreted: (connection, lagMs) => ingestLag.observe({ connection }, seconds(lagMs)),
    pushed: (connection, lagMs) => lagMs !== null && pushLag.observe({ connection }, seconds(lagMs)),
    jobOutcome(job, outcome, error) {
      jobs.inc({ kind: job.kind, outcome });
      if (outcome === 'done') return;
      const code = error instanceof PlatformError ? (error.platformCode ?? error.kind) : 'error';
      failures.inc({ kind: job.kind, connection: job.connectionId ?? '', code });
    },
  };
  const driftFound = (connection: string, causes: string[]) => causes.forEach((cause) => drift.inc({ connection, cause }));
  return { registry, observer, attach: (d) => (deps = d), driftFound };
}
