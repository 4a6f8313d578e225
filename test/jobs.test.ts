import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { PlatformError } from '../src/connectors/types.ts';
import { claimJobs, completeJob, enqueueJobs, failJob, listJobs, queueStats, recoverExpiredLeases, retryJob } from '../src/sync/jobs.ts';
import { takeToken } from '../src/sync/rate-limit.ts';
import { startWorker } from '../src/sync/worker.ts';
import { openTestStore, type TestStore } from './helpers/store.ts';

let store: TestStore;
before(async () => {
  store = await openTestStore();
});
after(async () => store.dispose());

async function clear() {
  await store.db.deleteFrom('jobs').execute();
}

test('pending jobs with the same dedupe key coalesce into one', async () => {
  await clear();
  await enqueueJobs(store.db, [1, 2, 3].map((n) => ({ kind: 'push_stock', dedupeKey: 'push:listing-1', payload: { n } })));
  await enqueueJobs(store.db, [{ kind: 'push_stock', dedupeKey: 'push:listing-1' }, { kind: 'push_stock', dedupeKey: 'push:listing-2' }]);
  const jobs = await listJobs(store.db, { limit: 10 });
  assert.deepEqual(jobs.items.map((j) => j.dedupeKey).sort(), ['push:listing-1', 'push:listing-2']);
});

test('a change while a push is running queues one more push, so the latest quantity is sent', async () => {
  await clear();
  await enqueueJobs(store.db, [{ kind: 'push_stock', dedupeKey: 'push:x' }]);
  const [running] = await claimJobs(store.db, 'w1', { limit: 1, leaseMs: 60_000 });
  assert.ok(running);
  await enqueueJobs(store.db, [{ kind: 'push_stock', dedupeKey: 'push:x' }]);
  const stats = await queueStats(store.db);
  assert.deepEqual([stats.pending, stats.running], [1, 1]);
});

test('a failed push whose listing was queued again meanwhile ends superseded, leaving one pending push', async () => {
  await clear();
  await enqueueJobs(store.db, [{ kind: 'push_stock', dedupeKey: 'push:y' }]);
  const [running] = await claimJobs(store.db, 'w1', { limit: 1, leaseMs: 60_000 });
  await enqueueJobs(store.db, [{ kind: 'push_stock', dedupeKey: 'push:y' }]);
  assert.equal(await failJob(store.db, running!, '503', { retryAfterMs: 0 }), 'retry');
  const jobs = await listJobs(store.db, { limit: 10 });
  assert.deepEqual(jobs.items.map((j) => j.status).sort(), ['done', 'pending']);
  assert.deepEqual(jobs.items.find((j) => j.status === 'done')?.result, { superseded: true });
});

test('a push waits while the previous push of the same listing runs, so the two never land out of order', async () => {
  await clear();
  await enqueueJobs(store.db, [{ kind: 'push_stock', dedupeKey: 'push:z' }]);
  const [first] = await claimJobs(store.db, 'w1', { limit: 5, leaseMs: 60_000 });
  await enqueueJobs(store.db, [{ kind: 'push_stock', dedupeKey: 'push:z' }, { kind: 'push_stock', dedupeKey: 'push:other' }]);
  const whileRunning = await claimJobs(store.db, 'w2', { limit: 5, leaseMs: 60_000 });
  assert.deepEqual(whileRunning.map((j) => j.dedupeKey), ['push:other']);
  await completeJob(store.db, first!, null);
  const after = await claimJobs(store.db, 'w2', { limit: 5, leaseMs: 60_000 });
  assert.deepEqual(after.map((j) => j.dedupeKey), ['push:z']);
});

test('higher-priority jobs are claimed first', async () => {
  await clear();
  await enqueueJobs(store.db, [{ kind: 'push_stock', priority: 1, payload: { n: 'plenty' } }, { kind: 'interpret', priority: 100, payload: { n: 'ingest' } }, { kind: 'push_stock', priority: 70, payload: { n: 'low' } }]);
  const claimed = await claimJobs(store.db, 'w', { limit: 3, leaseMs: 60_000 });
  assert.deepEqual(claimed.map((j) => (j.payload as { n: string }).n), ['ingest', 'low', 'plenty']);
});

