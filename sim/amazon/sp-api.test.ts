import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startWebhookReceiver, waitUntil, type WebhookReceiver } from '../common/testing.ts';
import { NOTIFICATION_SECRET_HEADER, startAmazonSim, type AmazonSim } from './index.ts';

const catalog = [
  { sku: 'TEA-1', qty: 300, price: '12.00' },
  { sku: 'CUP-S', qty: 300, price: '5.50' },
  { sku: 'CUP-L', qty: 300, price: '6.50' },
];
let sim: AmazonSim;
let receiver: WebhookReceiver;
let token: string;

async function lwa(form: Record<string, string>): Promise<Response> {
  return fetch(sim.credentials.lwaUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
}

const goodForm = () => ({ grant_type: 'refresh_token', refresh_token: sim.credentials.refreshToken, client_id: sim.credentials.clientId, client_secret: sim.credentials.clientSecret });
const get = (path: string, accessToken = token) => fetch(`${sim.url}${path}`, { headers: { 'x-amz-access-token': accessToken } });
const market = () => sim.credentials.marketplaceId;

before(async () => {
  receiver = await startWebhookReceiver();
  sim = await startAmazonSim({
    catalog, seed: 21, ordersLagMs: 0, lifecycleDelayMs: [5, 20], notificationAddress: receiver.url,
    demand: { unpaidShare: 0.5, unpaidCancelShare: 0 }, rateLimits: { getOrders: { rate: 100, burst: 100 }, getOrderItems: { rate: 100, burst: 100 } },
  });
  token = (await (await lwa(goodForm())).json()).access_token;
  sim.control.generate({ count: 30, perSecond: 1000 });
  await waitUntil(() => sim.control.isIdle(), 5000, 'generation and notifications');
});
after(async () => {
  await sim.close();
  await receiver.close();
});

test('LWA gives a bearer token for the right refresh token and client, and OAuth errors otherwise', async () => {
  const ok = await (await lwa(goodForm())).json();
  assert.match(ok.access_token, /^Atza\|/);
  assert.deepEqual([ok.token_type, ok.expires_in, ok.refresh_token], ['bearer', 3600, sim.credentials.refreshToken]);
  const badClient = await lwa({ ...goodForm(), client_secret: 'wrong' });
  assert.equal(badClient.status, 401);
  assert.deepEqual(await badClient.json(), { error_description: 'Client authentication failed', error: 'invalid_client' });
  const badGrant = await lwa({ ...goodForm(), refresh_token: 'Atzr|revoked' });
  assert.equal(badGrant.status, 400);
  assert.equal((await badGrant.json()).error, 'invalid_grant');
});

test('a call without a valid access token is refused 403 Unauthorized, with SP-API headers', async () => {
  const response = await get(`/orders/v0/orders?MarketplaceIds=${market()}&LastUpdatedAfter=2020-01-01T00:00:00Z`, 'Atza|made-up');
  assert.equal(response.status, 403);
  assert.ok(response.headers.get('x-amzn-requestid'));
  assert.deepEqual(await response.json(), { errors: [{ code: 'Unauthorized', message: 'Access to requested resource is denied.', details: 'The access token you provided is revoked, malformed or invalid.' }] });
});

test('getOrders pages with NextToken through every order exactly once', async () => {
  const ids: string[] = [];
  let path = `/orders/v0/orders?MarketplaceIds=${market()}&LastUpdatedAfter=2020-01-01T00:00:00Z&MaxResultsPerPage=7`;
  for (;;) {
    const response = await get(path);
    assert.equal(response.headers.get('x-amzn-ratelimit-limit'), '100');
    const { payload } = await response.json();
    ids.push(...payload.Orders.map((o: { AmazonOrderId: string }) => o.AmazonOrderId));
    assert.ok(payload.LastUpdatedBefore);
    if (!payload.NextToken) break;
    path = `/orders/v0/orders?MarketplaceIds=${market()}&NextToken=${encodeURIComponent(payload.NextToken)}`;
  }
  assert.equal(ids.length, 30);
  assert.deepEqual(new Set(ids), new Set(sim.state().orders.map((o) => o.id)));
  assert.ok(ids.every((id) => /^\d{3}-\d{7}-\d{7}$/.test(id)));
});

test('getOrders refuses a LastUpdatedBefore later than the lag allows, and a request without a date filter', async () => {
  const lagged = await startAmazonSim({ catalog, seed: 1 });
  try {
    const t = (await (await fetch(lagged.credentials.lwaUrl, { method: 'POST', body: new URLSearchParams({
      grant_type: 'refresh_token', refresh_token: lagged.credentials.refreshToken, client_id: lagged.credentials.clientId, client_secret: lagged.credentials.clientSecret,
    }) })).json()).access_token;
    const now = new Date().toISOString();
    const tooRecent = await fetch(`${lagged.url}/orders/v0/orders?MarketplaceIds=${market()}&LastUpdatedAfter=2020-01-01T00:00:00Z&LastUpdatedBefore=${now}`, { headers: { 'x-amz-access-token': t } });
    assert.equal(tooRecent.status, 400);
    assert.equal((await tooRecent.json()).errors[0].code, 'InvalidInput');
    const noFilter = await fetch(`${lagged.url}/orders/v0/orders?MarketplaceIds=${market()}`, { headers: { 'x-amz-access-token': t } });
    assert.equal(noFilter.status, 400);
  } finally {
    await lagged.close();
  }
});

test('a Pending order shows no prices; once paid its items carry ItemPrice as the line total', async () => {
  // Payments come a minute later: some orders stay Pending while the test reads them.
  const slow = await startAmazonSim({ catalog, seed: 8, ordersLagMs: 0, lifecycleDelayMs: [60_000, 60_000], demand: { unpaidShare: 0.5, multiLineShare: 0.5 } });
  try {
    slow.control.generate({ count: 12, perSecond: 1000 });
    await waitUntil(() => slow.state().orders.length + slow.state().stats.ordersSkippedNoStock >= 12, 3000, 'generation');
    const t = (await (await fetch(slow.credentials.lwaUrl, { method: 'POST', body: new URLSearchParams({
      grant_type: 'refresh_token', refresh_token: slow.credentials.refreshToken, client_id: slow.credentials.clientId, client_secret: slow.credentials.clientSecret,
    }) })).json()).access_token;
    const read = async (path: string) => (await (await fetch(`${slow.url}${path}`, { headers: { 'x-amz-access-token': t } })).json()).payload;
    const { Orders: orders } = await read(`/orders/v0/orders?MarketplaceIds=${market()}&LastUpdatedAfter=2020-01-01T00:00:00Z`);
    const statuses = new Set(orders.map((o: { OrderStatus: string }) => o.OrderStatus));
    assert.deepEqual([...statuses].sort(), ['Pending', 'Unshipped']);
    for (const order of orders) {
      const items = (await read(`/orders/v0/orders/${order.AmazonOrderId}/orderItems`)).OrderItems;
      const truth = slow.state().orders.find((o) => o.id === order.AmazonOrderId)!;
      if (order.OrderStatus === 'Pending') {
        assert.equal(order.OrderTotal, undefined);
        assert.ok(items.every((i: { ItemPrice?: unknown }) => i.ItemPrice === undefined));
        continue;
      }
      for (const item of items) {
        const line = truth.lines.find((l) => l.orderItemId === item.OrderItemId)!;
        assert.equal(item.ItemPrice.Amount, (Math.round(Number(line.unitPrice) * 100) * line.qty / 100).toFixed(2));
      }
    }
  } finally {
    await slow.close();
  }
});

test('ORDER_CHANGE notifications carry the relay secret and one NotificationId per change', async () => {
  const first = receiver.received[0]!;
  assert.equal(first.request.headers[NOTIFICATION_SECRET_HEADER], sim.credentials.notificationSecret);
  const body = JSON.parse(first.rawBody);
  assert.equal(body.NotificationType, 'ORDER_CHANGE');
  assert.equal(body.Payload.OrderChangeNotification.SellerId, sim.credentials.sellerId);
  assert.ok(sim.state().orders.some((o) => o.id === body.Payload.OrderChangeNotification.AmazonOrderId));
  const notifications = receiver.received.map((r) => JSON.parse(r.rawBody));
  const ids = notifications.map((n) => n.NotificationMetadata.NotificationId);
  assert.equal(new Set(ids).size, ids.length);
  // One notification when an order is placed, one more when a Pending order is paid.
  const reasons = (reason: string) => notifications.filter((n) => n.Payload.OrderChangeNotification.OrderChangeTrigger.ChangeReason === reason);
  const placed = reasons('New order');
  assert.equal(placed.length, 30);
  const placedPending = placed.filter((n) => n.Payload.OrderChangeNotification.Summary.OrderStatus === 'Pending').length;
  assert.ok(placedPending > 0);
  assert.equal(reasons('Payment authorized').length, placedPending);
  assert.equal(ids.length, 30 + placedPending);
});

test('a duplicated notification is the same body with the same NotificationId', async () => {
  const dup = await startWebhookReceiver();
  const noisy = await startAmazonSim({ catalog, seed: 4, notificationAddress: dup.url, demand: { unpaidShare: 0 } });
  try {
    noisy.control.setFaults({ webhookDuplicate: 1 });
    noisy.control.generate({ count: 1, perSecond: 100 });
    const [a, b] = await dup.waitFor(2);
    assert.equal(a!.rawBody, b!.rawBody);
  } finally {
    await noisy.close();
    await dup.close();
  }
});

test('a usage plan out of tokens answers 429 QuotaExceeded with the operation rate', async () => {
  const tight = await startAmazonSim({ catalog, seed: 2, rateLimits: { searchListingsItems: { rate: 0.5, burst: 2 } } });
  try {
    const t = (await (await fetch(tight.credentials.lwaUrl, { method: 'POST', body: new URLSearchParams({
      grant_type: 'refresh_token', refresh_token: tight.credentials.refreshToken, client_id: tight.credentials.clientId, client_secret: tight.credentials.clientSecret,
    }) })).json()).access_token;
    const search = () => fetch(`${tight.url}/listings/2021-08-01/items/${tight.credentials.sellerId}?marketplaceIds=${market()}`, { headers: { 'x-amz-access-token': t } });
    assert.deepEqual([(await search()).status, (await search()).status], [200, 200]);
    const refused = await search();
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('x-amzn-ratelimit-limit'), '0.5');
    assert.deepEqual(await refused.json(), { errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.' }] });
    assert.equal(tight.state().stats.throttled, 1);
  } finally {
    await tight.close();
  }
});

test('an order is never created for more than the listed quantity, and cancellations give it back', async () => {
  const scarce = await startAmazonSim({ catalog: [{ sku: 'RARE', qty: 7, price: '99.00' }], seed: 3, lifecycleDelayMs: [5, 20], demand: { unpaidShare: 0.5 } });
  try {
    scarce.control.generate({ count: 40, perSecond: 1000 });
    await waitUntil(() => scarce.control.isIdle(), 3000, 'generation');
    const { orders, listed, stats } = scarce.state();
    const held = orders.filter((o) => o.status !== 'Canceled').reduce((sum, o) => sum + o.lines[0]!.qty, 0);
    assert.ok(listed[0]!.qty >= 0);
    assert.equal(held + listed[0]!.qty, 7);
    assert.ok(stats.ordersSkippedNoStock > 0, 'later orders found nothing to buy');
  } finally {
    await scarce.close();
  }
});
