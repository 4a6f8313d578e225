import type { Db } from '../store/index.ts';
import { drainBucket, operationRateKeyOf, OperationRateLimited, takeToken, type BucketSpec, type OperationBucket } from './rate-limit.ts';
import { PlatformError } from '../connectors/types.ts';

/** What a connector declares (Connector.rateLimit and Connector.operationRateLimit). */
export interface RateLimits {
  rateLimit: BucketSpec;
  operationRateLimit?: ((method: string, pathname: string) => OperationBucket | null) | undefined;
}

/**
 * Wraps fetch so that every call a connector makes takes a token from a bucket shared by every process
 * first: the operation's own bucket when the connector declares one for the call (Amazon SP-API),
 * else the connection's. Short waits are slept through; a long one gives the job back to the queue
 * instead of holding a worker slot.
 */
export function rateLimitedFetch(db: Db, key: string, limits: BucketSpec | RateLimits, inner: typeof fetch = fetch, maxSleepMs = 1_000): typeof fetch {
  const declared: RateLimits = 'rateLimit' in limits ? limits : { rateLimit: limits };
  return async (input, init) => {
    const operation = declared.operationRateLimit?.(methodOf(input, init), pathnameOf(input)) ?? null;
    if (!operation) {
      await waitForToken(db, key, declared.rateLimit, maxSleepMs, (waitMs) => new PlatformError('rate_limited', `local rate limit for ${key}: next call in ${waitMs} ms`, waitMs));
      return inner(input, init);
    }
    return callOperation(db, operationRateKeyOf(key, operation.name), operation, () => inner(input, init), maxSleepMs);
  };
}

/** Longest sleep for a token inside one call: the call's own timeout (connectors/http.ts, 10 s) starts before it. */
const MAX_OPERATION_SLEEP_MS = 5_000;

/**
 * One call under an operation's bucket. The wait for the next token is slept through up to one refill
 * interval (getOrderItems: 2 s), but never so long that the call's timeout runs out while it sleeps: a
 * longer wait (getOrders refills once a minute, several callers queued on one bucket, a platform
 * Retry-After) gives the job back to run when the token is there. The token is only taken when the
 * call is made, so a pull given back spends nothing.
 * A 429 empties this operation's bucket only, and is thrown as OperationRateLimited so that nothing
 * drains the connection's bucket for it.
 */
async function callOperation(db: Db, opKey: string, operation: OperationBucket, call: () => Promise<Response>, maxSleepMs: number): Promise<Response> {
  const refillMs = 1000 / operation.refillPerSecond;
  await waitForToken(db, opKey, operation, Math.min(MAX_OPERATION_SLEEP_MS, Math.max(maxSleepMs, Math.ceil(refillMs))),
    (waitMs) => new OperationRateLimited(operation.name, `local rate limit for ${opKey}: next call in ${waitMs} ms`, waitMs));
  const response = await call();
  if (response.status !== 429) return response;
  const waitMs = Math.max(refillMs, retryAfterHeaderMs(response.headers.get('retry-after')));
  // Emptied so that the next token comes after waitMs (a token takes refillMs to come back): a
  // caller retrying after waitMs finds it, and calls arriving meanwhile sleep until then.
  await drainBucket(db, opKey, Math.max(0, waitMs - refillMs), operation);
  const text = (await response.text()).slice(0, 300);
  throw new OperationRateLimited(operation.name, `${operation.name}: HTTP 429: ${text}`, Math.ceil(waitMs), '429');
}

async function waitForToken(db: Db, key: string, bucket: BucketSpec, maxSleepMs: number, tooLong: (waitMs: number) => Error): Promise<void> {
  for (;;) {
    const waitMs = await takeToken(db, key, bucket);
    if (waitMs === 0) return;
    if (waitMs > maxSleepMs) throw tooLong(waitMs);
    await new Promise((r) => setTimeout(r, waitMs));
  }
}

function methodOf(input: string | URL | Request, init: RequestInit | undefined): string {
  return (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
}

function pathnameOf(input: string | URL | Request): string {
  const url = input instanceof Request ? input.url : String(input);
  return URL.canParse(url) ? new URL(url).pathname : '';
}

function retryAfterHeaderMs(header: string | null): number {
  const seconds = Number(header ?? '');
  return header !== null && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}
