import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseWooWebhook } from './order.ts';
import { verifyWooWebhook } from './webhook.ts';

const webhookSecret = 'wh-secret-&-"quoted"';
const fixtureUrl = new URL('../../../../shared/fixtures/platforms/woocommerce/orders.list.json', import.meta.url);
const [order] = JSON.parse(readFileSync(fixtureUrl, 'utf8')) as { id: number }[];
/** As wp_json_encode writes it: "/" escaped, non-ASCII as \u escapes. The signature covers these bytes. */
const body = Buffer.from(JSON.stringify(order).replace(/\//g, '\\/').replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
const signature = createHmac('sha256', webhookSecret).update(body).digest('base64');

function headers(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    'X-WC-Webhook-Source': 'https://example.com/', 'X-WC-Webhook-Topic': 'order.updated', 'X-WC-Webhook-Resource': 'order',
    'X-WC-Webhook-Event': 'updated', 'X-WC-Webhook-Signature': signature, 'X-WC-Webhook-ID': '2',
    'X-WC-Webhook-Delivery-ID': '6e1b5a4e8f1c2d3b4a5f6e7d8c9b0a1f', 'Content-Type': 'application/json', ...overrides,
  };
}

test('a body signed with the webhook secret is accepted with its topic, order id and a dedupe key of delivery and body', () => {
  const bodyHash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  assert.deepEqual(verifyWooWebhook(headers(), body, { webhookSecret }), {
    ok: true, topic: 'order.updated', webhookId: `6e1b5a4e8f1c2d3b4a5f6e7d8c9b0a1f:${bodyHash}`, externalId: '727', triggeredAt: null,
  });
  const lower = Object.fromEntries(Object.entries(headers()).map(([k, v]) => [k.toLowerCase(), v]));
  assert.equal(verifyWooWebhook(lower, body, { webhookSecret }).ok, true, 'header names in any case');
});

test('another order, or another change of one order, delivered by one webhook in the same second (one delivery id) keeps its own key', () => {
  const signed = (text: string) => {
    const raw = Buffer.from(text);
    return verifyWooWebhook(headers({ 'X-WC-Webhook-Signature': createHmac('sha256', webhookSecret).update(raw).digest('base64') }), raw, { webhookSecret });
  };
  const first = verifyWooWebhook(headers(), body, { webhookSecret });
  const otherOrder = signed(body.toString('utf8').replace('"id":727', '"id":728'));
  const refunded = signed(body.toString('utf8').replace('"status":"processing"', '"status":"refunded"'));
  assert.ok(first.ok && otherOrder.ok && refunded.ok);
  assert.equal(new Set([first.webhookId, otherOrder.webhookId, refunded.webhookId]).size, 3);
  const again = verifyWooWebhook(headers(), body, { webhookSecret });
  assert.ok(again.ok);
  assert.equal(again.webhookId, first.webhookId, 'a redelivery of the same bytes keeps its key');
});

test('the same order re-serialised (slashes unescaped) no longer matches: the raw bytes are what is signed', () => {
  const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))));
  assert.notDeepEqual(reserialised, body);
  assert.deepEqual(verifyWooWebhook(headers(), reserialised, { webhookSecret }), { ok: false, reason: 'invalid_signature' });
});

test('a tampered body, another secret, or no secret in the connection is refused', () => {
  const tampered = Buffer.from(body.toString('utf8').replace('"total":"29.35"', '"total":"0.35"'));
  assert.deepEqual(verifyWooWebhook(headers(), tampered, { webhookSecret }), { ok: false, reason: 'invalid_signature' });
  assert.equal(verifyWooWebhook(headers(), body, { webhookSecret: 'another' }).ok, false);
  assert.equal(verifyWooWebhook(headers(), body, {}).ok, false);
});

test('a delivery without signature or topic is refused and the missing header named', () => {
  for (const name of ['X-WC-Webhook-Signature', 'X-WC-Webhook-Topic']) {
    const verdict = verifyWooWebhook(headers({ [name]: undefined }), body, { webhookSecret });
    assert.ok(!verdict.ok && verdict.reason.includes(name.toLowerCase()), name);
  }
});

test('the unsigned creation ping "webhook_id=N" is accepted as topic ping and gives no record', () => {
  const ping = Buffer.from('webhook_id=12');
  const pingHeaders = { 'user-agent': 'WooCommerce/9.8.5 Hookshot (WordPress/6.8.1)', 'content-type': 'application/x-www-form-urlencoded' };
  const verdict = verifyWooWebhook(pingHeaders, ping, { webhookSecret });
  assert.deepEqual(verdict, { ok: true, topic: 'ping', webhookId: null, externalId: null, triggeredAt: null });
  assert.deepEqual(parseWooWebhook('ping', ping.toString('utf8')), []);
  // Even without a secret configured yet: the ping comes while the merchant is still setting up.
  assert.equal(verifyWooWebhook(pingHeaders, ping, {}).ok, true);
});

test('only exactly the ping shape is let through unsigned', () => {
  const unsigned = { 'content-type': 'application/x-www-form-urlencoded' };
  for (const text of ['webhook_id=12&id=727', 'webhook_id=abc', '{"id":727}', 'webhook_id=12\n']) {
    assert.equal(verifyWooWebhook(unsigned, Buffer.from(text), { webhookSecret }).ok, false, JSON.stringify(text));
  }
  assert.equal(verifyWooWebhook({ 'x-wc-webhook-topic': 'order.created' }, Buffer.from('webhook_id=12'), { webhookSecret }).ok, false, 'a topic without a signature');
});
