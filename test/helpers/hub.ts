import pino from 'pino';
import { createServices, type HubServices } from '../../src/hub.ts';
import { openTestStore, type TestStore } from './store.ts';

export interface TestHub extends HubServices {
  store: TestStore;
  dispose(): Promise<void>;
}

export async function openTestHub(): Promise<TestHub> {
  const store = await openTestStore();
  const services = createServices(store, pino({ level: 'silent' }));
  return {
    ...services,
    store,
    async dispose() {
      await services.inventory.close();
      await store.dispose();
    },
  };
}
