import { createHash } from 'node:crypto';
import { failure, type Failure } from '../errors/index.ts';
import type { Db } from '../store/index.ts';

type Executor = Db;

/** sha256 of the request in a canonical form: same request ⇒ same fingerprint, whatever the key order. */
export function fingerprintOf(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export type OperationStart =
  | { state: 'new'; operationId: string }
  | { state: 'replay'; operationId: string }
  | Failure;

/**
 * Claims an idempotency key inside the caller's transaction. If another transaction holds the same
 * key uncommitted, PostgreSQL makes this insert wait for it, so two concurrent calls cannot both win.
 * A key reused for a different request is refused rather than silently answered with the old result.
 */
export async function beginOperation(
  trx: Executor,
  op: { key: string; kind: string; fingerprint: string; actor: string },
): Promise<OperationStart> {
  const inserted = await trx
    .insertInto('stock_operations')
    .values({ idempotency_key: op.key, kind: op.kind, fingerprint: op.fingerprint, actor: op.actor })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { state: 'new', operationId: inserted.id };
  const existing = await trx
    .selectFrom('stock_operations')
    .select(['id', 'kind', 'fingerprint'])
    .where('idempotency_key', '=', op.key)
    .executeTakeFirstOrThrow();
  if (existing.kind !== op.kind || existing.fingerprint !== op.fingerprint) {
    return failure('IDEMPOTENCY.KEY_REUSED', `The idempotency key "${op.key}" was already used for a different ${existing.kind} request.`, {
      idempotencyKey: op.key,
      firstKind: existing.kind,
    });
  }
  return { state: 'replay', operationId: existing.id };
}
