/**
 * Sync: the inbox (raw first), the job outbox and its workers, webhooks, scheduled pulls and the
 * stock pushes that keep every channel showing what can really be shipped.
 */
import type { Logger } from 'pino';
import { bundleIdsContaining } from '../catalog/index.ts';
import { listingIdsFor, type ChannelService } from '../channels/index.ts';
import { parseJsonPreservingBigInts } from '../connectors/index.ts';
import type { CanonicalOrder, RawRecord, ShipmentInput } from '../connectors/types.ts';
import { failure, ok, type Result } from '../errors/index.ts';
import type { InventoryService } from '../inventory/index.ts';
import type { Db } from '../store/index.ts';
import { interpret, interpretBatch, pullOrders, pushFulfilment, pushStock, type HandlerDeps } from './handlers.ts';
import { listEntries, recordsToStore, replay, storeRaw, type InboxEntry } from './inbox.ts';
import { discardJob, enqueueJob, enqueueJobs, getJob, listJobs, queueBreakdown, queueStats, retryJob, type Job, type JobFilter, type JobSpec, type QueueRow, type QueueStats } from './jobs.ts';
import { FULFILMENT_PRIORITY, PULL_PRIORITY, pushPriority } from './priority.ts';
import { startWorker, type JobHandler, type Worker } from './worker.ts';
import { bucketStates, rateKeyOf, type BucketState } from './rate-limit.ts';

export { rateLimitedFetch } from './rate-limited-fetch.ts';
export { pushesInFlight } from './in-flight.ts';
export { heldVersions as inboxHolds } from './inbox.ts';
export { rateKeyOf } from './rate-limit.ts';
export type { BucketState } from './rate-limit.ts';
export { INGEST_PRIORITY } from './priority.ts';
export type { Job, JobFilter, JobSpec, QueueRow, QueueStats } from './jobs.ts';
export type { JobHandler } from './worker.ts';
export type { InboxEntry } from './inbox.ts';
export type { SyncObserver } from './handlers.ts';
export { startWorker, RetryLater, type Worker } from './worker.ts';

export interface SyncOptions {
  db: Db;
  log: Logger;
  channels: ChannelService;
  inventory: Pick<InventoryService, 'stockOf'>;
  applyOrder: HandlerDeps['applyOrder'];
  applyOrders: HandlerDeps['applyOrders'];
  loadOrderForFulfilment(orderId: string): Promise<CanonicalOrder | undefined>;
  now?: () => Date;
  /** How often every active connection is pulled; 0: never on a schedule (on demand and by reconciliation only). */
  pullIntervalMs?: number;
  pullOverlapMs?: number;
  initialLookbackMs?: number;
  observe?: HandlerDeps['observe'];
  /** Maps each order read from the inbox with its connection's mapping (src/mapping). */
  mapOrders?: HandlerDeps['mapOrders'];
}

export type WebhookOutcome = { accepted: true; duplicate: boolean; stored: number } | { accepted: false; reason: string };

