import type { Logger } from 'pino';
import type { CatalogService } from '../catalog/index.ts';
import type { ChannelService, SecretBox } from '../channels/index.ts';
import type { InventoryService } from '../inventory/index.ts';
import type { OrderService } from '../orders/index.ts';
import type { Db } from '../store/index.ts';
import type { JobSpec } from '../sync/index.ts';
import type { ErpAdapter, PartnerContext, WmsAdapter } from './types.ts';
import type { Partner } from './records.ts';

/** What the partner jobs need from the rest of the hub; main wiring passes the real services. */
export interface PartnerDeps {
  db: Db;
  log: Logger;
  secrets: SecretBox;
  now(): Date;
  fetch: typeof fetch;
  erpAdapter(kind: Partner['adapter']): ErpAdapter;
  wmsAdapter(kind: Partner['adapter']): WmsAdapter;
  catalog: Pick<CatalogService, 'createProduct' | 'updateProduct' | 'getProduct'>;
  inventory: Pick<InventoryService, 'within' | 'getReservation' | 'count' | 'receive' | 'returnToStock' | 'adjust'>;
  orders: Pick<OrderService, 'ship'>;
  channels: Pick<ChannelService, 'get'>;
  /** The sync module's outbox, in the caller's transaction. */
  enqueue(trx: Db, specs: JobSpec[]): Promise<void>;
  /** The job that pushes a fulfilment to the order's channel (written with the shipment). */
  enqueueFulfilment: Parameters<OrderService['ship']>[3];
}

export type PartnerCall = { partner: Partner; ctx: PartnerContext };
