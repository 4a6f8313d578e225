import type { Logger } from 'pino';
import { effectiveRule, publishedQuantity, type AllocationRule } from '../channels/allocation.ts';
import type { ChannelService } from '../channels/index.ts';
import { parseJsonPreservingBigInts } from '../connectors/index.ts';
import { PlatformError, type CanonicalOrder, type ShipmentInput } from '../connectors/types.ts';
import type { InventoryService } from '../inventory/index.ts';
import type { Db } from '../store/index.ts';
import { getEntries, getEntry, heldVersions, markFailed, recordsToStore, storeRaw, type InboxEntry } from './inbox.ts';
import type { Job } from './jobs.ts';
import type { BatchResult } from './worker.ts';
import { drainBucket, OperationRateLimited, rateKeyOf } from './rate-limit.ts';

export interface HandlerDeps {
  db: Db;
  log: Logger;
  channels: ChannelService;
  inventory: Pick<InventoryService, 'stockOf'>;
  applyOrder(connectionId: string, order: CanonicalOrder, inboxId: string | null): Promise<{ orderId: string; applied: boolean; flags: string[] }>;
  applyOrders(views: { connectionId: string; order: CanonicalOrder; inboxId: string | null }[]): Promise<{ orderId: string; applied: boolean; flags: string[] }[]>;
  loadOrderForFulfilment(orderId: string): Promise<CanonicalOrder | undefined>;
  now(): Date;
  /** How far back a pull window reaches before the cursor, so records that changed while the last window was read are not missed. */
  pullOverlapMs: number;
  /** Where the first pull of a connection starts. */
  initialLookbackMs: number;
  observe?: SyncObserver;
  /**
   * The mapping of these connections for one batch (src/mapping: status overrides, field rules), one
   * version check per batch; the function it gives maps each order the connector read.
   */
  mapOrders?(connectionIds: string[]): Promise<OrderMapper>;
}

/** Who is told what the workers did (metrics, the demo's lag figures). */
export interface SyncObserver {
  /** A listing's new quantity acknowledged by its channel, lagMs after the stock changed. */
  pushed?(connectionId: string, lagMs: number | null): void;
  /** Raw records stored, by source (webhook, pull). */
  ingested?(connectionId: string, source: string, count: number): void;
  /** An order version applied, lagMs after the platform stamped it. */
  interpreted?(connectionId: string, lagMs: number): void;
  /** A job finished, will be retried or went dead. */
  jobOutcome?(job: Job, outcome: 'done' | 'retry' | 'dead', error?: unknown): void;
}

type OrderMapper = (connectionId: string, order: CanonicalOrder, payload: unknown, topic: string) => Promise<CanonicalOrder>;

const payloadOf = <T>(job: Job) => job.payload as T;

type Readable = { entry: InboxEntry; order: CanonicalOrder } | { entry: InboxEntry | undefined; outcome: unknown };

/** Reads one stored record; a payload that cannot be read keeps its error in the inbox (replay fixes it later). */
async function readEntry(deps: HandlerDeps, entry: InboxEntry | undefined, mapOrder: OrderMapper | undefined): Promise<Readable> {
  if (!entry) return { entry, outcome: { skipped: 'inbox entry gone' } };
  const connector = await deps.channels.connectorOf(entry.connectionId);
  if (!connector.ok) return { entry, outcome: { skipped: connector.message } };
  try {
    const payload = parseJsonPreservingBigInts(entry.payload);
    const order = connector.value.parseOrder({ externalId: entry.externalId ?? '', updatedAt: entry.platformUpdatedAt, topic: entry.topic, payload });
    // The mapping never throws for a merchant's rule: a rule that fails is kept in the order's trace.
    return { entry, order: mapOrder ? await mapOrder(entry.connectionId, order, payload, entry.topic) : order };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await markFailed(deps.db, entry.id, message);
    return { entry, outcome: { error: message } };
  }
}

export async function interpret(deps: HandlerDeps, job: Job): Promise<unknown> {
  const entry = await getEntry(deps.db, payloadOf<{ inboxId: string }>(job).inboxId);
  const read = await readEntry(deps, entry, entry ? await deps.mapOrders?.([entry.connectionId]) : undefined);
  if (!('order' in read)) return read.outcome;
  const outcome = await deps.applyOrder(read.entry.connectionId, read.order, read.entry.id);
  observeApplied(deps, [{ connectionId: read.entry.connectionId, order: read.order }], [outcome]);
  return outcome;
}

/** Many records at once: read in one query, applied in one transaction (the ingest hot path). */
export async function interpretBatch(deps: HandlerDeps, jobs: Job[]): Promise<BatchResult[]> {
  const entries = await getEntries(deps.db, jobs.map((j) => payloadOf<{ inboxId: string }>(j).inboxId));
  const mapOrder = await deps.mapOrders?.([...new Set([...entries.values()].map((e) => e.connectionId))]);
  const reads = await Promise.all(jobs.map((j) => readEntry(deps, entries.get(payloadOf<{ inboxId: string }>(j).inboxId), mapOrder)));
  const toApply = reads.flatMap((r, i) => ('order' in r ? [{ i, view: { connectionId: r.entry.connectionId, order: r.order, inboxId: r.entry.id } }] : []));
  const applied = await deps.applyOrders(toApply.map((a) => a.view));
  const results: BatchResult[] = reads.map((r) => ({ ok: true, result: 'outcome' in r ? r.outcome : null }));
  toApply.forEach((a, k) => (results[a.i] = { ok: true, result: applied[k] }));
  observeApplied(deps, toApply.map((a) => a.view), applied);
  return results;
}

