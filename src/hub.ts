import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { createChannelService, createSecretBox, loadSecretKey, type ChannelService } from './channels/index.ts';
import { createMappingService, resolveLinesIn, type MappingService } from './mapping/index.ts';
import { connectorFor } from './connectors/index.ts';
import { createOrderService, createReviewService, unitsSoldBySku, unmappedOrderRecords, type OrderService, type ReviewService } from './orders/index.ts';
import { createSyncService, INGEST_PRIORITY, rateKeyOf, rateLimitedFetch, type SyncOptions, type SyncService } from './sync/index.ts';
import { createAccessService, type AccessService } from './access/index.ts';
import { createCatalogService, type CatalogService } from './catalog/index.ts';
import type { Config } from './config.ts';
import { createInventoryService, type InventoryService } from './inventory/index.ts';
import { createPartnerService, erpAdapterOf, wmsAdapterOf, type PartnerService } from './partners/index.ts';
import { createMetrics, type Metrics } from './metrics/index.ts';
import { createAlertService, type AlertService, type AlertSources } from './alerts/index.ts';
import { flaggedStats } from './orders/index.ts';
import { createReconcileService, latestAccuracy, type ReconcileService } from './reconcile/index.ts';
import type { SyncObserver } from './sync/index.ts';
import { migrate, openStore, type Store, type StoreOptions } from './store/index.ts';

/** Everything a route, a CLI command or a worker may call. Built once by `openHub`. */
export interface HubServices {
  store: Store;
  access: AccessService;
  catalog: CatalogService;
  inventory: InventoryService;
  channels: ChannelService;
  orders: OrderService;
  review: ReviewService;
  sync: SyncService;
  partners: PartnerService;
  mapping: MappingService;
  metrics: Metrics;
  alerts: AlertService;
  reconcile: ReconcileService;
  log: Logger;
}

export interface Hub extends HubServices {
  close(): Promise<void>;
}

export interface OpenHubOptions {
  store?: Partial<StoreOptions>;
  log?: Logger;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
  secretKey?: Buffer;
  fetch?: typeof fetch;
  sync?: SyncTuning;
  reconcile?: ServiceOptions['reconcile'];
}

/** How often and how far back pulls reach, and who is told of pushes and ingests (metrics, the demo). */
export type SyncTuning = Pick<SyncOptions, 'pullIntervalMs' | 'pullOverlapMs' | 'initialLookbackMs' | 'observe'>;

export function storeOptionsFrom(config: Config): StoreOptions {
  return { databaseUrl: config.databaseUrl, dataDir: config.dataDir, schema: config.dbSchema };
}

export interface ServiceOptions {
  /** AES-256 key for connection credentials at rest. */
  secretKey: Buffer;
  /** fetch for platform calls (tests and the demo point it at the simulators through real HTTP). */
  fetch?: typeof fetch;
  sync?: SyncTuning;
  /** How often partners' feeds are read and ready orders released. */
  partners?: { syncEveryMs?: number; sweepEveryMs?: number };
  /** How often each connection is reconciled and how far back (default every 10 min over 2 h); everyMs 0: only on demand. */
  reconcile?: { everyMs?: number; windowMs?: number };
  /** How often alert rules are judged, the clock they judge by, and the sources other modules provide once built. */
  alerts?: { evaluateEveryMs?: number; now?: () => Date } & Pick<AlertSources, 'latestAccuracy' | 'recentHolds'>;
}

/** Metrics and a caller's own observer (the demo's lag figures) both hear what the workers do. */
function bothObservers(a: SyncObserver, b: SyncObserver | undefined): SyncObserver {
  if (!b) return a;
  return {
    pushed: (c, lag) => (a.pushed?.(c, lag), b.pushed?.(c, lag)),
    ingested: (c, source, n) => (a.ingested?.(c, source, n), b.ingested?.(c, source, n)),
    interpreted: (c, lag) => (a.interpreted?.(c, lag), b.interpreted?.(c, lag)),
    jobOutcome: (job, outcome, error) => (a.jobOutcome?.(job, outcome, error), b.jobOutcome?.(job, outcome, error)),
  };
}

