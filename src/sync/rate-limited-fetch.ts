import { PlatformError } from '../connectors/types.ts';
import type { Db } from '../store/index.ts';
import { takeToken, type BucketSpec } from './rate-limit.ts';

/**
 * Wraps fetch so that every call a connector makes takes a token from the connection's shared bucket
 * first. Short waits are slept through; a long one gives the job back to the queue instead of
 * holding a worker slot.
 */
export function rateLimitedFetch(db: Db, key: string, bucket: BucketSpec, inner: typeof fetch = fetch, maxSleepMs = 1_000): typeof fetch {
  return async (input, init) => {
    for (;;) {
      const waitMs = await takeToken(db, key, bucket);
      if (waitMs === 0) return inner(input, init);
      if (waitMs > maxSleepMs) throw new PlatformError('rate_limited', `local rate limit for ${key}: next call in ${waitMs} ms`, waitMs);
      await new Promise((r) => setTimeout(r, waitMs));
    }
  };
}
