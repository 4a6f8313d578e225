import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { startErpSim, type ErpSim } from '../../../sim/erp/index.ts';
import { PlatformError } from '../../connectors/index.ts';
import type { ErpOrderExport, PartnerContext } from '../types.ts';
import { erpRestAdapter, ERP_PAGE_SIZE } from './index.ts';

let sim: ErpSim;

before(async () => {
  sim = await startErpSim({
    seed: 5,
    products: [
      { sku: 'TEA-1', name: 'Longjing 250 g', unitCost: '41.5', price: '128.00', barcode: '6901234567892' },
      { sku: 'CUP-1', name: 'Celadon cup', unitCost: null, price: '49.00', currency: null },
    ],
  });
});
after(() => sim.close());

const now = new Date('2025-04-02T16:00:00Z');
const ctx = (credentials: Record<string, string> = sim.credentials, baseUrl = sim.url): PartnerContext =>
  ({ baseUrl, credentials, fetch, now: () => now, settings: {} });

function order(orderId: string): ErpOrderExport {
  return {
    orderId, channel: 'tmall-main', platform: 'taobao', externalId: '4033160723942578313', number: '4033160723942578313',
    createdAt: '2025-04-02T15:58:01.000Z', currency: 'CNY', total: '177.00', buyerName: '张三',
    shippingAddress: { name: '张三', line1: '文三路 90 号', line2: null, city: '杭州市', province: '浙江省', postalCode: '310012', country: 'CN', phone: '13800000000' },
    lines: [
      { lineNo: 1, sku: 'TEA-1', title: 'Longjing, "Ming Qian"', qty: 1, unitPrice: '128.00' },
      { lineNo: 2, sku: 'CUP-1', title: 'Celadon cup', qty: 1, unitPrice: '49.00' },
    ],
  };
}

async function rejection(promise: Promise<unknown>): Promise<PlatformError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof PlatformError, `expected a PlatformError, got ${err}`);
    return err;
  }
  assert.fail('expected the call to fail');
}

test('exporting an order twice books it once in the ERP and answers the same id both times', async () => {
  const first = await erpRestAdapter.exportOrder(ctx(), order('ord-1'));
  const second = await erpRestAdapter.exportOrder(ctx(), order('ord-1'));
  assert.equal(first.created, true);
  assert.deepEqual(second, { erpOrderId: first.erpOrderId, created: false });
  const booked = sim.state().orders.filter((o) => o.externalRef === 'ord-1');
  assert.equal(booked.length, 1);
  assert.equal(booked[0]!.id, first.erpOrderId);
  assert.equal(booked[0]!.postedTimes, 2);
  assert.equal(booked[0]!.idempotencyKey, 'ord-1');
  assert.equal(booked[0]!.channelOrderId, '4033160723942578313');
  assert.deepEqual(booked[0]!.customer, { name: '张三' });
  assert.equal((booked[0]!.shipTo as { city: string }).city, '杭州市');
  assert.deepEqual(booked[0]!.lines.map((l) => [l.lineNo, l.sku, l.description, l.qty, l.unitPrice]), [
    [1, 'TEA-1', 'Longjing, "Ming Qian"', 1, '128.00'],
    [2, 'CUP-1', 'Celadon cup', 1, '49.00'],
  ]);
});

test('an order the ERP refuses is a permanent failure carrying the ERP error code', async () => {
  const bad = order('ord-bad');
  bad.lines[0]!.qty = 0;
  const err = await rejection(erpRestAdapter.exportOrder(ctx(), bad));
  assert.equal(err.kind, 'permanent');
  assert.equal(err.platformCode, 'VALIDATION_FAILED');
  assert.match(err.message, /^POST \/api\/v1\/sales-orders: HTTP 422 VALIDATION_FAILED: lines\[0\]\.qty must be a whole number >= 1$/);
  assert.equal(sim.state().orders.some((o) => o.externalRef === 'ord-bad'), false);
});

test('a wrong or missing API key is an auth failure', async () => {
  const wrong = await rejection(erpRestAdapter.products(ctx({ apiKey: 'wrong' }), null));
  assert.deepEqual([wrong.kind, wrong.platformCode], ['auth', 'UNAUTHORIZED']);
  const missing = await rejection(erpRestAdapter.exportOrder(ctx({}), order('ord-2')));
  assert.equal(missing.kind, 'auth');
  assert.equal(sim.state().orders.some((o) => o.externalRef === 'ord-2'), false);
});