/** Wires the modules over an open store: the one place where they meet. */
export function createServices(store: Store, log: Logger, options: ServiceOptions): HubServices {
  const { db } = store;
  const access = createAccessService(db);
  const catalog = createCatalogService(db);
  const embedded = store.kind === 'pglite';
  const secrets = createSecretBox(options.secretKey);
  const metrics = createMetrics();
  let sync: SyncService | undefined;
  const inventory = createInventoryService(db, {
    catalog, catalogFor: createCatalogService, reserveConcurrency: embedded ? 1 : 2, reserveLingerMs: embedded ? 2 : 0,
    onStockChange: (trx, productIds) => sync!.onStockChange(trx, productIds),
  });
  let mapping: MappingService | undefined;
  const channels = createChannelService({
    db, catalog, secrets, connectorFor,
    fetchFor: (connectionId, connector) => rateLimitedFetch(db, rateKeyOf(connectionId), connector, options.fetch ?? fetch),
    onListingMapped: async (trx, connectionId) => void (await mapping!.reinterpretUnmapped(trx, connectionId)),
    mastersForSellerSkus: (connectionId, sellerSkus) => mapping!.mastersForCodes(connectionId, sellerSkus),
  });
  const orders = createOrderService({ db, inventory, resolveLines: resolveLinesIn });
  const review = createReviewService({ db, inventory });
  sync = createSyncService({
    db, log, channels, inventory,
    applyOrder: (connectionId, order, inboxId) => orders.apply(connectionId, order, inboxId),
    applyOrders: (views) => orders.applyMany(views),
    loadOrderForFulfilment: (id) => orders.canonical(id),
    mapOrders: (connectionIds) => mapping!.orderMapper(connectionIds),
    ...options.sync,
    observe: bothObservers(metrics.observer, options.sync?.observe),
  });
  mapping = createMappingService({
    db, catalog, channels, unmappedRecords: unmappedOrderRecords,
    reinterpret: (trx, connectionId, inboxIds) => sync!.enqueue(trx, inboxIds.map((inboxId) => ({
      kind: 'interpret', connectionId, dedupeKey: `reinterpret:${inboxId}`, priority: INGEST_PRIORITY, payload: { inboxId },
    }))),
    latestRecord: async (connectionId) => {
      const recent = await sync!.listInbox({ connectionId, limit: 20 });
      const record = recent.items.find((e) => e.interpretedAt !== null && e.externalId !== null && e.error === null);
      return record ? { payload: record.payload, topic: record.topic } : undefined;
    },
    pushListings: (listingIds) => sync!.pushListings(listingIds),
  });
  const partners = createPartnerService({
    db, log, secrets, now: () => new Date(), fetch: options.fetch ?? fetch, erpAdapter: erpAdapterOf, wmsAdapter: wmsAdapterOf,
    catalog, inventory, orders, channels, enqueue: (trx, specs) => sync!.enqueue(trx, specs),
    enqueueFulfilment: (trx, connectionId, orderId, shipment) => sync!.enqueueFulfilment(trx, connectionId, orderId, shipment),
  });
  sync.extend(review.workerExtension());
  sync.extend(partners.workerExtension(options.partners));
  const reconcile = createReconcileService({
    db, log, channels, inventory, sync, pullsScheduled: options.sync?.pullIntervalMs !== 0,
    observe: (connectionId, items) => metrics.driftFound(connectionId, items.map((i) => i.cause)),
  });
  if (options.reconcile?.everyMs !== 0) sync.extend(reconcile.workerExtension(options.reconcile));
  const alerts = createAlertService({
    db, log, secrets, channels, inventory, sync, enqueue: (trx, specs) => sync!.enqueue(trx, specs),
    unitsSold: (window) => unitsSoldBySku(db, window), fetch: options.fetch ?? fetch,
    ...(options.alerts?.now ? { now: options.alerts.now } : {}),
    latestAccuracy: options.alerts?.latestAccuracy ?? (() => latestAccuracy(db)),
    recentHolds: options.alerts?.recentHolds ?? ((afterId, limit) => review.recentHolds(afterId, limit)),
  });
  sync.extend(alerts.workerExtension(options.alerts));
  metrics.attach({ db, channels, partners, sync, flagged: flaggedStats, alerts, accuracy: latestAccuracy, review });
  return { store, access, catalog, inventory, channels, orders, review, sync, partners, mapping, metrics, alerts, reconcile, log };
}

export async function openHub(config: Config, options: OpenHubOptions = {}): Promise<Hub> {
  const log = options.log ?? pino({ level: config.logLevel });
  const store = await openStore({ ...storeOptionsFrom(config), ...options.store });
  try {
    if (options.migrate !== false) {
      const report = await migrate(store.db);
      if (report.applied.length > 0) log.info({ applied: report.applied }, 'migrations applied');
    }
    const secretKey = options.secretKey ?? (store.kind === 'pglite' && store.location === 'memory' && !config.secretKey ? randomBytes(32) : loadSecretKey(config.secretKey, config.dataDir));
    const services = createServices(store, log, {
      secretKey,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.sync ? { sync: options.sync } : {}),
      ...(options.reconcile ? { reconcile: options.reconcile } : {}),
    });
    return {
      ...services,
      async close() {
        await services.sync.stopWorkers();
        await services.inventory.close();
        await store.close();
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}
