import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { OmnisyncError } from '../errors/index.ts';

export const migrationsDir = fileURLToPath(new URL('../../migrations/', import.meta.url));

export interface Migration {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir: string = migrationsDir): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(`${dir}/${file}`, 'utf8');
      return {
        version: file.slice(0, 4),
        name: file.replace(/\.sql$/, ''),
        sql: text,
        checksum: createHash('sha256').update(text).digest('hex'),
      };
    });
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: string[];
}

/**
 * Applies the migrations not yet recorded, each in its own transaction, in file order.
 * An advisory lock makes concurrent starters wait for each other instead of racing.
 * An applied migration whose file changed is an error: history is fixed by a new migration.
 */
export async function migrate(db: Kysely<any>, migrations: Migration[] = readMigrations()): Promise<MigrationReport> {
  const report: MigrationReport = { applied: [], alreadyApplied: [] };
  await db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(hashtext('omnisync.migrate'))`.execute(conn);
    try {
      await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
        version text PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now())`.execute(conn);
      const rows = await sql<{ version: string; checksum: string }>`SELECT version, checksum FROM schema_migrations`.execute(conn);
      const applied = new Map(rows.rows.map((r) => [r.version, r.checksum]));
      for (const m of migrations) {
        const known = applied.get(m.version);
        if (known !== undefined) {
          if (known !== m.checksum) {
            throw new OmnisyncError('STORE.MIGRATION_CHANGED', `Migration ${m.name} was edited after it was applied.`, { migration: m.name });
          }
          report.alreadyApplied.push(m.name);
          continue;
        }
        await conn.transaction().execute(async (trx) => {
          await sql.raw(m.sql).execute(trx);
          await sql`INSERT INTO schema_migrations (version, name, checksum) VALUES (${m.version}, ${m.name}, ${m.checksum})`.execute(trx);
        });
        report.applied.push(m.name);
      }
    } finally {
      await sql`SELECT pg_advisory_unlock(hashtext('omnisync.migrate'))`.execute(conn);
    }
  });
  return report;
}

/** Migrations present as files but not applied to this database (readiness check). */
export async function pendingMigrations(db: Kysely<any>, migrations: Migration[] = readMigrations()): Promise<string[]> {
  const rows = await sql<{ version: string }>`SELECT version FROM schema_migrations`.execute(db).catch(() => ({ rows: [] }));
  const applied = new Set(rows.rows.map((r) => r.version));
  return migrations.filter((m) => !applied.has(m.version)).map((m) => m.name);
}
