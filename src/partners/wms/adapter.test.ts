import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
// The simulator is started in-process for the test only; the adapter reaches it over HTTP alone.
import { startWmsSim, type WmsSim } from '../../../sim/wms/index.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../../sim/common/testing.ts';
import { PlatformError } from '../../connectors/types.ts';
import type { PartnerContext, WmsEvent, WmsShipmentRequest } from '../types.ts';
import { wmsRestAdapter as wms } from './index.ts';

let sim: WmsSim;
let receiver: WebhookReceiver;

before(async () => {
  receiver = await startWebhookReceiver();
  sim = await startWmsSim({
    seed: 4, webhookAddress: receiver.url, webhookRetry: { baseMs: 5 },
    warehouses: [{ code: 'WH-EAST', stock: [{ sku: 'TEA', qty: 20 }, { sku: 'CUP', qty: 3 }] }],
    shipDelayMs: [200, 200], shortShipRate: 0, shrinkRate: 0, countEveryMs: 0, returnRate: 0, receiveDelayMs: [5, 10],
  });
});
after(async () => {
  await sim.close();
  await receiver.close();
});

function contextOf(credentials: Record<string, string> = sim.credentials): PartnerContext {
  return { baseUrl: sim.url, credentials, fetch, now: () => new Date(), settings: {} };
}

async function idle(): Promise<void> {
  const response = await fetch(`${sim.url}/_sim/idle`, { method: 'POST', body: JSON.stringify({ timeoutMs: 5000 }) });
  assert.deepEqual(await response.json(), { idle: true });
}

async function rejection(call: Promise<unknown>): Promise<PlatformError> {
  const error = await call.then(() => null, (err: unknown) => err);
  assert.ok(error instanceof PlatformError, `expected a PlatformError, got ${String(error)}`);
  return error;
}

/** Every event after cursor, page by page as the hub reads them. */
async function eventsAfter(cursor: string | null): Promise<{ items: WmsEvent[]; cursor: string | null }> {
  const items: WmsEvent[] = [];
  for (;;) {
    const feed = await wms.events(contextOf(), cursor);
    items.push(...feed.items);
    cursor = feed.cursor;
    if (!feed.more) return { items, cursor };
  }
}

const order = (requestId: string, lines: [string, number][]): WmsShipmentRequest => ({
  requestId, orderNumber: `#${requestId.slice(0, 6)}`, warehouse: 'WH-EAST',
  shipTo: { name: 'Li Lei', line1: '1 West Lake Rd', line2: null, city: 'Hangzhou', province: 'Zhejiang', postalCode: '310000', country: 'CN', phone: '13800000000' },
  lines: lines.map(([sku, qty], i) => ({ lineRef: String(i + 1), sku, qty })),
});

test('a shipment requested twice is one request at the warehouse, the second call answering with the first id', async () => {
  const first = await wms.requestShipment(contextOf(), order('ord-1@WH-EAST', [['TEA', 2], ['CUP', 1]]));
  const again = await wms.requestShipment(contextOf(), order('ord-1@WH-EAST', [['TEA', 2], ['CUP', 1]]));
  assert.deepEqual(again, { wmsRequestId: first.wmsRequestId, created: false });
  assert.equal(first.created, true);
  assert.deepEqual(sim.state().requests.map((r) => r.requestId), ['ord-1@WH-EAST']);
});

test('cancelling before the pick is done drops the request; after it has shipped the answer is cancelled: false', async () => {
  await wms.requestShipment(contextOf(), order('ord-2@WH-EAST', [['TEA', 1]]));
  assert.deepEqual(await wms.cancelShipment(contextOf(), 'ord-2@WH-EAST'), { cancelled: true });
  await idle();
  assert.deepEqual(await wms.cancelShipment(contextOf(), 'ord-1@WH-EAST'), { cancelled: false });
  assert.deepEqual(sim.state().requests.map((r) => [r.requestId, r.status]), [['ord-1@WH-EAST', 'shipped'], ['ord-2@WH-EAST', 'cancelled']]);
  const unknown = await rejection(wms.cancelShipment(contextOf(), 'never-sent'));
  assert.deepEqual([unknown.kind, unknown.platformCode], ['permanent', 'NOT_FOUND']);
});