test('the products feed hands out the master, then only what changed after the cursor', async () => {
  const first = await erpRestAdapter.products(ctx(), null);
  assert.deepEqual(first.items, [
    { sku: 'TEA-1', name: 'Longjing 250 g', unitCost: '41.5000', price: '128.0000', currency: 'USD', barcode: '6901234567892' },
    { sku: 'CUP-1', name: 'Celadon cup', unitCost: null, price: '49.0000', currency: null, barcode: null },
  ]);
  assert.deepEqual([first.cursor, first.more], ['2', false]);
  const unchanged = await erpRestAdapter.products(ctx(), first.cursor);
  assert.deepEqual(unchanged, { items: [], cursor: '2', more: false });
  sim.control.product({ sku: 'CUP-1', name: 'Celadon cup', unitCost: '12', price: '45.00' });
  const changed = await erpRestAdapter.products(ctx(), first.cursor);
  assert.deepEqual(changed.items.map((p) => [p.sku, p.unitCost, p.price]), [['CUP-1', '12.0000', '45.0000']]);
  assert.equal(changed.cursor, '3');
});

test('receipts are read page by page after the last sequence seen, with more while pages are full', async () => {
  for (let i = 1; i <= ERP_PAGE_SIZE + 3; i++) sim.control.receipt({ sku: 'TEA-1', location: 'WH-1', qty: i, purchaseOrder: i === 1 ? 'PO-1' : null });
  const page1 = await erpRestAdapter.receipts(ctx(), null);
  assert.equal(page1.items.length, ERP_PAGE_SIZE);
  assert.deepEqual([page1.cursor, page1.more], [String(ERP_PAGE_SIZE), true]);
  assert.deepEqual(page1.items[0], { receiptId: 'RCV-000001', purchaseOrder: 'PO-1', sku: 'TEA-1', location: 'WH-1', qty: 1, receivedAt: sim.state().receipts[0]!.receivedAt });
  const page2 = await erpRestAdapter.receipts(ctx(), page1.cursor);
  assert.deepEqual(page2.items.map((r) => r.qty), [ERP_PAGE_SIZE + 1, ERP_PAGE_SIZE + 2, ERP_PAGE_SIZE + 3]);
  assert.deepEqual([page2.cursor, page2.more], [String(ERP_PAGE_SIZE + 3), false]);
  assert.deepEqual(await erpRestAdapter.receipts(ctx(), page2.cursor), { items: [], cursor: page2.cursor, more: false });
});

test('stock counts are read after the cursor, a zero count included', async () => {
  sim.control.count({ sku: 'CUP-1', location: 'WH-1', qty: 0 });
  sim.control.count({ sku: 'TEA-1', location: 'WH-2', qty: 17 });
  const feed = await erpRestAdapter.stockCounts(ctx(), '1');
  assert.deepEqual(feed.items.map((c) => [c.countId, c.sku, c.location, c.qty]), [['CNT-000002', 'TEA-1', 'WH-2', 17]]);
  assert.equal(feed.cursor, '2');
  assert.equal(feed.items[0]!.countedAt, sim.state().counts[1]!.countedAt);
});

test('an ERP outage is transient, and the order posted after it is booked once', async () => {
  sim.control.setFaults({ outage: { forMs: 60_000 } });
  try {
    const err = await rejection(erpRestAdapter.exportOrder(ctx(), order('ord-3')));
    assert.deepEqual([err.kind, err.platformCode], ['transient', 'UNAVAILABLE']);
  } finally {
    sim.control.setFaults({ outage: { forMs: 0 } });
  }
  assert.equal((await erpRestAdapter.exportOrder(ctx(), order('ord-3'))).created, true);
  assert.equal(sim.state().orders.filter((o) => o.externalRef === 'ord-3').length, 1);
});

test('injected errors are transient 5xx or rate limits that carry the Retry-After wait', async () => {
  sim.control.setFaults({ errorRate: 1 });
  const kinds = new Set<string>();
  try {
    for (let i = 0; i < 20; i++) {
      const err = await rejection(erpRestAdapter.stockCounts(ctx(), null));
      kinds.add(err.kind);
      if (err.kind === 'rate_limited') assert.equal(err.retryAfterMs, 1000);
      else assert.match(err.message, /^GET \/api\/v1\/stock-counts: HTTP 50[023] INTERNAL/);
    }
  } finally {
    sim.control.setFaults({ errorRate: 0 });
  }
  assert.deepEqual([...kinds].sort(), ['rate_limited', 'transient']);
});

test('an unreachable ERP is transient, a feed that goes backwards is permanent', async () => {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: [{ seq: 7, id: 'R7', sku: 'A', location: 'L', qty: 1, receivedAt: '2025-04-02T10:00:00Z' }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const backwards = await rejection(erpRestAdapter.receipts(ctx(sim.credentials, url), '9'));
    assert.equal(backwards.kind, 'permanent');
    assert.match(backwards.message, /item 1: seq 7 does not follow 9/);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  const unreachable = await rejection(erpRestAdapter.receipts(ctx(sim.credentials, url), null));
  assert.equal(unreachable.kind, 'transient');
  assert.match(unreachable.message, /network error/);
});
