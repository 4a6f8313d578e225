import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startAmazonSim, type AmazonSim } from '../../../sim/amazon/index.ts';
import { waitUntil } from '../../../sim/common/testing.ts';
import { PlatformError, type ConnectionContext, type ListingRef, type PullWindow, type RawRecord } from '../types.ts';
import { amazonConnector } from './index.ts';
import { amazonOperationRateLimit } from './operations.ts';
import { SETTLE_MS } from './pull.ts';

const catalog = Array.from({ length: 25 }, (_, i) => ({ sku: `SKU-${String(i).padStart(2, '0')}`, qty: 100, price: `${10 + i}.50` }));
const ORDERS = 130;
let sim: AmazonSim;

/** The hub's clock runs SETTLE_MS ahead: orders placed a moment ago count as settled (see pull.ts). */
function contextOf(target: AmazonSim, credentials: Record<string, string> = {}, aheadMs = SETTLE_MS + 1000): ConnectionContext {
  return { baseUrl: target.url, credentials: { ...target.credentials, ...credentials }, fetch, now: () => new Date(Date.now() + aheadMs) };
}

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

const lastHour = (): PullWindow => ({ from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 1000) });
const calls = (target: AmazonSim, operation: 'getOrders' | 'getOrderItems') => target.state().stats.callsByOperation[operation] ?? 0;

before(async () => {
  sim = await startAmazonSim({
    catalog, seed: 31, ordersLagMs: 0, orderItemsPerPage: 1, lifecycleDelayMs: [60_000, 60_000],
    demand: { multiLineShare: 0.5, unpaidShare: 0 },
    rateLimits: { getOrders: { rate: 100, burst: 100 }, getOrderItems: { rate: 1000, burst: 1000 } },
  });
  sim.control.generate({ count: ORDERS, perSecond: 1000 });
  await waitUntil(() => sim.state().orders.length >= ORDERS, 5000, 'orders');
});
after(() => sim.close());

test('an LWA access token is fetched once and reused, and fetched again when SP-API refuses it as expired', async () => {
  const ctx = contextOf(sim);
  const issued = sim.state().stats.tokensIssued;
  await amazonConnector.readStock(ctx, [{ platformItemId: 'SKU-00', platformVariantId: null, platformLocationId: null, sellerSku: 'SKU-00' }]);
  await amazonConnector.readStock(ctx, [{ platformItemId: 'SKU-01', platformVariantId: null, platformLocationId: null, sellerSku: 'SKU-01' }]);
  assert.equal(sim.state().stats.tokensIssued, issued + 1);
  sim.expireAccessTokens();
  const [shown] = await amazonConnector.readStock(ctx, [{ platformItemId: 'SKU-02', platformVariantId: null, platformLocationId: null, sellerSku: 'SKU-02' }]);
  assert.ok(shown, 'the call went through with a new token');
  assert.equal(sim.state().stats.tokensIssued, issued + 2);
  assert.equal(sim.state().stats.unauthorized, 1);
});

test('credentials LWA refuses fail as auth, which parks the job instead of retrying it', async () => {
  const err = await collect(amazonConnector.pullOrders(contextOf(sim, { refreshToken: 'Atzr|revoked' }), lastHour())).catch((e: unknown) => e);
  assert.ok(err instanceof PlatformError);
  assert.equal(err.kind, 'auth');
  assert.match(err.message, /invalid_grant/);
});

let pulled: RawRecord[] = [];

test('the pull pages getOrders by NextToken and reads every item of every order across getOrderItems pages', async () => {
  const before = { orders: calls(sim, 'getOrders'), items: calls(sim, 'getOrderItems') };
  pulled = await collect(amazonConnector.pullOrders(contextOf(sim), lastHour()));
  const truth = sim.state().orders;
  assert.equal(pulled.length, ORDERS);
  assert.deepEqual(new Set(pulled.map((r) => r.externalId)), new Set(truth.map((o) => o.id)));
  // 130 orders at 100 a page: two getOrders; one getOrderItems per item at one item a page.
  assert.equal(calls(sim, 'getOrders') - before.orders, 2);
  assert.equal(calls(sim, 'getOrderItems') - before.items, truth.reduce((sum, o) => sum + o.lines.length, 0));
  for (const record of pulled) {
    const order = amazonConnector.parseOrder(record);
    const expected = truth.find((o) => o.id === order.externalId)!;
    assert.equal(order.updatedAt, record.updatedAt);
    assert.deepEqual(order.lines.map((l) => [l.externalLineId, l.sku, l.qty, l.unitPrice]), expected.lines.map((l) => [l.orderItemId, l.sku, l.qty, l.unitPrice]));
  }
  assert.ok(truth.some((o) => o.lines.length > 1), 'some orders have several items');
});

