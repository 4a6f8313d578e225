import { sql } from 'kysely';
import type { ConnectionContext, Connector, ListingRef, PlatformKind } from '../connectors/types.ts';
import { failure, ok, type Result } from '../errors/index.ts';
import { isUniqueViolation, type ConnectionStatus, type Db } from '../store/index.ts';
import type { AllocationRule } from './allocation.ts';
import type { SecretBox } from './secrets.ts';

export interface Connection {
  id: string;
  name: string;
  platform: PlatformKind;
  baseUrl: string;
  status: ConnectionStatus;
  allocation: AllocationRule;
  /** The shop's own call limit (its plan), when it differs from the platform's default. */
  rateLimit: { capacity: number; refillPerSecond: number } | null;
  pullCursor: string | null;
  lastPullAt: string | null;
  lastPushAt: string | null;
  errorStreak: number;
  lastError: string | null;
  createdAt: string;
}

export interface ConnectionInput {
  name: string;
  platform: PlatformKind;
  baseUrl: string;
  credentials: Record<string, string>;
  allocation?: AllocationRule | undefined;
  rateLimit?: { capacity: number; refillPerSecond: number } | null | undefined;
}

type Row = {
  id: string; name: string; platform: PlatformKind; base_url: string; status: ConnectionStatus; allocation: unknown; rate_limit: { capacity: number; refillPerSecond: number } | null;
  pull_cursor: Date | null; last_pull_at: Date | null; last_push_at: Date | null; error_streak: number; last_error: string | null; created_at: Date;
};

const iso = (d: Date | null) => d?.toISOString() ?? null;

function toConnection(r: Row): Connection {
  return {
    id: r.id, name: r.name, platform: r.platform, baseUrl: r.base_url, status: r.status, allocation: (r.allocation ?? {}) as AllocationRule, rateLimit: r.rate_limit ?? null,
    pullCursor: iso(r.pull_cursor), lastPullAt: iso(r.last_pull_at), lastPushAt: iso(r.last_push_at),
    errorStreak: r.error_streak, lastError: r.last_error, createdAt: r.created_at.toISOString(),
  };
}

const publicColumns = ['id', 'name', 'platform', 'base_url', 'status', 'allocation', 'rate_limit', 'pull_cursor', 'last_pull_at', 'last_push_at', 'error_streak', 'last_error', 'created_at'] as const;

export interface ConnectionDeps {
  db: Db;
  secrets: SecretBox;
  connectorFor(kind: PlatformKind): Connector;
  fetch?: typeof fetch;
}

export function notFound(id: string) {
  return failure('CHANNEL.CONNECTION_NOT_FOUND', `No connection has id ${id}.`, { connectionId: id });
}

export async function createConnection(deps: ConnectionDeps, input: ConnectionInput): Promise<Result<Connection>> {
  try {
    const row = await deps.db.insertInto('connections').values({
      name: input.name, platform: input.platform, base_url: input.baseUrl.replace(/\/+$/, ''),
      credentials_enc: deps.secrets.seal(JSON.stringify(input.credentials)), allocation: JSON.stringify(input.allocation ?? {}),
      rate_limit: input.rateLimit ? JSON.stringify(input.rateLimit) : null,
    }).returning(publicColumns).executeTakeFirstOrThrow();
    return ok(toConnection(row));
  } catch (err) {
    if (isUniqueViolation(err)) return failure('CHANNEL.CONNECTION_EXISTS', `A connection named "${input.name}" already exists.`, { name: input.name });
    throw err;
  }
}

export async function getConnection(db: Db, id: string): Promise<Result<Connection>> {
  const row = await db.selectFrom('connections').select(publicColumns).where('id', '=', id).executeTakeFirst();
  return row ? ok(toConnection(row)) : notFound(id);
}

export async function listConnections(db: Db): Promise<Connection[]> {
  return (await db.selectFrom('connections').select(publicColumns).orderBy('id').execute()).map(toConnection);
}

export interface ConnectionPatch {
  status?: ConnectionStatus | undefined;
  allocation?: AllocationRule | undefined;
  /** A moved shop or gateway, or rotated credentials (sealed again before they are stored). */
  baseUrl?: string | undefined;
  credentials?: Record<string, string> | undefined;
  /** null goes back to the platform's default. */
  rateLimit?: { capacity: number; refillPerSecond: number } | null | undefined;
}

export async function updateConnection(deps: Pick<ConnectionDeps, 'db' | 'secrets'>, id: string, patch: ConnectionPatch): Promise<Result<Connection>> {
  const row = await deps.db.updateTable('connections').set({
    ...(patch.status ? { status: patch.status } : {}),
    ...(patch.allocation ? { allocation: JSON.stringify(patch.allocation) } : {}),
    ...(patch.baseUrl ? { base_url: patch.baseUrl.replace(/\/+$/, '') } : {}),
    ...(patch.credentials ? { credentials_enc: deps.secrets.seal(JSON.stringify(patch.credentials)) } : {}),
    ...(patch.rateLimit !== undefined ? { rate_limit: patch.rateLimit ? JSON.stringify(patch.rateLimit) : null } : {}),
    updated_at: new Date(),
  }).where('id', '=', id).returning(publicColumns).executeTakeFirst();
  return row ? ok(toConnection(row)) : notFound(id);
}

/** The connector and a call context for a connection, with its credentials decrypted in memory only. */
export async function contextOf(deps: ConnectionDeps, id: string, now: () => Date = () => new Date()): Promise<Result<{ connection: Connection; connector: Connector; ctx: ConnectionContext }>> {
  const row = await deps.db.selectFrom('connections').select([...publicColumns, 'credentials_enc']).where('id', '=', id).executeTakeFirst();
  if (!row) return notFound(id);
  const credentials = JSON.parse(deps.secrets.open(row.credentials_enc)) as Record<string, string>;
  const connector = deps.connectorFor(row.platform);
  return ok({
    connection: toConnection(row),
    // The shop's plan may allow more (or fewer) calls than the platform's default.
    connector: row.rate_limit ? { ...connector, rateLimit: row.rate_limit } : connector,
    ctx: { baseUrl: row.base_url, credentials, fetch: deps.fetch ?? fetch, now },
  });
}

/** Bookkeeping of a connection's health: the last success and the current error streak. */
export async function recordCall(db: Db, id: string, outcome: { kind: 'pull' | 'push'; error?: string | undefined; cursor?: Date | undefined }): Promise<void> {
  const at = new Date();
  await db.updateTable('connections').set({
    ...(outcome.error
      ? { error_streak: sql<number>`error_streak + 1`, last_error: outcome.error.slice(0, 1000) }
      : { error_streak: 0, last_error: null, ...(outcome.kind === 'pull' ? { last_pull_at: at } : { last_push_at: at }) }),
    ...(outcome.cursor ? { pull_cursor: outcome.cursor } : {}),
    updated_at: at,
  }).where('id', '=', id).execute();
}

export type { ListingRef };
