import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { waitUntil } from '../common/testing.ts';
import { expectedOAuthSignature } from './auth.ts';
import { startWooSim, type WooSim } from './index.ts';

const catalog = [
  { sku: 'TEA-1', qty: 400, price: '12.00', title: 'Café tea' },
  { sku: 'CUP-S', qty: 300, price: '5.50', product: 'Cup', title: 'S' },
  { sku: 'CUP-L', qty: 300, price: '6.50', product: 'Cup', title: 'L' },
];
let sim: WooSim;

before(async () => {
  sim = await startWooSim({ catalog, seed: 11, lifecycleDelayMs: [10, 30] });
  sim.control.generate({ count: 57, perSecond: 1000 });
  await waitUntil(() => sim.control.isIdle(), 3000, 'generation');
});
after(() => sim.close());

/** Basic credentials as they arrive behind a TLS-terminating proxy (X-Forwarded-Proto: https). */
function call(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const auth = `Basic ${Buffer.from(`${sim.credentials.consumerKey}:${sim.credentials.consumerSecret}`).toString('base64')}`;
  return fetch(`${sim.url}/wp-json/${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: auth, 'x-forwarded-proto': 'https', ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}
const json = async (response: Response) => JSON.parse(await response.text());
const ids = async (response: Response) => ((await json(response)) as { id: number }[]).map((o) => o.id);

test('orders page by X-WP-Total / X-WP-TotalPages and Link, 10 a page by default, newest first', async () => {
  const first = await call('wc/v3/orders');
  assert.equal(first.headers.get('x-wp-total'), '57');
  assert.equal(first.headers.get('x-wp-totalpages'), '6');
  assert.match(first.headers.get('link') ?? '', /<http:\/\/127\.0\.0\.1:\d+\/wp-json\/wc\/v3\/orders\?page=2>; rel="next"/);
  const page1 = await ids(first);
  assert.equal(page1.length, 10);
  const all: number[] = [];
  for (let page = 1; page <= 3; page++) all.push(...await ids(await call(`wc/v3/orders?per_page=25&page=${page}&orderby=id&order=asc`)));
  assert.deepEqual(all, [...all].sort((a, b) => a - b));
  assert.deepEqual(new Set(all), new Set(sim.state().orders.map((o) => Number(o.id))));
  assert.deepEqual(await json(await call('wc/v3/orders?page=9')), [], 'a page past the last is empty, not an error');
});

test('per_page above 100, a bad orderby or a bad date is a 400 rest_invalid_param naming the parameter', async () => {
  const tooMany = await call('wc/v3/orders?per_page=101');
  assert.equal(tooMany.status, 400);
  assert.deepEqual(await json(tooMany), {
    code: 'rest_invalid_param', message: 'Invalid parameter(s): per_page',
    data: { status: 400, params: { per_page: 'per_page must be between 1 (inclusive) and 100 (inclusive)' }, details: { per_page: { code: 'rest_invalid_param', message: 'per_page must be between 1 (inclusive) and 100 (inclusive)', data: null } } },
  });
  assert.equal((await json(await call('wc/v3/orders?orderby=total'))).data.params.orderby, 'orderby is not one of date, id, include, title, slug, and modified.');
  assert.equal((await json(await call('wc/v3/orders?modified_after=yesterday'))).data.params.modified_after, 'Invalid date.');
});

test('modified_after / modified_before are exclusive whole-second bounds, in UTC with dates_are_gmt, else the site clock', async () => {
  const order = sim.state().orders[0]!;
  const at = order.updatedAt.slice(0, 19);
  const plus = (s: number) => new Date(Date.parse(`${at}Z`) + s * 1000).toISOString().slice(0, 19);
  const listed = async (query: string) => (await ids(await call(`wc/v3/orders?per_page=100&${query}`))).includes(Number(order.id));
  assert.equal(await listed(`dates_are_gmt=true&modified_after=${plus(-1)}&modified_before=${plus(1)}`), true);
  assert.equal(await listed(`dates_are_gmt=true&modified_after=${at}`), false, 'after is exclusive');
  assert.equal(await listed(`dates_are_gmt=true&modified_before=${at}`), false, 'before is exclusive');
  assert.equal(await listed(`dates_are_gmt=true&modified_after=${plus(-1)}.900`), true, 'a fraction is dropped');
  // The site runs three hours behind UTC: the same instant on its clock.
  assert.equal(await listed(`modified_after=${plus(-3 * 3600 - 1)}&modified_before=${plus(-3 * 3600 + 1)}`), true);
});

test('an order reads like the docs\' example: the same fields, *_gmt in UTC, money as strings, JSON as PHP writes it', async () => {
  const fixture = JSON.parse(readFileSync(new URL('../../../shared/fixtures/platforms/woocommerce/orders.list.json', import.meta.url), 'utf8'))[0];
  const id = sim.state().orders.find((o) => o.lines.some((l) => l.variationId !== null))!.id;
  const response = await call(`wc/v3/orders/${id}`);
  const text = await response.text();
  assert.match(text, /"href":"http:\\\/\\\/127\.0\.0\.1/, 'slashes escaped');
  assert.ok(!/[^\x00-\x7f]/.test(text), 'non-ASCII escaped');
  const order = JSON.parse(text);
  for (const key of Object.keys(fixture)) assert.ok(key in order, `has ${key}`);
  assert.match(order.date_modified_gmt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  assert.equal(Date.parse(`${order.date_created}Z`) - Date.parse(`${order.date_created_gmt}Z`), -3 * 3600_000);
  assert.match(order.total, /^\d+\.\d{2}$/);
  const line = order.line_items.find((l: { variation_id: number }) => l.variation_id !== 0);
  assert.match(line.sku, /^CUP-/);
  assert.match(line.name, /^Cup - [SL]$/);
  assert.equal((await call('wc/v3/orders/99999')).status, 404);
});

test('stock is set through the batch endpoints, at most 100 objects a call, refused objects answered one by one', async () => {
  const products = await json(await call('wc/v3/products?orderby=id&order=asc'));
  assert.deepEqual(products.map((p: { type: string; sku: string }) => [p.type, p.sku]), [['simple', 'TEA-1'], ['variable', '']]);
  const [tea, cup] = products as { id: number; variations: number[] }[];
  const simple = await json(await call('wc/v3/products/batch', { method: 'POST', body: { update: [{ id: tea!.id, stock_quantity: 77, manage_stock: true }, { id: 99999, stock_quantity: 1 }] } }));
  assert.equal(simple.update[0].stock_quantity, 77);
  assert.deepEqual(simple.update[1], { id: 99999, error: { code: 'woocommerce_rest_product_invalid_id', message: 'Invalid ID.', data: { status: 400 } } });
  const variations = await json(await call(`wc/v3/products/${cup!.id}/variations/batch`, { method: 'POST', body: { update: cup!.variations.map((id, i) => ({ id, stock_quantity: 10 + i, manage_stock: true })) } }));
  assert.deepEqual(variations.update.map((v: { sku: string; stock_quantity: number }) => [v.sku, v.stock_quantity]), [['CUP-S', 10], ['CUP-L', 11]]);
  assert.deepEqual(sim.state().listed.map((l) => [l.sku, l.qty]), [['TEA-1', 77], ['CUP-S', 10], ['CUP-L', 11]]);
  const tooMany = await call('wc/v3/products/batch', { method: 'POST', body: { update: Array.from({ length: 101 }, () => ({ id: tea!.id, stock_quantity: 1 })) } });
  assert.equal(tooMany.status, 413);
  assert.equal((await json(tooMany)).code, 'woocommerce_rest_request_entity_too_large');
  assert.equal(sim.state().listed[0]!.qty, 77, 'nothing of a refused batch is applied');
  await call(`wc/v3/products/${tea!.id}`, { method: 'PUT', body: { manage_stock: false, stock_quantity: 5 } });
  assert.equal(sim.state().listed[0]!.qty, null, 'stock_quantity counts only while stock is managed');
  await call(`wc/v3/products/${tea!.id}`, { method: 'PUT', body: { manage_stock: true, stock_quantity: 400 } });
});

test('an order set completed stays so; one cancelled unshipped gives its stock back; an unknown status is refused', async () => {
  const [first, second] = sim.state().orders.filter((o) => o.status === 'processing');
  const done = await json(await call(`wc/v3/orders/${first!.id}`, { method: 'PUT', body: { status: 'completed', meta_data: [{ key: 'omnisync', value: 'x' }] } }));
  assert.equal(done.status, 'completed');
  assert.ok(done.meta_data.some((m: { key: string }) => m.key === 'omnisync'));
  const line = second!.lines[0]!;
  const before = sim.state().listed.find((l) => l.sku === line.sku)!.qty!;
  await call(`wc/v3/orders/${second!.id}`, { method: 'PUT', body: { status: 'cancelled' } });
  assert.equal(sim.state().listed.find((l) => l.sku === line.sku)!.qty, before + second!.lines.filter((l) => l.sku === line.sku).reduce((n, l) => n + l.qty, 0));
  const refused = await call(`wc/v3/orders/${second!.id}`, { method: 'PUT', body: { status: 'shipped' } });
  assert.equal(refused.status, 400);
  assert.match((await json(refused)).data.params.status, /^status is not one of pending, processing/);
});

test('Shipment Tracking items are created (201) and listed; a missing tracking number is a 400', async () => {
  const order = sim.state().orders.find((o) => o.status === 'processing')!;
  const route = `wc-shipment-tracking/v3/orders/${order.id}/shipment-trackings`;
  const created = await call(route, { method: 'POST', body: { tracking_provider: 'UPS', tracking_number: '1Z999AA1', date_shipped: '2025-04-02' } });
  assert.equal(created.status, 201);
  const item = await json(created);
  assert.deepEqual({ ...item, tracking_id: 'x' }, { tracking_id: 'x', tracking_provider: 'UPS', tracking_link: 'https://www.ups.com/track?loc=en_US&tracknum=1Z999AA1', tracking_number: '1Z999AA1', date_shipped: '2025-04-02' });
  assert.match(item.tracking_id, /^[0-9a-f]{32}$/);
  assert.deepEqual(await json(await call(route)), [item]);
  assert.deepEqual(sim.state().orders.find((o) => o.id === order.id)!.tracking, [{ provider: 'UPS', number: '1Z999AA1' }]);
  assert.equal((await json(await call(route, { method: 'POST', body: { tracking_provider: 'UPS' } }))).code, 'rest_missing_callback_param');
});

test('without credentials a route refuses by permission; wrong ones are refused before routing; Basic counts only over https', async () => {
  const anonymous = await fetch(`${sim.url}/wp-json/wc/v3/orders`);
  assert.equal(anonymous.status, 401);
  assert.deepEqual(await json(anonymous), { code: 'woocommerce_rest_cannot_view', message: 'Sorry, you cannot list resources.', data: { status: 401 } });
  const basicOverHttp = await call('wc/v3/orders', { headers: { 'x-forwarded-proto': 'http' } });
  assert.equal((await json(basicOverHttp)).code, 'woocommerce_rest_cannot_view', 'WooCommerce ignores Basic over plain http');
  const wrongSecret = await call('wc/v3/orders', { headers: { authorization: `Basic ${Buffer.from(`${sim.credentials.consumerKey}:nope`).toString('base64')}` } });
  assert.deepEqual(await json(wrongSecret), { code: 'woocommerce_rest_authentication_error', message: 'Consumer secret is invalid.', data: { status: 401 } });
  assert.equal((await json(await call('wc/v3/products/batch', { method: 'POST', body: {}, headers: { authorization: '' } }))).code, 'woocommerce_rest_cannot_batch');
  const noRoute = await call('wc/v3/nothing');
  assert.deepEqual([noRoute.status, (await json(noRoute)).code], [404, 'rest_no_route']);
});

test('OAuth 1.0a: a signed request passes once; its nonce again, a stale timestamp or a missing parameter is refused', async () => {
  const signed = (nonce: string, timestamp: number, drop?: string) => {
    const url = new URL(`${sim.url}/wp-json/wc/v3/orders?per_page=5`);
    const params: Record<string, string> = {
      per_page: '5', oauth_consumer_key: sim.credentials.consumerKey, oauth_nonce: nonce, oauth_signature_method: 'HMAC-SHA256', oauth_timestamp: String(timestamp),
    };
    params.oauth_signature = expectedOAuthSignature('GET', `${url.origin}${url.pathname}`, params, sim.credentials.consumerSecret)!;
    for (const [key, value] of Object.entries(params)) if (key !== 'per_page' && key !== drop) url.searchParams.set(key, value);
    return fetch(url);
  };
  const now = Math.floor(Date.now() / 1000);
  assert.equal((await signed('n-1', now)).status, 200);
  const message = async (r: Response) => (await json(r)).message;
  assert.equal(await message(await signed('n-1', now)), 'Invalid nonce - nonce has already been used.');
  assert.equal(await message(await signed('n-2', now - 16 * 60)), 'Invalid timestamp.');
  assert.equal(await message(await signed('n-3', now, 'oauth_nonce')), 'Missing OAuth parameter oauth_nonce');
});

test('faults: an outage answers an HTML 503, errorRate 1 answers 429 with Retry-After or a 5xx', async () => {
  sim.control.setFaults({ outage: { forMs: 10_000 } });
  const down = await call('wc/v3/orders');
  assert.deepEqual([down.status, down.headers.get('content-type')], [503, 'text/html; charset=UTF-8']);
  sim.control.setFaults({ outage: { forMs: 0 }, errorRate: 1 });
  const statuses = await Promise.all(Array.from({ length: 12 }, async () => {
    const r = await call('wc/v3/orders');
    await r.arrayBuffer();
    return r.status === 429 ? `429:${r.headers.get('retry-after')}` : r.status >= 500 ? '5xx' : String(r.status);
  }));
  sim.control.setFaults({ errorRate: 0 });
  assert.ok(statuses.every((s) => s === '429:2' || s === '5xx'), statuses.join());
});

test('stock is taken when an order is placed and given back when it is cancelled or refunded unshipped', async () => {
  const shop = await startWooSim({ catalog, seed: 4, lifecycleDelayMs: [5, 20], demand: { unpaidShare: 0.5, unpaidCancelShare: 0.5, paidCancelShare: 0.3 } });
  try {
    shop.control.generate({ count: 80, perSecond: 1000 });
    await waitUntil(() => shop.control.isIdle(), 5000, 'generation and later changes');
    const state = shop.state();
    const statuses = new Set(state.orders.map((o) => o.status));
    for (const status of ['processing', 'cancelled', 'refunded']) assert.ok(statuses.has(status as never), `some order ${status}`);
    for (const entry of catalog) {
      const held = state.orders.filter((o) => o.status !== 'cancelled' && o.status !== 'refunded')
        .flatMap((o) => o.lines).filter((l) => l.sku === entry.sku).reduce((n, l) => n + l.qty, 0);
      assert.equal(state.listed.find((l) => l.sku === entry.sku)!.qty! + held, entry.qty, entry.sku);
    }
    assert.ok(state.orders.every((o) => /^\d+$/.test(o.id) && o.lines.every((l) => /^\d+$/.test(l.lineItemId))));
    assert.ok(state.orders.every((o) => !o.labels.needsReview), 'no review cases unless asked');
  } finally {
    await shop.close();
  }
});
