export { openStore, type Db, type Store, type StoreOptions } from './database.ts';
export { migrate, pendingMigrations, readMigrations, type MigrationReport } from './migrate.ts';
export { lockDataDir } from './lock.ts';
export type * from './schema.ts';
export { isUniqueViolation, isRetryableConflict, withRetry } from './errors.ts';
export { keysetPage } from './paging.ts';
