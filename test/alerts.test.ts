import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { startShopifySim, type ShopifySim } from '../sim/shopify/index.ts';
import { buildServer, type ApiApp } from '../src/api/server.ts';
import { queryAudit } from '../src/audit/index.ts';
import { openTestHub, type TestHub } from './helpers/hub.ts';
import { connectShopifySim } from './helpers/shopify.ts';

let hub: TestHub;
let app: ApiApp;
let sim: ShopifySim;
let connectionId: string;
let hubUrl: string;
/** The alerts' clock: real time unless a test sets it. */
let clock: Date | null = null;
const token = 'osk_alerts_test_admin_token_000000';
const SKUS = ['A', 'B', 'C', 'D'];

before(async () => {
  // The periodic evaluation is pushed out of the way: each test evaluates when it means to.
  hub = await openTestHub({ alerts: { evaluateEveryMs: 86_400_000, now: () => clock ?? new Date() } });
  await hub.access.ensureAdminToken(token);
  app = await buildServer(hub, { logger: false });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  hubUrl = url;
  await hub.inventory.createLocation({ code: 'WH', name: 'Warehouse', kind: 'warehouse' });
  for (const sku of SKUS) {
    assert.ok((await hub.catalog.createProduct({ sku, name: sku, unitCost: '1.00', price: '10.00' })).ok);
    await hub.inventory.receive({ sku, location: 'WH', qty: 1000, idempotencyKey: `open-${sku}` }, 'test');
  }
  sim = await startShopifySim({
    // Equal popularity, every order paid at once and none cancelled later: the simulator is idle as soon as its orders are placed.
    seed: 11, demand: { zipfExponent: 0, unpaidShare: 0, paidCancelShare: 0 },
    catalog: SKUS.map((sku) => ({ sku, qty: 1000, price: '10.00' })),
  });
  connectionId = await connectShopifySim(hub, sim, { name: 'Shop', webhooksTo: url });
  await hub.channels.refreshListings(connectionId);
  hub.sync.startWorkers({ pollMs: 20, schedulePulls: false });
});

