import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonResponse, stubContext, stubFetch, type RecordedRequest } from '../fetch-stub.ts';
import type { CanonicalOrder } from '../types.ts';
import { planShipment, SHIPPED_LINES_META_KEY, trackingBodyOf } from './fulfilment.ts';
import { woocommerceConnector as woo } from './index.ts';

const lineItems = [{ id: 315, quantity: 2 }, { id: 316, quantity: 1 }];
const orderWith = (shipped: Record<string, Record<string, number>> | null, status = 'processing') => ({
  id: 727, status, line_items: lineItems,
  meta_data: shipped ? [{ id: 13200, key: SHIPPED_LINES_META_KEY, value: JSON.stringify(shipped) }] : [{ id: 13106, key: '_download_permissions_granted', value: 'yes' }],
});

test('a shipment naming some lines is partial; the rest under another tracking number completes the order', () => {
  const first = planShipment(orderWith(null), { carrier: 'UPS', trackingNumber: '1Z1', lines: [{ externalLineId: '315', qty: 2 }] });
  assert.deepEqual(first, { shipped: { '1Z1': { 315: 2 } }, complete: false });
  const second = planShipment(orderWith(first.shipped), { carrier: 'UPS', trackingNumber: '1Z2' });
  assert.deepEqual(second, { shipped: { '1Z1': { 315: 2 }, '1Z2': { 316: 1 } }, complete: true }, 'no lines named: everything not yet shipped');
});

test('a retried shipment (same tracking number) is counted once', () => {
  const shipped = { '1Z1': { 315: 1 } };
  const again = planShipment(orderWith(shipped), { carrier: 'UPS', trackingNumber: '1Z1', lines: [{ externalLineId: '315', qty: 1 }] });
  assert.deepEqual(again, { shipped, complete: false });
});

test('the tracking item names a predefined provider, or a custom one when the shipment brings its own link', () => {
  const now = new Date('2025-04-02T23:30:00Z');
  assert.deepEqual(trackingBodyOf({ carrier: 'USPS', trackingNumber: '9400' }, now), { tracking_provider: 'USPS', tracking_number: '9400', date_shipped: '2025-04-02' });
  assert.deepEqual(trackingBodyOf({ carrier: 'Example Courier', trackingNumber: '77', trackingUrl: 'https://example.com/t/77' }, now), {
    custom_tracking_provider: 'Example Courier', custom_tracking_link: 'https://example.com/t/77', tracking_number: '77', date_shipped: '2025-04-02',
  });
});

function shop(order: Record<string, unknown>, trackings: unknown[] = []) {
  const stub = stubFetch((r: RecordedRequest) => {
    if (r.url.pathname.endsWith('/shipment-trackings')) {
      return r.method === 'GET' ? jsonResponse(trackings) : jsonResponse({ tracking_id: 'abc123', ...JSON.parse(r.body) }, { status: 201 });
    }
    return jsonResponse(r.url.pathname.endsWith('/notes') ? { id: 501 } : order);
  });
  const steps = () => stub.requests.map((r) => `${r.method} ${r.url.pathname}${r.body ? ` ${r.body}` : ''}`);
  return { ctx: stubContext(stub.fetch, { consumerKey: 'ck', consumerSecret: 'cs' }, 'https://shop.test'), steps };
}
const canonical = { externalId: '727' } as CanonicalOrder;

test('shipping every line adds the tracking item, then completes the order and records what shipped', async () => {
  const { ctx, steps } = shop(orderWith(null));
  const result = await woo.pushFulfilment(ctx, canonical, { carrier: 'UPS', trackingNumber: '1Z9' });
  assert.equal(result.platformShipmentId, 'abc123');
  assert.deepEqual(steps(), [
    'GET /wp-json/wc/v3/orders/727',
    'GET /wp-json/wc-shipment-tracking/v3/orders/727/shipment-trackings',
    'POST /wp-json/wc-shipment-tracking/v3/orders/727/shipment-trackings {"tracking_provider":"UPS","tracking_number":"1Z9","date_shipped":"2025-04-02"}',
    `PUT /wp-json/wc/v3/orders/727 {"status":"completed","meta_data":[{"key":"${SHIPPED_LINES_META_KEY}","value":"{\\"1Z9\\":{\\"315\\":2,\\"316\\":1}}"}]}`,
  ]);
});

test('a partial shipment keeps the order processing and leaves a note', async () => {
  const { ctx, steps } = shop(orderWith(null));
  await woo.pushFulfilment(ctx, canonical, { carrier: 'UPS', trackingNumber: '1Z9', lines: [{ externalLineId: '316', qty: 1 }] });
  assert.match(steps()[3]!, /^PUT \/wp-json\/wc\/v3\/orders\/727 \{"meta_data":/);
  assert.equal(steps()[4], 'POST /wp-json/wc/v3/orders/727/notes {"note":"Partly shipped with UPS, tracking number 1Z9.","customer_note":false}');
});

test('a retry after the tracking item was added does not add it again', async () => {
  const { ctx, steps } = shop(orderWith(null), [{ tracking_id: 'old1', tracking_number: '1Z9', tracking_provider: 'UPS' }]);
  const result = await woo.pushFulfilment(ctx, canonical, { carrier: 'UPS', trackingNumber: '1Z9' });
  assert.equal(result.platformShipmentId, 'old1');
  assert.equal(steps().filter((s) => s.startsWith('POST')).length, 0);
  assert.match(steps().at(-1)!, /"status":"completed"/);
});
