/**
 * Reading an ERP's feeds: product master data, stock counts and purchase receipts, each after its own
 * cursor, which moves only past records applied. A receipt or count at a location that a warehouse
 * system runs is not booked from the ERP: the warehouse's own events are the shelf's truth there (a
 * receipt becomes an inbound notice to the warehouse and is booked when it confirms the goods; two
 * sources booking one delivery would count it twice).
 */
import type { Job } from '../sync/index.ts';
import { callContext, withHealth } from './context.ts';
import type { PartnerDeps } from './deps.ts';
import { HANDOFF_PRIORITY, warehousesByLocation } from './handoff.ts';
import { saveCursor, type Partner } from './records.ts';
import type { ErpProduct, ErpReceipt, ErpStockCount, Feed, PartnerContext } from './types.ts';

const MAX_PAGES = 20;

async function readFeed<T>(deps: PartnerDeps, partner: Partner, feed: string, read: (cursor: string | null) => Promise<Feed<T>>, apply: (item: T) => Promise<void>): Promise<number> {
  let cursor = partner.cursors[feed] ?? null;
  let applied = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await withHealth(deps, partner.id, () => read(cursor));
    for (const item of result.items) {
      await apply(item);
      applied++;
    }
    if (result.cursor !== null && result.cursor !== cursor) {
      cursor = result.cursor;
      await saveCursor(deps.db, partner.id, feed, cursor);
    }
    if (!result.more || result.items.length === 0) break;
  }
  return applied;
}

async function applyProduct(deps: PartnerDeps, p: ErpProduct): Promise<void> {
  const fields = { name: p.name, ...(p.unitCost ? { unitCost: p.unitCost } : {}), ...(p.price ? { price: p.price } : {}), ...(p.currency ? { currency: p.currency } : {}), ...(p.barcode ? { barcode: p.barcode } : {}) };
  const existing = await deps.catalog.getProduct(p.sku);
  const result = existing.ok ? await deps.catalog.updateProduct(p.sku, fields) : await deps.catalog.createProduct({ sku: p.sku, ...fields });
  if (!result.ok) deps.log.warn({ sku: p.sku, code: result.code, message: result.message }, 'ERP product not applied');
}

export async function syncErp(deps: PartnerDeps, partner: Partner, ctx: PartnerContext): Promise<Record<string, number>> {
  const adapter = deps.erpAdapter(partner.adapter);
  const warehouses = await warehousesByLocation(deps);
  const actor = `erp:${partner.name}`;
  // Record ids restart when the ERP is replaced (records.ts resetCursors bumps the epoch).
  const key = (what: string, id: string) => `erp:${partner.id}:${partner.cursors.epoch ? `${partner.cursors.epoch}:` : ''}${what}:${id}`;
  const warn = (what: string, r: { ok: boolean; code?: string; message?: string }, item: unknown) => {
    if (!r.ok) deps.log.warn({ partner: partner.name, item, code: r.code, message: r.message }, `ERP ${what} not applied`);
  };
  const products = await readFeed(deps, partner, 'products', (c) => adapter.products(ctx, c), (p) => applyProduct(deps, p));
  const counts = await readFeed(deps, partner, 'counts', (c) => adapter.stockCounts(ctx, c), async (c: ErpStockCount) => {
    if (warehouses.has(c.location)) return deps.log.info({ partner: partner.name, count: c }, 'ERP count skipped: the warehouse system counts this location');
    warn('count', await deps.inventory.count({ sku: c.sku, location: c.location, counted: c.qty, idempotencyKey: key('count', c.countId), reason: 'ERP stock count', reference: c.countId }, actor), c);
  });
  const receipts = await readFeed(deps, partner, 'receipts', (c) => adapter.receipts(ctx, c), async (r: ErpReceipt) => {
    const warehouse = warehouses.get(r.location);
    if (!warehouse) {
      warn('receipt', await deps.inventory.receive({ sku: r.sku, location: r.location, qty: r.qty, idempotencyKey: key('receipt', r.receiptId), reference: r.purchaseOrder ?? r.receiptId }, actor), r);
      return;
    }
    const notice = { noticeId: key('receipt', r.receiptId).replaceAll(':', '-'), warehouse: r.location, reference: r.purchaseOrder, lines: [{ sku: r.sku, qty: r.qty }] };
    await deps.db.transaction().execute((trx) => deps.enqueue(trx, [{ kind: 'wms_inbound', dedupeKey: `wms_inbound:${notice.noticeId}`, priority: HANDOFF_PRIORITY, payload: { partnerId: warehouse.id, notice } }]));
  });
  return { products, counts, receipts };
}

/** One job per partner reads everything new: the ERP's feeds, or the warehouse's events. */
export async function syncPartner(deps: PartnerDeps, j: Job, warehouse: (deps: PartnerDeps, partner: Partner, ctx: PartnerContext) => Promise<unknown>): Promise<unknown> {
  const { partnerId } = j.payload as { partnerId: string };
  const called = await callContext(deps, partnerId);
  if ('skipped' in called) return called;
  return called.partner.kind === 'erp' ? syncErp(deps, called.partner, called.ctx) : warehouse(deps, called.partner, called.ctx);
}
