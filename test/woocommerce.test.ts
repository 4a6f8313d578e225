import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startWooSim, type WooSim } from '../sim/woocommerce/index.ts';
import { buildServer, type ApiApp } from '../src/api/server.ts';
import { woocommerceConnector as woo } from '../src/connectors/woocommerce/index.ts';
import { PlatformError, type ConnectionContext, type ListingRef, type RawRecord } from '../src/connectors/types.ts';
import { openTestHub, type TestHub } from './helpers/hub.ts';

/**
 * The WooCommerce connector against the simulator over real HTTP (OAuth 1.0a over http), then a hub
 * on PGlite with a WooCommerce connection whose webhooks point at the hub's HTTP server.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

// 130 simple products and a variable one with three variations: more than one batch, and both kinds of listing.
const bigCatalog = [
  ...Array.from({ length: 130 }, (_, i) => ({ sku: `TEA-${String(i).padStart(3, '0')}`, qty: 50, price: '9.90' })),
  ...['S', 'M', 'L'].map((size) => ({ sku: `SHIRT-${size}`, qty: 60, price: '19.90', product: 'Logo shirt', title: size })),
];

describe('the connector against the simulator', () => {
  let shop: WooSim;
  let ctx: ConnectionContext;

  before(async () => {
    shop = await startWooSim({ catalog: bigCatalog, seed: 12, lifecycleDelayMs: [60_000, 60_000], demand: { zipfExponent: 0.3 } });
    ctx = { baseUrl: shop.url, credentials: { ...shop.credentials }, fetch, now: () => new Date() };
    shop.control.generate({ count: 230, perSecond: 1000 });
    await until('230 orders placed', () => !shop.state().generating && shop.state().orders.length === 230);
  });
  after(() => shop.close());

  test('a pull reads every order of the window across pages (230 orders, 100 a page), each once', async () => {
    const callsBefore = shop.state().stats.apiCalls;
    const records: RawRecord[] = await collect(woo.pullOrders(ctx, { from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 1000) }));
    assert.deepEqual(records.map((r) => r.externalId).sort(), shop.state().orders.map((o) => o.id).sort());
    assert.equal(shop.state().stats.apiCalls - callsBefore, 4, 'page 1, then pages 3, 2, 1');
    const order = woo.parseOrder(records[0]!);
    const truth = shop.state().orders.find((o) => o.id === order.externalId)!;
    assert.equal(order.updatedAt, truth.updatedAt);
    assert.deepEqual(order.lines.map((l) => [l.externalLineId, l.sku, l.qty, l.platformVariantId]), truth.lines.map((l) => [l.lineItemId, l.sku, l.qty, l.variationId]));
  });

  test('listings are every simple product and variation; 133 pushed in batches of at most 100; reading stock shows them', async () => {
    const listings: ListingRef[] = await collect(woo.listListings(ctx));
    assert.deepEqual(listings.map((l) => l.sellerSku).sort(), bigCatalog.map((c) => c.sku).sort());
    assert.ok(listings.filter((l) => l.sellerSku.startsWith('SHIRT')).every((l) => l.platformVariantId !== null));
    const updates = listings.map((listing, i) => ({ listing, qty: 1000 + i }));
    const acks = await woo.pushStock(ctx, updates);
    assert.deepEqual(acks.map((a) => a.acknowledgedQty), updates.map((u) => u.qty));
    const listed = new Map(shop.state().listed.map((l) => [l.sku, l.qty]));
    assert.deepEqual(updates.map((u) => listed.get(u.listing.sellerSku)), updates.map((u) => u.qty));
    const shown = await woo.readStock(ctx, listings);
    assert.deepEqual(shown.map((s) => [s.listing.sellerSku, s.qty]), updates.map((u) => [u.listing.sellerSku, u.qty]));
  });

  test('a partial shipment leaves the order processing with its tracking; the rest completes it', async () => {
    const truth = shop.state().orders.find((o) => o.status === 'processing' && o.lines.length > 1)!;
    const order = woo.parseOrder((await collect(woo.pullOrders(ctx, { from: new Date(Date.parse(truth.updatedAt) - 1000), to: new Date(Date.parse(truth.updatedAt) + 1000) })))
      .find((r) => r.externalId === truth.id)!);
    const [first] = order.lines;
    await woo.pushFulfilment(ctx, order, { carrier: 'UPS', trackingNumber: '1ZPART1', lines: [{ externalLineId: first!.externalLineId, qty: first!.qty }] });
    let now = shop.state().orders.find((o) => o.id === truth.id)!;
    assert.deepEqual([now.status, now.tracking], ['processing', [{ provider: 'UPS', number: '1ZPART1' }]]);
    const result = await woo.pushFulfilment(ctx, order, { carrier: 'DHL', trackingNumber: 'JD0002', trackingUrl: 'https://www.dhl.com/t/JD0002' });
    now = shop.state().orders.find((o) => o.id === truth.id)!;
    assert.deepEqual([now.status, now.tracking.map((t) => t.number)], ['completed', ['1ZPART1', 'JD0002']]);
    assert.match(result.platformShipmentId ?? '', /^[0-9a-f]{32}$/);
  });

  test('wrong credentials are an auth error carrying WooCommerce\'s code', async () => {
    const err = await woo.pushStock({ ...ctx, credentials: { ...ctx.credentials, consumerSecret: 'cs_wrong' } }, [{ listing: { platformItemId: '700', platformVariantId: null, platformLocationId: null, sellerSku: 'x' }, qty: 1 }])
      .catch((e: unknown) => e);
    assert.ok(err instanceof PlatformError);
    assert.deepEqual([err.kind, err.platformCode], ['auth', 'woocommerce_rest_authentication_error']);
  });
});

describe('a hub with a WooCommerce connection, its webhooks pointing at the hub', () => {
  let hub: TestHub;
  let app: ApiApp;
  let sim: WooSim;
  let connectionId: string;
  const stock = { A: 40, B: 25 };

  before(async () => {
    hub = await openTestHub();
    app = await buildServer(hub, { logger: false });
    const hubUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    await hub.inventory.createLocation({ code: 'WH', name: 'Warehouse', kind: 'warehouse' });
    for (const [sku, qty] of Object.entries(stock)) {
      await hub.catalog.createProduct({ sku, name: sku, unitCost: '1.00', price: '5.00' });
      await hub.inventory.receive({ sku, location: 'WH', qty, idempotencyKey: `open-${sku}` }, 'test');
    }
    sim = await startWooSim({
      seed: 21, lifecycleDelayMs: [100, 400], demand: { unpaidShare: 0.4, unpaidCancelShare: 0.5, paidCancelShare: 0.2 },
      catalog: [{ sku: 'A', qty: 10, price: '5.00' }, { sku: 'B', qty: 10, price: '5.00', product: 'B', title: 'One size' }],
    });
    const created = await hub.channels.create({ name: 'Woo shop', platform: 'woocommerce', baseUrl: sim.url, credentials: { ...sim.credentials } });
    assert.ok(created.ok);
    connectionId = created.value.id;
    const refreshed = await hub.channels.refreshListings(connectionId);
    assert.ok(refreshed.ok && refreshed.value.mapped === 2);
    sim.control.setWebhookAddress!(`${hubUrl}/webhooks/woocommerce/${connectionId}`);
    hub.sync.startWorkers({ pollMs: 20, schedulePulls: false });
  });
  after(async () => {
    await app.close();
    await hub.dispose();
    await sim.close();
  });

  test('the hub answers the creation pings 200 and keeps them without making orders of them', async () => {
    await until('both pings delivered', () => sim.state().stats.webhooksDelivered === 2);
    const inbox = await hub.sync.listInbox({ connectionId, limit: 10 });
    assert.deepEqual(inbox.items.map((e) => [e.topic, e.payload, e.signatureOk]).sort(), [['ping', 'webhook_id=1', true], ['ping', 'webhook_id=2', true]]);
    assert.equal((await hub.orders.list({ connectionId, limit: 5 })).items.length, 0);
  });

  test('orders arrive by webhook with stock reserved, and the shop is told what can still be sold', async () => {
    await hub.sync.pushConnection(connectionId);
    await until('first push', () => sim.state().listed.every((l) => l.qty === stock[l.sku as 'A' | 'B']));
    sim.control.generate({ count: 25, perSecond: 50 });
    await until('the shop is quiet', () => sim.control.isIdle());
    const orders = sim.state().orders;
    await until('every order in the hub as the shop has it', async () => {
      const hubOrders = (await hub.orders.list({ connectionId, limit: 100 })).items;
      return hubOrders.length === orders.length && orders.every((o) => hubOrders.some((h) => h.externalId === o.id && h.platformStatus === o.status));
    });
    await until('pushes done', async () => !(await hub.sync.busy()));
    for (const sku of ['A', 'B'] as const) {
      const holding = orders.filter((o) => !['cancelled', 'refunded'].includes(o.status)).flatMap((o) => o.lines).filter((l) => l.sku === sku);
      const level = await hub.inventory.stockOf(sku);
      assert.ok(level.ok);
      assert.equal(level.value.reserved, holding.reduce((n, l) => n + l.qty, 0), `${sku} reserved`);
      assert.equal(sim.state().listed.find((l) => l.sku === sku)?.qty, level.value.available, `${sku} listed as available`);
    }
    assert.equal(sim.state().stats.webhooksFailed, 0);
  });
});