test('an order changed within the last seconds is left for the next pull: its LastUpdateDate second may not be over', async () => {
  const fresh = await startAmazonSim({ catalog, seed: 9, ordersLagMs: 0, demand: { unpaidShare: 0 }, lifecycleDelayMs: [60_000, 60_000] });
  try {
    fresh.control.generate({ count: 2, perSecond: 1000 });
    await waitUntil(() => fresh.state().orders.length >= 2, 3000, 'orders');
    assert.deepEqual(await collect(amazonConnector.pullOrders(contextOf(fresh, {}, 0), lastHour())), []);
    assert.equal(calls(fresh, 'getOrderItems'), 0);
    assert.equal((await collect(amazonConnector.pullOrders(contextOf(fresh), lastHour()))).length, 2);
  } finally {
    await fresh.close();
  }
});

test('versions the hub already holds are listed but their items are not read again', async () => {
  const held = new Map(pulled.map((r) => [r.externalId, r.updatedAt]));
  const notHeld = new Set(pulled.slice(0, 3).map((r) => r.externalId));
  const alreadyHeld = async (versions: { externalId: string; updatedAt: string }[]) =>
    new Set(versions.filter((v) => !notHeld.has(v.externalId) && held.get(v.externalId) === v.updatedAt).map((v) => v.externalId));
  const before = calls(sim, 'getOrderItems');
  const again = await collect(amazonConnector.pullOrders(contextOf(sim), { ...lastHour(), alreadyHeld }));
  assert.deepEqual(new Set(again.map((r) => r.externalId)), notHeld);
  const items = pulled.slice(0, 3).reduce((sum, r) => sum + (r.payload as { items: unknown[] }).items.length, 0);
  assert.equal(calls(sim, 'getOrderItems') - before, items);
});

test('a 429 QuotaExceeded is rate_limited with one token of the announced rate as the wait; a short wait is retried in place', async () => {
  const tight = await startAmazonSim({
    catalog, seed: 5, ordersLagMs: 0, demand: { unpaidShare: 0 }, lifecycleDelayMs: [60_000, 60_000],
    rateLimits: { getOrders: { rate: 0.2, burst: 1 }, getOrderItems: { rate: 4, burst: 1 } },
  });
  try {
    tight.control.generate({ count: 3, perSecond: 1000 });
    await waitUntil(() => tight.state().orders.length >= 3, 3000, 'orders');
    const first = await collect(amazonConnector.pullOrders(contextOf(tight), lastHour()));
    assert.equal(first.length, 3, 'getOrderItems answered 429 twice and was retried after 250 ms each time');
    assert.ok(tight.state().stats.throttled >= 2);
    const err = await collect(amazonConnector.pullOrders(contextOf(tight), lastHour())).catch((e: unknown) => e);
    assert.ok(err instanceof PlatformError, String(err));
    assert.deepEqual([err.kind, err.retryAfterMs, err.platformCode], ['rate_limited', 5000, 'QuotaExceeded']);
  } finally {
    await tight.close();
  }
});

test('a stock push patches fulfillment_availability of each listing by seller SKU, and the sim lists it', async () => {
  const listing = (sku: string): ListingRef => ({ platformItemId: sku, platformVariantId: null, platformLocationId: null, sellerSku: sku });
  const acks = await amazonConnector.pushStock(contextOf(sim), [{ listing: listing('SKU-03'), qty: 7 }, { listing: listing('SKU-04'), qty: 0 }]);
  const listed = new Map(sim.state().listed.map((l) => [l.sku, l.qty]));
  assert.deepEqual([listed.get('SKU-03'), listed.get('SKU-04')], [7, 0]);
  assert.deepEqual(acks.map((a) => [a.listing.platformItemId, a.qty, a.acknowledgedQty, (a.raw as { status: string }).status]), [['SKU-03', 7, null, 'ACCEPTED'], ['SKU-04', 0, null, 'ACCEPTED']]);
  const refused = await amazonConnector.pushStock(contextOf(sim), [{ listing: listing('SKU-03'), qty: -1 }]).catch((e: unknown) => e);
  assert.ok(refused instanceof PlatformError && refused.kind === 'permanent' && /INVALID/.test(refused.message));
  assert.equal(sim.state().listed.find((l) => l.sku === 'SKU-03')!.qty, 7);
});

