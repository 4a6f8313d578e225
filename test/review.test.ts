import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CanonicalOrder } from '../src/connectors/types.ts';
import { claimReleasable } from '../src/orders/index.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

let server: TestServer;
let connectionId: string;
let sequence = 0;

before(async () => {
  server = await startTestServer();
  const { hub } = server;
  await hub.inventory.createLocation({ code: 'WH', name: 'Warehouse', kind: 'warehouse' });
  for (const sku of ['TEA', 'CUP']) {
    await hub.catalog.createProduct({ sku, name: sku, unitCost: '1.00', price: '10.00', currency: 'USD' });
    await hub.inventory.receive({ sku, location: 'WH', qty: 1000, idempotencyKey: `seed-${sku}` }, 'test');
  }
  const created = await hub.channels.create({ name: 'Shop', platform: 'shopify', baseUrl: 'http://127.0.0.1:9', credentials: { accessToken: 't', apiSecret: 's' } });
  assert.ok(created.ok);
  connectionId = created.value.id;
});
after(async () => server.close());

interface OrderInput {
  qty?: number;
  sku?: string;
  price?: string;
  note?: string | null;
  buyer?: string;
  status?: 'pending' | 'paid';
  createdAt?: string;
  updatedAt?: string;
  externalId?: string;
}

function order(input: OrderInput = {}): CanonicalOrder {
  const externalId = input.externalId ?? String(1000 + ++sequence);
  const qty = input.qty ?? 1;
  return {
    externalId, number: `#${externalId}`, status: input.status ?? 'paid', platformStatus: 'paid', createdAt: input.createdAt ?? new Date().toISOString(),
    updatedAt: input.updatedAt ?? new Date().toISOString(), currency: 'USD', total: String(qty * Number(input.price ?? '10.00')),
    buyer: { name: 'Ava Adams', email: input.buyer ?? `buyer${externalId}@example.com`, nick: null }, buyerNote: input.note ?? null, sellerNote: null,
    shippingAddress: { name: 'Ava Adams', line1: '1 Oak Avenue', line2: null, city: 'Austin', province: 'TX', postalCode: '78701', country: 'US', phone: null },
    lines: [{ externalLineId: `${externalId}-0`, sku: input.sku ?? 'TEA', platformProductId: null, platformVariantId: null, title: 'Tea', qty, unitPrice: input.price ?? '10.00' }],
  };
}

async function ingest(input: OrderInput = {}): Promise<string> {
  const outcome = await server.hub.orders.apply(connectionId, order(input), null);
  return outcome.orderId;
}

async function flagsOf(id: string): Promise<string[]> {
  const o = await server.hub.orders.get(id);
  assert.ok(o.ok);
  return o.value.flags;
}

async function reservedOf(sku: string): Promise<number> {
  const level = await server.hub.inventory.stockOf(sku);
  assert.ok(level.ok);
  return level.value.reserved;
}

const release = () => server.hub.store.db.transaction().execute((trx) => claimReleasable(trx, 1000));
const sweep = async () => {
  while ((await server.hub.review.sweep()).reviewed > 0) { /* until nothing waits */ }
};

test('an ordinary order is judged and released; one whose 2 became 20 is held with the values that fired', async () => {
  const ordinary = await ingest({ qty: 2 });
  const typo = await ingest({ qty: 20 });
  assert.deepEqual((await release()).map((r) => r.id).filter((id) => id === ordinary), [], 'nothing is released before the review');
  await sweep();
  const released = (await release()).map((r) => r.id);
  assert.ok(released.includes(ordinary));
  assert.ok(!released.includes(typo));
  assert.deepEqual(await flagsOf(typo), ['REVIEW']);
  const queue = await server.call('GET', `/api/v1/review/queue?rule=quantity_anomaly`);
  const item = queue.body.items.find((i: { orderId: string }) => i.orderId === typo);
  assert.deepEqual(item.reasons, [{ flag: 'REVIEW', rules: [{ rule: 'quantity_anomaly', values: { lines: [{ lineNo: 0, sku: 'TEA', qty: 20, limit: 5, basis: 'cap', pastLines: 0 }] } }] }]);
});

