import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseJsonPreservingBigInts } from '../json.ts';
import { isRecord, type JsonRecord } from '../payload.ts';
import { PlatformError, type RawRecord } from '../types.ts';
import { divideMoney, parseWooOrder, parseWooWebhook, wooOrderRecord } from './order.ts';

const fixtureUrl = new URL('../../../../shared/fixtures/platforms/woocommerce/orders.list.json', import.meta.url);

function fixtureOrders(): JsonRecord[] {
  const orders = parseJsonPreservingBigInts(readFileSync(fixtureUrl, 'utf8'));
  assert.ok(Array.isArray(orders));
  return orders.filter(isRecord);
}

const recordOf = (payload: unknown): RawRecord => ({ externalId: '', updatedAt: null, topic: 'order.pull', payload });

test('the docs order 727 parses: paid, times read as UTC, shipping address, a simple and a variation line', () => {
  const [fixture] = fixtureOrders();
  const order = parseWooOrder(recordOf(fixture));
  assert.equal(order.externalId, '727');
  assert.equal(order.number, '727');
  assert.equal(order.status, 'paid');
  assert.equal(order.platformStatus, 'processing');
  // date_created is the site's clock (16:28, three hours behind); the *_gmt fields are UTC.
  assert.equal(order.createdAt, '2017-03-22T19:28:02Z');
  assert.equal(order.updatedAt, '2017-03-22T19:28:08Z');
  assert.equal(order.currency, 'USD');
  assert.equal(order.total, '29.35');
  assert.deepEqual(order.buyer, { name: 'John Doe', email: 'john.doe@example.com', nick: null });
  assert.equal(order.buyerNote, null, 'an empty customer_note is no note');
  assert.deepEqual(order.shippingAddress, {
    name: 'John Doe', line1: '969 Market', line2: null, city: 'San Francisco', province: 'CA', postalCode: '94103', country: 'US', phone: '(555) 555-5555',
  });
  assert.deepEqual(order.lines, [
    { externalLineId: '315', sku: '', platformProductId: '93', platformVariantId: null, title: 'Woo Single #1', qty: 2, unitPrice: '3.00' },
    { externalLineId: '316', sku: 'Bar3', platformProductId: '22', platformVariantId: '23', title: 'Ship Your Idea &ndash; Color: Black, Size: M Test', qty: 1, unitPrice: '12.00' },
  ]);
});

test('the docs order 723 is completed, which the hub reads as shipped', () => {
  const [, fixture] = fixtureOrders();
  const order = parseWooOrder(recordOf(fixture));
  assert.equal(order.status, 'shipped');
  assert.deepEqual(order.lines.map((l) => [l.externalLineId, l.platformProductId, l.platformVariantId, l.qty]), [['311', '87', null, 1], ['313', '34', null, 1]]);
});

test('a customer note is the buyer note; an order without a shipping address ships to the billing one', () => {
  const [fixture] = fixtureOrders();
  const blank = { first_name: '', last_name: '', company: '', address_1: '', address_2: '', city: '', state: '', postcode: '', country: '' };
  const order = parseWooOrder(recordOf({ ...fixture, customer_note: 'Gift wrap, please', shipping: blank }));
  assert.equal(order.buyerNote, 'Gift wrap, please');
  assert.equal(order.shippingAddress?.line1, '969 Market');
  assert.equal(parseWooOrder(recordOf({ ...fixture, shipping: blank, billing: { ...blank, email: 'x@example.com' } })).shippingAddress, null);
});

test('an order webhook gives one record keyed by id and dated by date_modified_gmt; other bodies give none', () => {
  const [fixture] = fixtureOrders();
  assert.deepEqual(parseWooWebhook('order.updated', fixture), [{ externalId: '727', updatedAt: '2017-03-22T19:28:08Z', topic: 'order.updated', payload: fixture }]);
  assert.deepEqual(parseWooWebhook('order.deleted', { id: 727 }), []);
  assert.deepEqual(parseWooWebhook('order.updated', { id: 727 }), [], 'an id alone is not an order');
  assert.deepEqual(parseWooWebhook('product.updated', { id: 93, line_items: [] }), []);
  assert.deepEqual(parseWooWebhook('ping', 'webhook_id=3'), []);
  assert.equal(wooOrderRecord('order.pull', { id: 5, date_modified_gmt: '2025-04-02T10:00:00+00:00' }).updatedAt, '2025-04-02T10:00:00+00:00');
});

test('a line priced by subtotal / quantity keeps four places when cents do not divide evenly', () => {
  const [fixture] = fixtureOrders() as [JsonRecord];
  const items = fixture.line_items as JsonRecord[];
  const order = parseWooOrder(recordOf({ ...fixture, line_items: [{ ...items[0], quantity: 3, subtotal: '10.00', price: 3.3333333333333335 }] }));
  assert.equal(order.lines[0]?.unitPrice, '3.3333');
  assert.deepEqual(['6.00/2', '10.00/3', '0.01/3', '19.9/1', '5/4'].map((c) => divideMoney(c.split('/')[0]!, Number(c.split('/')[1]))), ['3.00', '3.3333', '0.0033', '19.90', '1.25']);
});

test('a payload that is not an order, lacks dates, or has a custom status is refused with the reason', () => {
  const [fixture] = fixtureOrders();
  assert.throws(() => parseWooOrder(recordOf('nope')), (err: unknown) => err instanceof PlatformError && err.kind === 'permanent');
  assert.throws(() => parseWooOrder(recordOf({ ...fixture, date_modified_gmt: null })), /date_modified_gmt is missing/);
  assert.throws(() => parseWooOrder(recordOf({ ...fixture, status: 'wc-shipped' })), /unknown order status "wc-shipped"/);
});