test('confirmShipment ships the order with its tracking in the sim, a retry names the same package, and a partial one ships part', async () => {
  const ctx = contextOf(sim);
  const single = pulled.map((r) => amazonConnector.parseOrder(r)).find((o) => o.lines.length === 1)!;
  const first = await amazonConnector.pushFulfilment(ctx, single, { carrier: 'ups', trackingNumber: '1Z999AA10123456784' });
  await amazonConnector.pushFulfilment(ctx, single, { carrier: 'ups', trackingNumber: '1Z999AA10123456784' });
  let shipped = sim.state().orders.find((o) => o.id === single.externalId)!;
  assert.equal(shipped.status, 'Shipped');
  assert.deepEqual(shipped.tracking, [{ carrier: 'UPS', number: '1Z999AA10123456784', packageReferenceId: first.platformShipmentId }]);
  assert.match(first.platformShipmentId!, /^[1-9]\d*$/);

  const multi = pulled.map((r) => amazonConnector.parseOrder(r)).find((o) => o.lines.length > 1)!;
  const line = multi.lines[0]!;
  await amazonConnector.pushFulfilment(ctx, multi, { carrier: 'Speedy Parcels', trackingNumber: 'SP-1', lines: [{ externalLineId: line.externalLineId, qty: line.qty }] });
  shipped = sim.state().orders.find((o) => o.id === multi.externalId)!;
  assert.equal(shipped.status, 'PartiallyShipped');
  assert.deepEqual(shipped.tracking.map((t) => [t.carrier, t.number]), [['Others', 'SP-1']]);
  assert.deepEqual(shipped.lines.map((l) => l.shippedQty), multi.lines.map((l, i) => (i === 0 ? l.qty : 0)));
});

test('listings page through searchListingsItems by SKU with their ASINs, and readStock reads each MFN quantity', async () => {
  const listings = await collect(amazonConnector.listListings(contextOf(sim)));
  const truth = sim.state().listed;
  assert.deepEqual(listings.map((l) => l.sellerSku), truth.map((l) => l.sku).sort());
  assert.deepEqual(listings.find((l) => l.platformItemId === 'SKU-10'), { platformItemId: 'SKU-10', platformVariantId: truth.find((l) => l.sku === 'SKU-10')!.asin, platformLocationId: null, sellerSku: 'SKU-10' });
  const gone: ListingRef = { platformItemId: 'NO-SUCH-SKU', platformVariantId: null, platformLocationId: null, sellerSku: 'NO-SUCH-SKU' };
  const shown = await amazonConnector.readStock(contextOf(sim), [listings[3]!, listings[10]!, gone]);
  assert.deepEqual(shown.map((s) => [s.listing.sellerSku, s.qty]), [listings[3]!, listings[10]!].map((l) => [l.sellerSku, truth.find((t) => t.sku === l.sellerSku)!.qty]));
});

test('each SP-API operation has its own bucket; stock pushes and the LWA call count against the connection bucket the claim watches', () => {
  assert.deepEqual(amazonOperationRateLimit('GET', '/orders/v0/orders'), { name: 'getOrders', capacity: 20, refillPerSecond: 0.0167 });
  assert.deepEqual(amazonOperationRateLimit('GET', '/orders/v0/orders/902-3159896-1390916/orderItems'), { name: 'getOrderItems', capacity: 30, refillPerSecond: 0.5 });
  assert.deepEqual(amazonOperationRateLimit('post', '/orders/v0/orders/902-3159896-1390916/shipmentConfirmation'), { name: 'confirmShipment', capacity: 10, refillPerSecond: 2 });
  assert.deepEqual(amazonOperationRateLimit('GET', '/listings/2021-08-01/items/A3TH9S8BH6GOGM'), { name: 'searchListingsItems', capacity: 5, refillPerSecond: 5 });
  assert.deepEqual(amazonOperationRateLimit('GET', '/listings/2021-08-01/items/A3TH9S8BH6GOGM/SKU-1'), { name: 'getListingsItem', capacity: 10, refillPerSecond: 5 });
  assert.equal(amazonOperationRateLimit('PATCH', '/listings/2021-08-01/items/A3TH9S8BH6GOGM/SKU-1'), null);
  assert.equal(amazonOperationRateLimit('POST', '/auth/o2/token'), null);
  assert.deepEqual(amazonConnector.rateLimit, { capacity: 5, refillPerSecond: 5 });
});
