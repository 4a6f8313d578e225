import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseJsonPreservingBigInts } from '../json.ts';
import { isRecord, type JsonRecord } from '../payload.ts';
import { PlatformError, type RawRecord } from '../types.ts';
import { parseShopifyOrder, parseShopifyWebhook } from './order.ts';

const fixtureUrl = new URL('../../../../shared/fixtures/platforms/shopify/rest.orders.list.json', import.meta.url);

/** The fixture's orders as the inbox would hand them over: parsed big-int safe. */
function fixtureOrders(): JsonRecord[] {
  const fixture = parseJsonPreservingBigInts(readFileSync(fixtureUrl, 'utf8'));
  assert.ok(isRecord(fixture) && isRecord(fixture.response) && Array.isArray(fixture.response.orders));
  return fixture.response.orders.filter(isRecord);
}

const recordOf = (payload: unknown): RawRecord => ({ externalId: '', updatedAt: null, topic: 'orders/pull', payload });

test('the REST orders fixture parses into order #1001 as it now stands: paid, one line left to ship', () => {
  const [fixture] = fixtureOrders();
  const order = parseShopifyOrder(recordOf(fixture));
  assert.equal(order.externalId, '450789469');
  assert.equal(order.number, '#1001');
  // financial_status partially_refunded, fulfillment_status null: the rest still ships.
  assert.equal(order.status, 'paid');
  assert.equal(order.platformStatus, 'partially_refunded/unfulfilled');
  assert.equal(order.createdAt, '2008-01-10T11:00:00-05:00');
  assert.equal(order.updatedAt, '2008-01-10T11:00:00-05:00');
  assert.equal(order.currency, 'USD');
  assert.equal(order.total, '199.65'); // current_total_price (total_price 598.94 before the refunds)
  assert.deepEqual(order.buyer, { name: 'Bob Norman', email: 'bob.norman@mail.example.com', nick: null });
  assert.equal(order.buyerNote, null);
  assert.deepEqual(order.shippingAddress, {
    name: 'Bob Norman', line1: 'Chestnut Street 92', line2: null, city: 'Louisville', province: 'Kentucky',
    postalCode: '40202', country: 'US', phone: '+1(502)-459-2181',
  });
  // green and black were refunded (current_quantity 0); red is the one line still to ship.
  assert.deepEqual(order.lines, [{
    externalLineId: '518995019', sku: 'IPOD2008RED', platformProductId: '632910392', platformVariantId: '49148385',
    title: 'IPod Nano - 8gb - red', qty: 1, unitPrice: '199.00',
  }]);
});

test('once the order is fulfilled every line counts with its ordered quantity', () => {
  const [fixture] = fixtureOrders();
  const order = parseShopifyOrder(recordOf({ ...fixture, fulfillment_status: 'fulfilled' }));
  assert.equal(order.status, 'shipped');
  assert.deepEqual(order.lines.map((l) => [l.externalLineId, l.sku, l.qty, l.platformVariantId, l.unitPrice]), [
    ['466157049', 'IPOD2008GREEN', 1, '39072856', '199.00'],
    ['518995019', 'IPOD2008RED', 1, '49148385', '199.00'],
    ['703073504', 'IPOD2008BLACK', 1, '457924702', '199.00'],
  ]);
});

test('a webhook order with ids beyond 2^53 keeps them exact', () => {
  const body = '{"id":820982911946154508,"name":"#9999","financial_status":"paid","fulfillment_status":null,"cancelled_at":null,'
    + '"created_at":"2021-12-31T19:00:00-05:00","updated_at":"2021-12-31T19:00:00-05:00","currency":"USD","total_price":"10.00",'
    + '"line_items":[{"id":866550311766439020,"variant_id":808950810,"product_id":788032119674292922,"sku":"TEA-1","name":"Tea","quantity":2,"price":"5.00"}]}';
  const [record] = parseShopifyWebhook('orders/create', parseJsonPreservingBigInts(body));
  assert.ok(record);
  assert.equal(record.externalId, '820982911946154508');
  assert.equal(record.updatedAt, '2021-12-31T19:00:00-05:00');
  const order = parseShopifyOrder(record);
  assert.equal(order.externalId, '820982911946154508');
  assert.equal(order.total, '10.00'); // no current_total_price: the placed total
  assert.deepEqual(order.lines.map((l) => [l.externalLineId, l.platformProductId, l.qty]), [['866550311766439020', '788032119674292922', 2]]);
});

test('a webhook on a topic that is not an order, or without an order id, gives no record', () => {
  assert.deepEqual(parseShopifyWebhook('inventory_levels/update', { inventory_item_id: 808950810, location_id: 655441491, available: 6 }), []);
  assert.deepEqual(parseShopifyWebhook('orders/updated', { note: 'no id' }), []);
});

test('a payload that is not an order, or has an unknown status, is refused with the reason', () => {
  assert.throws(() => parseShopifyOrder(recordOf('nope')), (err: unknown) => err instanceof PlatformError && err.kind === 'permanent');
  const [fixture] = fixtureOrders();
  assert.throws(() => parseShopifyOrder(recordOf({ ...fixture, financial_status: 'mystery' })), /unknown financial_status "mystery"/);
});
