import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { PlatformError } from '../connectors/types.ts';
import type { Db } from '../store/index.ts';
import { claimJobs, completeJob, completeJobs, extendLeases, failJob, recoverExpiredLeases, type Job } from './jobs.ts';

export type JobHandler = (job: Job) => Promise<unknown>;

export type BatchResult = { ok: true; result: unknown } | { ok: false; error: unknown };

/** Jobs of one kind taken together (one transaction for many orders); a job the batch fails runs again alone. */
export interface BatchHandler {
  kind: string;
  size: number;
  run(jobs: Job[]): Promise<BatchResult[]>;
}

export interface WorkerOptions {
  db: Db;
  log: Logger;
  handlers: Record<string, JobHandler>;
  batch?: BatchHandler;
  /** Only these kinds are claimed (default: every kind with a handler). */
  kinds?: string[];
  /** Jobs run at once by this worker. */
  concurrency?: number;
  /** How often an idle worker looks for jobs written by other processes. */
  pollMs?: number;
  /** How long a claimed job stays ours; a job whose worker died runs again after it. */
  leaseMs?: number;
  /** Told the outcome of every job, for metrics. */
  onOutcome?: (job: Job, outcome: 'done' | 'retry' | 'dead', error?: unknown) => void;
}

export interface Worker {
  id: string;
  /** Look for jobs now (called after this process wrote some). */
  wake(): void;
  stop(): Promise<void>;
  /** True while jobs run or were found on the last look. */
  busy(): boolean;
}

/** Thrown by a handler to be tried again later without counting as a failure (rate limit). */
export class RetryLater extends Error {
  constructor(readonly afterMs: number, reason: string) {
    super(reason);
  }
}

/** How often a worker looks for jobs whose worker died (a query, kept off the per-claim path). */
const RECOVERY_EVERY_MS = 1_000;

/** One job per slot, or the batch kind's jobs in chunks of its size. */
function unitsOf(jobs: Job[], batch: BatchHandler | undefined): Job[][] {
  if (!batch) return jobs.map((j) => [j]);
  const batched = jobs.filter((j) => j.kind === batch.kind);
  const units = jobs.filter((j) => j.kind !== batch.kind).map((j) => [j]);
  for (let i = 0; i < batched.length; i += batch.size) units.push(batched.slice(i, i + batch.size));
  return units;
}

export function startWorker(options: WorkerOptions): Worker {
  const id = `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
  const concurrency = options.concurrency ?? 8;
  const pollMs = options.pollMs ?? 250;
  const leaseMs = options.leaseMs ?? 60_000;
  const kinds = options.kinds ?? Object.keys(options.handlers);
  let running = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let looking = false;
  let again = false;
  let lastFound = 0;
  let lastRecoveryAt = 0;
  const inFlight = new Set<Promise<void>>();
  const runningIds = new Set<string>();
  const heartbeat = setInterval(() => {
    extendLeases(options.db, id, [...runningIds], leaseMs).catch((err) => options.log.error({ err }, 'extending job leases failed'));
  }, Math.max(1_000, leaseMs / 3));
  heartbeat.unref();

  async function runJob(job: Job): Promise<void> {
    const handler = options.handlers[job.kind];
    runningIds.add(job.id);
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      const result = await handler(job);
      await completeJob(options.db, job, result);
      options.onOutcome?.(job, 'done');
    } catch (err) {
      await recordFailure(job, err);
    } finally {
      runningIds.delete(job.id);
    }
  }

  async function recordFailure(job: Job, err: unknown): Promise<void> {
    const rateLimited = err instanceof RetryLater || (err instanceof PlatformError && err.kind === 'rate_limited');
    const retryAfterMs = err instanceof RetryLater ? err.afterMs : err instanceof PlatformError ? err.retryAfterMs : null;
    const permanent = err instanceof PlatformError && (err.kind === 'permanent' || err.kind === 'auth');
    const message = err instanceof Error ? err.message : String(err);
    const outcome = await failJob(options.db, permanent ? { ...job, attempts: job.maxAttempts } : job, message, { retryAfterMs, rateLimited });
    if (!rateLimited) options.log.warn({ jobId: job.id, kind: job.kind, attempt: job.attempts, outcome, err: message }, 'job failed');
    options.onOutcome?.(job, outcome, err);
  }

  async function runBatch(batch: BatchHandler, jobs: Job[]): Promise<void> {
    for (const job of jobs) runningIds.add(job.id);
    let results: BatchResult[];
    try {
      results = await batch.run(jobs);
    } catch (err) {
      // The batch as a whole failed (one bad order, a conflict): each job runs alone, so only the bad one fails.
      options.log.warn({ err: err instanceof Error ? err.message : String(err), jobs: jobs.length }, 'batch failed; running its jobs one by one');
      for (const job of jobs) await runJob(job);
      return;
    }
    try {
      const done = jobs.flatMap((job, i) => (results[i]?.ok ? [{ job, result: (results[i] as { result: unknown }).result }] : []));
      await completeJobs(options.db, done);
      for (const d of done) options.onOutcome?.(d.job, 'done');
      for (const [i, job] of jobs.entries()) {
        const r = results[i];
        if (!r?.ok) await recordFailure(job, r ? r.error : new Error('the batch gave no result for this job'));
      }
    } finally {
      for (const job of jobs) runningIds.delete(job.id);
    }
  }

  async function look(): Promise<void> {
    if (stopped) return;
    if (looking) {
      again = true;
      return;
    }
    looking = true;
    try {
      do {
        again = false;
        const free = concurrency - running;
        if (free <= 0) break;
        if (Date.now() - lastRecoveryAt >= RECOVERY_EVERY_MS) {
          lastRecoveryAt = Date.now();
          await recoverExpiredLeases(options.db);
        }
        const perSlot = options.batch?.size ?? 1;
        const jobs = await claimJobs(options.db, id, { limit: free * perSlot, leaseMs, kinds });
        lastFound = jobs.length;
        for (const unit of unitsOf(jobs, options.batch)) {
          running++;
          const batch = options.batch;
          const p = (batch && unit.length > 1 ? runBatch(batch, unit) : runJob(unit[0]!)).finally(() => {
            running--;
            inFlight.delete(p);
            void look();
          });
          inFlight.add(p);
        }
        if (jobs.length === free * perSlot) again = true;
      } while (again && !stopped);
    } catch (err) {
      options.log.error({ err }, 'claiming jobs failed');
    } finally {
      looking = false;
      schedule();
    }
  }

  function schedule(): void {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void look(), pollMs);
  }

  void look();
  return {
    id,
    wake: () => void look(),
    busy: () => running > 0 || lastFound > 0,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      clearInterval(heartbeat);
      await Promise.allSettled([...inFlight]);
    },
  };
}
