import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { waitUntil } from '../common/testing.ts';
import { startTaobaoSim, type TaobaoSim } from './index.ts';
import { topSign } from './sign.ts';

const catalog = [
  { sku: 'TEA-1', qty: 300, price: '128.00' },
  { sku: 'SHIRT-M', qty: 200, price: '19.90', product: 'Shirt', title: 'M' },
  { sku: 'SHIRT-L', qty: 200, price: '19.90', product: 'Shirt', title: 'L' },
];
const gmt8 = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

let sim: TaobaoSim;
before(async () => {
  sim = await startTaobaoSim({ catalog, seed: 21, lifecycleDelayMs: [10, 30], rateLimit: { callsPerSecond: 1000 } });
  sim.control.generate({ count: 45, perSecond: 1000 });
  await waitUntil(() => sim.control.isIdle(), 3000, 'generation');
});
after(() => sim.close());

async function call(target: TaobaoSim, method: string, business: Record<string, string>) {
  const { appKey, appSecret, session } = target.credentials;
  const params: Record<string, string> = { method, app_key: appKey, session, timestamp: gmt8(Date.now()), format: 'json', v: '2.0', sign_method: 'hmac-sha256', ...business };
  params.sign = topSign(params, appSecret, 'hmac-sha256');
  const response = await fetch(target.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params) });
  return { text: await response.text(), status: response.status };
}
const json = async (target: TaobaoSim, method: string, business: Record<string, string>) => JSON.parse((await call(target, method, business)).text);
const window = () => ({ start_modified: gmt8(Date.now() - 3600_000), end_modified: gmt8(Date.now() + 60_000) });

test('trades.sold.increment.get refuses a window over one day', async () => {
  const now = Date.now();
  const answer = await json(sim, 'taobao.trades.sold.increment.get', { fields: 'tid', start_modified: gmt8(now - 86_401_000), end_modified: gmt8(now) });
  assert.equal(answer.error_response.code, 15);
  assert.equal(answer.error_response.sub_code, 'isv.invalid-parameter');
  const exactlyOneDay = await json(sim, 'taobao.trades.sold.increment.get', { fields: 'tid', start_modified: gmt8(now - 86_400_000), end_modified: gmt8(now) });
  assert.equal(exactlyOneDay.trades_sold_increment_get_response.total_results, 45);
  assert.equal((await json(sim, 'taobao.trades.sold.increment.get', { fields: 'tid', ...window(), page_size: '101' })).error_response.code, 41);
  assert.equal((await json(sim, 'taobao.trades.sold.increment.get', { start_modified: gmt8(now), end_modified: gmt8(now) })).error_response.msg, 'Missing required arguments:fields');
});

test('increment.get pages newest first; walking from the last page back sees every trade once', async () => {
  const first = await json(sim, 'taobao.trades.sold.increment.get', { fields: 'tid,modified', ...window(), page_size: '10' });
  const total = first.trades_sold_increment_get_response.total_results as number;
  const pages = Math.ceil(total / 10);
  const seen: string[] = [];
  let newestOnOlderPage = '';
  for (let page = pages; page >= 1; page--) {
    const { text } = await call(sim, 'taobao.trades.sold.increment.get', { fields: 'tid,modified', ...window(), page_size: '10', page_no: String(page), use_has_next: 'true' });
    const body = JSON.parse(text).trades_sold_increment_get_response;
    assert.equal(body.total_results, undefined, 'use_has_next answers has_next instead of total_results');
    assert.equal(body.has_next, page < pages);
    const modified = (body.trades.trade as { modified: string }[]).map((t) => t.modified);
    assert.deepEqual(modified, [...modified].sort().reverse());
    assert.ok(modified.at(-1)! >= newestOnOlderPage, 'each page is no older than the page after it');
    newestOnOlderPage = modified[0]!;
    // tid past 2^53: read it as text (tid_str carries the same value).
    seen.push(...[...text.matchAll(/"tid":(\d+)/g)].map((m) => m[1]!));
  }
  assert.equal(seen.length, 45);
  assert.deepEqual(new Set(seen), new Set(sim.state().orders.map((o) => o.tid)));
});

