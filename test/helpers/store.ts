import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { migrate, openStore, type Store } from '../../src/store/index.ts';

export type TestStore = Store & { dispose(): Promise<void> };

/**
 * A fresh, migrated store for one test file: in-memory PGlite by default, or a throw-away schema
 * on the PostgreSQL server named by DATABASE_URL (so the suite runs on both, as CI does).
 */
export async function openTestStore(options: { poolSize?: number } = {}): Promise<TestStore> {
  const databaseUrl = process.env.DATABASE_URL;
  const schema = databaseUrl ? `t_${randomBytes(6).toString('hex')}` : undefined;
  const store = await openStore(databaseUrl ? { databaseUrl, schema, poolSize: options.poolSize ?? 10 } : { memory: true });
  await migrate(store.db);
  return {
    ...store,
    async dispose() {
      if (schema) await sql`DROP SCHEMA ${sql.id(schema)} CASCADE`.execute(store.db);
      await store.close();
    },
  };
}
