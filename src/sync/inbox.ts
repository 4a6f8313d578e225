import type { RawRecord } from '../connectors/types.ts';
import { keysetPage, type Db } from '../store/index.ts';
import { enqueueJobs } from './jobs.ts';
import { INGEST_PRIORITY } from './priority.ts';

export interface InboxEntry {
  id: string;
  connectionId: string;
  source: 'webhook' | 'pull' | 'reconcile';
  topic: string;
  externalId: string | null;
  deliveryId: string | null;
  platformUpdatedAt: string | null;
  signatureOk: boolean | null;
  receivedAt: string;
  interpretedAt: string | null;
  error: string | null;
  payload: string;
}

type Row = {
  id: string; connection_id: string; source: 'webhook' | 'pull' | 'reconcile'; topic: string; external_id: string | null; delivery_id: string | null;
  platform_updated_at: Date | null; signature_ok: boolean | null; received_at: Date; interpreted_at: Date | null; error: string | null; payload: string;
};

export function toEntry(r: Row): InboxEntry {
  return {
    id: r.id, connectionId: r.connection_id, source: r.source, topic: r.topic, externalId: r.external_id, deliveryId: r.delivery_id,
    platformUpdatedAt: r.platform_updated_at?.toISOString() ?? null, signatureOk: r.signature_ok, receivedAt: r.received_at.toISOString(),
    interpretedAt: r.interpreted_at?.toISOString() ?? null, error: r.error, payload: r.payload,
  };
}

export interface StoreRecord {
  connectionId: string;
  source: InboxEntry['source'];
  topic: string;
  externalId: string | null;
  deliveryId: string | null;
  platformUpdatedAt: string | null;
  payload: string;
  signatureOk: boolean | null;
  error?: string | null;
}

/**
 * Stores raw records and, for those to be interpreted, an interpret job in the same transaction, so
 * nothing received is lost between the two. A delivery seen before (same delivery id) is recorded
 * once: the platform redelivered it, nothing new was received.
 */
export async function storeRaw(trx: Db, records: StoreRecord[], interpret: boolean): Promise<{ stored: string[]; duplicates: number }> {
  if (records.length === 0) return { stored: [], duplicates: 0 };
  const rows = await trx.insertInto('inbox').values(records.map((r) => ({
    connection_id: r.connectionId, source: r.source, topic: r.topic, external_id: r.externalId, delivery_id: r.deliveryId,
    platform_updated_at: r.platformUpdatedAt, payload: r.payload, signature_ok: r.signatureOk, error: r.error ?? null,
  })))
    .onConflict((oc) => oc.columns(['connection_id', 'delivery_id']).where('delivery_id', 'is not', null).doNothing())
    .returning(['id', 'connection_id', 'external_id']).execute();
  if (interpret) {
    await enqueueJobs(trx, rows.map((r) => ({ kind: 'interpret', connectionId: r.connection_id, priority: INGEST_PRIORITY, payload: { inboxId: r.id } })));
  }
  return { stored: rows.map((r) => r.id), duplicates: records.length - rows.length };
}

export function recordsToStore(connectionId: string, source: StoreRecord['source'], records: RawRecord[], deliveryIdOf: (r: RawRecord) => string | null): StoreRecord[] {
  return records.map((r) => ({
    connectionId, source, topic: r.topic, externalId: r.externalId, deliveryId: deliveryIdOf(r),
    platformUpdatedAt: r.updatedAt, payload: typeof r.payload === 'string' ? r.payload : JSON.stringify(r.payload), signatureOk: null,
  }));
}

/** Of these record versions, the external ids the inbox already holds at the same or a newer update time. */
export async function heldVersions(db: Db, connectionId: string, versions: { externalId: string; updatedAt: string }[]): Promise<Set<string>> {
  const dated = versions.filter((v) => v.updatedAt !== '');
  if (dated.length === 0) return new Set();
  const rows = await db.selectFrom('inbox')
    .select(['external_id', (eb) => eb.fn.max('platform_updated_at').as('latest')])
    .where('connection_id', '=', connectionId).where('external_id', 'in', dated.map((v) => v.externalId))
    .groupBy('external_id').execute();
  const latest = new Map(rows.map((r) => [r.external_id, r.latest ? new Date(r.latest as Date).getTime() : null]));
  return new Set(dated.filter((v) => {
    const held = latest.get(v.externalId);
    return held != null && held >= new Date(v.updatedAt).getTime();
  }).map((v) => v.externalId));
}

export async function getEntries(db: Db, ids: string[]): Promise<Map<string, InboxEntry>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('inbox').selectAll().where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, toEntry(r)]));
}

export async function getEntry(db: Db, id: string): Promise<InboxEntry | undefined> {
  const row = await db.selectFrom('inbox').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toEntry(row) : undefined;
}

export async function listEntries(db: Db, filter: { connectionId?: string | undefined; failedOnly?: boolean | undefined; limit: number; cursor?: string | undefined }): Promise<{ items: InboxEntry[]; nextCursor: string | null }> {
  let q = db.selectFrom('inbox').selectAll().orderBy('id', 'desc').limit(filter.limit + 1);
  if (filter.connectionId) q = q.where('connection_id', '=', filter.connectionId);
  if (filter.failedOnly) q = q.where('error', 'is not', null);
  if (filter.cursor) q = q.where('id', '<', filter.cursor);
  const { page, nextCursor } = keysetPage(await q.execute(), filter.limit);
  return { items: page.map(toEntry), nextCursor };
}

export async function markFailed(db: Db, id: string, error: string): Promise<void> {
  await db.updateTable('inbox').set({ error: error.slice(0, 2000), interpreted_at: null }).where('id', '=', id).execute();
}

/** Re-interprets a range of stored records (all, or only failed ones): replaying the inbox gives the same state. */
export async function replay(db: Db, filter: { fromId?: string | undefined; toId?: string | undefined; failedOnly?: boolean | undefined; connectionId?: string | undefined }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let q = trx.selectFrom('inbox').select(['id', 'connection_id']).where('signature_ok', 'is not', false).orderBy('id');
    if (filter.fromId) q = q.where('id', '>=', filter.fromId);
    if (filter.toId) q = q.where('id', '<=', filter.toId);
    if (filter.failedOnly) q = q.where('error', 'is not', null);
    if (filter.connectionId) q = q.where('connection_id', '=', filter.connectionId);
    const rows = await q.execute();
    await enqueueJobs(trx, rows.map((r) => ({ kind: 'interpret', connectionId: r.connection_id, priority: INGEST_PRIORITY, payload: { inboxId: r.id } })));
    return rows.length;
  });
}
