import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseCsvRows } from './csv.ts';
import { startErpSim, type ErpSim } from './index.ts';

const products = [
  { sku: 'TEA-1', name: 'Longjing 250 g', unitCost: '41.00', price: '128.00' },
  { sku: 'CUP-1', name: 'Celadon cup, "small"', unitCost: '9.5', price: '49.00', barcode: '6901234567892' },
];
let sim: ErpSim;

before(async () => {
  sim = await startErpSim({ products, seed: 3 });
});
after(() => sim.close());

const api = (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
  fetch(`${sim.url}/api/v1/${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${sim.credentials.apiKey}`, 'content-type': 'application/json', ...init.headers },
    body: init.body === undefined ? null : JSON.stringify(init.body),
  });
const control = (path: string, body: unknown) => fetch(`${sim.url}/_sim/${path}`, { method: 'POST', body: JSON.stringify(body) });

function salesOrder(externalRef: string) {
  return {
    externalRef, channel: 'shop-1', platform: 'shopify', channelOrderId: '820982911946154508', number: '#1001',
    orderedAt: '2025-04-02T16:00:00Z', currency: 'USD', total: '133.50',
    customer: { name: 'Ada' }, shipTo: { name: 'Ada', line1: '1 Main St', city: 'Springfield', country: 'US' },
    lines: [{ lineNo: 1, sku: 'TEA-1', description: 'Longjing', qty: 1, unitPrice: '128.00' }, { lineNo: 2, sku: 'CUP-1', description: '', qty: 1, unitPrice: '5.50' }],
  };
}

test('an order posted twice under one key is booked once and the repeat answers 200 with the same id', async () => {
  const first = await api('sales-orders', { method: 'POST', body: salesOrder('hub-1'), headers: { 'idempotency-key': 'hub-1' } });
  assert.equal(first.status, 201);
  const booked = await first.json();
  const again = await api('sales-orders', { method: 'POST', body: salesOrder('hub-1'), headers: { 'idempotency-key': 'hub-1' } });
  assert.equal(again.status, 200);
  assert.equal((await again.json()).id, booked.id);
  const orders = sim.state().orders.filter((o) => o.externalRef === 'hub-1');
  assert.equal(orders.length, 1);
  assert.equal(orders[0]!.postedTimes, 2);
  assert.equal(orders[0]!.channelOrderId, '820982911946154508');
  assert.deepEqual(orders[0]!.lines.map((l) => [l.sku, l.qty, l.unitPrice]), [['TEA-1', 1, '128.00'], ['CUP-1', 1, '5.50']]);
});

test('a key reused for another order is refused with the ERP error code', async () => {
  await api('sales-orders', { method: 'POST', body: salesOrder('hub-2'), headers: { 'idempotency-key': 'key-2' } });
  const reused = await api('sales-orders', { method: 'POST', body: salesOrder('hub-3'), headers: { 'idempotency-key': 'key-2' } });
  assert.equal(reused.status, 422);
  assert.equal((await reused.json()).error.code, 'IDEMPOTENCY_KEY_REUSED');
  assert.equal(sim.state().orders.some((o) => o.externalRef === 'hub-3'), false);
});

test('money sent as a JSON number and lines missing are refused as validation failures', async () => {
  const numeric = await api('sales-orders', { method: 'POST', body: { ...salesOrder('hub-4'), total: 133.5 } });
  assert.equal(numeric.status, 422);
  assert.deepEqual((await numeric.json()).error, { code: 'VALIDATION_FAILED', message: 'total must be a decimal string such as "12.50"' });
  const noQty = salesOrder('hub-4');
  noQty.lines[1]!.qty = 0;
  const refused = await api('sales-orders', { method: 'POST', body: noQty });
  assert.match((await refused.json()).error.message, /^lines\[1\]\.qty must be a whole number >= 1$/);
  assert.equal(sim.state().orders.some((o) => o.externalRef === 'hub-4'), false);
});

test('a wrong API key is answered 401 and books nothing', async () => {
  const before = sim.state().orders.length;
  const refused = await api('sales-orders', { method: 'POST', body: salesOrder('hub-5'), headers: { authorization: 'Bearer nope' } });
  assert.equal(refused.status, 401);
  assert.equal((await refused.json()).error.code, 'UNAUTHORIZED');
  assert.equal(sim.state().orders.length, before);
});

test('receipts, counts and product changes appear in their feeds after the number asked for', async () => {
  for (let qty = 1; qty <= 3; qty++) assert.equal((await control('receipt', { sku: 'TEA-1', location: 'WH-1', qty, purchaseOrder: 'PO-7' })).status, 201);
  assert.equal((await control('count', { sku: 'CUP-1', location: 'WH-1', qty: 0 })).status, 201);
  assert.equal((await control('product', { sku: 'TEA-1', name: 'Longjing 250 g (new crop)', unitCost: 42, price: '129.00' })).status, 200);

  const page = await (await api('receipts?after=1&limit=1')).json();
  assert.deepEqual(page.items.map((r: { seq: number; qty: number }) => [r.seq, r.qty]), [[2, 2]]);
  assert.equal(page.hasMore, true);
  const rest = await (await api('receipts?after=2')).json();
  assert.deepEqual([rest.items.map((r: { qty: number }) => r.qty), rest.hasMore], [[3], false]);
  assert.equal(rest.items[0].purchaseOrder, 'PO-7');
  const counts = await (await api('stock-counts?after=0')).json();
  assert.deepEqual(counts.items.map((c: { id: string; qty: number }) => [c.id, c.qty]), [['CNT-000001', 0]]);
  const changed = await (await api('products?updatedAfter=2')).json();
  assert.deepEqual(changed.items.map((p: { sku: string; version: number; unitCost: string }) => [p.sku, p.version, p.unitCost]), [['TEA-1', 3, '42']]);
  assert.equal((await api('receipts?after=x')).status, 400);
});

