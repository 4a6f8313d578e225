import pino from 'pino';
import { randomBytes } from 'node:crypto';
import { createServices, type HubServices, type ServiceOptions } from '../../src/hub.ts';
import { openTestStore, type TestStore } from './store.ts';

export interface TestHub extends HubServices {
  store: TestStore;
  dispose(): Promise<void>;
}

export async function openTestHub(options: Partial<ServiceOptions> = {}): Promise<TestHub> {
  const store = await openTestStore();
  const services = createServices(store, pino({ level: 'silent' }), { secretKey: randomBytes(32), ...options });
  return {
    ...services,
    store,
    async dispose() {
      await services.sync.stopWorkers();
      await services.inventory.close();
      await store.dispose();
    },
  };
}
