import pino, { type Logger } from 'pino';
import { createAccessService, type AccessService } from './access/index.ts';
import { createCatalogService, type CatalogService } from './catalog/index.ts';
import type { Config } from './config.ts';
import { createInventoryService, type InventoryService } from './inventory/index.ts';
import { migrate, openStore, type Store, type StoreOptions } from './store/index.ts';

/** Everything a route, a CLI command or a worker may call. Built once by `openHub`. */
export interface HubServices {
  store: Store;
  access: AccessService;
  catalog: CatalogService;
  inventory: InventoryService;
  log: Logger;
}

export interface Hub extends HubServices {
  close(): Promise<void>;
}

export interface OpenHubOptions {
  store?: Partial<StoreOptions>;
  log?: Logger;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
}

export function storeOptionsFrom(config: Config): StoreOptions {
  return { databaseUrl: config.databaseUrl, dataDir: config.dataDir, schema: config.dbSchema };
}

/** Wires the modules over an open store: the one place where they meet. */
export function createServices(store: Store, log: Logger): HubServices {
  const access = createAccessService(store.db);
  const catalog = createCatalogService(store.db);
  const embedded = store.kind === 'pglite';
  const inventory = createInventoryService(store.db, { catalog, reserveConcurrency: embedded ? 1 : 2, reserveLingerMs: embedded ? 2 : 0 });
  return { store, access, catalog, inventory, log };
}

export async function openHub(config: Config, options: OpenHubOptions = {}): Promise<Hub> {
  const log = options.log ?? pino({ level: config.logLevel });
  const store = await openStore({ ...storeOptionsFrom(config), ...options.store });
  try {
    if (options.migrate !== false) {
      const report = await migrate(store.db);
      if (report.applied.length > 0) log.info({ applied: report.applied }, 'migrations applied');
    }
    const services = createServices(store, log);
    return {
      ...services,
      async close() {
        await services.inventory.close();
        await store.close();
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}
