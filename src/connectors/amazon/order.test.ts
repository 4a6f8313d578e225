import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { PlatformError } from '../types.ts';
import { divideAmount, sumAmounts } from './money.ts';
import { AMAZON_PULL_TOPIC, amazonOrderRecord, parseAmazonOrder } from './order.ts';

const fixtures = new URL('../../../../shared/fixtures/platforms/amazon/', import.meta.url);
const fixture = (name: string) => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8'));

test('the getOrders and getOrderItems fixtures read as one canonical order with string ids and exact unit prices', () => {
  const order = fixture('getOrders.200.json').payload.Orders[0];
  const items = fixture('getOrderItems.200.json').payload.OrderItems;
  const record = amazonOrderRecord(AMAZON_PULL_TOPIC, order, items);
  assert.deepEqual([record.externalId, record.updatedAt, record.topic], ['902-3159896-1390916', '2017-01-20T19:49:35Z', 'orders/pull']);
  const parsed = parseAmazonOrder(record);
  assert.equal(parsed.externalId, '902-3159896-1390916');
  assert.equal(parsed.number, '902-3159896-1390916');
  assert.deepEqual([parsed.status, parsed.platformStatus], ['pending', 'Pending']);
  assert.deepEqual([parsed.createdAt, parsed.updatedAt], ['2017-01-20T19:49:35Z', '2017-01-20T19:49:35Z']);
  // No OrderTotal in the fixture: the items' prices say the currency and the total.
  assert.deepEqual([parsed.currency, parsed.total], ['JPY', '43.94']);
  assert.deepEqual(parsed.buyer, { name: 'John Doe', email: 'user@example.com', nick: null });
  assert.equal(parsed.buyerNote, 'For you!', 'the same gift message on two items is one note');
  assert.deepEqual(parsed.shippingAddress, {
    name: 'Michigan address', line1: '1 Cross St.', line2: null, city: 'Canton', province: 'MI', postalCode: '48817', country: 'US', phone: null,
  });
  assert.deepEqual(parsed.lines, [
    { externalLineId: '68828574383266', sku: 'CBA_OTF_1', platformProductId: 'CBA_OTF_1', platformVariantId: 'BT0093TELA', title: 'Example item name', qty: 1, unitPrice: '25.99' },
    // ItemPrice 17.95 is the line total of 2: 8.975 each, no float error.
    { externalLineId: '79039765272157', sku: 'CBA_OTF_5', platformProductId: 'CBA_OTF_5', platformVariantId: 'BCTU1104UEFB', title: 'Example item name', qty: 2, unitPrice: '8.975' },
  ]);
});

const order = (over: Record<string, unknown> = {}) => ({
  AmazonOrderId: '111-2222222-3333333', PurchaseDate: '2025-05-01T10:00:00Z', LastUpdateDate: '2025-05-01T10:05:00Z',
  OrderStatus: 'Unshipped', MarketplaceId: 'A1PA6795UKMFR9', OrderTotal: { CurrencyCode: 'EUR', Amount: '30.00' }, ...over,
});
const item = (over: Record<string, unknown> = {}) => ({ ASIN: 'B0TEST0001', OrderItemId: '12345678901234', SellerSKU: 'SKU-1', QuantityOrdered: 3, ItemPrice: { CurrencyCode: 'EUR', Amount: '30.00' }, ...over });
const parse = (o: unknown, items: unknown[]) => parseAmazonOrder({ externalId: '', updatedAt: null, topic: 'orders/pull', payload: { order: o, items } });

test('OrderTotal is the total when present, and a unit price that does not end is rounded at four places', () => {
  const parsed = parse(order(), [item({ ItemPrice: { CurrencyCode: 'EUR', Amount: '10.00' } })]);
  assert.deepEqual([parsed.currency, parsed.total, parsed.status], ['EUR', '30.00', 'paid']);
  assert.equal(parsed.lines[0]!.unitPrice, '3.3333');
});

test('a Pending order without prices reads with the marketplace currency and zero prices until it is paid', () => {
  const parsed = parse(order({ OrderStatus: 'Pending', OrderTotal: undefined }), [item({ ItemPrice: undefined })]);
  assert.deepEqual([parsed.status, parsed.currency, parsed.total, parsed.lines[0]!.unitPrice, parsed.lines[0]!.qty], ['pending', 'EUR', '0', '0', 3]);
});

test('an item cancelled out of the order (QuantityOrdered 0) is no line', () => {
  const parsed = parse(order({ OrderStatus: 'Canceled' }), [item({ QuantityOrdered: 0, ItemPrice: undefined }), item({ OrderItemId: '2', QuantityOrdered: 1 })]);
  assert.deepEqual(parsed.lines.map((l) => [l.externalLineId, l.qty]), [['2', 1]]);
  assert.equal(parsed.status, 'cancelled');
});

test('an order that cannot be read throws a permanent error naming what is missing', () => {
  assert.throws(() => parse(order({ OrderStatus: undefined }), []), (err) => err instanceof PlatformError && err.kind === 'permanent' && /OrderStatus is missing/.test(err.message));
  assert.throws(() => parse(order(), [item({ OrderItemId: undefined })]), /OrderItemId is missing/);
  assert.throws(() => parse(order(), [item({ ItemPrice: { CurrencyCode: 'EUR', Amount: '1e3' } })]), /not a decimal amount/);
  assert.throws(() => parse(order({ OrderTotal: undefined, MarketplaceId: 'XX' }), [item({ ItemPrice: undefined })]), /no currency/);
});

test('decimal division and sums carry no float error', () => {
  assert.equal(divideAmount('0.30', 3, 'x'), '0.10');
  assert.equal(divideAmount('100', 8, 'x'), '12.5');
  assert.equal(divideAmount('0.01', 3, 'x'), '0.0033');
  assert.equal(divideAmount('2.00', 3, 'x'), '0.6667');
  assert.equal(sumAmounts(['0.10', '0.20'], 'x'), '0.30');
  assert.equal(sumAmounts([], 'x'), '0');
});
