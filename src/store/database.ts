import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { lockDataDir, type DataDirLock } from './lock.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export interface StoreOptions {
  /** A PostgreSQL server. Without it the embedded PGlite store is used. */
  databaseUrl?: string | undefined;
  /** Folder of the embedded store (guarded by a lock file). Ignored with databaseUrl. */
  dataDir?: string | undefined;
  /** Embedded store in memory only (tests, benchmarks): nothing written, no lock. */
  memory?: boolean;
  /** Keep the hub's tables in this PostgreSQL schema instead of public. */
  schema?: string | undefined;
  poolSize?: number;
}

export interface Store {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Where the data lives, for messages: a folder or the server URL without its password. */
  location: string;
  close(): Promise<void>;
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
}

export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.databaseUrl) return openServerStore(options.databaseUrl, options);
  return openEmbeddedStore(options);
}

async function openServerStore(databaseUrl: string, options: StoreOptions): Promise<Store> {
  const schema = options.schema;
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  if (schema) await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(schema)}`.execute(db);
  return { db, kind: 'postgres', location: redactUrl(databaseUrl), close: () => db.destroy() };
}

async function openEmbeddedStore(options: StoreOptions): Promise<Store> {
  let lock: DataDirLock | undefined;
  let lite: PGlite;
  let location = 'memory';
  if (options.memory) {
    lite = await PGlite.create();
  } else {
    const dataDir = path.resolve(options.dataDir ?? './data');
    lock = lockDataDir(dataDir);
    location = dataDir;
    try {
      lite = await PGlite.create(path.join(dataDir, 'pgdata'));
    } catch (err) {
      lock.release();
      throw err;
    }
  }
  // pglite's own node-postgres adapter: one connection, so the pool serialises transactions.
  const pool = new pg.Pool(createPgConfig(lite) as unknown as pg.PoolConfig);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  if (options.schema) {
    await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(options.schema)}`.execute(db);
    await sql`SET search_path TO ${sql.id(options.schema)}`.execute(db);
  }
  return {
    db,
    kind: 'pglite',
    location,
    async close() {
      await db.destroy();
      await lite.close();
      lock?.release();
    },
  };
}