test('an outage answers 503 until it is ended', async () => {
  assert.equal((await control('faults', { outage: { forMs: 60_000 } })).status, 200);
  const down = await api('products');
  assert.equal(down.status, 503);
  assert.equal((await down.json()).error.code, 'UNAVAILABLE');
  await control('faults', { outage: { forMs: 0 } });
  assert.equal((await api('products')).status, 200);
});

test('generate receives goods for products of the master until idle', async () => {
  const before = sim.state().receipts.length;
  assert.equal((await fetch(`${sim.url}/_sim/generate`, { method: 'POST', body: JSON.stringify({ count: 5, perSecond: 1000 }) })).status, 202);
  const idle = await (await fetch(`${sim.url}/_sim/idle`, { method: 'POST', body: JSON.stringify({ timeoutMs: 3000 }) })).json();
  assert.equal(idle.idle, true);
  const received = sim.state().receipts.slice(before);
  assert.equal(received.length, 5);
  for (const r of received) assert.ok(['TEA-1', 'CUP-1'].includes(r.sku) && r.location === 'MAIN' && r.qty >= 1);
});

test('with csvDir the ERP drops complete CSV files into inbox and books order files from outbox', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'erp-sim-'));
  const fileSim = await startErpSim({ products, csvDir: dir });
  try {
    const inbox = join(dir, 'inbox');
    fileSim.control.receipt({ sku: 'CUP-1', location: 'WH-1', qty: 12 });
    const names = (await readdir(inbox)).sort();
    assert.equal(names.length, 2);
    assert.match(names[0]!, /^products-\d{8}T\d{9}Z-000001\.csv$/);
    assert.match(names[1]!, /^receipts-\d{8}T\d{9}Z-000002\.csv$/);
    const productFile = await readFile(join(inbox, names[0]!), 'utf8');
    assert.ok(productFile.startsWith('\uFEFFsku,name,unit_cost,price,currency,barcode\r\n'));
    assert.deepEqual(parseCsvRows(productFile)[2], ['CUP-1', 'Celadon cup, "small"', '9.5', '49.00', 'USD', '6901234567892']);
    assert.deepEqual(parseCsvRows(await readFile(join(inbox, names[1]!), 'utf8'))[1]?.slice(0, 5), ['RCV-000001', '', 'CUP-1', 'WH-1', '12']);

    const header = 'order_id,channel,platform,channel_order_id,number,ordered_at,currency,total,customer_name,ship_name,ship_line1,ship_line2,ship_city,ship_province,ship_postal_code,ship_country,ship_phone,line_no,sku,description,qty,unit_price';
    const row = (line: number, sku: string) => `h-9,shop-1,shopify,55,#9,2025-04-02T16:00:00.000Z,USD,10.00,Ada,Ada,"1 Main St, Apt 2",,Springfield,,,US,,${line},${sku},"Tea, ""green""",1,5.00`;
    await writeFile(join(dir, 'outbox', 'order-h-9.csv'), `${header}\r\n${row(1, 'TEA-1')}\r\n${row(2, 'CUP-1')}\r\n`);
    await writeFile(join(dir, 'outbox', 'order-bad.csv'), `${header}\r\nnot,enough\r\n`);
    const state = fileSim.state();
    assert.equal(state.orders.length, 1);
    assert.deepEqual(state.orders[0]!.lines.map((l) => [l.lineNo, l.sku, l.description]), [[1, 'TEA-1', 'Tea, "green"'], [2, 'CUP-1', 'Tea, "green"']]);
    assert.equal((state.orders[0]!.shipTo as { line1: string }).line1, '1 Main St, Apt 2');
    assert.deepEqual([state.orders[0]!.via, state.orders[0]!.postedTimes], ['file', 1]);
    assert.match(state.fileErrors[0]!.error, /row 1 has 2 fields/);
    assert.equal(fileSim.state().orders[0]!.postedTimes, 1, 'a file is read once, however often the state is asked for');

    fileSim.control.reset();
    const afterReset = (await readdir(inbox)).sort();
    assert.deepEqual(afterReset.length, 1, 'a reset empties the exchange and drops the opening product master again');
    assert.ok(afterReset[0]! > names[0]!, 'a products file written after a reset sorts after the earlier one');
    assert.deepEqual(await readdir(join(dir, 'outbox')), []);
  } finally {
    await fileSim.close();
    await rm(dir, { recursive: true, force: true });
  }
});
