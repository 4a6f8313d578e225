import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { waitUntil } from '../common/testing.ts';
import { startShopifySim, type ShopifySim } from './index.ts';

const catalog = [
  { sku: 'TEA-1', qty: 400, price: '12.00' },
  { sku: 'CUP-S', qty: 300, price: '5.50', product: 'Cup', title: 'S' },
  { sku: 'CUP-L', qty: 300, price: '6.50', product: 'Cup', title: 'L' },
];
let sim: ShopifySim;

before(async () => {
  sim = await startShopifySim({ catalog, seed: 11, lifecycleDelayMs: [10, 30], rateLimit: { leakPerSecond: 1000 } });
  sim.control.generate({ count: 57, perSecond: 1000 });
  await waitUntil(() => sim.control.isIdle(), 3000, 'generation');
});
after(() => sim.close());

const get = (path: string, token = sim.credentials.accessToken) =>
  fetch(path.startsWith('http') ? path : `${sim.url}/admin/api/2025-07/${path}`, { headers: { 'x-shopify-access-token': token } });

function links(response: Response): Record<string, string> {
  const header = response.headers.get('link') ?? '';
  return Object.fromEntries(header.split(', ').filter(Boolean).map((part) => {
    const [, url, rel] = /<([^<]+)>; rel="([^"]+)"/.exec(part)!;
    return [rel!, url!];
  }));
}

/** Order ids as text: with fields=id every "id" in the answer is an order's. */
const ids = async (response: Response) => [...(await response.text()).matchAll(/"id":(\d+)/g)].map((m) => m[1]!);

test('Link pagination walks all orders exactly once, forwards and back', async () => {
  const forward: string[][] = [];
  let response = await get('orders.json?status=any&limit=10&fields=id');
  assert.equal(links(response).previous, undefined, 'the first page has no previous link');
  for (;;) {
    const next = links(response).next;
    forward.push(await ids(response));
    if (!next) break;
    assert.match(next, /^http:\/\/127\.0\.0\.1:\d+\/admin\/api\/2025-07\/orders\.json\?limit=10&fields=id&page_info=/);
    response = await get(next);
  }
  const all = forward.flat();
  assert.equal(all.length, 57);
  assert.equal(new Set(all).size, 57);
  assert.deepEqual(new Set(all), new Set(sim.state().orders.map((o) => o.id)));

  // Walk to the last page again, then follow rel="previous" back to the first.
  let page = await get('orders.json?status=any&limit=10&fields=id');
  for (let next = links(page).next; next; next = links(page).next) {
    await page.text();
    page = await get(next);
  }
  const backward: string[][] = [await ids(page)];
  for (let previous = links(page).previous; previous; previous = links(page).previous) {
    page = await get(previous);
    backward.unshift(await ids(page));
  }
  assert.deepEqual(backward, forward);
});

test('a request with page_info may carry only limit and fields', async () => {
  const first = await get('orders.json?status=any&limit=5');
  const pageInfo = new URL(links(first).next!).searchParams.get('page_info')!;
  const refused = await get(`orders.json?status=any&page_info=${pageInfo}`);
  assert.equal(refused.status, 400);
  assert.match((await refused.json()).errors.status, /status cannot be passed when page_info is present/);
});

test('updated_at filters, the default open status and a single order by id', async () => {
  const state = sim.state().orders;
  const open = state.filter((o) => o.status !== 'cancelled');
  assert.equal((await ids(await get('orders.json?limit=250&fields=id'))).length, open.length, 'without status only open orders are listed');
  const future = encodeURIComponent(new Date(Date.now() + 3600_000).toISOString());
  assert.deepEqual(await ids(await get(`orders.json?status=any&updated_at_min=${future}&fields=id`)), []);
  const one = await get(`orders/${state[3]!.id}.json`);
  assert.match(await one.text(), new RegExp(`^\\{"order":\\{"id":${state[3]!.id},`));
  assert.equal((await get('orders/123.json')).status, 404);
});

test('a wrong access token is refused with 401 and Shopify\'s message', async () => {
  const response = await get('orders.json', 'shpat_wrong');
  assert.equal(response.status, 401);
  assert.deepEqual(await response.json(), { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
});

test('products list variants with sku and inventory_item_id, and inventory_levels/set changes the listed quantity', async () => {
  const products = (await (await get('products.json?limit=1')).text());
  assert.match(products, /"sku":"TEA-1".*"inventory_item_id":\d+/);
  const cup = sim.state().listed.find((l) => l.sku === 'CUP-L')!;
  const body = `{"location_id":${sim.locationId},"inventory_item_id":${cup.inventoryItemId},"available":42}`;
  const set = await fetch(`${sim.url}/admin/api/2025-07/inventory_levels/set.json`, {
    method: 'POST', headers: { 'x-shopify-access-token': sim.credentials.accessToken, 'content-type': 'application/json' }, body,
  });
  assert.equal(set.status, 200);
  assert.match(await set.text(), new RegExp(`"inventory_level":\\{"inventory_item_id":${cup.inventoryItemId},"location_id":${sim.locationId},"available":42,`));
  assert.equal(sim.state().listed.find((l) => l.sku === 'CUP-L')!.qty, 42);
  const levels = await (await get(`inventory_levels.json?inventory_item_ids=${cup.inventoryItemId}`)).text();
  assert.match(levels, /"available":42/);
});

test('an order is never created for more than the listed quantity, and cancellations give it back', async () => {
  const scarce = await startShopifySim({ catalog: [{ sku: 'RARE', qty: 7, price: '99.00' }], seed: 3, lifecycleDelayMs: [5, 20], demand: { unpaidShare: 0.5 } });
  try {
    scarce.control.generate({ count: 40, perSecond: 1000 });
    await waitUntil(() => scarce.control.isIdle(), 3000, 'generation');
    const { orders, listed, stats } = scarce.state();
    const held = orders.filter((o) => o.status !== 'cancelled').reduce((sum, o) => sum + o.lines[0]!.qty, 0);
    assert.ok(listed[0]!.qty >= 0);
    assert.equal(held + listed[0]!.qty, 7);
    assert.ok(stats.ordersSkippedNoStock > 0, 'later orders found nothing to buy');
  } finally {
    await scarce.close();
  }
});
