/** The drift reports: one row per pass, one per item found. Written once, when a pass ends. */
import { sql } from 'kysely';
import type { Db, ReconcileTrigger } from '../store/index.ts';
import { keysetPage } from '../store/index.ts';
import type { DriftCause, DriftItem } from './compare.ts';

export type { ReconcileTrigger };

export interface ReconcileRun {
  id: string;
  connectionId: string;
  trigger: ReconcileTrigger;
  windowFrom: string;
  windowTo: string;
  startedAt: string;
  finishedAt: string;
  checked: number;
  matched: number;
  inFlight: number;
  repaired: number;
  /** matched / checked; null when the pass failed. */
  accuracy: number | null;
  error: string | null;
}

export interface ReportItem {
  kind: 'order' | 'listing';
  externalId: string | null;
  listingId: string | null;
  cause: DriftCause;
  hubValue: string | null;
  channelValue: string | null;
  inFlight: boolean;
  repaired: 'ingested' | 'pushed' | 'none';
}

export interface RunReport extends ReconcileRun {
  items: ReportItem[];
}

type RunRow = {
  id: string; connection_id: string; trigger: ReconcileTrigger; window_from: Date; window_to: Date; started_at: Date; finished_at: Date;
  checked: number; matched: number; in_flight: number; repaired: number; accuracy: number | null; error: string | null;
};

function toRun(r: RunRow): ReconcileRun {
  return {
    id: r.id, connectionId: r.connection_id, trigger: r.trigger, windowFrom: r.window_from.toISOString(), windowTo: r.window_to.toISOString(),
    startedAt: r.started_at.toISOString(), finishedAt: r.finished_at.toISOString(), checked: r.checked, matched: r.matched, inFlight: r.in_flight,
    repaired: r.repaired, accuracy: r.accuracy === null ? null : Number(r.accuracy), error: r.error,
  };
}

export interface RunRecord {
  connectionId: string;
  trigger: ReconcileTrigger;
  window: { from: Date; to: Date };
  startedAt: Date;
  checked: number;
  matched: number;
  inFlight: number;
  accuracy: number | null;
  error: string | null;
  items: (DriftItem & { repaired: ReportItem['repaired'] })[];
}

export async function writeRun(db: Db, run: RunRecord): Promise<ReconcileRun> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('reconcile_runs').values({
      connection_id: run.connectionId, trigger: run.trigger, window_from: run.window.from, window_to: run.window.to, started_at: run.startedAt,
      checked: run.checked, matched: run.matched, in_flight: run.inFlight, repaired: run.items.filter((i) => i.repaired !== 'none').length,
      accuracy: run.accuracy, error: run.error?.slice(0, 2000) ?? null,
    }).returningAll().executeTakeFirstOrThrow();
    for (let i = 0; i < run.items.length; i += 500) {
      await trx.insertInto('reconcile_items').values(run.items.slice(i, i + 500).map((item) => ({
        run_id: row.id, kind: item.kind, external_id: item.kind === 'order' ? item.ref : null, listing_id: item.kind === 'listing' ? item.ref : null,
        cause: item.cause, hub_value: item.hubValue, channel_value: item.channelValue, in_flight: item.inFlight, repaired: item.repaired,
      }))).execute();
    }
    return toRun(row);
  });
}

export async function listRuns(db: Db, filter: { connectionId?: string | undefined; limit: number; cursor?: string | undefined }): Promise<{ items: ReconcileRun[]; nextCursor: string | null }> {
  let q = db.selectFrom('reconcile_runs').selectAll().orderBy('id', 'desc').limit(filter.limit + 1);
  if (filter.connectionId) q = q.where('connection_id', '=', filter.connectionId);
  if (filter.cursor) q = q.where('id', '<', filter.cursor);
  const { page, nextCursor } = keysetPage(await q.execute(), filter.limit);
  return { items: page.map(toRun), nextCursor };
}

export async function getRun(db: Db, id: string): Promise<RunReport | undefined> {
  const row = await db.selectFrom('reconcile_runs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const items = await db.selectFrom('reconcile_items').selectAll().where('run_id', '=', id).orderBy('id').execute();
  return {
    ...toRun(row),
    items: items.map((i) => ({
      kind: i.kind, externalId: i.external_id, listingId: i.listing_id, cause: i.cause as DriftCause, hubValue: i.hub_value,
      channelValue: i.channel_value, inFlight: i.in_flight, repaired: i.repaired,
    })),
  };
}

export interface AccuracySummary {
  connectionId: string;
  runs: number;
  checked: number;
  matched: number;
  /** Over every completed pass since `since`: matched / checked (1 when nothing was checked). */
  accuracy: number;
}

/** Sync accuracy over time: the completed passes of a connection since an instant, summed. */
export async function accuracySince(db: Db, connectionId: string, since: Date): Promise<AccuracySummary> {
  const row = await db.selectFrom('reconcile_runs')
    .select([(eb) => eb.fn.countAll<string>().as('runs'), sql<string>`coalesce(sum(checked), 0)`.as('checked'), sql<string>`coalesce(sum(matched), 0)`.as('matched')])
    .where('connection_id', '=', connectionId).where('error', 'is', null).where('finished_at', '>=', since).executeTakeFirstOrThrow();
  const checked = Number(row.checked);
  const matched = Number(row.matched);
  return { connectionId, runs: Number(row.runs), checked, matched, accuracy: checked === 0 ? 1 : matched / checked };
}

export interface LatestAccuracy {
  connectionId: string;
  runId: string;
  finishedAt: Date;
  checked: number;
  matched: number;
  accuracy: number;
  /** Items judged and found different (in-flight items left out). */
  driftItems: number;
}

/** The latest completed (not failed) pass of each connection. */
export async function latestAccuracy(db: Db): Promise<LatestAccuracy[]> {
  const rows = await db.selectFrom('reconcile_runs as r')
    .select(['r.id', 'r.connection_id', 'r.finished_at', 'r.checked', 'r.matched'])
    .where('r.id', 'in', (eb) => eb.selectFrom('reconcile_runs').select((e) => e.fn.max('id').as('id')).where('error', 'is', null).groupBy('connection_id'))
    .orderBy('r.connection_id').execute();
  return rows.map((r) => ({
    connectionId: r.connection_id, runId: r.id, finishedAt: r.finished_at, checked: r.checked, matched: r.matched,
    accuracy: r.checked === 0 ? 1 : r.matched / r.checked, driftItems: r.checked - r.matched,
  }));
}
