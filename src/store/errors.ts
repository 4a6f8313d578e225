/** PostgreSQL error classes the hub reacts to (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
function pgCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

export function isUniqueViolation(err: unknown): boolean {
  return pgCode(err) === '23505';
}

/** Deadlock and serialization failures: the transaction did nothing and can simply run again. */
export function isRetryableConflict(err: unknown): boolean {
  const code = pgCode(err);
  return code === '40P01' || code === '40001';
}

export async function withRetry<T>(fn: () => Promise<T>, attempts = 5, retryIf = isRetryableConflict): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts || !retryIf(err)) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 10 * i));
    }
  }
}
