import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, test } from 'node:test';
import { startWebhookReceiver, waitUntil, type WebhookReceiver } from '../common/testing.ts';
import { startWooSim, type WooSim } from './index.ts';

const catalog = [{ sku: 'TEA-1', qty: 100, price: '12.00', title: 'Café tea' }];
let sim: WooSim;
let receiver: WebhookReceiver;

before(async () => {
  receiver = await startWebhookReceiver();
  sim = await startWooSim({ catalog, seed: 5, demand: { unpaidShare: 0 } });
});
after(async () => {
  await sim.close();
  await receiver.close();
});

const header = (r: WebhookReceiver['received'][number], name: string) => r.request.headers[name];

test('setting the delivery URL pings it once per webhook, unsigned and form-encoded, as saving a webhook does', async () => {
  const response = await fetch(`${sim.url}/_sim/webhooks`, { method: 'POST', body: JSON.stringify({ address: receiver.url }) });
  assert.equal(response.status, 200);
  const pings = await receiver.waitFor(2);
  assert.deepEqual(pings.map((p) => p.rawBody).sort(), ['webhook_id=1', 'webhook_id=2']);
  for (const ping of pings) {
    assert.equal(header(ping, 'x-wc-webhook-signature'), undefined);
    assert.equal(header(ping, 'x-wc-webhook-topic'), undefined);
    assert.equal(header(ping, 'content-type'), 'application/x-www-form-urlencoded');
    assert.match(String(header(ping, 'user-agent')), /^WooCommerce\/[\d.]+ Hookshot \(WordPress\/[\d.]+\)$/);
  }
  receiver.received.length = 0;
});

test('a paid checkout sends order.created and order.updated, each signed over the raw bytes with the webhook secret', async () => {
  sim.control.generate({ count: 1, perSecond: 100 });
  const [created, updated] = await receiver.waitFor(2);
  const byTopic = new Map([created!, updated!].map((w) => [header(w, 'x-wc-webhook-topic'), w]));
  assert.deepEqual([...byTopic.keys()].sort(), ['order.created', 'order.updated']);
  for (const [topic, webhook] of byTopic) {
    const expected = createHmac('sha256', sim.credentials.webhookSecret).update(webhook.rawBody, 'utf8').digest('base64');
    assert.equal(header(webhook, 'x-wc-webhook-signature'), expected, `${topic} signature`);
    assert.equal(header(webhook, 'x-wc-webhook-resource'), 'order');
    assert.equal(header(webhook, 'x-wc-webhook-event'), String(topic).split('.')[1]);
    assert.equal(header(webhook, 'x-wc-webhook-source'), `${sim.url}/`);
    assert.match(String(header(webhook, 'x-wc-webhook-delivery-id')), /^[0-9a-f]{32}$/);
    assert.ok(webhook.rawBody.includes('\\/') && webhook.rawBody.includes('Caf\\u00e9'), 'written as wp_json_encode writes it');
    const order = JSON.parse(webhook.rawBody);
    assert.equal(String(order.id), sim.state().orders[0]!.id);
    assert.equal(order.status, 'processing');
  }
  assert.notEqual(header(created!, 'x-wc-webhook-delivery-id'), header(updated!, 'x-wc-webhook-delivery-id'), 'two webhooks');
  assert.deepEqual([header(byTopic.get('order.created')!, 'x-wc-webhook-id'), header(byTopic.get('order.updated')!, 'x-wc-webhook-id')], ['1', '2']);
  receiver.received.length = 0;
});

test('deliveries of one webhook within one second share a delivery id, whatever the order (wp_hash(id . time))', async () => {
  sim.control.generate({ count: 6, perSecond: 1000 });
  const deliveries = await receiver.waitFor(12);
  const created = deliveries.filter((w) => header(w, 'x-wc-webhook-topic') === 'order.created');
  const orders = new Set(created.map((w) => JSON.parse(w.rawBody).id));
  const ids = new Set(created.map((w) => header(w, 'x-wc-webhook-delivery-id')));
  assert.equal(orders.size, 6);
  assert.ok(ids.size < orders.size, `${ids.size} delivery ids for ${orders.size} orders placed within a second or two`);
  receiver.received.length = 0;
});

test('a duplicated delivery repeats its delivery id; a failed one is not retried (WooCommerce does not retry)', async () => {
  sim.control.setFaults({ webhookDuplicate: 1 });
  sim.control.generate({ count: 1, perSecond: 100 });
  const copies = await receiver.waitFor(4);
  sim.control.setFaults({ webhookDuplicate: 0 });
  const ids = copies.map((w) => header(w, 'x-wc-webhook-delivery-id'));
  assert.equal(new Set(ids).size, 2, 'two events, each delivered twice with its id');
  receiver.received.length = 0;

  const failing = await startWebhookReceiver(() => 500);
  try {
    sim.control.setWebhookAddress!(failing.url);
    await failing.waitFor(2); // the pings
    sim.control.generate({ count: 1, perSecond: 100 });
    await failing.waitFor(4);
    await waitUntil(() => sim.control.isIdle(), 3000, 'deliveries settled');
    assert.equal(failing.received.length, 4);
    assert.equal(sim.state().stats.webhooksFailed, 4);
    assert.equal(sim.state().stats.webhooksRetried, 0);
  } finally {
    sim.control.setWebhookAddress!(null);
    await failing.close();
  }
});
