import officialClient from '@woocommerce/woocommerce-rest-api';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { waitUntil } from '../common/testing.ts';
import { startWooSim, type WooSim } from './index.ts';

/**
 * The independent check: WooCommerce's own JS client (@woocommerce/woocommerce-rest-api), which signs
 * with OAuth 1.0a HMAC-SHA256 in the query string over http, against the simulator.
 */
// Babel-compiled CommonJS: an ES import receives module.exports, whose "default" is the class.
const WooCommerceRestApi = officialClient.default;

const catalog = [
  { sku: 'TEA-1', qty: 400, price: '12.00' },
  { sku: 'SHIRT-M', qty: 200, price: '19.90', product: 'Shirt', title: 'M' },
  { sku: 'SHIRT-L', qty: 200, price: '19.90', product: 'Shirt', title: 'L' },
];
let sim: WooSim;
let client: InstanceType<typeof WooCommerceRestApi>;

before(async () => {
  sim = await startWooSim({ catalog, seed: 8, lifecycleDelayMs: [10, 30] });
  sim.control.generate({ count: 35, perSecond: 1000 });
  await waitUntil(() => sim.control.isIdle(), 3000, 'generation');
  client = new WooCommerceRestApi({ url: sim.url, consumerKey: sim.credentials.consumerKey, consumerSecret: sim.credentials.consumerSecret, version: 'wc/v3', queryStringAuth: true });
});
after(() => sim.close());

test('the official client lists every order page by page, guided by X-WP-TotalPages', async () => {
  const first = await client.get('orders', { per_page: 20, orderby: 'id', order: 'asc' });
  assert.equal(first.status, 200);
  assert.equal(first.headers['x-wp-total'], '35');
  assert.equal(first.headers['x-wp-totalpages'], '2');
  const second = await client.get('orders', { per_page: 20, page: 2, orderby: 'id', order: 'asc' });
  const ids = [...first.data, ...second.data].map((o: { id: number }) => String(o.id));
  assert.deepEqual(ids, sim.state().orders.map((o) => o.id));
});

test('the official client filters by modified time in UTC and reads one order', async () => {
  const order = sim.state().orders.at(-1)!;
  const after = new Date(Date.parse(order.updatedAt) - 1000).toISOString().slice(0, 19);
  const listed = await client.get('orders', { modified_after: after, dates_are_gmt: true, per_page: 100 });
  assert.ok(listed.data.some((o: { id: number }) => String(o.id) === order.id));
  const one = await client.get(`orders/${order.id}`);
  assert.equal(one.data.status, order.status);
  assert.deepEqual(one.data.line_items.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity]), order.lines.map((l) => [l.sku, l.qty]));
});

test('the official client updates a product\'s and a variation\'s stock, and the shop lists it', async () => {
  const [tea, shirt] = sim.state().listed;
  const product = await client.put(`products/${tea!.productId}`, { manage_stock: true, stock_quantity: 9 });
  assert.equal(product.data.stock_quantity, 9);
  const variations = await client.post(`products/${shirt!.productId}/variations/batch`, { update: [{ id: Number(shirt!.variationId), stock_quantity: 4, manage_stock: true }] });
  assert.equal(variations.data.update[0].stock_quantity, 4);
  assert.deepEqual(sim.state().listed.slice(0, 2).map((l) => [l.sku, l.qty]), [['TEA-1', 9], ['SHIRT-M', 4]]);
});

test('a client with the wrong secret is refused with WooCommerce\'s authentication error', async () => {
  const wrong = new WooCommerceRestApi({ url: sim.url, consumerKey: sim.credentials.consumerKey, consumerSecret: 'cs_wrong', version: 'wc/v3' });
  const refused = await wrong.get('orders').catch((err: { response: { status: number; data: unknown } }) => err.response);
  assert.equal(refused.status, 401);
  assert.deepEqual(refused.data, { code: 'woocommerce_rest_authentication_error', message: 'Invalid signature - provided signature does not match.', data: { status: 401 } });
});
