import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startErpSim } from '../../../sim/erp/index.ts';
import { parseCsv } from '../../catalog/index.ts';
import { PlatformError } from '../../connectors/index.ts';
import type { ErpOrderExport, ErpReceipt, Feed, PartnerContext } from '../types.ts';
import { readInboxFeed } from './csv-inbox.ts';
import { erpCsvAdapter, ORDER_FILE_COLUMNS, RECEIPTS_FEED } from './index.ts';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'erp-csv-'));
});
after(() => rm(root, { recursive: true, force: true }));

/** A fresh inbox and outbox for one test. */
async function folders(name: string): Promise<{ ctx: PartnerContext; inbox: string; outbox: string }> {
  const inbox = join(root, name, 'in');
  const outbox = join(root, name, 'out');
  await mkdir(inbox, { recursive: true });
  await mkdir(outbox, { recursive: true });
  const ctx = { baseUrl: '', credentials: {}, fetch, now: () => new Date('2025-04-02T16:00:00Z'), settings: { inboxDir: inbox, outboxDir: outbox } };
  return { ctx, inbox, outbox };
}

const RECEIPT_HEADER = 'receipt_id,purchase_order,sku,location,qty,received_at\n';
const receiptRow = (id: string, qty = 1) => `${id},PO-1,TEA-1,WH-1,${qty},2025-04-02T10:00:00Z\n`;

async function rejection(promise: Promise<unknown>): Promise<PlatformError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof PlatformError, `expected a PlatformError, got ${err}`);
    return err;
  }
  assert.fail('expected the call to fail');
}

function order(orderId: string): ErpOrderExport {
  return {
    orderId, channel: 'shop-1', platform: 'shopify', externalId: '820982911946154508', number: '#1001', createdAt: '2025-04-02T15:58:01.000Z',
    currency: 'USD', total: '62.50', buyerName: 'Ada "Ace" Lovelace',
    shippingAddress: { name: 'Ada', line1: '1 Main St, Apt 2', line2: 'Leave at the\r\nback door', city: 'Springfield', province: null, postalCode: '12345', country: 'US', phone: null },
    lines: [
      { lineNo: 1, sku: 'TEA-1', title: 'Tea, green', qty: 2, unitPrice: '12.00' },
      { lineNo: 2, sku: 'CUP-1', title: 'Cup 12"', qty: 1, unitPrice: '38.50' },
    ],
  };
}

test('receipt files are read in name order and the cursor names the file and row of the last one', async () => {
  const { ctx, inbox } = await folders('order');
  await writeFile(join(inbox, 'receipts-002.csv'), RECEIPT_HEADER + receiptRow('R3'));
  await writeFile(join(inbox, 'receipts-001.csv'), RECEIPT_HEADER + receiptRow('R1') + receiptRow('R2', 5));
  await writeFile(join(inbox, 'products-001.csv'), 'sku,name,unit_cost,price,currency,barcode\nX,Y,,,,\n');
  const feed = await erpCsvAdapter.receipts(ctx, null);
  assert.deepEqual(feed.items.map((r) => r.receiptId), ['R1', 'R2', 'R3']);
  assert.deepEqual(feed.items[1], { receiptId: 'R2', purchaseOrder: 'PO-1', sku: 'TEA-1', location: 'WH-1', qty: 5, receivedAt: '2025-04-02T10:00:00.000Z' });
  assert.deepEqual([feed.cursor, feed.more], ['receipts-002.csv:1', false]);
  assert.deepEqual(await erpCsvAdapter.receipts(ctx, feed.cursor), { items: [], cursor: 'receipts-002.csv:1', more: false });
  await writeFile(join(inbox, 'receipts-003.csv'), RECEIPT_HEADER + receiptRow('R4'));
  assert.deepEqual((await erpCsvAdapter.receipts(ctx, feed.cursor)).items.map((r) => r.receiptId), ['R4']);
});

test('a cursor in the middle of a file resumes at the next row, never re-reading or skipping one', async () => {
  const { ctx, inbox } = await folders('resume');
  await writeFile(join(inbox, 'receipts-a.csv'), RECEIPT_HEADER + ['R1', 'R2', 'R3', 'R4'].map((id) => receiptRow(id)).join(''));
  await writeFile(join(inbox, 'receipts-b.csv'), RECEIPT_HEADER + receiptRow('R5'));
  const seen: string[] = [];
  let cursor: string | null = null;
  const cursors: (string | null)[] = [];
  for (let call = 0; call < 5; call++) {
    const page: Feed<ErpReceipt> = await readInboxFeed(ctx.settings.inboxDir!, RECEIPTS_FEED, cursor, 2);
    seen.push(...page.items.map((r) => r.receiptId));
    cursor = page.cursor;
    cursors.push(cursor);
    if (!page.more) break;
  }
  assert.deepEqual(seen, ['R1', 'R2', 'R3', 'R4', 'R5']);
  assert.deepEqual(cursors, ['receipts-a.csv:2', 'receipts-a.csv:4', 'receipts-b.csv:1']);
  // A restart from a stored cursor mid-file, through the adapter.
  assert.deepEqual((await erpCsvAdapter.receipts(ctx, 'receipts-a.csv:3')).items.map((r) => r.receiptId), ['R4', 'R5']);
});

