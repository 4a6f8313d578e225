import '@shopify/shopify-api/adapters/node';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApiVersion, LogSeverity, shopifyApi } from '@shopify/shopify-api';
import { startWebhookReceiver, type WebhookReceiver } from '../common/testing.ts';
import { startShopifySim, type ShopifySim } from './index.ts';

const catalog = [{ sku: 'TEA-1', qty: 100, price: '12.00' }];
let sim: ShopifySim;
let receiver: WebhookReceiver;

before(async () => {
  receiver = await startWebhookReceiver();
  sim = await startShopifySim({ catalog, seed: 5, webhookAddress: receiver.url, demand: { unpaidShare: 0 } });
});
after(async () => {
  await sim.close();
  await receiver.close();
});

function shopify(secret: string) {
  return shopifyApi({
    apiSecretKey: secret, apiKey: 'sim-app', hostName: 'localhost', apiVersion: ApiVersion.July25,
    isEmbeddedApp: false, logger: { level: LogSeverity.Error },
  });
}

test('a webhook the Shopify sim sends passes @shopify/shopify-api validation, and a tampered body fails it', async () => {
  sim.control.generate({ count: 1, perSecond: 100 });
  const [created] = await receiver.waitFor(2);
  const { request, response, rawBody } = created!;
  const api = shopify(sim.credentials.apiSecret);

  const verdict = await api.webhooks.validate({ rawBody, rawRequest: request, rawResponse: response });
  assert.equal(verdict.valid, true, JSON.stringify(verdict));
  assert.ok(verdict.valid && verdict.topic === 'ORDERS_CREATE' && verdict.domain === sim.shopDomain && verdict.apiVersion === '2025-07');
  assert.ok(request.headers['x-shopify-triggered-at'] && request.headers['x-shopify-event-id']);

  const tampered = rawBody.replace('"quantity":1', '"quantity":2');
  assert.notEqual(tampered, rawBody);
  const refused = await api.webhooks.validate({ rawBody: tampered, rawRequest: request, rawResponse: response });
  assert.deepEqual(refused, { valid: false, reason: 'invalid_hmac' });
  const wrongSecret = await shopify('another-secret').webhooks.validate({ rawBody, rawRequest: request, rawResponse: response });
  assert.equal(wrongSecret.valid, false);
});

test('an order paid at checkout sends orders/create and orders/paid, each with its own webhook id and the order id past 2^53', async () => {
  const [create, paid] = receiver.received.slice(0, 2);
  assert.deepEqual([create!.request.headers['x-shopify-topic'], paid!.request.headers['x-shopify-topic']], ['orders/create', 'orders/paid']);
  assert.notEqual(create!.request.headers['x-shopify-webhook-id'], paid!.request.headers['x-shopify-webhook-id']);
  const orderId = /^\{"id":(\d+),/.exec(create!.rawBody)?.[1];
  assert.equal(orderId, sim.state().orders[0]!.id);
  assert.ok(BigInt(orderId!) > BigInt(Number.MAX_SAFE_INTEGER));
});

test('fulfilling an order marks it fulfilled, moves updated_at and sends orders/fulfilled and orders/updated', async () => {
  const placed = sim.state().orders[0]!;
  const base = `${sim.url}/admin/api/2025-07`;
  const headers = { 'x-shopify-access-token': sim.credentials.accessToken, 'content-type': 'application/json' };
  const foText = await (await fetch(`${base}/orders/${placed.id}/fulfillment_orders.json`, { headers })).text();
  const foId = /"fulfillment_orders":\[\{"id":(\d+)/.exec(foText)![1]!;
  const lineId = /"line_items":\[\{"id":(\d+)/.exec(foText)![1]!;
  // The ids go past 2^53, so the request is written as JSON text with bare integers, as a careful client does.
  const body = `{"fulfillment":{"notify_customer":false,"tracking_info":{"number":"1Z001","company":"UPS"},`
    + `"line_items_by_fulfillment_order":[{"fulfillment_order_id":${foId},"fulfillment_order_line_items":[{"id":${lineId},"quantity":1}]}]}}`;
  const created = await fetch(`${base}/fulfillments.json`, { method: 'POST', headers, body });
  assert.equal(created.status, 201, await created.clone().text());
  assert.match(await created.text(), /"status":"success".*"tracking_number":"1Z001"/);

  const topics = (await receiver.waitFor(4)).slice(2).map((w) => w.request.headers['x-shopify-topic']);
  assert.deepEqual(topics, ['orders/fulfilled', 'orders/updated']);
  const fulfilled = sim.state().orders[0]!;
  assert.equal(fulfilled.fulfillmentStatus, 'fulfilled');
  // updated_at is whole seconds, so it moves to the second of the change (the same second as before, if it was that quick).
  assert.ok(Math.abs(Date.parse(fulfilled.updatedAt) - Date.now()) < 1500 && fulfilled.updatedAt >= placed.updatedAt);
  const again = await fetch(`${base}/fulfillments.json`, { method: 'POST', headers, body });
  assert.equal(again.status, 422, 'a closed fulfillment order cannot be fulfilled again');
});

test('a delivery the receiver fails is retried with the same X-Shopify-Webhook-Id', async () => {
  const flaky = await startWebhookReceiver((n) => (n === 1 ? 500 : 200));
  const retrying = await startShopifySim({ catalog, seed: 6, webhookAddress: flaky.url, webhookRetry: { baseMs: 20 }, demand: { unpaidShare: 1, unpaidCancelShare: 0 } });
  try {
    retrying.control.generate({ count: 1, perSecond: 100 });
    const [first, second] = await flaky.waitFor(2);
    assert.equal(first!.request.headers['x-shopify-webhook-id'], second!.request.headers['x-shopify-webhook-id']);
    assert.equal(first!.rawBody, second!.rawBody);
  } finally {
    await retrying.close();
    await flaky.close();
  }
});