export interface SyncService {
  /** Inside a stock-changing transaction: one coalesced push job per affected listing. */
  onStockChange(trx: Db, productIds: string[]): Promise<void>;
  receiveWebhook(connectionId: string, headers: Record<string, string | string[] | undefined>, rawBody: Buffer): Promise<Result<WebhookOutcome>>;
  /** Queues a push of these listings' quantities (a mapping or allocation rule changed what they publish). */
  pushListings(listingIds: string[]): Promise<void>;
  /** Queues a push of every mapped listing of a connection (its allocation rule changed, or it was resumed). */
  pushConnection(connectionId: string): Promise<void>;
  /**
   * Stores records read outside a pull or webhook (reconciliation) raw in the inbox, each to be
   * interpreted like any other; a record stored before under the same delivery id is not stored again.
   */
  ingest(connectionId: string, source: 'reconcile', records: RawRecord[], deliveryIdOf: (r: RawRecord) => string): Promise<number>;
  /** Queues a pull now; the id of the job that will do it. */
  requestPull(connectionId: string): Promise<Result<string>>;
  enqueueFulfilment(trx: Db, connectionId: string, orderId: string, shipment: ShipmentInput): Promise<void>;
  /** concurrency: platform calls at once; ingestConcurrency: orders interpreted at once. */
  startWorkers(options?: { concurrency?: number; ingestConcurrency?: number; pollMs?: number; leaseMs?: number; schedulePulls?: boolean; platformCalls?: boolean }): void;
  stopWorkers(): Promise<void>;
  listJobs(filter: JobFilter): Promise<{ items: Job[]; nextCursor: string | null }>;
  retryJob(id: string): Promise<Result<Job>>;
  discardJob(id: string): Promise<Result<Job>>;
  getJob(id: string): Promise<Job | undefined>;
  queueStats(): Promise<QueueStats>;
  /** Live and dead jobs per kind, status and connection, with the oldest one's age. */
  queueBreakdown(): Promise<QueueRow[]>;
  listInbox(filter: { connectionId?: string; failedOnly?: boolean; limit: number; cursor?: string }): Promise<{ items: InboxEntry[]; nextCursor: string | null }>;
  replay(filter: { fromId?: string; toId?: string; failedOnly?: boolean; connectionId?: string }): Promise<number>;
  /** True while jobs are due or running (scheduled pulls and feeds aside unless asked): the demo waits for quiet. */
  busy(options?: { countPulls?: boolean }): Promise<boolean>;
  /** Writes jobs in the caller's transaction (another module's outbox) and wakes the workers after it. */
  enqueue(trx: Db, specs: JobSpec[]): Promise<void>;
  /**
   * Another module's job kinds (ERP and warehouse hand-overs) run on the same workers, and its
   * periodic tasks on the same schedule. Call before startWorkers. `scheduled` kinds recur by
   * themselves (feeds): busy() leaves them out like scheduled pulls.
   */
  extend(extension: WorkerExtension): void;
  /** 'not started' in a process that only serves the API; 'stopped' once shutting down. */
  workersState(): 'not started' | 'running' | 'stopped';
  /** A connection's call buckets as they stand now (its own and, for Amazon, one per operation). */
  rateLimitState(connectionId: string, capacities: (operation: string | null) => number | null): Promise<BucketState[]>;
}

export interface WorkerExtension {
  handlers: Record<string, JobHandler>;
  scheduled?: string[];
  periodic?: { name: string; everyMs: number; run(): Promise<void> }[];
}

/** Orders interpreted per transaction: large enough to amortise the round trips, small enough to keep a retry cheap. */
const INGEST_BATCH = 100;