after(async () => {
  await app.close();
  await hub.dispose();
  await sim.close();
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await app.inject({ method: method as 'GET', url: path, headers: { authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { payload: body as object }) });
  return { status: response.statusCode, body: response.body ? response.json() : undefined };
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const simPost = (path: string, body: unknown) => fetch(`${sim.url}/_sim/${path}`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const liveAlerts = async (rule: string) => (await call('GET', `/api/v1/alerts?rule=${rule}&limit=500`)).body.items.filter((a: { status: string }) => a.status !== 'resolved');

/** Places orders at the simulator; resolves when the last one is placed (its webhooks may still be on the way). */
async function place(count: number, perSecond: number): Promise<void> {
  sim.control.generate({ count, perSecond });
  await waitFor('the simulator has placed its orders', async () => !sim.state().generating, 60_000);
}

/** Waits until the hub has every order the simulator placed on this connection and is quiet. */
async function ingested(shop: ShopifySim = sim, connection = connectionId): Promise<void> {
  assert.deepEqual(await (await fetch(`${shop.url}/_sim/idle`, { method: 'POST', body: JSON.stringify({ timeoutMs: 60_000 }) })).json(), { idle: true });
  const placed = shop.state().orders.length;
  await waitFor('the hub has every order', async () => {
    const stored = await sql<{ n: number }>`SELECT count(*)::int AS n FROM orders WHERE connection_id = ${connection}`.execute(hub.store.db);
    return stored.rows[0]!.n >= placed && !(await hub.sync.busy());
  }, 60_000);
}

test("cutting one SKU's demand by 80 % raises the sales-drop alert for that SKU within the window, and for no other", async () => {
  // The periods are taken from when the simulator placed orders, not from when the hub caught up, so
  // the judgement (at an injected "now") does not depend on how fast ingest runs on this machine.
  // Platforms stamp orders in whole seconds: a second of margin on each side keeps every order in its period.
  const baselineStart = Date.now() - 1000;
  await place(240, 40);
  await sleep(1100);
  const cut = Date.now();
  assert.deepEqual(await simPost('demand', { sku: 'A', factor: 0.2 }), { sku: 'A', factor: 0.2 });
  await place(120, 40);
  const end = Date.now() + 1;
  const windowStart = cut - 1000;
  await ingested();
  const put = await call('PUT', '/api/v1/alert-rules/sales_drop', {
    params: { windowSeconds: (end - windowStart) / 1000, baselineSeconds: (windowStart - baselineStart) / 1000, dropRatio: 0.5, minBaselineUnits: 10 },
  });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  clock = new Date(end);
  try {
    assert.equal((await call('POST', '/api/v1/alerts/evaluate')).status, 200);
  } finally {
    clock = null;
  }
  const drops = await liveAlerts('sales_drop');
  assert.deepEqual(drops.map((a: { subject: string }) => a.subject), ['sku:A'], JSON.stringify(drops));
  const values = drops[0].values;
  assert.ok(values.recentUnits < 0.5 * values.expectedUnits, JSON.stringify(values));
  assert.ok(values.baselineUnits >= 10);
  assert.equal((await simPost('demand', { sku: 'Z', factor: 0.5 })).error, 'no SKU "Z" in the catalog');
  // With no more orders every SKU would soon look like a drop against this burst: the rule rests for the other tests.
  assert.equal((await call('PUT', '/api/v1/alert-rules/sales_drop', { enabled: false })).status, 200);
});

test('the same condition evaluated twice is one alert seen twice, resolved once it clears', async () => {
  assert.ok((await hub.catalog.createProduct({ sku: 'L', name: 'Low', unitCost: '1.00', price: '2.00' })).ok);
  await hub.inventory.receive({ sku: 'L', location: 'WH', qty: 3, idempotencyKey: 'open-L' }, 'test');
  await hub.alerts.evaluate();
  await hub.alerts.evaluate();
  const low = (await liveAlerts('low_stock')).filter((a: { subject: string }) => a.subject === 'sku:L');
  assert.equal(low.length, 1);
  assert.equal(low[0].occurrences, 2);
  assert.deepEqual(low[0].values, { sku: 'L', available: 3, threshold: 5 });
  await hub.inventory.receive({ sku: 'L', location: 'WH', qty: 10, idempotencyKey: 'more-L' }, 'test');
  await hub.alerts.evaluate();
  const after = (await hub.alerts.get(low[0].id));
  assert.ok(after.ok && after.value.status === 'resolved' && after.value.resolvedAt !== null);
});

test('stock-out and low stock are told apart per SKU', async () => {
  for (const [sku, qty, safety] of [['S', 4, 0], ['Z', 2, 2]] as const) {
    assert.ok((await hub.catalog.createProduct({ sku, name: sku, unitCost: '1.00', price: '2.00' })).ok);
    await hub.inventory.receive({ sku, location: 'WH', qty, idempotencyKey: `open-${sku}` }, 'test');
    if (safety) await hub.inventory.setSafetyStock({ sku, location: 'WH', qty: safety });
  }
  await hub.alerts.evaluate();
  const subjects = async (rule: string) => (await liveAlerts(rule)).map((a: { subject: string }) => a.subject).sort();
  assert.deepEqual(await subjects('stock_out'), ['sku:Z']);
  assert.deepEqual(await subjects('low_stock'), ['sku:S']);
});

test('acknowledging and snoozing are audited with before and after; a snoozed alert wakes when its time is up', async () => {
  const [out] = await liveAlerts('stock_out');
  const acked = await call('POST', `/api/v1/alerts/${out.id}/acknowledge`);
  assert.equal(acked.status, 200);
  assert.equal(acked.body.status, 'acknowledged');
  assert.match(acked.body.acknowledgedBy, /^token:/);
  const ackAudit = (await queryAudit(hub.store.db, { subjectType: 'alert', subjectId: out.id })).items;
  assert.deepEqual(ackAudit.map((e) => [e.action, (e.before as { status: string }).status, (e.after as { status: string }).status]), [['alerts.ack', 'open', 'acknowledged']]);
  const again = await hub.alerts.evaluate();
  const stillAcked = await hub.alerts.get(out.id);
  assert.ok(stillAcked.ok && stillAcked.value.status === 'acknowledged' && stillAcked.value.occurrences === 2);
  assert.equal(again.notified, 0, 'an acknowledged alert is not sent again');

  const [low] = await liveAlerts('low_stock');
  const snoozed = await call('POST', `/api/v1/alerts/${low.id}/snooze`, { minutes: 5 });
  assert.equal(snoozed.status, 200);
  assert.equal(snoozed.body.status, 'snoozed');
  const snoozeAudit = (await queryAudit(hub.store.db, { subjectType: 'alert', subjectId: low.id })).items[0]!;
  assert.equal(snoozeAudit.action, 'alerts.snooze');
  assert.deepEqual(snoozeAudit.before, { status: 'open', snoozedUntil: null, acknowledgedBy: null });
  assert.equal((snoozeAudit.after as { snoozedUntil: string }).snoozedUntil, snoozed.body.snoozedUntil);
  assert.equal((await hub.alerts.evaluate()).notified, 0, 'quiet while snoozed');
  clock = new Date(Date.parse(snoozed.body.snoozedUntil) + 60_000);
  try {
    const woke = await hub.alerts.evaluate();
    assert.ok(woke.notified >= 1);
  } finally {
    clock = null;
  }
  const back = await hub.alerts.get(low.id);
  assert.ok(back.ok && back.value.status === 'open' && back.value.snoozedUntil === null);
  assert.equal((await call('POST', '/api/v1/alerts/999999/acknowledge')).status, 404);
});

test('a listing showing more than can be shipped is an oversell risk until the right quantity is pushed', async () => {
  const listing = (await hub.channels.listListings(connectionId)).find((l) => l.sku === 'D')!;
  const stock = await hub.inventory.stockOf('D');
  assert.ok(stock.ok);
  // The channel acknowledged a quantity the hub cannot ship (a stale push that landed late).
  await hub.channels.recordPush(listing.id, stock.value.available + 50, { test: 'stale' });
  await hub.alerts.evaluate();
  const [risk] = (await liveAlerts('oversell_risk')).filter((a: { subject: string }) => a.subject === `listing:${listing.id}`);
  assert.ok(risk, 'an oversell alert for the listing');
  assert.deepEqual([risk.values.shown, risk.values.available, risk.values.excess], [stock.value.available + 50, stock.value.available, 50]);
  await hub.sync.pushListings([listing.id]);
  await waitFor('the push lands', async () => (await hub.channels.getListing(listing.id))!.lastPushedQty === stock.value.available && !(await hub.sync.busy()));
  await hub.alerts.evaluate();
  const after = await hub.alerts.get(risk.id);
  assert.ok(after.ok);
  assert.equal(after.value.status, 'resolved');
});

test('a connection whose calls keep failing raises an alert, resolved once calls succeed again', async () => {
  assert.equal((await call('PUT', '/api/v1/alert-rules/connection_failing', { params: { errorStreak: 2 } })).status, 200);
  await simPost('faults', { outage: { forMs: 120_000 } });
  try {
    await hub.sync.requestPull(connectionId);
    await waitFor('two failed calls in a row', async () => {
      const c = await hub.channels.get(connectionId);
      return c.ok && c.value.errorStreak >= 2;
    });
    await hub.alerts.evaluate();
    const [failing] = await liveAlerts('connection_failing');
    assert.equal(failing.subject, `connection:${connectionId}`);
    assert.ok(failing.values.errorStreak >= 2);
    assert.match(failing.message, /failed \d+ calls in a row/);
  } finally {
    await simPost('faults', { outage: { forMs: 0 } });
  }
  await hub.sync.requestPull(connectionId);
  await waitFor('a successful call', async () => {
    const c = await hub.channels.get(connectionId);
    return c.ok && c.value.errorStreak === 0;
  }, 60_000);
  await hub.alerts.evaluate();
  assert.deepEqual(await liveAlerts('connection_failing'), []);
});

test('an order held for a quantity typo raises its quantity-anomaly alert, and the order waits in the review queue', async () => {
  // A second shop where every order carries a case for a person; some are quantity typos (a 2 that became 20).
  const typos = await startShopifySim({
    seed: 5, demand: { zipfExponent: 0, unpaidShare: 0, paidCancelShare: 0, reviewShare: 1 },
    catalog: SKUS.map((sku) => ({ sku, qty: 1000, price: '10.00' })),
  });
  try {
    const typosId = await connectShopifySim(hub, typos, { name: 'Typos', webhooksTo: hubUrl });
    await hub.channels.refreshListings(typosId);
    typos.control.generate({ count: 20, perSecond: 50 });
    await ingested(typos, typosId);
    const labelled = typos.state().orders.filter((o) => o.labels.reasons.includes('quantity_typo'));
    assert.ok(labelled.length > 0, 'the sample has quantity typos');
    const orderIds = new Map((await hub.orders.list({ connectionId: typosId, limit: 100 })).items.map((o) => [o.externalId, o.id]));
    const wanted = labelled.map((o) => orderIds.get(o.id)!);
    await waitFor('the review queue has judged the orders', async () => {
      const held = new Set((await hub.review.queue({ connectionId: typosId, limit: 500 })).items.map((i) => i.orderId));
      return wanted.every((id) => held.has(id));
    });
    await hub.alerts.evaluate();
    const anomalies = new Map<string, Record<string, unknown>>((await liveAlerts('quantity_anomaly')).map((a: { subject: string; values: Record<string, unknown> }) => [a.subject, a.values]));
    for (const id of wanted) {
      assert.ok(anomalies.has(`order:${id}`), `a quantity-anomaly alert for order ${id}: ${JSON.stringify([...anomalies.keys()])}`);
      assert.equal(anomalies.get(`order:${id}`)!.orderId, id);
    }
    // One-off events: judging again neither resolves them nor raises them twice.
    await hub.alerts.evaluate();
    const again = await liveAlerts('quantity_anomaly');
    assert.equal(again.length, anomalies.size);
    assert.ok(again.every((a: { occurrences: number }) => a.occurrences === 1));
  } finally {
    await typos.close();
  }
});

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

async function receiver(answer: (n: number) => number): Promise<{ url: string; got: Received[]; close(): Promise<void> }> {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(answer(got.length)).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/alerts`, got, close: () => new Promise((r) => server.close(() => r())) };
}

test('alerts are POSTed to every webhook signed with HMAC-SHA256, and a receiver that answered 500 gets them again', async () => {
  const secret = 'whsec_alerts_test_0123456789';
  const good = await receiver(() => 204);
  const flaky = await receiver((n) => (n === 1 ? 500 : 200));
  try {
    for (const url of [good.url, flaky.url]) assert.equal((await call('POST', '/api/v1/alert-webhooks', { url, secret })).status, 201);
    const listed = await call('GET', '/api/v1/alert-webhooks');
    assert.equal(listed.body.items.length, 2);
    assert.ok(!JSON.stringify(listed.body).includes(secret), 'the secret is never returned');
    assert.ok((await hub.catalog.createProduct({ sku: 'W', name: 'W', unitCost: '1.00', price: '2.00' })).ok);
    await hub.inventory.receive({ sku: 'W', location: 'WH', qty: 2, idempotencyKey: 'open-W' }, 'test');
    await hub.alerts.evaluate();
    const forW = (r: Received) => JSON.parse(r.body).alert.subject === 'sku:W';
    await waitFor('both receivers have the alert', async () => good.got.some(forW) && flaky.got.filter(forW).length >= 2);
    const delivery = good.got.find(forW)!;
    const timestamp = delivery.headers['x-omnisync-timestamp'] as string;
    const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${delivery.body}`).digest('hex')}`;
    assert.equal(delivery.headers['x-omnisync-signature'], expected);
    assert.equal(delivery.headers['content-type'], 'application/json');
    const payload = JSON.parse(delivery.body);
    assert.equal(payload.event, 'alert.raised');
    assert.deepEqual([payload.alert.rule, payload.alert.values], ['low_stock', { sku: 'W', available: 2, threshold: 5 }]);
    const [first, second] = flaky.got.filter(forW);
    assert.equal(first!.headers['x-omnisync-delivery'], second!.headers['x-omnisync-delivery'], 'the retry carries the same delivery id');
    const signedAgain = `sha256=${createHmac('sha256', secret).update(`${second!.headers['x-omnisync-timestamp']}.${second!.body}`).digest('hex')}`;
    assert.equal(second!.headers['x-omnisync-signature'], signedAgain);
    const removed = await call('DELETE', `/api/v1/alert-webhooks/${listed.body.items[0].id}`);
    assert.equal(removed.status, 200);
    const audit = (await queryAudit(hub.store.db, { subjectType: 'alert_webhook' })).items.map((e) => e.action);
    assert.deepEqual(audit, ['alerts.webhook.remove', 'alerts.webhook.add', 'alerts.webhook.add']);
  } finally {
    await good.close();
    await flaky.close();
  }
});

test('rule changes are checked field by field and audited; /metrics counts live alerts by rule', async () => {
  const bad = await call('PUT', '/api/v1/alert-rules/sales_drop', { params: { dropRatio: 2 } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, 'ALERTS.RULE_PARAMS_INVALID');
  assert.deepEqual(bad.body.error.details.fields.map((f: { field: string }) => f.field), ['params.dropRatio']);
  assert.equal((await call('GET', '/api/v1/alert-rules/no_such_rule')).status, 404);
  const off = await call('PUT', '/api/v1/alert-rules/low_stock', { enabled: false });
  assert.equal(off.body.enabled, false);
  const [change] = (await queryAudit(hub.store.db, { subjectType: 'alert_rule', subjectId: 'low_stock' })).items;
  assert.deepEqual([change!.action, (change!.before as { enabled: boolean }).enabled, (change!.after as { enabled: boolean }).enabled], ['alerts.rule', true, false]);
  const metrics = await app.inject({ method: 'GET', url: '/metrics' });
  assert.match(metrics.body, /omnisync_alerts_open\{rule="stock_out",status="acknowledged"\} 1/);
});
