import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonResponse, stubContext, stubFetch, type RecordedRequest } from '../fetch-stub.ts';
import type { RawRecord } from '../types.ts';
import { createTaobaoConnector, taobaoConnector } from './index.ts';
import { chunksOf } from './pull.ts';

const credentials = { appKey: '12345678', appSecret: 'helloworld', session: 'seller-session' };
const DAY_MS = 24 * 60 * 60 * 1000;
const formOf = (r: RecordedRequest) => Object.fromEntries(new URLSearchParams(r.body));

const fullinfo = (tid: string) => `{"trade_fullinfo_get_response":{"trade":{"tid":${tid},"status":"WAIT_SELLER_SEND_GOODS",`
  + `"created":"2025-04-02 09:00:00","modified":"2025-04-02 09:30:00","payment":"1.00","orders":{"order":[]}}}}`;

/** An increment page: tids as bare JSON integers, as TOP sends them. */
const incrementPage = (total: number, tids: string[]) => `{"trades_sold_increment_get_response":{"total_results":${total},`
  + `"trades":{"trade":[${tids.map((t) => `{"tid":${t},"modified":"2025-04-02 09:30:00","status":"WAIT_SELLER_SEND_GOODS"}`).join(',')}]}}}`;

async function collect(pages: AsyncIterable<RawRecord[]>): Promise<RawRecord[][]> {
  const all: RawRecord[][] = [];
  for await (const page of pages) all.push(page);
  return all;
}

test('the increment pull reads page 1 for the total, then pages last to first, and reads each trade once', async () => {
  // 250 trades → 3 pages of 100. Page 2 repeats a tid of page 3, as happens when a trade moves while we page.
  const pages: Record<string, string[]> = { 1: ['3912345678901234001'], 2: ['3912345678901234002', '3912345678901234003'], 3: ['3912345678901234003'] };
  const stub = stubFetch((r) => {
    const form = formOf(r);
    if (form.method === 'taobao.trade.fullinfo.get') return jsonResponse(fullinfo(form.tid ?? ''));
    return jsonResponse(incrementPage(250, pages[form.page_no ?? ''] ?? []));
  });
  const ctx = stubContext(stub.fetch, credentials, 'https://gw.example');
  const window = { from: new Date('2025-04-02T01:00:00Z'), to: new Date('2025-04-02T01:20:00Z') };
  const records = await collect(taobaoConnector.pullOrders(ctx, window));

  const increments = stub.requests.map(formOf).filter((f) => f.method === 'taobao.trades.sold.increment.get');
  assert.deepEqual(increments.map((f) => f.page_no), ['1', '3', '2', '1']);
  assert.ok(increments.every((f) => f.page_size === '100' && f.use_has_next === 'false' && f.fields === 'tid,modified,status'));
  assert.deepEqual(increments.map((f) => [f.start_modified, f.end_modified])[0], ['2025-04-02 09:00:00', '2025-04-02 09:20:00']);
  const details = stub.requests.map(formOf).filter((f) => f.method === 'taobao.trade.fullinfo.get');
  assert.deepEqual(details.map((f) => f.tid), ['3912345678901234003', '3912345678901234002', '3912345678901234001']);
  assert.match(details[0]?.fields ?? '', /(^|,)orders(,|$)/);
  assert.deepEqual(records.map((page) => page.map((r) => [r.externalId, r.topic, r.updatedAt])), [
    [['3912345678901234003', 'trade/pull', '2025-04-02T09:30:00+08:00']],
    [['3912345678901234002', 'trade/pull', '2025-04-02T09:30:00+08:00']],
    [['3912345678901234001', 'trade/pull', '2025-04-02T09:30:00+08:00']],
  ]);
});

test('a single page is read once', async () => {
  const stub = stubFetch((r) => jsonResponse(formOf(r).method === 'taobao.trade.fullinfo.get' ? fullinfo('42') : incrementPage(1, ['42'])));
  const records = await collect(taobaoConnector.pullOrders(stubContext(stub.fetch, credentials, 'https://gw.example'), { from: new Date(0), to: new Date(60_000) }));
  assert.deepEqual(stub.requests.map((r) => formOf(r).method), ['taobao.trades.sold.increment.get', 'taobao.trade.fullinfo.get']);
  assert.equal(records.flat()[0]?.externalId, '42');
});

test('a trade the hub already holds at that modified time is not read in full again', async () => {
  const stub = stubFetch((r) => {
    const form = formOf(r);
    return jsonResponse(form.method === 'taobao.trade.fullinfo.get' ? fullinfo(form.tid ?? '') : incrementPage(2, ['41', '42']));
  });
  const asked: { externalId: string; updatedAt: string }[][] = [];
  const alreadyHeld = async (versions: { externalId: string; updatedAt: string }[]) => {
    asked.push(versions);
    return new Set(['41']);
  };
  const ctx = stubContext(stub.fetch, credentials, 'https://gw.example');
  const records = await collect(taobaoConnector.pullOrders(ctx, { from: new Date(0), to: new Date(60_000), alreadyHeld }));
  assert.deepEqual(asked, [[{ externalId: '41', updatedAt: '2025-04-02T09:30:00+08:00' }, { externalId: '42', updatedAt: '2025-04-02T09:30:00+08:00' }]]);
  assert.deepEqual(stub.requests.map(formOf).filter((f) => f.method === 'taobao.trade.fullinfo.get').map((f) => f.tid), ['42']);
  assert.deepEqual(records.flat().map((r) => r.externalId), ['42']);
});

test('a 3-day window is asked for in calls of at most one day each, back to back', async () => {
  const stub = stubFetch(() => jsonResponse(incrementPage(0, [])));
  const dayChunks = createTaobaoConnector({ pullChunkMs: DAY_MS });
  const window = { from: new Date('2025-03-30T00:00:00Z'), to: new Date('2025-04-02T00:00:00Z') };
  assert.deepEqual(await collect(dayChunks.pullOrders(stubContext(stub.fetch, credentials, 'https://gw.example'), window)), []);
  assert.deepEqual(stub.requests.map(formOf).map((f) => [f.start_modified, f.end_modified]), [
    ['2025-03-30 08:00:00', '2025-03-31 08:00:00'],
    ['2025-03-31 08:00:00', '2025-04-01 08:00:00'],
    ['2025-04-01 08:00:00', '2025-04-02 08:00:00'],
  ]);
  assert.equal(taobaoConnector.maxPullWindowMs, DAY_MS);
});

test('by default a window is cut into the 30-minute spans the TOP docs advise', () => {
  const window = { from: new Date('2025-03-30T00:00:00Z'), to: new Date('2025-04-02T00:10:00Z') };
  const chunks = chunksOf(window, 30 * 60 * 1000);
  assert.equal(chunks.length, 3 * 48 + 1);
  assert.ok(chunks.every((c, i) => c.to.getTime() - c.from.getTime() <= 30 * 60 * 1000 && (i === 0 || c.from.getTime() === chunks[i - 1]?.to.getTime())));
  assert.equal(chunks.at(-1)?.to.toISOString(), '2025-04-02T00:10:00.000Z');
});