test('a file still being written under its .tmp name is not read until it is renamed', async () => {
  const { ctx, inbox } = await folders('tmp');
  await writeFile(join(inbox, 'receipts-001.csv'), RECEIPT_HEADER + receiptRow('R1'));
  await writeFile(join(inbox, 'receipts-002.csv.tmp'), RECEIPT_HEADER + 'R2,PO-1,TEA-1,WH');
  const partial = await erpCsvAdapter.receipts(ctx, null);
  assert.deepEqual(partial.items.map((r) => r.receiptId), ['R1']);
  await writeFile(join(inbox, 'receipts-002.csv.tmp'), RECEIPT_HEADER + receiptRow('R2'));
  await rename(join(inbox, 'receipts-002.csv.tmp'), join(inbox, 'receipts-002.csv'));
  const rest = await erpCsvAdapter.receipts(ctx, partial.cursor);
  assert.deepEqual([rest.items.map((r) => r.receiptId), rest.cursor], [['R2'], 'receipts-002.csv:1']);
});

test('a byte order mark, CRLF, quoted commas, doubled quotes and line breaks in fields are read as written', async () => {
  const { ctx, inbox } = await folders('quotes');
  const text = '\uFEFFSKU,Name,Unit_Cost,Price,Currency,Barcode,Note\r\n'
    + 'CUP-1,"Cup, 12"" tall",4.2,"9.90",USD,"006901234567892",ignored\r\n'
    + 'TEA-1,"Longjing\r\nspring harvest",,128,,,\r\n';
  await writeFile(join(inbox, 'products-20250402.csv'), text);
  const feed = await erpCsvAdapter.products(ctx, null);
  assert.deepEqual(feed.items, [
    { sku: 'CUP-1', name: 'Cup, 12" tall', unitCost: '4.2000', price: '9.9000', currency: 'USD', barcode: '006901234567892' },
    { sku: 'TEA-1', name: 'Longjing\r\nspring harvest', unitCost: null, price: '128.0000', currency: null, barcode: null },
  ]);
  assert.equal(feed.cursor, 'products-20250402.csv:2', 'rows are counted, not lines: the second row spans two lines');
});

test('a bad row is a permanent failure naming file and line, after the good rows before it were handed out', async () => {
  const { ctx, inbox } = await folders('bad');
  await writeFile(join(inbox, 'stock-counts-1.csv'), 'count_id,sku,location,qty,counted_at\nC1,TEA-1,WH-1,0,2025-04-02T10:00:00+08:00\nC2,TEA-1,WH-1,-3,2025-04-02\n');
  const good = await erpCsvAdapter.stockCounts(ctx, null);
  assert.deepEqual(good.items, [{ countId: 'C1', sku: 'TEA-1', location: 'WH-1', qty: 0, countedAt: '2025-04-02T02:00:00.000Z' }]);
  assert.deepEqual([good.cursor, good.more], ['stock-counts-1.csv:1', true]);
  const err = await rejection(erpCsvAdapter.stockCounts(ctx, good.cursor));
  assert.equal(err.kind, 'permanent');
  assert.equal(err.message, 'stock-counts-1.csv line 3: qty "-3" is not a whole number >= 0');

  await writeFile(join(inbox, 'stock-counts-2.csv'), 'count_id,sku,location,qty\nC3,TEA-1,WH-1,1\n');
  const header = await rejection(erpCsvAdapter.stockCounts(ctx, 'stock-counts-1.csv:2'));
  assert.equal(header.message, 'stock-counts-2.csv line 1: the header lacks counted_at');
  await writeFile(join(inbox, 'stock-counts-2.csv'), 'count_id,sku,location,qty,counted_at\nC3,"TEA-1"x,WH-1,1,2025-04-02T10:00:00Z\n');
  assert.match((await rejection(erpCsvAdapter.stockCounts(ctx, 'stock-counts-1.csv:2'))).message, /^stock-counts-2\.csv line 2: unexpected text after the closing quote/);
});

test('a cursor that is not file:row, or a missing folder, is a permanent failure', async () => {
  const { ctx } = await folders('setup');
  assert.equal((await rejection(erpCsvAdapter.receipts(ctx, 'products-1.csv:3'))).kind, 'permanent');
  const missing = await rejection(erpCsvAdapter.receipts({ ...ctx, settings: { inboxDir: join(root, 'nowhere') } }, null));
  assert.deepEqual([missing.kind, missing.platformCode], ['permanent', 'ENOENT']);
  assert.match((await rejection(erpCsvAdapter.exportOrder({ ...ctx, settings: {} }, order('o-1')))).message, /no outboxDir/);
});

