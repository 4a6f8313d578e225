import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addressProblems, DEFAULT_REVIEW_SETTINGS, evaluateReview, mergeSettings, quantityLimitOf, referencePriceOf, substanceOf,
  type ReviewContext, type ReviewSubject, type SkuHistory,
} from './review-rules.ts';

const history = (over: Partial<SkuHistory> = {}): SkuHistory => ({ lines: 500, qtyAtPercentile: 3, listPrice: 20, listCurrency: 'USD', usualPrice: 20, ...over });
const subject = (over: Partial<ReviewSubject> = {}): ReviewSubject => ({
  orderId: '1', total: 40, currency: 'USD', buyer: { id: null, name: 'Ava Adams', email: 'ava@example.com', nick: null }, buyerNote: null, sellerNote: null,
  address: { name: 'Ava Adams', line1: '1 Oak Avenue', city: 'Austin', postalCode: '78701', phone: '+15550001' },
  lines: [{ lineNo: 0, sku: 'TEA-1', qty: 2, unitPrice: 20 }], ...over,
});
const context = (over: Partial<ReviewContext> = {}): ReviewContext => ({ history: new Map([['TEA-1', history()]]), earlierSameOrders: [], ...over });
const fired = (s: ReviewSubject, c = context(), settings = DEFAULT_REVIEW_SETTINGS) => evaluateReview(s, c, settings).map((f) => f.rule);

test('an ordinary order fires no rule', () => {
  assert.deepEqual(fired(subject()), []);
});

test('a 2 that became 20 is held above the 99th percentile times the factor, with the values that fired', () => {
  const [rule] = evaluateReview(subject({ lines: [{ lineNo: 0, sku: 'TEA-1', qty: 20, unitPrice: 20 }] }), context(), DEFAULT_REVIEW_SETTINGS);
  assert.equal(rule?.rule, 'quantity_anomaly');
  assert.deepEqual(rule?.values, { lines: [{ lineNo: 0, sku: 'TEA-1', qty: 20, limit: 9, basis: 'history', pastLines: 500 }] });
});

test('a SKU with little history is held above the fixed cap', () => {
  assert.deepEqual(quantityLimitOf(history({ lines: 10, qtyAtPercentile: 40 }), DEFAULT_REVIEW_SETTINGS.quantity), { limit: 5, basis: 'cap' });
  assert.deepEqual(quantityLimitOf(undefined, DEFAULT_REVIEW_SETTINGS.quantity), { limit: 5, basis: 'cap' });
  assert.deepEqual(fired(subject({ lines: [{ lineNo: 0, sku: 'NEW', qty: 6, unitPrice: 20 }] }), context({ history: new Map() })), ['quantity_anomaly']);
  assert.deepEqual(fired(subject({ lines: [{ lineNo: 0, sku: 'NEW', qty: 5, unitPrice: 20 }] }), context({ history: new Map() })), []);
});

test('harmless messages pass and anything with substance is held', () => {
  const phrases = DEFAULT_REVIEW_SETTINGS.buyerMessage.harmlessPhrases;
  assert.equal(substanceOf('请尽快发货，谢谢！', phrases), '');
  assert.equal(substanceOf('Thanks!! :)', phrases), '');
  assert.equal(substanceOf('Please ship ASAP, thanks', phrases), '');
  assert.equal(substanceOf('Thanks, but change the size to L', phrases), 'butchangethesizetol');
  assert.deepEqual(fired(subject({ buyerNote: '请尽快发货' })), []);
  assert.deepEqual(fired(subject({ buyerNote: '麻烦换成大号的，拍错了' })), ['buyer_message']);
  assert.deepEqual(fired(subject({ sellerNote: 'call the buyer first' })), ['buyer_message']);
});

test('a price far below or far above the reference is held; a list price in another currency needs a rate', () => {
  assert.deepEqual(fired(subject({ lines: [{ lineNo: 0, sku: 'TEA-1', qty: 1, unitPrice: 0.2 }] })), ['price_anomaly']);
  assert.deepEqual(fired(subject({ lines: [{ lineNo: 0, sku: 'TEA-1', qty: 1, unitPrice: 200 }] })), ['price_anomaly']);
  assert.equal(referencePriceOf(history(), 'CNY', {}), 20, 'without a rate, the usual price in CNY');
  assert.equal(referencePriceOf(history({ usualPrice: null }), 'CNY', {}), null);
  assert.equal(referencePriceOf(history({ usualPrice: null }), 'CNY', { 'USD>CNY': 7 }), 140);
  const floored = mergeSettings({ price: { floor: 1 } });
  assert.deepEqual(fired(subject({ lines: [{ lineNo: 0, sku: 'OTHER', qty: 1, unitPrice: 0.5 }] }), context(), floored), ['price_anomaly']);
});

test('an order above the merchant’s maximum value is held; none is set by default', () => {
  assert.deepEqual(fired(subject({ total: 100_000 })), []);
  assert.deepEqual(fired(subject({ total: 5_001 }), context(), mergeSettings({ orderValue: { maxTotal: 5_000 } })), ['high_order_value']);
});

test('incomplete or placeholder addresses are held; a street the platform withholds is not asked for', () => {
  assert.deepEqual(addressProblems(null), ['no shipping address']);
  assert.deepEqual(addressProblems({ name: 'A', line1: '??', city: 'Austin', postalCode: '', phone: null }), ['postalCode missing', 'line1 looks like a placeholder: "??"']);
  assert.deepEqual(addressProblems({ name: null, line1: null, city: 'Seattle', postalCode: '98101', phone: null }), []);
  assert.deepEqual(addressProblems({ name: '张**', line1: '朝阳区**路**号', city: '北京市', postalCode: '100020', phone: '*******1234' }), []);
  assert.deepEqual(fired(subject({ address: { name: null, line1: null, city: '??', postalCode: '', phone: null } })), ['bad_address']);
});

test('a duplicate names the earlier order; a blocklisted buyer matches on any identity', () => {
  const earlier = [{ orderId: '7', number: '#1007', createdAt: '2026-11-25T10:00:00Z' }];
  assert.deepEqual(evaluateReview(subject(), context({ earlierSameOrders: earlier }), DEFAULT_REVIEW_SETTINGS), [{ rule: 'duplicate', values: { earlier } }]);
  const blocked = mergeSettings({ blocklist: { buyers: ['AVA@example.com'] } });
  assert.deepEqual(evaluateReview(subject(), context(), blocked), [{ rule: 'blocklisted_buyer', values: { matched: ['ava@example.com'] } }]);
});

test('a disabled rule does not fire, and stored layers override section by section', () => {
  const settings = mergeSettings({ buyerMessage: { enabled: false } }, { quantity: { factor: 10 } });
  assert.deepEqual(fired(subject({ buyerNote: 'change the size please' }), context(), settings), []);
  assert.equal(settings.quantity.factor, 10);
  assert.equal(settings.quantity.capWithLittleHistory, DEFAULT_REVIEW_SETTINGS.quantity.capWithLittleHistory);
  assert.equal(settings.buyerMessage.harmlessPhrases.length, DEFAULT_REVIEW_SETTINGS.buyerMessage.harmlessPhrases.length);
});
