import path from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  OMNISYNC_DB_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).optional(),
  OMNISYNC_DATA_DIR: z.string().default('./data'),
  OMNISYNC_ADMIN_TOKEN: z.string().min(16).optional(),
  OMNISYNC_SECRET_KEY: z.string().optional(),
  OMNISYNC_URL: z.string().url().optional(),
  OMNISYNC_TOKEN: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  /** A PostgreSQL server; when absent the embedded PGlite store in `dataDir` is used. */
  databaseUrl: string | undefined;
  /** PostgreSQL schema to keep the hub's tables in (default: public). */
  dbSchema: string | undefined;
  dataDir: string;
  adminToken: string | undefined;
  /** Key for credentials at rest (64 hex chars); else a key file in dataDir is created on first start. */
  secretKey: string | undefined;
  /** Where a running hub answers, for CLI commands that go through the API. */
  hubUrl: string | undefined;
  hubToken: string | undefined;
  logLevel: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid environment: ${fields}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dbSchema: e.OMNISYNC_DB_SCHEMA,
    dataDir: path.resolve(e.OMNISYNC_DATA_DIR),
    adminToken: e.OMNISYNC_ADMIN_TOKEN,
    secretKey: e.OMNISYNC_SECRET_KEY,
    hubUrl: e.OMNISYNC_URL,
    hubToken: e.OMNISYNC_TOKEN,
    logLevel: e.LOG_LEVEL,
  };
}