test('two workers claiming at once never get the same job', async () => {
  await clear();
  await enqueueJobs(store.db, Array.from({ length: 50 }, (_, i) => ({ kind: 'k', payload: { i } })));
  const claims = await Promise.all(Array.from({ length: 5 }, (_, w) => claimJobs(store.db, `w${w}`, { limit: 20, leaseMs: 60_000 })));
  const ids = claims.flat().map((j) => j.id);
  assert.equal(ids.length, 50);
  assert.equal(new Set(ids).size, 50);
});

test('a failed job is retried later and parked as dead after its last attempt', async () => {
  await clear();
  await enqueueJobs(store.db, [{ kind: 'k', maxAttempts: 2 }]);
  let [job] = await claimJobs(store.db, 'w', { limit: 1, leaseMs: 60_000 });
  assert.equal(await failJob(store.db, job!, 'boom', { retryAfterMs: 0 }), 'retry');
  [job] = await claimJobs(store.db, 'w', { limit: 1, leaseMs: 60_000 });
  assert.equal(job!.attempts, 2);
  assert.equal(await failJob(store.db, job!, 'boom again'), 'dead');
  const dead = await listJobs(store.db, { status: 'dead', limit: 5 });
  assert.equal(dead.items[0]?.lastError, 'boom again');
  const retried = await retryJob(store.db, job!.id);
  assert.equal(retried?.status, 'pending');
  assert.equal(retried?.attempts, 0);
});

test('a rate-limited attempt does not count against the job', async () => {
  await clear();
  await enqueueJobs(store.db, [{ kind: 'k', maxAttempts: 1 }]);
  const [job] = await claimJobs(store.db, 'w', { limit: 1, leaseMs: 60_000 });
  assert.equal(await failJob(store.db, job!, '429', { retryAfterMs: 0, rateLimited: true }), 'retry');
  const [again] = await claimJobs(store.db, 'w', { limit: 1, leaseMs: 60_000 });
  assert.equal(again?.attempts, 1);
});

test('a job whose worker died is claimed again when its lease runs out', async () => {
  await clear();
  await enqueueJobs(store.db, [{ kind: 'k' }]);
  const [lost] = await claimJobs(store.db, 'dying-worker', { limit: 1, leaseMs: 50 });
  assert.ok(lost);
  await recoverExpiredLeases(store.db);
  assert.equal((await claimJobs(store.db, 'other', { limit: 1, leaseMs: 60_000 })).length, 0, 'not while the lease holds');
  await new Promise((r) => setTimeout(r, 80));
  await recoverExpiredLeases(store.db);
  const [reclaimed] = await claimJobs(store.db, 'other', { limit: 1, leaseMs: 60_000 });
  assert.equal(reclaimed?.id, lost.id);
  await completeJob(store.db, reclaimed!, { ok: true });
  assert.equal((await listJobs(store.db, { status: 'done', limit: 5 })).items.length, 1);
});

test('the worker runs handlers, retries platform failures and parks permanent ones', async () => {
  await clear();
  let flaky = 0;
  await enqueueJobs(store.db, [{ kind: 'ok' }, { kind: 'flaky' }, { kind: 'permanent' }]);
  const worker = startWorker({
    db: store.db, log: pino({ level: 'silent' }), pollMs: 20,
    handlers: {
      ok: async () => 'fine',
      flaky: async () => {
        if (flaky++ === 0) throw new PlatformError('rate_limited', '429', 10);
        return 'second time';
      },
      permanent: async () => {
        throw new PlatformError('permanent', '400 bad listing');
      },
    },
  });
  for (let i = 0; i < 100 && (await queueStats(store.db)).pending + (await queueStats(store.db)).running > 0; i++) await new Promise((r) => setTimeout(r, 20));
  await worker.stop();
  const all = (await listJobs(store.db, { limit: 10 })).items;
  const byKind = Object.fromEntries(all.map((j) => [j.kind, j]));
  assert.equal(byKind.ok?.status, 'done');
  assert.equal(byKind.flaky?.status, 'done');
  assert.equal(byKind.flaky?.attempts, 1, 'the rate-limited attempt was given back');
  assert.equal(byKind.permanent?.status, 'dead');
});

test('the shared token bucket lets a burst of its capacity through, then asks to wait', async () => {
  const bucket = { capacity: 3, refillPerSecond: 2 };
  const waits = [];
  for (let i = 0; i < 4; i++) waits.push(await takeToken(store.db, 'rate:test', bucket));
  assert.deepEqual(waits.slice(0, 3), [0, 0, 0]);
  assert.ok(waits[3]! > 0 && waits[3]! <= 500, `waits ${waits[3]} ms for the next token`);
});