test('trade.fullinfo.get returns the full trade with its orders, tid also as tid_str', async () => {
  const truth = sim.state().orders[0]!;
  const { text } = await call(sim, 'taobao.trade.fullinfo.get', { fields: 'tid,status,created,modified,buyer_nick,buyer_message,receiver_name,orders', tid: truth.tid });
  assert.match(text, new RegExp(`^\\{"trade_fullinfo_get_response":\\{"trade":\\{"tid":${truth.tid},"tid_str":"${truth.tid}","status":"${truth.status}"`));
  assert.match(text, /"orders":\{"order":\[\{"oid":\d+,"oid_str":"\d+","num_iid":\d+/);
  assert.match(text, /"created":"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"/);
});

test('item.quantity.update type=2 never goes below 0; type=1 sets the quantity', async () => {
  const shirt = sim.state().listed.find((l) => l.sku === 'SHIRT-M')!;
  const tooMuch = await json(sim, 'taobao.item.quantity.update', { num_iid: shirt.itemId, sku_id: shirt.skuId!, quantity: String(-(shirt.qty + 1)), type: '2' });
  assert.equal(tooMuch.error_response.code, 15);
  assert.equal(sim.state().listed.find((l) => l.sku === 'SHIRT-M')!.qty, shirt.qty, 'a refused increment changes nothing');
  const down = await call(sim, 'taobao.item.quantity.update', { num_iid: shirt.itemId, outer_id: 'SHIRT-M', quantity: String(-shirt.qty), type: '2' });
  assert.match(down.text, new RegExp(`"skus":\\{"sku":\\[\\{"sku_id":${shirt.skuId},"quantity":0,`));
  const set = await json(sim, 'taobao.item.quantity.update', { num_iid: shirt.itemId, sku_id: shirt.skuId!, quantity: '17' });
  assert.equal(set.item_quantity_update_response.item.skus.sku[0].quantity, 17);
  assert.equal((await json(sim, 'taobao.item.quantity.update', { num_iid: shirt.itemId, quantity: '5' })).error_response.code, 15, 'an item with SKUs needs sku_id or outer_id');
});

test('items.onsale.get and item.seller.get list items with their SKUs', async () => {
  const onsale = await json(sim, 'taobao.items.onsale.get', { fields: 'num_iid,title,num,outer_id' });
  const items = onsale.items_onsale_get_response.items.item as { num_iid: number; outer_id?: string }[];
  assert.equal(items.length, 2);
  const shirt = items.find((i) => i.outer_id === undefined)!;
  const detail = await json(sim, 'taobao.item.seller.get', { fields: 'num_iid,num,skus', num_iid: String(shirt.num_iid) });
  assert.deepEqual(detail.item_seller_get_response.item.skus.sku.map((s: { outer_id: string }) => s.outer_id), ['SHIRT-M', 'SHIRT-L']);
});

test('logistics.offline.send ships a paid trade once and moves its modified time', async () => {
  const paid = sim.state().orders.find((o) => o.status === 'WAIT_SELLER_SEND_GOODS')!;
  const shipped = await json(sim, 'taobao.logistics.offline.send', { tid: paid.tid, out_sid: 'SF1234567890', company_code: 'SF' });
  assert.deepEqual(shipped.logistics_offline_send_response.shipping, { is_success: true });
  const shippedTrade = sim.state().orders.find((o) => o.tid === paid.tid)!;
  assert.equal(shippedTrade.status, 'WAIT_BUYER_CONFIRM_GOODS');
  // modified is whole seconds: it moves to the second of the shipment.
  assert.ok(Math.abs(Date.parse(shippedTrade.updatedAt) - Date.now()) < 1500 && shippedTrade.modified >= paid.modified);
  assert.equal((await json(sim, 'taobao.logistics.offline.send', { tid: paid.tid, out_sid: 'SF1234567890', company_code: 'SF' })).error_response.code, 15);
});

test('the per-app call limit answers code 7 with the ban in sub_msg', async () => {
  const limited = await startTaobaoSim({ catalog, rateLimit: { callsPerSecond: 3, banSeconds: 1 } });
  try {
    const answers = await Promise.all(Array.from({ length: 5 }, () => json(limited, 'taobao.items.onsale.get', { fields: 'num_iid' })));
    const refused = answers.filter((a) => a.error_response);
    assert.equal(refused.length, 2);
    for (const { error_response: e } of refused) {
      assert.equal(e.code, 7);
      assert.equal(e.sub_code, 'accesscontrol.limited-by-app-api-access-count');
      assert.match(e.sub_msg, /^This ban will last for [12] more seconds$/);
    }
  } finally {
    await limited.close();
  }
});

test('a trade is never placed for more than the listed quantity, and closed trades give it back', async () => {
  const scarce = await startTaobaoSim({ catalog: [{ sku: 'RARE', qty: 6, price: '9.00' }], seed: 6, lifecycleDelayMs: [5, 20], demand: { unpaidShare: 0.6, unpaidCancelShare: 1 } });
  try {
    scarce.control.generate({ count: 40, perSecond: 1000 });
    await waitUntil(() => scarce.control.isIdle(), 3000, 'generation');
    const { orders, listed } = scarce.state();
    const held = orders.filter((o) => !o.status.startsWith('TRADE_CLOSED')).reduce((sum, o) => sum + o.lines[0]!.qty, 0);
    assert.ok(listed[0]!.qty >= 0);
    assert.equal(held + listed[0]!.qty, 6);
    assert.ok(orders.some((o) => o.status.startsWith('TRADE_CLOSED')), 'some trades were closed');
  } finally {
    await scarce.close();
  }
});

test('an outage answers 503 for its duration', async () => {
  assert.equal(sim.control.setFaults({ outage: { forMs: 150 } }), null);
  assert.equal((await call(sim, 'taobao.items.onsale.get', { fields: 'num_iid' })).status, 503);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal((await call(sim, 'taobao.items.onsale.get', { fields: 'num_iid' })).status, 200);
});
