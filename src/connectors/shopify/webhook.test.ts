import '@shopify/shopify-api/adapters/node';
import { ApiVersion, LogSeverity, shopifyApi } from '@shopify/shopify-api';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { verifyShopifyWebhook } from './webhook.ts';

const apiSecret = 'shpss_test_secret';
const body = Buffer.from('{"id":820982911946154508,"name":"#9999","financial_status":"paid"}');
const signature = createHmac('sha256', apiSecret).update(body).digest('base64');

function headers(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    'X-Shopify-Hmac-Sha256': signature, 'X-Shopify-Topic': 'orders/create', 'X-Shopify-Shop-Domain': 'jsmith.myshopify.com',
    'X-Shopify-API-Version': '2026-07', 'X-Shopify-Webhook-Id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
    'X-Shopify-Triggered-At': '2025-04-02T16:00:00.000Z', ...overrides,
  };
}

/** The official library's validator, as an independent witness of what Shopify's rule is. */
const official = shopifyApi({
  apiKey: 'key', apiSecretKey: apiSecret, hostName: 'localhost', apiVersion: ApiVersion.January25, isEmbeddedApp: false,
  logger: { level: LogSeverity.Error, log: async () => {} },
});

async function officialVerdict(h: Record<string, string | undefined>, raw: Buffer): Promise<boolean> {
  const lower = Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined).map(([k, v]) => [k.toLowerCase(), v]));
  const result = await official.webhooks.validate({ rawBody: raw.toString('utf8'), rawRequest: { headers: lower, method: 'POST', url: '/webhooks' } as never });
  return result.valid;
}

test('a body signed with the app secret is accepted, with topic, delivery id, time and the exact order id', async () => {
  const verdict = verifyShopifyWebhook(headers(), body, { apiSecret });
  assert.deepEqual(verdict, {
    ok: true, topic: 'orders/create', webhookId: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
    externalId: '820982911946154508', triggeredAt: '2025-04-02T16:00:00.000Z',
  });
  assert.equal(await officialVerdict(headers(), body), true);
});

test('header names are matched whatever their case', () => {
  const lower = Object.fromEntries(Object.entries(headers()).map(([k, v]) => [k.toLowerCase(), v]));
  assert.equal(verifyShopifyWebhook(lower, body, { apiSecret }).ok, true);
});

test('a tampered body is refused', async () => {
  const tampered = Buffer.from(body.toString('utf8').replace('#9999', '#9990'));
  assert.deepEqual(verifyShopifyWebhook(headers(), tampered, { apiSecret }), { ok: false, reason: 'invalid_hmac' });
  assert.equal(await officialVerdict(headers(), tampered), false);
});

test('a body signed with another secret is refused', () => {
  assert.equal(verifyShopifyWebhook(headers(), body, { apiSecret: 'another' }).ok, false);
});

test('a missing signature or required header is refused and named', async () => {
  for (const name of ['X-Shopify-Hmac-Sha256', 'X-Shopify-Topic', 'X-Shopify-Shop-Domain', 'X-Shopify-API-Version', 'X-Shopify-Webhook-Id']) {
    const without = headers({ [name]: undefined });
    const verdict = verifyShopifyWebhook(without, body, { apiSecret });
    assert.equal(verdict.ok, false, name);
    assert.ok(!verdict.ok && verdict.reason.includes(name.toLowerCase()), `reason names ${name}`);
    assert.equal(await officialVerdict(without, body), false, `official: ${name}`);
  }
});

test('without an apiSecret nothing is accepted', () => {
  assert.equal(verifyShopifyWebhook(headers(), body, {}).ok, false);
});
