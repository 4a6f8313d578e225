/**
 * Reconciliation: per connection, on a schedule and on demand, the channel's orders updated in a
 * window and its listed quantities are compared with the hub (compare.ts says how each difference is
 * judged), what differs is repaired (the channel's order version stored raw in the inbox with source
 * `reconcile` and interpreted like any record; a listing's quantity pushed again), and a drift report
 * is written with a cause per item. Sync accuracy = matched / checked, per pass and over time.
 */
import type { Logger } from 'pino';
import type { ChannelService } from '../channels/index.ts';
import { PlatformError, type RawRecord } from '../connectors/types.ts';
import { failure, ok, type Result } from '../errors/index.ts';
import type { InventoryService } from '../inventory/index.ts';
import type { Db } from '../store/index.ts';
import { inboxHolds, type Job, type SyncService, type WorkerExtension } from '../sync/index.ts';
import { accuracyOf, compareListings, compareOrders, merge, type DriftItem, type Tally } from './compare.ts';
import { hubListingViews, hubOrders, listingSnapshot, readChannelOrders, readChannelStock } from './read.ts';
import { accuracySince, getRun, listRuns, writeRun, type AccuracySummary, type ReconcileRun, type ReconcileTrigger, type RunReport } from './runs.ts';

export { latestAccuracy, type LatestAccuracy, type AccuracySummary, type ReconcileRun, type RunReport, type ReportItem, type ReconcileTrigger } from './runs.ts';
export { DRIFT_CAUSES, type DriftCause } from './compare.ts';

export interface ReconcileOptions {
  db: Db;
  log: Logger;
  channels: Pick<ChannelService, 'context' | 'get' | 'list' | 'listListings'>;
  inventory: Pick<InventoryService, 'stockOf'>;
  sync: Pick<SyncService, 'ingest' | 'pushListings' | 'enqueue'>;
  /** False when scheduled pulls are off (SyncOptions.pullIntervalMs 0): a lost webhook is then found only here. */
  pullsScheduled: boolean;
  now?: () => Date;
  /** Told of each completed pass (metrics: drift items by cause). */
  observe?: (connectionId: string, items: DriftItem[]) => void;
}

export interface RunOptions {
  /** How far back the orders are compared; default 2 hours. */
  windowMs?: number | undefined;
  trigger: ReconcileTrigger;
}

export interface ReconcileService {
  /** One pass now, in this process; a platform that fails is recorded in the run's error. */
  run(connectionId: string, options: RunOptions): Promise<Result<ReconcileRun>>;
  listRuns(filter: { connectionId?: string | undefined; limit: number; cursor?: string | undefined }): Promise<{ items: ReconcileRun[]; nextCursor: string | null }>;
  getRun(id: string): Promise<Result<RunReport>>;
  /** Accuracy over the passes of the last `sinceMs` and the latest passes themselves. */
  accuracy(connectionId: string, sinceMs: number): Promise<Result<AccuracySummary & { recent: ReconcileRun[] }>>;
  /** Scheduled passes: every `everyMs` a job per active connection (one at a time per connection). */
  workerExtension(options?: { everyMs?: number; windowMs?: number }): WorkerExtension;
}

export const DEFAULT_WINDOW_MS = 2 * 3_600_000;
export const DEFAULT_EVERY_MS = 10 * 60_000;
const RECONCILE_PRIORITY = 20;

const repairedAs = (item: DriftItem) => (item.repair === 'ingest' ? 'ingested' as const : item.repair === 'push' ? 'pushed' as const : 'none' as const);

