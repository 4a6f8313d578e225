import { sql } from 'kysely';
import { keysetPage, type Db, type JobStatus } from '../store/index.ts';
import { backoffMs } from './backoff.ts';

export interface JobSpec {
  kind: string;
  connectionId?: string | null;
  /** Pending jobs with the same key coalesce into one (e.g. one stock push per listing). */
  dedupeKey?: string | null;
  payload?: unknown;
  runAt?: Date;
  maxAttempts?: number;
  /** Higher runs first (see priority.ts). */
  priority?: number;
}

export interface Job {
  id: string;
  kind: string;
  connectionId: string | null;
  dedupeKey: string | null;
  payload: unknown;
  status: JobStatus;
  priority: number;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  lastError: string | null;
  /** The worker holding a running job (worker-<pid>-<id>). */
  lockedBy: string | null;
  result: unknown;
  createdAt: string;
  updatedAt: string;
}

type JobRow = {
  id: string; kind: string; priority: number; connection_id: string | null; dedupe_key: string | null; payload: unknown; status: JobStatus;
  attempts: number; max_attempts: number; run_at: Date; last_error: string | null; locked_by: string | null; result: unknown; created_at: Date; updated_at: Date;
};

export function toJob(r: JobRow): Job {
  return {
    id: r.id, kind: r.kind, connectionId: r.connection_id, dedupeKey: r.dedupe_key, payload: r.payload, status: r.status, priority: r.priority,
    attempts: r.attempts, maxAttempts: r.max_attempts, runAt: r.run_at.toISOString(), lastError: r.last_error, lockedBy: r.locked_by, result: r.result,
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
  };
}

/**
 * Writes jobs in the caller's transaction: the outbox. A job whose dedupe key is already pending is
 * dropped, because the pending one will do the same work with the latest data when it runs.
 */