test('approving a held order releases it and writes who did it, before and after', async () => {
  const held = await ingest({ note: 'Please gift wrap it' });
  await sweep();
  assert.deepEqual(await flagsOf(held), ['REVIEW']);
  const approved = await server.call('POST', `/api/v1/orders/${held}/approve`, { note: 'wrapped' });
  assert.equal(approved.status, 200);
  assert.ok((await release()).some((r) => r.id === held));
  const audit = await server.call('GET', `/api/v1/audit?subjectType=order&subjectId=${held}`);
  assert.equal(audit.body.items.length, 1);
  assert.deepEqual(audit.body.items[0].before, { flags: ['REVIEW'] });
  assert.deepEqual(audit.body.items[0].after, { flags: [] });
  assert.match(audit.body.items[0].actor, /^token:/);
  const again = await server.call('POST', `/api/v1/orders/${held}/approve`, {});
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'ORDERS.NOT_HELD');
});

test('a harmless note passes and a note with a request is held', async () => {
  const harmless = await ingest({ note: '请尽快发货，谢谢！' });
  const request = await ingest({ note: '麻烦换成大号的，拍错了' });
  await sweep();
  assert.deepEqual(await flagsOf(harmless), []);
  assert.deepEqual(await flagsOf(request), ['REVIEW']);
});

test('editing a quantity reserves the stock again, is audited, and a later channel update does not undo it', async () => {
  const createdAt = new Date(Date.now() - 60_000).toISOString();
  const id = await ingest({ qty: 30, sku: 'CUP', status: 'pending', createdAt, updatedAt: createdAt, externalId: 'edit-1' });
  await sweep();
  const before = await reservedOf('CUP');
  const edited = await server.call('PATCH', `/api/v1/orders/${id}`, { lines: [{ lineNo: 0, qty: 3 }], address: { line1: '2 Oak Avenue' }, note: 'buyer confirmed 3' });
  assert.equal(edited.status, 200);
  assert.equal(await reservedOf('CUP'), before - 27);
  await server.hub.orders.apply(connectionId, order({ qty: 30, sku: 'CUP', status: 'paid', createdAt, externalId: 'edit-1' }), null);
  const after = await server.hub.orders.get(id);
  assert.ok(after.ok);
  assert.equal(after.value.status, 'paid');
  assert.equal(after.value.lines[0]!.qty, 3);
  assert.equal(await reservedOf('CUP'), before - 27);
  const audit = await server.call('GET', `/api/v1/audit?action=review.edit&subjectId=${id}`);
  assert.deepEqual(audit.body.items[0].before.lines, [{ lineNo: 0, sku: 'CUP', qty: 30 }]);
  assert.deepEqual(audit.body.items[0].after.lines, [{ lineNo: 0, sku: 'CUP', qty: 3 }]);
  const tooMany = await server.call('PATCH', `/api/v1/orders/${id}`, { lines: [{ lineNo: 0, qty: 100_000 }] });
  assert.equal(tooMany.body.error.code, 'INVENTORY.INSUFFICIENT_STOCK');
  assert.equal(await reservedOf('CUP'), before - 27, 'a refused edit changes nothing');
  const noLine = await server.call('PATCH', `/api/v1/orders/${id}`, { lines: [{ lineNo: 4, qty: 1 }] });
  assert.equal(noLine.status, 400);
  assert.equal(noLine.body.error.details.field, 'body.lines.0.lineNo');
});