export function createReconcileService(options: ReconcileOptions): ReconcileService {
  const { db, log } = options;
  const now = options.now ?? (() => new Date());

  /** Reads both sides and compares them; throws what the platform threw. */
  async function compare(connectionId: string, window: { from: Date; to: Date }): Promise<Result<{ tally: Tally; records: Map<string, RawRecord> }>> {
    const context = await options.channels.context(connectionId);
    if (!context.ok) return context;
    const { connection, connector, ctx } = context.value;
    if (connection.status !== 'active') return failure('RECONCILE.CONNECTION_PAUSED', `Connection ${connection.name} is paused; resume it to reconcile it.`, { connectionId });
    const channel = await readChannelOrders(db, connectionId, connector, ctx, window);
    const hub = await hubOrders(db, connectionId, channel.versions.map((v) => v.externalId));
    const behind = channel.versions.flatMap((v) => {
      const held = hub.get(v.externalId);
      return v.updatedAt !== null && (!held || Date.parse(v.updatedAt) > Date.parse(held.updatedAt)) ? [{ externalId: v.externalId, updatedAt: v.updatedAt }] : [];
    });
    const inInbox = await inboxHolds(db, connectionId, behind);
    const orders = compareOrders(channel.versions, hub, { pullCursor: connection.pullCursor, pullsScheduled: options.pullsScheduled, webhooks: connector.verifyWebhook !== undefined, inInbox });
    const before = await listingSnapshot(db, options.channels, connectionId);
    const shown = await readChannelStock(connector, ctx, before.listings);
    const after = await listingSnapshot(db, options.channels, connectionId);
    const listings = compareListings(shown, await hubListingViews(options.inventory, connection, before, after));
    return ok({ tally: merge(orders, listings), records: channel.records });
  }

  async function repair(connectionId: string, items: DriftItem[], records: Map<string, RawRecord>): Promise<void> {
    const toIngest = items.filter((i) => i.kind === 'order' && i.repair === 'ingest').flatMap((i) => records.get(i.ref) ?? []);
    if (toIngest.length > 0) {
      // The status is part of the key: a second change within the same second is a version of its own.
      const statusOf = new Map(items.map((i) => [i.ref, i.channelValue ?? '']));
      await options.sync.ingest(connectionId, 'reconcile', toIngest, (r) => `reconcile:${r.externalId}:${r.updatedAt ?? ''}:${statusOf.get(r.externalId)}`);
    }
    const toPush = items.filter((i) => i.kind === 'listing' && i.repair === 'push').map((i) => i.ref);
    if (toPush.length > 0) await options.sync.pushListings(toPush);
  }

  /** A pass; a platform's rate limit is thrown (a queued pass waits for it), any other platform failure is the run's error. */
  async function pass(connectionId: string, runOptions: RunOptions): Promise<Result<ReconcileRun>> {
    const startedAt = now();
    const window = { from: new Date(startedAt.getTime() - (runOptions.windowMs ?? DEFAULT_WINDOW_MS)), to: startedAt };
    const base = { connectionId, trigger: runOptions.trigger, window, startedAt };
    let compared;
    try {
      compared = await compare(connectionId, window);
    } catch (err) {
      if (err instanceof PlatformError && err.kind === 'rate_limited') throw err;
      if (!(err instanceof PlatformError)) throw err;
      log.warn({ err, connectionId }, 'reconciliation could not read the channel');
      return ok(await writeRun(db, { ...base, checked: 0, matched: 0, inFlight: 0, accuracy: null, error: `The channel could not be read: ${err.message}`, items: [] }));
    }
    if (!compared.ok) return compared;
    const { tally, records } = compared.value;
    await repair(connectionId, tally.items, records);
    const run = await writeRun(db, { ...base, checked: tally.checked, matched: tally.matched, inFlight: tally.inFlight, accuracy: accuracyOf(tally), error: null, items: tally.items.map((i) => ({ ...i, repaired: repairedAs(i) })) });
    options.observe?.(connectionId, tally.items.filter((i) => !i.inFlight));
    return ok(run);
  }

  const service: ReconcileService = {
    async run(connectionId, runOptions) {
      try {
        return await pass(connectionId, runOptions);
      } catch (err) {
        if (!(err instanceof PlatformError)) throw err;
        const startedAt = now();
        const window = { from: new Date(startedAt.getTime() - (runOptions.windowMs ?? DEFAULT_WINDOW_MS)), to: startedAt };
        const wait = err.retryAfterMs ? ` Try again in ${Math.ceil(err.retryAfterMs / 1000)} s.` : '';
        return ok(await writeRun(db, { connectionId, trigger: runOptions.trigger, window, startedAt, checked: 0, matched: 0, inFlight: 0, accuracy: null, error: `The platform's call limit is used up.${wait}`, items: [] }));
      }
    },
    listRuns: (filter) => listRuns(db, filter),
    async getRun(id) {
      const report = await getRun(db, id);
      return report ? ok(report) : failure('RECONCILE.RUN_NOT_FOUND', `No reconciliation run has id ${id}.`, { runId: id });
    },
    async accuracy(connectionId, sinceMs) {
      const connection = await options.channels.get(connectionId);
      if (!connection.ok) return connection;
      const summary = await accuracySince(db, connectionId, new Date(now().getTime() - sinceMs));
      return ok({ ...summary, recent: (await listRuns(db, { connectionId, limit: 20 })).items });
    },
    workerExtension(extension = {}) {
      const windowMs = extension.windowMs ?? DEFAULT_WINDOW_MS;
      return {
        handlers: {
          reconcile: async (job: Job) => {
            const outcome = await pass(job.connectionId!, { windowMs, trigger: (job.payload as { trigger?: ReconcileTrigger } | null)?.trigger ?? 'scheduled' });
            return outcome.ok ? { runId: outcome.value.id, accuracy: outcome.value.accuracy, error: outcome.value.error } : { skipped: outcome.message };
          },
        },
        scheduled: ['reconcile'],
        periodic: [{
          name: 'reconcile', everyMs: extension.everyMs ?? DEFAULT_EVERY_MS,
          run: async () => {
            const active = (await options.channels.list()).filter((c) => c.status === 'active');
            await options.sync.enqueue(db, active.map((c) => ({ kind: 'reconcile', connectionId: c.id, dedupeKey: `reconcile:${c.id}`, priority: RECONCILE_PRIORITY, payload: { trigger: 'scheduled' } })));
          },
        }],
      };
    },
  };
  return service;
}
