import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, test } from 'node:test';
import { startWebhookReceiver, type WebhookReceiver } from '../common/testing.ts';
import { startWmsSim, type WmsSim } from './index.ts';
import { allEvents, api, control, waitIdle } from './test-helpers.ts';

let sim: WmsSim;
let receiver: WebhookReceiver;

before(async () => {
  receiver = await startWebhookReceiver();
  sim = await startWmsSim({
    seed: 9, webhookAddress: receiver.url, webhookRetry: { baseMs: 5 },
    warehouses: [{ code: 'WH1', stock: [{ sku: 'X', qty: 10 }] }],
    shipDelayMs: [250, 250], shortShipRate: 0, shrinkRate: 0, countEveryMs: 0, returnRate: 0, receiveDelayMs: [5, 10],
  });
});
after(async () => {
  await sim.close();
  await receiver.close();
});

const shipmentRequest = (requestId: string, qty = 1) => ({
  requestId, orderNumber: `#${requestId}`, warehouse: 'WH1',
  shipTo: { name: 'A Buyer', line1: '1 Road', line2: null, city: 'Hangzhou', province: 'ZJ', postalCode: '310000', country: 'CN', phone: null },
  lines: [{ lineRef: 'L1', sku: 'X', qty }],
});

test('calls without the right bearer key are refused with 401 UNAUTHORIZED', async () => {
  assert.deepEqual(await api(sim, 'GET', '/events', undefined, 'wrong-key'), { status: 401, body: { code: 'UNAUTHORIZED', message: 'Missing or invalid API key' } });
});

test('a repeated shipment request answers 200 with the first id and is kept once', async () => {
  const first = await api(sim, 'POST', '/shipment-requests', shipmentRequest('RQ-1'));
  const again = await api(sim, 'POST', '/shipment-requests', shipmentRequest('RQ-1', 5));
  assert.equal(first.status, 201);
  assert.deepEqual(again, { status: 200, body: { id: first.body.id, requestId: 'RQ-1', status: 'waiting' } });
  assert.equal(sim.state().requests.filter((r) => r.requestId === 'RQ-1').length, 1);
  assert.equal(sim.state().requests[0]!.lines[0]!.qty, 1, 'the first request stands');
});

test('a bad shipment request is refused with 400 INVALID_REQUEST, an unknown warehouse with 422', async () => {
  const noLines = await api(sim, 'POST', '/shipment-requests', { ...shipmentRequest('RQ-bad'), lines: [] });
  assert.deepEqual([noLines.status, noLines.body.code], [400, 'INVALID_REQUEST']);
  const zero = await api(sim, 'POST', '/shipment-requests', { ...shipmentRequest('RQ-bad'), lines: [{ lineRef: 'L1', sku: 'X', qty: 0 }] });
  assert.deepEqual([zero.status, zero.body.code], [400, 'INVALID_REQUEST']);
  const elsewhere = await api(sim, 'POST', '/shipment-requests', { ...shipmentRequest('RQ-bad'), warehouse: 'MARS' });
  assert.deepEqual([elsewhere.status, elsewhere.body.code], [422, 'UNKNOWN_WAREHOUSE']);
  assert.equal(sim.state().requests.some((r) => r.requestId === 'RQ-bad'), false);
});

test('cancel drops a waiting request (once), and answers 409 ALREADY_SHIPPED after shipping and 404 for an unknown one', async () => {
  await api(sim, 'POST', '/shipment-requests', shipmentRequest('RQ-2'));
  assert.deepEqual((await api(sim, 'POST', '/shipment-requests/RQ-2/cancel')).body.cancelled, true);
  assert.equal((await api(sim, 'POST', '/shipment-requests/RQ-2/cancel')).status, 200);
  await waitIdle(sim);
  const shippedCancel = await api(sim, 'POST', '/shipment-requests/RQ-1/cancel');
  assert.deepEqual([shippedCancel.status, shippedCancel.body.code], [409, 'ALREADY_SHIPPED']);
  assert.equal((await api(sim, 'POST', '/shipment-requests/RQ-none/cancel')).body.code, 'NOT_FOUND');
  const events = await allEvents(sim);
  // RQ-1 waits its pick delay (250 ms) since the test before, so the cancel comes first.
  assert.deepEqual(events.map((e) => [e.type, 'requestId' in e ? e.requestId : null]), [['request_cancelled', 'RQ-2'], ['shipment_confirmed', 'RQ-1']]);
  assert.deepEqual(sim.state().requests.map((r) => [r.requestId, r.status]), [['RQ-1', 'shipped'], ['RQ-2', 'cancelled']]);
});

