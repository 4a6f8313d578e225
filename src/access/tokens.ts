import { createHash, randomBytes } from 'node:crypto';
import type { Db, Role } from '../store/index.ts';
import { failure, ok, type Result } from '../errors/index.ts';

export interface Principal {
  tokenId: string;
  name: string;
  role: Role;
}

export interface TokenInfo {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedToken extends TokenInfo {
  /** The secret itself: shown once, stored only as a hash. */
  token: string;
}

const TOKEN_PREFIX = 'osk_';

export function generateTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(24).toString('base64url');
}

/** Tokens are 192 random bits, so a fast hash is enough: there is nothing to brute-force. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

interface TokenRow {
  id: string; name: string; role: Role; token_prefix: string; created_by: string;
  created_at: Date; last_used_at: Date | null; revoked_at: Date | null;
}

function toInfo(row: TokenRow): TokenInfo {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    prefix: row.token_prefix,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

export interface AccessService {
  createToken(input: { name: string; role: Role; createdBy: string; secret?: string }): Promise<CreatedToken>;
  listTokens(): Promise<TokenInfo[]>;
  revokeToken(id: string): Promise<Result<TokenInfo>>;
  authenticate(secret: string): Promise<Principal | undefined>;
  /**
   * Makes sure an admin can get in: the token from OMNISYNC_ADMIN_TOKEN is registered if it is new;
   * without it, an admin token is generated when none is active. The secret is returned only when generated.
   */
  ensureAdminToken(fromEnv: string | undefined): Promise<{ created: boolean; generatedSecret?: string }>;
}

export interface AccessOptions {
  /** How long a verified token is trusted without asking the database again (revocation delay across processes). */
  cacheTtlMs?: number;
  now?: () => number;
}

export function createAccessService(db: Db, options: AccessOptions = {}): AccessService {
  const cacheTtlMs = options.cacheTtlMs ?? 5_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { principal: Principal | undefined; expiresAt: number }>();

  async function createToken(input: { name: string; role: Role; createdBy: string; secret?: string }): Promise<CreatedToken> {
    const secret = input.secret ?? generateTokenSecret();
    const row = await db
      .insertInto('access_tokens')
      .values({
        name: input.name,
        role: input.role,
        token_hash: hashToken(secret),
        token_prefix: secret.slice(0, 8),
        created_by: input.createdBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { ...toInfo(row), token: secret };
  }

  async function revokeToken(id: string): Promise<Result<TokenInfo>> {
    const row = await db
      .updateTable('access_tokens')
      .set({ revoked_at: new Date() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    cache.clear();
    if (row) return ok(toInfo(row));
    const existing = await db.selectFrom('access_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    if (existing) return ok(toInfo(existing));
    return failure('AUTH.TOKEN_NOT_FOUND', `No access token has id ${id}.`, { id });
  }

  async function authenticate(secret: string): Promise<Principal | undefined> {
    const hash = hashToken(secret);
    const cached = cache.get(hash);
    if (cached && cached.expiresAt > now()) return cached.principal;
    const row = await db
      .updateTable('access_tokens')
      .set({ last_used_at: new Date() })
      .where('token_hash', '=', hash)
      .where('revoked_at', 'is', null)
      .returning(['id', 'name', 'role'])
      .executeTakeFirst();
    const principal = row ? { tokenId: row.id, name: row.name, role: row.role } : undefined;
    if (cache.size > 10_000) cache.clear();
    cache.set(hash, { principal, expiresAt: now() + cacheTtlMs });
    return principal;
  }

  async function ensureAdminToken(fromEnv: string | undefined): Promise<{ created: boolean; generatedSecret?: string }> {
    if (fromEnv) {
      // Known in any state (even revoked): a revoked env token must stay revoked across restarts.
      const known = await db.selectFrom('access_tokens').select('id').where('token_hash', '=', hashToken(fromEnv)).executeTakeFirst();
      if (known) return { created: false };
      await createToken({ name: 'admin', role: 'admin', createdBy: 'env:OMNISYNC_ADMIN_TOKEN', secret: fromEnv });
      return { created: true };
    }
    const active = await db
      .selectFrom('access_tokens')
      .select('id')
      .where('role', '=', 'admin')
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (active) return { created: false };
    const created = await createToken({ name: 'admin', role: 'admin', createdBy: 'first-start' });
    return { created: true, generatedSecret: created.token };
  }

  async function listTokens(): Promise<TokenInfo[]> {
    const rows = await db.selectFrom('access_tokens').selectAll().orderBy('id').execute();
    return rows.map(toInfo);
  }

  return { createToken, listTokens, revokeToken, authenticate, ensureAdminToken };
}