export function createSyncService(options: SyncOptions): SyncService {
  const { db, log } = options;
  const now = options.now ?? (() => new Date());
  const deps: HandlerDeps = {
    db, log, channels: options.channels, inventory: options.inventory, applyOrder: options.applyOrder, applyOrders: options.applyOrders,
    loadOrderForFulfilment: options.loadOrderForFulfilment, now,
    pullOverlapMs: options.pullOverlapMs ?? 120_000, initialLookbackMs: options.initialLookbackMs ?? 24 * 3_600_000, observe: options.observe,
    mapOrders: options.mapOrders,
  };
  const workers: Worker[] = [];
  let pullTimer: NodeJS.Timeout | undefined;
  let workersState: 'not started' | 'running' | 'stopped' = 'not started';
  const extensions: WorkerExtension[] = [];
  const periodicTimers: NodeJS.Timeout[] = [];
  const wake = () => workers.forEach((w) => w.wake());
  const notFound = (id: string) => failure('SYNC.JOB_NOT_FOUND', `No job ${id} in a state that allows this.`, { jobId: id });

  async function pushListings(listingIds: string[]): Promise<void> {
    const listings = (await Promise.all(listingIds.map((id) => options.channels.getListing(id)))).filter((l) => l?.sku);
    await enqueueJobs(db, listings.map((l) => ({
      kind: 'push_stock', connectionId: l!.connectionId, dedupeKey: `push_stock:${l!.id}`, priority: pushPriority(l!.lastPushedQty),
      payload: { listingId: l!.id, changedAt: now().toISOString() },
    })));
    wake();
  }

  async function enqueuePulls(): Promise<void> {
    const connections = (await options.channels.list()).filter((c) => c.status === 'active');
    await enqueueJobs(db, connections.map((c) => ({ kind: 'pull_orders', connectionId: c.id, dedupeKey: `pull:${c.id}`, priority: PULL_PRIORITY })));
  }

  return {
    async onStockChange(trx, productIds) {
      const affected = [...productIds, ...(await bundleIdsContaining(trx, productIds))];
      const listings = await listingIdsFor(trx, affected);
      const changedAt = now().toISOString();
      await enqueueJobs(trx, listings.map((l) => ({
        kind: 'push_stock', connectionId: l.connectionId, dedupeKey: `push_stock:${l.id}`, priority: pushPriority(l.lastPushedQty), payload: { listingId: l.id, changedAt },
      })));
      if (listings.length > 0) setImmediate(wake);
    },

    async receiveWebhook(connectionId, headers, rawBody) {
      const context = await options.channels.context(connectionId);
      if (!context.ok) return context;
      const { connector, ctx } = context.value;
      const verdict = connector.verifyWebhook?.(headers, rawBody, ctx.credentials) ?? { ok: false as const, reason: 'this platform takes no webhooks' };
      const payload = rawBody.toString('utf8');
      if (!verdict.ok) {
        await storeRaw(db, [{ connectionId, source: 'webhook', topic: String(headers['x-shopify-topic'] ?? headers['x-wc-webhook-topic'] ?? 'unknown'), externalId: null, deliveryId: null, platformUpdatedAt: null, payload, signatureOk: false, error: verdict.reason }], false);
        return ok({ accepted: false, reason: verdict.reason });
      }
      const records = connector.parseWebhook?.(verdict.topic, jsonOrText(payload)) ?? [];
      const rows = records.map((r, i) => ({
        connectionId, source: 'webhook' as const, topic: r.topic, externalId: r.externalId,
        deliveryId: verdict.webhookId ? `${verdict.webhookId}${records.length > 1 ? `:${i}` : ''}` : null,
        platformUpdatedAt: r.updatedAt, payload, signatureOk: true,
      }));
      const stored = await db.transaction().execute((trx) => storeRaw(trx, rows.length > 0 ? rows : [{
        connectionId, source: 'webhook', topic: verdict.topic, externalId: verdict.externalId, deliveryId: verdict.webhookId,
        platformUpdatedAt: null, payload, signatureOk: true,
      }], rows.length > 0));
      options.observe?.ingested?.(connectionId, 'webhook', stored.stored.length);
      wake();
      return ok({ accepted: true, duplicate: stored.stored.length === 0, stored: stored.stored.length });
    },

    pushListings,
    async ingest(connectionId, source, records, deliveryIdOf) {
      const rows = recordsToStore(connectionId, source, records, deliveryIdOf);
      const stored = (await db.transaction().execute((trx) => storeRaw(trx, rows, true))).stored.length;
      options.observe?.ingested?.(connectionId, source, stored);
      if (stored > 0) wake();
      return stored;
    },
    async pushConnection(connectionId) {
      const listings = await options.channels.listListings(connectionId);
      await pushListings(listings.filter((l) => l.sku).map((l) => l.id));
    },

    async requestPull(connectionId) {
      const connection = await options.channels.get(connectionId);
      if (!connection.ok) return connection;
      const id = await enqueueJob(db, { kind: 'pull_orders', connectionId, dedupeKey: `pull:${connectionId}`, priority: PULL_PRIORITY });
      wake();
      return ok(id);
    },

    async enqueueFulfilment(trx, connectionId, orderId, shipment) {
      await enqueueJobs(trx, [{ kind: 'push_fulfilment', connectionId, dedupeKey: `fulfil:${orderId}:${shipment.trackingNumber}`, priority: FULFILMENT_PRIORITY, payload: { orderId, shipment } }]);
      setImmediate(wake);
    },

    startWorkers(workerOptions = {}) {
      workersState = 'running';
      const handlers = {
        interpret: (job: Job) => interpret(deps, job),
        push_stock: (job: Job) => pushStock(deps, job),
        pull_orders: (job: Job) => pullOrders(deps, job),
        push_fulfilment: (job: Job) => pushFulfilment(deps, job),
        ...Object.assign({}, ...extensions.map((e) => e.handlers)) as Record<string, JobHandler>,
      };
      const pollMs = workerOptions.pollMs ?? 200;
      const leaseMs = workerOptions.leaseMs ?? 60_000;
      // Two loops: ingest only touches the database and must never queue behind calls waiting on a platform.
      const batch = { kind: 'interpret', size: INGEST_BATCH, run: (jobs: Job[]) => interpretBatch(deps, jobs) };
      const onOutcome = options.observe?.jobOutcome;
      workers.push(startWorker({ db, log, handlers, batch, kinds: ['interpret'], concurrency: workerOptions.ingestConcurrency ?? 2, pollMs, leaseMs, onOutcome }));
      if (workerOptions.platformCalls !== false) workers.push(startWorker({
        db, log, handlers, kinds: Object.keys(handlers).filter((k) => k !== 'interpret'), concurrency: workerOptions.concurrency ?? 8, pollMs, leaseMs, onOutcome,
      }));
      for (const task of extensions.flatMap((e) => e.periodic ?? [])) {
        let running = false;
        periodicTimers.push(setInterval(() => {
          if (running) return;
          running = true;
          task.run().then(wake, (err) => log.error({ err, task: task.name }, 'periodic task failed')).finally(() => (running = false));
        }, task.everyMs));
      }
      // pullIntervalMs 0: no scheduled pulls at all (reconciliation alone brings what webhooks lose).
      if (workerOptions.schedulePulls !== false && options.pullIntervalMs !== 0) {
        const every = options.pullIntervalMs ?? 30_000;
        const tick = () => void enqueuePulls().then(wake, (err) => log.error({ err }, 'scheduling pulls failed'));
        pullTimer = setInterval(tick, every);
        tick();
      }
    },

    async stopWorkers() {
      if (workersState === 'running') workersState = 'stopped';
      clearInterval(pullTimer);
      periodicTimers.splice(0).forEach(clearInterval);
      await Promise.all(workers.splice(0).map((w) => w.stop()));
    },

    listJobs: (filter) => listJobs(db, filter),
    async retryJob(id) {
      const job = await retryJob(db, id);
      if (job) wake();
      return job ? ok(job) : notFound(id);
    },
    async discardJob(id) {
      const job = await discardJob(db, id);
      return job ? ok(job) : notFound(id);
    },
    getJob: (id) => getJob(db, id),
    queueStats: () => queueStats(db),
    queueBreakdown: () => queueBreakdown(db),
    listInbox: (filter) => listEntries(db, filter),
    async replay(filter) {
      const n = await replay(db, filter);
      wake();
      return n;
    },
    async busy(busyOptions = {}) {
      const recurring = busyOptions.countPulls ? [] : ['pull_orders', ...extensions.flatMap((e) => e.scheduled ?? [])];
      let q = db.selectFrom('jobs').select('id')
        .where((eb) => eb.or([eb('status', '=', 'running'), eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', new Date(Date.now() + 1000))])]));
      if (recurring.length > 0) q = q.where('kind', 'not in', recurring);
      return (await q.limit(1).execute()).length > 0;
    },
    async enqueue(trx, specs) {
      await enqueueJobs(trx, specs);
      if (specs.length > 0) setImmediate(wake);
    },
    workersState: () => workersState,
    rateLimitState: (connectionId, capacities) => bucketStates(db, rateKeyOf(connectionId), capacities),
    extend(extension) {
      extensions.push(extension);
    },
  };
}

/** A verified webhook body need not be JSON (WooCommerce's creation ping is "webhook_id=N"): the connector then gets the text. */
function jsonOrText(payload: string): unknown {
  try {
    return parseJsonPreservingBigInts(payload);
  } catch {
    return payload;
  }
}