test('an inbound notice is received after its delay: units on the book and an inbound_received event', async () => {
  const notice = { noticeId: 'PO-7', warehouse: 'WH1', reference: 'PO 7', lines: [{ sku: 'X', qty: 4 }, { sku: 'NEW', qty: 2 }] };
  assert.equal((await api(sim, 'POST', '/inbound-notices', notice)).status, 201);
  assert.equal((await api(sim, 'POST', '/inbound-notices', notice)).status, 200);
  await waitIdle(sim);
  const received = (await allEvents(sim)).filter((e) => e.type === 'inbound_received');
  assert.deepEqual(received.map((e) => e.type === 'inbound_received' && [e.noticeId, e.lines]), [['PO-7', notice.lines]]);
  const stock = await api(sim, 'GET', '/stock?warehouse=WH1');
  assert.deepEqual(stock.body.items, [{ sku: 'NEW', qty: 2 }, { sku: 'X', qty: 13 }]);
  assert.equal((await api(sim, 'GET', '/stock?warehouse=NOPE')).status, 404);
});

test('events are served after a seq in pages, and each webhook is {seq, type} signed with X-WMS-Signature', async () => {
  const page = await api(sim, 'GET', '/events?after=1&limit=1');
  assert.deepEqual(page.body.events.map((e: { seq: number }) => e.seq), [2]);
  assert.equal(page.body.lastSeq, 3);
  assert.equal((await api(sim, 'GET', '/events?after=-1')).status, 400);
  await receiver.waitFor(3);
  const bodies = receiver.received.map((w) => JSON.parse(w.rawBody)).sort((a, b) => a.seq - b.seq);
  assert.deepEqual(bodies, [{ seq: 1, type: 'request_cancelled' }, { seq: 2, type: 'shipment_confirmed' }, { seq: 3, type: 'inbound_received' }]);
  for (const webhook of receiver.received) {
    assert.equal(webhook.request.headers['x-wms-signature'], createHmac('sha256', sim.credentials.webhookSecret).update(webhook.rawBody).digest('base64'));
  }
});

test('dropped and duplicated webhooks lose nothing: every event is still served by seq', async () => {
  receiver.received.length = 0;
  assert.equal(sim.control.setFaults({ webhookDrop: 0.4, webhookDuplicate: 0.4 }), null);
  const firstSeq = sim.state().lastSeq + 1;
  for (let n = 0; n < 12; n++) await api(sim, 'POST', '/shipment-requests', shipmentRequest(`RQ-w${n}`));
  await waitIdle(sim);
  const { stats } = sim.state();
  assert.ok(stats.webhooksDropped > 0 && stats.webhooksDuplicated > 0, JSON.stringify(stats));
  assert.equal(receiver.received.length, 12 - stats.webhooksDropped + stats.webhooksDuplicated);
  const shipped = (await allEvents(sim)).filter((e) => e.seq >= firstSeq);
  assert.deepEqual(shipped.map((e) => e.seq), Array.from({ length: 12 }, (_, i) => firstSeq + i));
  assert.equal(sim.control.setFaults({ webhookDrop: 0, webhookDuplicate: 0 }), null);
});

test('an outage answers 503 UNAVAILABLE and the errorRate fault answers 429 with Retry-After or a 5xx', async () => {
  assert.equal((await control(sim, 'faults', { outage: { forMs: 5000 } })).status, 200);
  assert.deepEqual(await api(sim, 'GET', '/events'), { status: 503, body: { code: 'UNAVAILABLE', message: 'The warehouse system is down for maintenance' } });
  await control(sim, 'faults', { outage: { forMs: 0 }, errorRate: 1 });
  const statuses = new Set<number>();
  for (let n = 0; n < 12; n++) {
    const response = await fetch(`${sim.url}/api/v1/events`, { headers: { authorization: `Bearer ${sim.credentials.apiKey}` } });
    statuses.add(response.status);
    if (response.status === 429) assert.equal(response.headers.get('retry-after'), '1');
    await response.arrayBuffer();
  }
  assert.ok(statuses.has(429) && [...statuses].some((s) => s >= 500), [...statuses].join());
  await control(sim, 'faults', { errorRate: 0 });
});

test('reset starts the warehouse again from the options, keeping the webhook address', async () => {
  assert.equal((await control(sim, 'reset', {})).status, 200);
  const state = sim.state();
  assert.deepEqual([state.lastSeq, state.requests.length, state.webhookAddress], [0, 0, receiver.url]);
  assert.deepEqual(state.warehouses, [{ code: 'WH1', stock: [{ sku: 'X', qty: 10 }] }]);
  await control(sim, 'count-all', { warehouse: 'WH1' });
  const [counted] = await allEvents(sim);
  assert.deepEqual([counted?.seq, counted?.eventId], [1, 'wms-ev-r1-00000001'], 'seq starts again, event ids never repeat');
});
