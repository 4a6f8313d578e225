import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { AMAZON_NOTIFICATION_SECRET_HEADER, amazonConnector } from './index.ts';

const raw = readFileSync(new URL('../../../../shared/fixtures/platforms/amazon/ORDER_CHANGE.notification.json', import.meta.url));
const credentials = { notificationSecret: 'relay-secret-1' };
const verify = (headers: Record<string, string | string[] | undefined>, body = raw, creds: Record<string, string> = credentials) =>
  amazonConnector.verifyWebhook!(headers, body, creds);

test('the ORDER_CHANGE fixture with the relay secret is accepted, keyed by its NotificationId', () => {
  assert.deepEqual(verify({ [AMAZON_NOTIFICATION_SECRET_HEADER]: 'relay-secret-1' }), {
    ok: true, topic: 'ORDER_CHANGE', webhookId: 'd0e9e693-c3ad-4373-979f-ed4ec98dd746', externalId: '903-8868176-2219830', triggeredAt: '2020-01-11T00:09:53.109Z',
  });
});

test('header names are matched case-insensitively and a repeated header counts by its first value', () => {
  assert.equal(verify({ 'X-Relay-Secret': ['relay-secret-1', 'other'] }).ok, true);
});

test('a wrong or missing secret is refused, and so is a connection without one', () => {
  assert.deepEqual(verify({ [AMAZON_NOTIFICATION_SECRET_HEADER]: 'relay-secret-2' }), { ok: false, reason: 'invalid_secret' });
  assert.deepEqual(verify({ [AMAZON_NOTIFICATION_SECRET_HEADER]: 'relay-secret-1x' }), { ok: false, reason: 'invalid_secret' });
  assert.deepEqual(verify({}), { ok: false, reason: 'missing_headers: x-relay-secret' });
  assert.deepEqual(verify({ [AMAZON_NOTIFICATION_SECRET_HEADER]: '' }, raw, {}), { ok: false, reason: 'no notificationSecret in the connection credentials' });
});

test('a redelivered notification has the same delivery id, and a body that is not a notification has none', () => {
  const header = { [AMAZON_NOTIFICATION_SECRET_HEADER]: 'relay-secret-1' };
  const again = verify(header, Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8')))));
  assert.ok(again.ok && again.webhookId === 'd0e9e693-c3ad-4373-979f-ed4ec98dd746');
  assert.deepEqual(verify(header, Buffer.from('not json')), { ok: true, topic: 'unknown', webhookId: null, externalId: null, triggeredAt: null });
});

test('a notification gives no order record: it lacks prices, titles and LastUpdateDate, so the pull reads the order', () => {
  const body = JSON.parse(raw.toString('utf8'));
  // What the Summary does carry: items, SKUs and quantities, no money.
  assert.deepEqual(Object.keys(body.Payload.OrderChangeNotification.Summary.OrderItems[0]).includes('ItemPrice'), false);
  assert.deepEqual(amazonConnector.parseWebhook!('ORDER_CHANGE', body), []);
});