test('events come in seq order with the cursor at the last seq, and read as the WmsEvent union', async () => {
  const { items, cursor } = await eventsAfter(null);
  assert.deepEqual(items.map((e) => [e.seq, e.type]), [[1, 'request_cancelled'], [2, 'shipment_confirmed']]);
  assert.equal(cursor, '2');
  const [cancelled, shipped] = items;
  assert.deepEqual(cancelled, { type: 'request_cancelled', seq: 1, eventId: cancelled!.eventId, warehouse: 'WH-EAST', requestId: 'ord-2@WH-EAST' });
  assert.ok(shipped?.type === 'shipment_confirmed');
  const truth = sim.state().requests[0]!;
  assert.deepEqual(shipped, {
    type: 'shipment_confirmed', seq: 2, eventId: shipped.eventId, requestId: 'ord-1@WH-EAST', warehouse: 'WH-EAST',
    carrier: truth.carrier, trackingNumber: truth.trackingNumber, shippedAt: shipped.shippedAt,
    lines: [{ lineRef: '1', sku: 'TEA', qtyShipped: 2 }, { lineRef: '2', sku: 'CUP', qtyShipped: 1 }],
  });
  assert.ok(Math.abs(Date.parse(shipped.shippedAt) - Date.now()) < 5000);
  assert.deepEqual(await wms.events(contextOf(), cursor), { items: [], cursor: '2', more: false });
});

test('a page of 200 events says there is more, and the next page starts after its last seq', async () => {
  const skus = Array.from({ length: 230 }, (_, i) => ({ sku: `BULK-${String(i).padStart(3, '0')}`, qty: i }));
  await fetch(`${sim.url}/_sim/stock`, { method: 'POST', body: JSON.stringify({ warehouse: 'WH-BULK', items: skus }) });
  await fetch(`${sim.url}/_sim/count-all`, { method: 'POST', body: JSON.stringify({ warehouse: 'WH-BULK' }) });
  const first = await wms.events(contextOf(), '2');
  assert.deepEqual([first.items.length, first.cursor, first.more], [200, '202', true]);
  const second = await wms.events(contextOf(), first.cursor);
  assert.deepEqual([second.items.length, second.cursor, second.more], [30, '232', false]);
  assert.deepEqual(second.items.at(-1), { type: 'cycle_count', seq: 232, eventId: second.items.at(-1)!.eventId, warehouse: 'WH-BULK', sku: 'BULK-229', qty: 229, countedAt: (second.items.at(-1) as { countedAt: string }).countedAt });
});

test('an inbound notice is announced once and comes back as inbound_received with its lines', async () => {
  const notice = { noticeId: 'rcpt-9', warehouse: 'WH-EAST', reference: 'PO-2025-009', lines: [{ sku: 'CUP', qty: 12 }] };
  const first = await wms.expectInbound(contextOf(), notice);
  assert.deepEqual(await wms.expectInbound(contextOf(), notice), { wmsNoticeId: first.wmsNoticeId, created: false });
  await idle();
  const { items } = await eventsAfter('232');
  assert.equal(items.length, 1);
  const received = items[0]!;
  assert.ok(received.type === 'inbound_received');
  assert.deepEqual({ ...received, receivedAt: '' }, { type: 'inbound_received', seq: 233, eventId: received.eventId, warehouse: 'WH-EAST', noticeId: 'rcpt-9', lines: [{ sku: 'CUP', qty: 12 }], receivedAt: '' });
  assert.deepEqual(await wms.stockOnHand(contextOf(), 'WH-EAST'), [{ sku: 'CUP', qty: 14 }, { sku: 'TEA', qty: 18 }]);
});

