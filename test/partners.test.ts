import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startErpSim, type ErpSim } from '../sim/erp/index.ts';
import { startShopifySim, type ShopifySim } from '../sim/shopify/index.ts';
import { startWmsSim, type WmsSim } from '../sim/wms/index.ts';
import { buildServer, type ApiApp } from '../src/api/server.ts';
import { openTestHub, type TestHub } from './helpers/hub.ts';

/**
 * An order from a channel to the ERP and the warehouse and back with tracking, over real HTTP: the
 * simulators keep their own books, and the test compares them with the hub's.
 */
let hub: TestHub;
let app: ApiApp;
let shopify: ShopifySim;
let erp: ErpSim;
let wms: WmsSim;
let connectionId: string;
let erpId: string;
let wmsId: string;

const stock = { A: 40, B: 30 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

before(async () => {
  hub = await openTestHub({ partners: { syncEveryMs: 500, sweepEveryMs: 100 } });
  app = await buildServer(hub, { logger: false });
  const hubUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  await hub.inventory.createLocation({ code: 'WH', name: 'Warehouse', kind: 'warehouse' });
  await hub.inventory.createLocation({ code: 'SHOP', name: 'Shop floor', kind: 'store' });
  for (const [sku, qty] of Object.entries(stock)) {
    await hub.catalog.createProduct({ sku, name: sku, unitCost: '1.00', price: '5.00' });
    await hub.inventory.receive({ sku, location: 'WH', qty, idempotencyKey: `open-${sku}` }, 'test');
  }
  shopify = await startShopifySim({
    seed: 9, lifecycleDelayMs: [60_000, 60_000], demand: { unpaidShare: 0, paidCancelShare: 0 },
    catalog: [{ sku: 'A', qty: stock.A, price: '5.00' }, { sku: 'B', qty: stock.B, price: '5.00' }],
  });
  erp = await startErpSim({ seed: 2, locations: ['WH'] });
  wms = await startWmsSim({
    seed: 3, warehouses: [{ code: 'WH', stock: Object.entries(stock).map(([sku, qty]) => ({ sku, qty })) }],
    shipDelayMs: [50, 150], shortShipRate: 0, shrinkRate: 0, returnRate: 0, countEveryMs: 0, receiveDelayMs: [50, 100],
  });
  const created = await hub.channels.create({
    name: 'Shop', platform: 'shopify', baseUrl: shopify.url,
    credentials: { accessToken: shopify.credentials.accessToken, apiSecret: shopify.credentials.apiSecret, apiVersion: shopify.apiVersion, locationId: shopify.locationId },
  });
  assert.ok(created.ok);
  connectionId = created.value.id;
  assert.ok((await hub.channels.refreshListings(connectionId)).ok);
  const erpPartner = await hub.partners.create({ name: 'ERP', adapter: 'erp-rest', baseUrl: erp.url, credentials: erp.credentials });
  const wmsPartner = await hub.partners.create({ name: 'WMS', adapter: 'wms-rest', baseUrl: wms.url, credentials: wms.credentials, locations: ['WH'] });
  assert.ok(erpPartner.ok && wmsPartner.ok);
  erpId = erpPartner.value.id;
  wmsId = wmsPartner.value.id;
  shopify.control.setWebhookAddress!(`${hubUrl}/webhooks/shopify/${connectionId}`);
  wms.control.setWebhookAddress!(`${hubUrl}/webhooks/partners/${wmsId}`);
  hub.sync.startWorkers({ pollMs: 20, schedulePulls: false });
});

after(async () => {
  await app.close();
  await hub.dispose();
  await Promise.all([shopify.close(), erp.close(), wms.close()]);
});

test('a location is run by one warehouse system at most', async () => {
  const second = await hub.partners.create({ name: 'WMS 2', adapter: 'wms-rest', baseUrl: wms.url, credentials: wms.credentials, locations: ['SHOP', 'WH'] });
  assert.equal(second.ok ? 'created' : second.code, 'PARTNER.LOCATION_TAKEN');
});

test('paid orders go to the ERP once and to the warehouse, and come back shipped with tracking on the channel', async () => {
  shopify.control.generate({ count: 12, perSecond: 20 });
  await until('12 orders in the channel', () => shopify.state().orders.length === 12);
  await until('every order fulfilled on the channel', () => shopify.state().orders.every((o) => o.status === 'fulfilled'), 40_000);
  await until('quiet', async () => !(await hub.sync.busy()));
  const books = erp.state();
  const orders = (await hub.orders.list({ connectionId, limit: 50 })).items;
  assert.equal(orders.length, 12);
  assert.deepEqual(books.orders.map((o) => o.externalRef).sort(), orders.map((o) => o.id).sort(), 'each order booked in the ERP');
  assert.ok(books.orders.every((o) => o.lines.every((l) => ['A', 'B'].includes(l.sku))), 'the ERP books master SKUs');
  const shipped = wms.state().requests.filter((r) => r.status === 'shipped');
  assert.equal(shipped.length, 12);
  for (const r of shipped) {
    const order = shopify.state().orders.find((o) => o.id === orders.find((h) => h.id === r.requestId)?.externalId);
    assert.ok(order?.tracking.some((t) => t.number === r.trackingNumber), `tracking ${r.trackingNumber} on the channel`);
  }
  const handoffs = await hub.partners.handoffsOf(orders[0]!.id);
  assert.deepEqual(handoffs.map((h) => [h.purpose, h.status]).sort(), [['erp_order', 'sent'], ['shipment_request', 'shipped']]);
  for (const sku of ['A', 'B']) {
    const level = await hub.inventory.stockOf(sku);
    assert.ok(level.ok);
    assert.equal(level.value.reserved, 0, `${sku}: nothing left reserved`);
    assert.equal(level.value.onHand, wms.state().warehouses[0]!.stock.find((s) => s.sku === sku)?.qty, `${sku}: on hand as the warehouse books it`);
  }
});

test('a purchase receipt in the ERP at a warehouse location is booked when the warehouse receives it, not before', async () => {
  const before = await hub.inventory.stockOf('A');
  assert.ok(before.ok);
  erp.control.receipt({ sku: 'A', location: 'WH', qty: 25, purchaseOrder: 'PO-1' });
  await until('the warehouse received the goods', () => wms.state().notices.some((n: { status?: string }) => n.status === 'received'), 20_000);
  await until('the hub booked the receipt', async () => {
    const level = await hub.inventory.stockOf('A');
    return level.ok && level.value.onHand === before.value.onHand + 25;
  });
  const movements = await hub.inventory.listMovements({ sku: 'A', kind: 'receipt', limit: 10 });
  assert.ok(movements.ok);
  const booked = movements.value.items.filter((m) => m.onHandDelta === 25);
  assert.deepEqual(booked.map((m) => m.actor), ['wms:WMS'], 'booked once, by the warehouse');
});

test('a cycle count at the warehouse sets the hub on hand; an ERP count at a location without one is booked from the ERP', async () => {
  await wms.control.updateSettings({ shrinkRate: 0 });
  wms.control.countAll('WH');
  erp.control.count({ sku: 'B', location: 'SHOP', qty: 7 });
  assert.ok((await hub.partners.requestSync(wmsId)).ok);
  assert.ok((await hub.partners.requestSync(erpId)).ok);
  await until('the shop floor count', async () => {
    const level = await hub.inventory.stockOf('B');
    return level.ok && level.value.locations.find((l) => l.location === 'SHOP')?.onHand === 7;
  });
  const books = new Map(wms.state().warehouses[0]!.stock.map((s) => [s.sku, s.qty]));
  await until('the warehouse count applied', async () => {
    const levels = await Promise.all(['A', 'B'].map((sku) => hub.inventory.stockOf(sku)));
    return levels.every((l, i) => l.ok && l.value.locations.find((x) => x.location === 'WH')?.onHand === books.get(['A', 'B'][i]!));
  });
});

test('a new product in the ERP master appears in the catalog', async () => {
  erp.control.product({ sku: 'C', name: 'New from the ERP', unitCost: '2.50', price: '9.90' });
  assert.ok((await hub.partners.requestSync(erpId)).ok);
  await until('product C', async () => (await hub.catalog.getProduct('C')).ok);
  const product = await hub.catalog.getProduct('C');
  assert.ok(product.ok);
  assert.equal(product.value.name, 'New from the ERP');
});

test('a warehouse webhook with a bad signature is refused with 401', async () => {
  const response = await app.inject({ method: 'POST', url: `/webhooks/partners/${wmsId}`, payload: '{"seq":1,"type":"cycle_count"}', headers: { 'content-type': 'application/json', 'x-wms-signature': 'bm9wZQ==' } });
  assert.equal(response.statusCode, 401);
  assert.equal(response.json().error.code, 'PARTNER.INVALID_SIGNATURE');
});
