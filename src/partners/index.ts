/**
 * Partners: the ERP and the warehouses beside the channels. Released orders are handed to them as
 * jobs; what they report (shipments with tracking, counts, returns, receipts, product master data)
 * comes back into the ledger and out to the channels. Adapters translate; this module decides.
 */
import { failure, ok, type Result } from '../errors/index.ts';
import type { Job, WorkerExtension } from '../sync/index.ts';
import { erpAdapterFor } from './erp/index.ts';
import { wmsRestAdapter } from './wms/index.ts';
import { callContext } from './context.ts';
import type { PartnerDeps } from './deps.ts';
import { syncPartner } from './erp-feeds.ts';
import { announceInbound, cancelShipment, cancelSweep, exportToErp, releaseSweep, requestShipments } from './handoff.ts';
import { createPartner, credentialsOf, getPartner, listPartners, partnerNotFound, updatePartner, type Partner, type PartnerInput, type PartnerPatch } from './records.ts';
import { pullWarehouseEvents } from './wms-events.ts';
import type { ErpAdapter, WmsAdapter } from './types.ts';

export type { Partner, PartnerInput, PartnerPatch } from './records.ts';
export type { PartnerDeps } from './deps.ts';
export * from './types.ts';

export function erpAdapterOf(kind: Partner['adapter']): ErpAdapter {
  if (kind === 'wms-rest') throw new Error(`"${kind}" is not an ERP adapter`);
  return erpAdapterFor(kind);
}

export function wmsAdapterOf(kind: Partner['adapter']): WmsAdapter {
  if (kind === 'wms-rest') return wmsRestAdapter;
  throw new Error(`"${kind}" is not a warehouse adapter`);
}

export interface PartnerService {
  create(input: PartnerInput): Promise<Result<Partner>>;
  list(): Promise<Partner[]>;
  get(id: string): Promise<Result<Partner>>;
  update(id: string, patch: PartnerPatch): Promise<Result<Partner>>;
  /** A warehouse says there is news: its events are read now (the webhook carries none itself). */
  receiveWebhook(partnerId: string, headers: Record<string, string | string[] | undefined>, rawBody: Buffer): Promise<Result<{ accepted: boolean }>>;
  /** Queues a read of the partner's feeds now; the id of the job. */
  requestSync(partnerId: string): Promise<Result<string>>;
  /** What a warehouse's own books say it holds (for comparison with the hub). */
  warehouseStock(partnerId: string, warehouse: string): Promise<Result<{ sku: string; qty: number }[]>>;
  /** The hand-overs of one order: which partner has it, under which id, in which state. */
  handoffsOf(orderId: string): Promise<{ partnerId: string; purpose: string; externalId: string | null; status: string; warehouse: string | null; updatedAt: string }[]>;
  /** Releases ready orders and calls off cancelled ones now (the workers also do it every few hundred ms). */
  sweep(): Promise<{ released: number; cancelled: number }>;
  /** Job kinds and periodic tasks to run on the sync workers. */
  workerExtension(options?: { syncEveryMs?: number; sweepEveryMs?: number }): WorkerExtension;
}

export function createPartnerService(deps: PartnerDeps): PartnerService {
  const { db } = deps;
  const syncJob = (partnerId: string) => ({ kind: 'partner_sync', dedupeKey: `partner_sync:${partnerId}`, priority: 70, payload: { partnerId } });
  const queueSync = async (partnerIds: string[]) => db.transaction().execute((trx) => deps.enqueue(trx, partnerIds.map(syncJob)));
  const service: PartnerService = {
    create: (input) => createPartner(db, deps.secrets, input),
    list: () => listPartners(db),
    async get(id) {
      const partner = await getPartner(db, id);
      return partner ? ok(partner) : partnerNotFound(id);
    },
    update: (id, patch) => updatePartner(db, deps.secrets, id, patch),
    async receiveWebhook(partnerId, headers, rawBody) {
      const partner = await getPartner(db, partnerId);
      if (!partner || partner.kind !== 'wms') return partnerNotFound(partnerId);
      const credentials = await credentialsOf(db, deps.secrets, partnerId);
      if (!wmsAdapterOf(partner.adapter).verifyWebhook(headers, rawBody, credentials)) {
        deps.log.warn({ partner: partner.name, bytes: rawBody.length }, 'warehouse webhook with a bad signature refused');
        return failure('PARTNER.INVALID_SIGNATURE', `The webhook's signature does not match the secret of partner "${partner.name}".`, { partnerId });
      }
      await queueSync([partnerId]);
      return ok({ accepted: true });
    },
    async requestSync(partnerId) {
      const partner = await getPartner(db, partnerId);
      if (!partner) return partnerNotFound(partnerId);
      await queueSync([partnerId]);
      const job = await db.selectFrom('jobs').select('id').where('dedupe_key', '=', `partner_sync:${partnerId}`).orderBy('id', 'desc').executeTakeFirstOrThrow();
      return ok(job.id);
    },
    async warehouseStock(partnerId, warehouse) {
      const called = await callContext(deps, partnerId);
      if ('skipped' in called) return partnerNotFound(partnerId);
      return ok(await wmsAdapterOf(called.partner.adapter).stockOnHand(called.ctx, warehouse));
    },
    async handoffsOf(orderId) {
      const rows = await db.selectFrom('partner_orders').select(['partner_id', 'purpose', 'external_id', 'status', 'warehouse', 'updated_at']).where('order_id', '=', orderId).execute();
      return rows.map((r) => ({ partnerId: r.partner_id, purpose: r.purpose, externalId: r.external_id, status: r.status, warehouse: r.warehouse, updatedAt: r.updated_at.toISOString() }));
    },
    async sweep() {
      return { released: await releaseSweep(deps), cancelled: await cancelSweep(deps) };
    },
    workerExtension(options = {}) {
      return {
        handlers: {
          erp_export: (j: Job) => exportToErp(deps, j),
          wms_request: (j: Job) => requestShipments(deps, j),
          wms_cancel: (j: Job) => cancelShipment(deps, j),
          wms_inbound: (j: Job) => announceInbound(deps, j),
          partner_sync: (j: Job) => syncPartner(deps, j, pullWarehouseEvents),
        },
        scheduled: ['partner_sync'],
        periodic: [
          { name: 'release', everyMs: options.sweepEveryMs ?? 300, run: async () => void (await service.sweep()) },
          { name: 'partner feeds', everyMs: options.syncEveryMs ?? 5_000, run: async () => void (await queueSync((await listPartners(db)).filter((p) => p.status === 'active').map((p) => p.id))) },
        ],
      };
    },
  };
  return service;
}
