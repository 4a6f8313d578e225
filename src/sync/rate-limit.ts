import { sql } from 'kysely';
import { PlatformError } from '../connectors/types.ts';
import type { Db } from '../store/index.ts';

export interface BucketSpec {
  capacity: number;
  refillPerSecond: number;
}

/** A bucket of one platform operation (Amazon SP-API limits each operation on its own). */
export interface OperationBucket extends BucketSpec {
  name: string;
}

/** The bucket of one connection: the platform counts calls per shop and app. */
export const rateKeyOf = (connectionId: string) => `rate:${connectionId}`;

/**
 * The bucket of one operation of a connection. The job claim looks only at the connection's own key
 * (rateKeyOf), so an empty operation bucket never keeps the connection's other work waiting.
 */
export const operationRateKeyOf = (connectionKey: string, operation: string) => `${connectionKey}:${operation}`;

/**
 * One operation's limit was reached (our bucket or the platform's 429). Only that operation waits:
 * whoever handles it must not drain the connection's bucket, or every other operation would wait too.
 */
export class OperationRateLimited extends PlatformError {
  constructor(readonly operation: string, message: string, retryAfterMs: number, platformCode: string | null = null) {
    super('rate_limited', message, retryAfterMs, platformCode);
  }
}

/**
 * Takes one token from a token bucket kept in the database, so every worker process shares the
 * platform's limit (a platform counts calls per app or shop, not per process). Returns 0 when the
 * token was taken, else how long to wait before one is there.
 */
export async function takeToken(db: Db, key: string, bucket: BucketSpec): Promise<number> {
  const { capacity, refillPerSecond } = bucket;
  const refilled = sql<number>`least(${capacity}::float8,
      rate_buckets.tokens + extract(epoch FROM clock_timestamp() - rate_buckets.updated_at) * ${refillPerSecond}::float8)`;
  const taken = await sql<{ tokens: number }>`
    INSERT INTO rate_buckets (key, tokens, refill_per_second, updated_at) VALUES (${key}, ${capacity - 1}::float8, ${refillPerSecond}::float8, clock_timestamp())
    ON CONFLICT (key) DO UPDATE SET tokens = ${refilled} - 1, refill_per_second = ${refillPerSecond}::float8, updated_at = clock_timestamp()
     WHERE ${refilled} >= 1
    RETURNING tokens`.execute(db);
  if (taken.rows.length > 0) return 0;
  const current = await sql<{ tokens: number }>`SELECT ${refilled} AS tokens FROM rate_buckets WHERE key = ${key}`.execute(db);
  const tokens = current.rows[0]?.tokens ?? 0;
  return Math.max(1, Math.ceil(((1 - tokens) / refillPerSecond) * 1000));
}

/** After a platform said "too many requests": empty the bucket so that no process calls again before it refills. */
export async function drainBucket(db: Db, key: string, waitMs: number, bucket: BucketSpec): Promise<void> {
  const tokens = -(waitMs / 1000) * bucket.refillPerSecond;
  await sql`INSERT INTO rate_buckets (key, tokens, refill_per_second, updated_at) VALUES (${key}, ${tokens}, ${bucket.refillPerSecond}::float8, clock_timestamp())
            ON CONFLICT (key) DO UPDATE SET tokens = least(rate_buckets.tokens, ${tokens}), updated_at = clock_timestamp()`.execute(db);
}

export interface BucketState {
  /** The connection's own bucket (operation null) or one operation's. */
  operation: string | null;
  /** Tokens now, refilled to this moment; below 0 after a platform asked us to wait. */
  tokens: number;
  refillPerSecond: number;
  /** How long until the next call may be made (0: now). */
  nextCallInMs: number;
}

/** The buckets under a connection's key, as they stand now. */
export async function bucketStates(db: Db, connectionKey: string, capacities: (operation: string | null) => number | null): Promise<BucketState[]> {
  const rows = await sql<{ key: string; tokens: number; refill_per_second: number; elapsed_s: number }>`
    SELECT key, tokens, refill_per_second, extract(epoch FROM clock_timestamp() - updated_at)::float8 AS elapsed_s
      FROM rate_buckets WHERE key = ${connectionKey} OR key LIKE ${`${connectionKey}:%`} ORDER BY key`.execute(db);
  return rows.rows.map((r) => {
    const operation = r.key === connectionKey ? null : r.key.slice(connectionKey.length + 1);
    // The table keeps no capacity (the connector declares it): the caller caps the refill.
    const tokens = Math.min(capacities(operation) ?? Number.POSITIVE_INFINITY, r.tokens + r.elapsed_s * r.refill_per_second);
    return {
      operation,
      tokens: Math.round(tokens * 100) / 100, refillPerSecond: r.refill_per_second,
      nextCallInMs: tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / r.refill_per_second) * 1000),
    };
  });
}