test('a webhook verifies with the shared secret, and not when its body, signature or secret differ', async () => {
  const [webhook] = await receiver.waitFor(1);
  const raw = Buffer.from(webhook!.rawBody);
  const headers = webhook!.request.headers;
  assert.equal(wms.verifyWebhook(headers, raw, sim.credentials), true);
  const tampered = webhook!.rawBody.replace(/"seq":\d+/, '"seq":999');
  assert.notEqual(tampered, webhook!.rawBody);
  assert.equal(wms.verifyWebhook(headers, Buffer.from(tampered), sim.credentials), false);
  assert.equal(wms.verifyWebhook(headers, raw, { ...sim.credentials, webhookSecret: 'another' }), false);
  assert.equal(wms.verifyWebhook({ ...headers, 'x-wms-signature': undefined }, raw, sim.credentials), false);
  assert.equal(wms.verifyWebhook(headers, raw, { apiKey: sim.credentials.apiKey }), false);
});

test('a wrong or missing API key is an auth error', async () => {
  const wrong = await rejection(wms.requestShipment(contextOf({ ...sim.credentials, apiKey: 'nope' }), order('ord-x', [['TEA', 1]])));
  assert.deepEqual([wrong.kind, wrong.platformCode], ['auth', 'UNAUTHORIZED']);
  const missing = await rejection(wms.stockOnHand(contextOf({ webhookSecret: 'x' }), 'WH-EAST'));
  assert.equal(missing.kind, 'auth');
});

test('a refused request is permanent and carries the warehouse\'s code', async () => {
  const invalid = await rejection(wms.requestShipment(contextOf(), { ...order('ord-bad', [['TEA', 1]]), lines: [] }));
  assert.deepEqual([invalid.kind, invalid.platformCode], ['permanent', 'INVALID_REQUEST']);
  const elsewhere = await rejection(wms.requestShipment(contextOf(), { ...order('ord-bad', [['TEA', 1]]), warehouse: 'WH-MOON' }));
  assert.deepEqual([elsewhere.kind, elsewhere.platformCode], ['permanent', 'UNKNOWN_WAREHOUSE']);
  assert.match(elsewhere.message, /422 UNKNOWN_WAREHOUSE/);
});

test('a 503 outage is transient; a 429 is rate_limited with the Retry-After wait', async () => {
  const setFaults = (body: unknown) => fetch(`${sim.url}/_sim/faults`, { method: 'POST', body: JSON.stringify(body) });
  await setFaults({ outage: { forMs: 10_000 } });
  const down = await rejection(wms.requestShipment(contextOf(), order('ord-down', [['TEA', 1]])));
  assert.deepEqual([down.kind, down.platformCode], ['transient', 'UNAVAILABLE']);
  const downRead = await rejection(wms.events(contextOf(), null));
  assert.equal(downRead.kind, 'transient');
  await setFaults({ outage: { forMs: 0 }, errorRate: 1 });
  const kinds = new Map<string, PlatformError>();
  for (let n = 0; n < 12; n++) {
    const err = await rejection(wms.cancelShipment(contextOf(), 'ord-1@WH-EAST'));
    kinds.set(err.kind, err);
  }
  await setFaults({ errorRate: 0 });
  assert.deepEqual([...kinds.keys()].sort(), ['rate_limited', 'transient']);
  assert.equal(kinds.get('rate_limited')!.retryAfterMs, 1000);
  assert.equal(sim.state().requests.some((r) => r.requestId === 'ord-down'), false);
});

test('a base URL with no server behind it is a transient network error', async () => {
  const ctx = { ...contextOf(), baseUrl: 'http://127.0.0.1:9' };
  const err = await rejection(wms.expectInbound(ctx, { noticeId: 'n', warehouse: 'WH-EAST', reference: null, lines: [{ sku: 'TEA', qty: 1 }] }));
  assert.equal(err.kind, 'transient');
  assert.match(err.message, /network error/);
});