/** Ingest lag of each order version applied: from the platform's update time to now. */
function observeApplied(deps: HandlerDeps, views: { connectionId: string; order: CanonicalOrder }[], outcomes: { applied: boolean }[]): void {
  const now = deps.now().getTime();
  views.forEach((v, k) => {
    if (outcomes[k]?.applied) deps.observe?.interpreted?.(v.connectionId, now - new Date(v.order.updatedAt).getTime());
  });
}

export async function pushStock(deps: HandlerDeps, job: Job): Promise<unknown> {
  const { listingId, changedAt } = payloadOf<{ listingId: string; changedAt?: string }>(job);
  const listing = await deps.channels.getListing(listingId);
  if (!listing?.sku) return { skipped: 'listing unmapped' };
  const context = await deps.channels.context(listing.connectionId);
  if (!context.ok) return { skipped: context.message };
  const { connection, connector, ctx } = context.value;
  if (connection.status !== 'active') return { skipped: 'connection paused' };
  const level = await deps.inventory.stockOf(listing.sku);
  if (!level.ok) return { skipped: level.message };
  const qty = publishedQuantity(level.value.available, effectiveRule(connection.allocation, listing.allocation as AllocationRule | null));
  try {
    const [ack] = await connector.pushStock(ctx, [{ listing, qty }]);
    await deps.channels.recordPush(listing.id, qty, ack?.raw ?? null);
    await deps.channels.recordCall(connection.id, { kind: 'push' });
    deps.observe?.pushed?.(connection.id, changedAt ? deps.now().getTime() - new Date(changedAt).getTime() : null);
    return { qty, acknowledged: ack?.acknowledgedQty ?? null };
  } catch (err) {
    await onPlatformError(deps, connection.id, connector.rateLimit, err);
    throw err;
  }
}

export async function pullOrders(deps: HandlerDeps, job: Job): Promise<unknown> {
  const context = await deps.channels.context(job.connectionId!);
  if (!context.ok) return { skipped: context.message };
  const { connection, connector, ctx } = context.value;
  if (connection.status !== 'active') return { skipped: 'connection paused' };
  const now = deps.now();
  const to = new Date(now.getTime() - 1_000);
  const cursor = connection.pullCursor ? new Date(connection.pullCursor) : new Date(now.getTime() - deps.initialLookbackMs);
  let from = new Date(cursor.getTime() - deps.pullOverlapMs);
  let records = 0;
  let stored = 0;
  try {
    // Window by window: the cursor moves only past a window read completely.
    while (from < to) {
      const end = new Date(Math.min(to.getTime(), from.getTime() + connector.maxPullWindowMs));
      const alreadyHeld = (versions: { externalId: string; updatedAt: string }[]) => heldVersions(deps.db, connection.id, versions);
      for await (const page of connector.pullOrders(ctx, { from, to: end, alreadyHeld })) {
        records += page.length;
        const rows = recordsToStore(connection.id, 'pull', page, (r) => `pull:${r.externalId}:${r.updatedAt ?? ''}`);
        stored += (await deps.db.transaction().execute((trx) => storeRaw(trx, rows, true))).stored.length;
      }
      await deps.channels.recordCall(connection.id, { kind: 'pull', cursor: end });
      from = end;
    }
  } catch (err) {
    await onPlatformError(deps, connection.id, connector.rateLimit, err, 'pull');
    throw err;
  }
  deps.observe?.ingested?.(connection.id, 'pull', stored);
  return { records, stored, cursor: to.toISOString() };
}

export async function pushFulfilment(deps: HandlerDeps, job: Job): Promise<unknown> {
  const { orderId, shipment } = payloadOf<{ orderId: string; shipment: ShipmentInput }>(job);
  const order = await deps.loadOrderForFulfilment(orderId);
  if (!order) return { skipped: 'order gone' };
  const context = await deps.channels.context(job.connectionId!);
  if (!context.ok) return { skipped: context.message };
  const { connector, ctx, connection } = context.value;
  try {
    const result = await connector.pushFulfilment(ctx, order, shipment);
    await deps.channels.recordCall(connection.id, { kind: 'push' });
    return { platformShipmentId: result.platformShipmentId };
  } catch (err) {
    await onPlatformError(deps, connection.id, connector.rateLimit, err);
    throw err;
  }
}

async function onPlatformError(deps: HandlerDeps, connectionId: string, bucket: { capacity: number; refillPerSecond: number }, err: unknown, kind: 'pull' | 'push' = 'push'): Promise<void> {
  if (err instanceof PlatformError && err.kind === 'rate_limited' && err.retryAfterMs) {
    // The platform counted more calls than our bucket did (another app, a restart): everyone waits.
    // An operation's own limit (already drained by the rate-limited fetch) holds back that operation only.
    if (!(err instanceof OperationRateLimited)) await drainBucket(deps.db, rateKeyOf(connectionId), err.retryAfterMs, bucket);
    return;
  }
  await deps.channels.recordCall(connectionId, { kind, error: err instanceof Error ? err.message : String(err) });
}