test('an order is written whole as one file per order, and a second export finds it and creates nothing', async () => {
  const { ctx, outbox } = await folders('export');
  const first = await erpCsvAdapter.exportOrder(ctx, order('o-1'));
  assert.deepEqual(first, { erpOrderId: 'order-o-1.csv', created: true });
  const text = await readFile(join(outbox, 'order-o-1.csv'), 'utf8');
  const rows = parseCsv(text).map((r) => r.fields);
  assert.deepEqual(rows[0], [...ORDER_FILE_COLUMNS]);
  const byName = (row: string[]) => Object.fromEntries(ORDER_FILE_COLUMNS.map((c, i) => [c, row[i]]));
  assert.deepEqual(rows.slice(1).map(byName).map((r) => [r.order_id, r.channel_order_id, r.line_no, r.sku, r.description, r.qty, r.unit_price]), [
    ['o-1', '820982911946154508', '1', 'TEA-1', 'Tea, green', '2', '12.00'],
    ['o-1', '820982911946154508', '2', 'CUP-1', 'Cup 12"', '1', '38.50'],
  ]);
  assert.equal(byName(rows[1]!).ship_line2, 'Leave at the\r\nback door');
  assert.equal(byName(rows[1]!).customer_name, 'Ada "Ace" Lovelace');
  assert.ok(text.endsWith('\r\n'));

  await writeFile(join(outbox, 'order-o-1.csv'), 'changed by the ERP');
  assert.deepEqual(await erpCsvAdapter.exportOrder(ctx, order('o-1')), { erpOrderId: 'order-o-1.csv', created: false });
  assert.equal(await readFile(join(outbox, 'order-o-1.csv'), 'utf8'), 'changed by the ERP', 'the second export leaves the file alone');
  assert.deepEqual(await readdir(outbox), ['order-o-1.csv'], 'no temporary file is left behind');
});

test('concurrent exports of one order leave one file; a file the ERP moved to processed/ still counts', async () => {
  const { ctx, outbox } = await folders('race');
  const results = await Promise.all(Array.from({ length: 8 }, () => erpCsvAdapter.exportOrder(ctx, order('o-2'))));
  assert.equal(results.filter((r) => r.created).length, 1);
  assert.deepEqual(await readdir(outbox), ['order-o-2.csv']);

  await mkdir(join(outbox, 'processed'));
  await rename(join(outbox, 'order-o-2.csv'), join(outbox, 'processed', 'order-o-2.csv'));
  assert.equal((await erpCsvAdapter.exportOrder(ctx, order('o-2'))).created, false);
  assert.deepEqual(await readdir(outbox), ['processed']);
  assert.equal((await rejection(erpCsvAdapter.exportOrder(ctx, order('../o-3')))).kind, 'permanent');
});

test('against the ERP simulator: its files are read through the feeds and its books hold each exported order once', async () => {
  const dir = join(root, 'sim');
  const sim = await startErpSim({ csvDir: dir, products: [{ sku: 'TEA-1', name: 'Longjing, 250 g', unitCost: '41.00', price: '128.00' }] });
  try {
    const ctx = { baseUrl: '', credentials: {}, fetch, now: () => new Date(), settings: { inboxDir: sim.csv!.inboxDir, outboxDir: sim.csv!.outboxDir } };
    sim.control.receipt({ sku: 'TEA-1', location: 'WH-1', qty: 24, purchaseOrder: 'PO-9' });
    sim.control.count({ sku: 'TEA-1', location: 'WH-1', qty: 30 });
    sim.control.product({ sku: 'CUP-1', name: 'Cup "S"', unitCost: '3.10', price: '9.90' });
    const products = await erpCsvAdapter.products(ctx, null);
    assert.deepEqual(products.items.map((p) => [p.sku, p.name, p.unitCost]), [['TEA-1', 'Longjing, 250 g', '41.0000'], ['CUP-1', 'Cup "S"', '3.1000']]);
    const state = sim.state();
    const [receipt] = (await erpCsvAdapter.receipts(ctx, null)).items;
    assert.deepEqual(receipt, { receiptId: state.receipts[0]!.id, purchaseOrder: 'PO-9', sku: 'TEA-1', location: 'WH-1', qty: 24, receivedAt: state.receipts[0]!.receivedAt });
    assert.deepEqual((await erpCsvAdapter.stockCounts(ctx, null)).items.map((c) => [c.countId, c.qty]), [[state.counts[0]!.id, 30]]);

    await erpCsvAdapter.exportOrder(ctx, order('o-9'));
    await erpCsvAdapter.exportOrder(ctx, order('o-9'));
    const booked = sim.state().orders;
    assert.equal(booked.length, 1);
    assert.deepEqual([booked[0]!.externalRef, booked[0]!.postedTimes, booked[0]!.via, booked[0]!.total], ['o-9', 1, 'file', '62.50']);
    assert.deepEqual(booked[0]!.lines.map((l) => [l.sku, l.description, l.qty, l.unitPrice]), [['TEA-1', 'Tea, green', 2, '12.00'], ['CUP-1', 'Cup 12"', 1, '38.50']]);
    assert.equal((booked[0]!.shipTo as { line2: string }).line2, 'Leave at the\r\nback door');
    assert.deepEqual(sim.state().fileErrors, []);
  } finally {
    await sim.close();
  }
});