test('cancelling in review gives the stock back; bulk actions answer per order', async () => {
  const a = await ingest({ qty: 40, sku: 'CUP' });
  const b = await ingest({ qty: 1 });
  await sweep();
  const before = await reservedOf('CUP');
  const bulk = await server.call('POST', '/api/v1/review/bulk', { action: 'cancel', orderIds: [a], reason: 'buyer meant 4' });
  assert.deepEqual(bulk.body.results, [{ orderId: a, ok: true }]);
  assert.equal(await reservedOf('CUP'), before - 40);
  const approve = await server.call('POST', '/api/v1/review/bulk', { action: 'approve', orderIds: [b, a] });
  assert.deepEqual(approve.body.results.map((r: { ok: boolean; code?: string }) => [r.ok, r.code]), [[false, 'ORDERS.NOT_HELD'], [false, 'ORDERS.NOT_HELD']]);
});

test('the later of two same orders from one buyer is held as a duplicate, even when it arrives first', async () => {
  const t0 = new Date(Date.now() - 120_000);
  const first = { buyer: 'dup@example.com', sku: 'TEA', qty: 2, createdAt: t0.toISOString(), externalId: '5001' };
  const second = { ...first, createdAt: new Date(t0.getTime() + 30_000).toISOString(), externalId: '5002' };
  const laterId = await ingest(second);
  await sweep();
  assert.deepEqual(await flagsOf(laterId), []);
  const earlierId = await ingest(first);
  await sweep();
  assert.deepEqual(await flagsOf(earlierId), []);
  assert.deepEqual(await flagsOf(laterId), ['REVIEW']);
  const queue = await server.call('GET', '/api/v1/review/queue?rule=duplicate');
  assert.deepEqual(queue.body.items.find((i: { orderId: string }) => i.orderId === laterId).reasons[0].rules[0].values.earlier.map((e: { orderId: string }) => e.orderId), [earlierId]);
});

test('settings are validated, audited and used; "what if" says which past orders a changed rule would hold', async () => {
  const bad = await server.call('PUT', '/api/v1/review/settings/default', { quantity: { factor: -1 } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.details.issues?.[0]?.field ?? bad.body.error.details.field ?? JSON.stringify(bad.body.error.details).includes('quantity.factor'), true);
  const saved = await server.call('PUT', `/api/v1/review/settings/${connectionId}`, { blocklist: { buyers: ['blocked@example.com'] } });
  assert.equal(saved.status, 200);
  assert.deepEqual(saved.body.effective.blocklist.buyers, ['blocked@example.com']);
  const blocked = await ingest({ buyer: 'BLOCKED@example.com' });
  await sweep();
  assert.deepEqual(await flagsOf(blocked), ['REVIEW']);
  const audit = await server.call('GET', '/api/v1/audit?action=review.settings');
  assert.deepEqual(audit.body.items[0].after, { blocklist: { buyers: ['blocked@example.com'] } });
  const whatIf = await server.call('POST', '/api/v1/review/what-if', { settings: { quantity: { capWithLittleHistory: 1 } }, days: 1 });
  assert.equal(whatIf.status, 200);
  const twos = whatIf.body.orders.filter((o: { rules: { rule: string }[]; wasHeld: boolean }) => o.rules.some((r) => r.rule === 'quantity_anomaly') && !o.wasHeld);
  assert.ok(twos.length >= 2, 'orders of 2 would now be held');
  assert.equal(whatIf.body.newlyHeld, whatIf.body.orders.filter((o: { wasHeld: boolean }) => !o.wasHeld).length);
  assert.equal((await server.call('GET', '/api/v1/review/settings/default')).body.stored.quantity, undefined, '"what if" saves nothing');
});

test('/metrics shows the review queue size and the oldest hold’s age', async () => {
  await ingest({ note: 'call me before delivery' });
  await sweep();
  const { open } = await server.hub.review.stats();
  assert.ok(open > 0);
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const value = (name: string) => Number(text.split('\n').find((l) => l.startsWith(`${name} `))?.split(' ')[1]);
  assert.equal(value('omnisync_review_queue_size'), open);
  assert.ok(value('omnisync_review_queue_oldest_age_seconds') > 0);
  assert.ok(text.includes('omnisync_orders_held{reason="REVIEW"}'));
});