export async function enqueueJobs(trx: Db, specs: JobSpec[]): Promise<number> {
  if (specs.length === 0) return 0;
  const result = await insertJobs(trx, specs).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

function insertJobs(db: Db, specs: JobSpec[]) {
  return db
    .insertInto('jobs')
    .values(specs.map((s) => ({
      kind: s.kind,
      connection_id: s.connectionId ?? null,
      dedupe_key: s.dedupeKey ?? null,
      payload: JSON.stringify(s.payload ?? {}),
      run_at: s.runAt ?? new Date(),
      priority: s.priority ?? 0,
      ...(s.maxAttempts ? { max_attempts: s.maxAttempts } : {}),
    })))
    .onConflict((oc) => oc.column('dedupe_key').where('status', '=', 'pending').where('dedupe_key', 'is not', null).doNothing());
}

/** Queues one job, or finds the pending job it coalesces into: either way, the id of the job that will do the work. */
export async function enqueueJob(db: Db, spec: JobSpec): Promise<string> {
  for (;;) {
    const inserted = await insertJobs(db, [spec]).returning('id').executeTakeFirst();
    if (inserted) return inserted.id;
    const pending = await db.selectFrom('jobs').select('id').where('status', '=', 'pending').where('dedupe_key', '=', spec.dedupeKey!).executeTakeFirst();
    if (pending) return pending.id;
    // The pending twin was claimed between the two statements: queue again, behind it.
  }
}

/**
 * Claims runnable jobs for one worker, highest priority first. SKIP LOCKED lets any number of worker
 * processes claim side by side without waiting on each other or taking the same job. A claim is a
 * lease: a job whose worker died is claimed again once the lease runs out, so no job is lost
 * (handlers are idempotent in effect). Jobs of a connection whose call bucket is empty are left for
 * later, so they do not hold a worker slot while other connections' work waits. A job whose twin (same
 * dedupe key) is running waits for it: two pushes of one listing side by side could land out of
 * order and leave the older quantity showing; two pulls of one shop would only spend its call limit.
 */
export async function claimJobs(db: Db, workerId: string, options: { limit: number; leaseMs: number; kinds?: string[] | undefined }): Promise<Job[]> {
  const kinds = options.kinds ?? null;
  const rows = await sql<JobRow>`
    UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ${workerId},
           locked_until = clock_timestamp() + ${options.leaseMs} * interval '1 millisecond', updated_at = now()
     WHERE id IN (
       SELECT id FROM jobs
        WHERE status = 'pending' AND run_at <= clock_timestamp()
          AND (${kinds}::text[] IS NULL OR kind = ANY(${kinds}::text[]))
          AND (dedupe_key IS NULL OR NOT EXISTS (
                SELECT 1 FROM jobs r WHERE r.status = 'running' AND r.dedupe_key = jobs.dedupe_key))
          AND (connection_id IS NULL OR kind = 'interpret' OR NOT EXISTS (
                SELECT 1 FROM rate_buckets b
                 WHERE b.key = 'rate:' || jobs.connection_id
                   AND b.tokens + extract(epoch FROM clock_timestamp() - b.updated_at) * b.refill_per_second < 1))
        ORDER BY priority DESC, run_at, id
        LIMIT ${options.limit}
        FOR UPDATE SKIP LOCKED)
    RETURNING *`.execute(db);
  // RETURNING keeps no order: run the claimed jobs in priority order too.
  return rows.rows.sort((a, b) => b.priority - a.priority || a.run_at.getTime() - b.run_at.getTime() || Number(a.id) - Number(b.id)).map(toJob);
}

/** Keeps the leases of jobs still running (a long pull) from running out under them. */
export async function extendLeases(db: Db, workerId: string, ids: string[], leaseMs: number): Promise<void> {
  if (ids.length === 0) return;
  await sql`UPDATE jobs SET locked_until = clock_timestamp() + ${leaseMs} * interval '1 millisecond'
             WHERE id = ANY(${ids}::bigint[]) AND status = 'running' AND locked_by = ${workerId}`.execute(db);
}

/** Many jobs done in one statement (a batch of interpretations). */
export async function completeJobs(db: Db, done: { job: Job; result: unknown }[]): Promise<void> {
  if (done.length === 0) return;
  await sql`UPDATE jobs SET status = 'done', result = v.result::jsonb, locked_by = NULL, locked_until = NULL, last_error = NULL, updated_at = now()
              FROM unnest(${done.map((d) => d.job.id)}::bigint[], ${done.map((d) => JSON.stringify(d.result ?? null))}::text[]) AS v(id, result)
             WHERE jobs.id = v.id AND jobs.status = 'running'`.execute(db);
}

export async function completeJob(db: Db, job: Job, result: unknown): Promise<void> {
  await db.updateTable('jobs')
    .set({ status: 'done', result: JSON.stringify(result ?? null), locked_by: null, locked_until: null, last_error: null, updated_at: new Date() })
    .where('id', '=', job.id).where('status', '=', 'running').execute();
}

/**
 * A failed attempt: retried after a backoff (or after the platform's own wait), parked as dead after
 * the last attempt. A rate-limit wait is not a failure of the job, so it gives its attempt back.
 */
export async function failJob(db: Db, job: Job, error: string, options: { retryAfterMs?: number | null; rateLimited?: boolean } = {}): Promise<'retry' | 'dead'> {
  const attempts = options.rateLimited ? job.attempts - 1 : job.attempts;
  const dead = !options.rateLimited && attempts >= job.maxAttempts;
  const delayMs = options.retryAfterMs ?? backoffMs(attempts);
  const lastError = error.slice(0, 2000);
  if (dead) {
    await db.updateTable('jobs')
      .set({ status: 'dead', attempts, last_error: lastError, locked_by: null, locked_until: null, updated_at: new Date() })
      .where('id', '=', job.id).where('status', '=', 'running').execute();
    return 'dead';
  }
  await requeue(db, job.id, 'running', { attempts, last_error: lastError, run_at: new Date(Date.now() + delayMs) });
  return 'retry';
}

type RequeueFields = { attempts?: number; last_error?: string | null; run_at: Date };

/**
 * Puts a job back to pending. If a pending job with the same dedupe key was queued meanwhile, that one
 * will do this job's work with newer data (a stock push reads the quantity when it runs), so this one
 * ends as done, marked superseded, instead of breaking the one-pending-per-key rule.
 */
async function requeue(db: Db, id: string, fromStatus: JobStatus | JobStatus[], fields: RequeueFields): Promise<'pending' | 'superseded' | 'gone'> {
  const from = Array.isArray(fromStatus) ? fromStatus : [fromStatus];
  try {
    const r = await db.updateTable('jobs')
      .set({ ...fields, status: 'pending', locked_by: null, locked_until: null, updated_at: new Date() })
      .where('id', '=', id).where('status', 'in', from).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0 ? 'pending' : 'gone';
  } catch (error) {
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    await db.updateTable('jobs')
      .set({ ...fields, status: 'done', result: JSON.stringify({ superseded: true }), locked_by: null, locked_until: null, updated_at: new Date() })
      .where('id', '=', id).where('status', 'in', from).execute();
    return 'superseded';
  }
}

const UNIQUE_VIOLATION = '23505';

/** A job whose worker died holding it goes back to the queue once its lease runs out (workers call this now and then, not per claim). */
export async function recoverExpiredLeases(db: Db): Promise<void> {
  const expired = await sql<{ id: string; run_at: Date }>`
    SELECT id, run_at FROM jobs WHERE status = 'running' AND locked_until < clock_timestamp() LIMIT 100`.execute(db);
  for (const row of expired.rows) await requeue(db, row.id, 'running', { run_at: row.run_at });
}

export interface JobFilter {
  status?: JobStatus | undefined;
  kind?: string | undefined;
  connectionId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export async function listJobs(db: Db, filter: JobFilter): Promise<{ items: Job[]; nextCursor: string | null }> {
  let q = db.selectFrom('jobs').selectAll().orderBy('id', 'desc').limit(filter.limit + 1);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.connectionId) q = q.where('connection_id', '=', filter.connectionId);
  if (filter.cursor) q = q.where('id', '<', filter.cursor);
  const { page, nextCursor } = keysetPage(await q.execute(), filter.limit);
  return { items: page.map(toJob), nextCursor };
}

/** A dead (or discarded) job runs again from its first attempt. */
export async function retryJob(db: Db, id: string): Promise<Job | undefined> {
  const outcome = await requeue(db, id, ['dead', 'discarded'], { attempts: 0, run_at: new Date() });
  return outcome === 'gone' ? undefined : getJob(db, id);
}

/** A dead job that should not run again: kept, with its error, as discarded. */
export async function discardJob(db: Db, id: string): Promise<Job | undefined> {
  const row = await db.updateTable('jobs')
    .set({ status: 'discarded', updated_at: new Date() })
    .where('id', '=', id).where('status', 'in', ['dead', 'pending']).returningAll().executeTakeFirst();
  return row ? toJob(row) : undefined;
}

export async function getJob(db: Db, id: string): Promise<Job | undefined> {
  const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toJob(row) : undefined;
}

export interface QueueStats {
  pending: number;
  running: number;
  dead: number;
  oldestPendingAgeMs: number;
}

export async function queueStats(db: Db): Promise<QueueStats> {
  const r = await sql<{ pending: number; running: number; dead: number; oldest: number | null }>`
    SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
           count(*) FILTER (WHERE status = 'running')::int AS running,
           count(*) FILTER (WHERE status = 'dead')::int AS dead,
           (extract(epoch FROM clock_timestamp() - min(created_at) FILTER (WHERE status = 'pending')) * 1000)::float8 AS oldest
      FROM jobs WHERE status IN ('pending', 'running', 'dead')`.execute(db);
  const row = r.rows[0]!;
  return { pending: row.pending, running: row.running, dead: row.dead, oldestPendingAgeMs: Math.round(row.oldest ?? 0) };
}

export interface QueueRow {
  kind: string;
  status: 'pending' | 'running' | 'dead';
  connectionId: string | null;
  count: number;
  oldestAgeMs: number;
}

/** The queue per kind, status and connection (metrics): only live and dead jobs, which partial indexes cover. */
export async function queueBreakdown(db: Db): Promise<QueueRow[]> {
  const r = await sql<{ kind: string; status: QueueRow['status']; connection_id: string | null; n: number; oldest: number | null }>`
    SELECT kind, status, connection_id, count(*)::int AS n,
           (extract(epoch FROM clock_timestamp() - min(created_at)) * 1000)::float8 AS oldest
      FROM jobs WHERE status IN ('pending', 'running', 'dead') GROUP BY kind, status, connection_id`.execute(db);
  return r.rows.map((row) => ({ kind: row.kind, status: row.status, connectionId: row.connection_id, count: row.n, oldestAgeMs: Math.round(row.oldest ?? 0) }));
}
