import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJsonPreservingBigInts } from '../json.ts';
import { isRecord, type JsonRecord } from '../payload.ts';
import { PlatformError } from '../types.ts';
import { parseTaobaoOrder, taobaoTradeRecord } from './order.ts';
import { sampleFullinfoReply } from './sample-trade.ts';

function sampleTrade(): JsonRecord {
  const reply = parseJsonPreservingBigInts(sampleFullinfoReply);
  assert.ok(isRecord(reply) && isRecord(reply.trade_fullinfo_get_response) && isRecord(reply.trade_fullinfo_get_response.trade));
  return reply.trade_fullinfo_get_response.trade;
}

test('a paid trade parses with exact ids, GMT+8 times, notes, address and the lines still to ship', () => {
  const record = taobaoTradeRecord('trade/pull', sampleTrade());
  assert.equal(record.externalId, '3912345678901234567');
  assert.equal(record.updatedAt, '2025-04-02T09:16:30+08:00');
  const order = parseTaobaoOrder(record);
  assert.equal(order.externalId, '3912345678901234567');
  assert.equal(order.number, '3912345678901234567');
  assert.equal(order.status, 'paid');
  assert.equal(order.platformStatus, 'WAIT_SELLER_SEND_GOODS');
  assert.equal(order.createdAt, '2025-04-02T09:15:00+08:00');
  assert.equal(order.updatedAt, '2025-04-02T09:16:30+08:00');
  assert.equal(order.currency, 'CNY');
  assert.equal(order.total, '268.00');
  assert.deepEqual(order.buyer, { id: null, name: null, email: null, nick: 't**1' });
  assert.equal(order.buyerNote, '请周五前发货');
  assert.equal(order.sellerNote, 'VIP, gift wrap');
  assert.deepEqual(order.shippingAddress, {
    name: '张*', line1: '文三路***号', line2: '西湖区', city: '杭州市', province: '浙江省', postalCode: '310000', country: null, phone: '138****0000',
  });
  // The third sub-order was refunded before shipment (TRADE_CLOSED): not part of what ships.
  assert.deepEqual(order.lines, [
    { externalLineId: '3912345678901234568', sku: 'TEA-LONGJING-250', platformProductId: '600000000001', platformVariantId: '4000000000001', title: '龙井 250g', qty: 2, unitPrice: '99.00' },
    { externalLineId: '3912345678901234569', sku: 'GIFT-BOX', platformProductId: '600000000002', platformVariantId: null, title: '礼盒', qty: 1, unitPrice: '80.00' },
  ]);
});

test('a shipped trade keeps every sub-order; a SKU without outer_sku_id has no seller code', () => {
  const order = parseTaobaoOrder(taobaoTradeRecord('trade/pull', { ...sampleTrade(), status: 'WAIT_BUYER_CONFIRM_GOODS' }));
  assert.equal(order.status, 'shipped');
  assert.deepEqual(order.lines.map((l) => [l.externalLineId, l.sku, l.platformVariantId]), [
    ['3912345678901234568', 'TEA-LONGJING-250', '4000000000001'],
    ['3912345678901234569', 'GIFT-BOX', null],
    ['3912345678901234570', '', '4000000000003'],
  ]);
});

test('simplify=true flat order lists read the same', () => {
  const trade = sampleTrade();
  const orders = (trade.orders as { order: unknown[] }).order;
  assert.equal(parseTaobaoOrder(taobaoTradeRecord('trade/pull', { ...trade, orders })).lines.length, 2);
});

test('a trade with a malformed time or no tid is refused with the reason', () => {
  assert.throws(() => parseTaobaoOrder({ externalId: '1', updatedAt: null, topic: 't', payload: { ...sampleTrade(), created: '2025/04/02' } }), /created is not a TOP time/);
  const { tid: _tid, tid_str: _tidStr, ...noTid } = sampleTrade();
  assert.throws(() => parseTaobaoOrder({ externalId: '1', updatedAt: null, topic: 't', payload: noTid }), (e: unknown) => e instanceof PlatformError && e.kind === 'permanent');
});
