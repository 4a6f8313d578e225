/**
 * Trades, items and SKUs as TOP writes them (PLATFORMS.md §4): times "yyyy-MM-dd HH:mm:ss" in GMT+8,
 * money as decimal strings, tid/oid as bare 64-bit numbers with tid_str/oid_str beside them, lists
 * wrapped as {"orders":{"order":[…]}}. Only the fields the request names are returned.
 */
import { formatCents } from '../common/catalog.ts';
import { wallClock } from '../common/time.ts';
import { itemNum, type TaobaoItem, type TaobaoSku, type Trade, type TradeLine } from './store.ts';

const GMT8_MINUTES = 8 * 60;

export const gmt8 = (ms: number | null) => (ms === null ? undefined : wallClock(ms, GMT8_MINUTES));

function tradeTotalCents(trade: Trade): number {
  return trade.lines.reduce((sum, line) => sum + line.priceCents * line.num, 0);
}

export function fullTrade(trade: Trade, sellerNick: string): Record<string, unknown> {
  const total = tradeTotalCents(trade);
  const first = trade.lines[0]!;
  const r = trade.buyer.receiver;
  return {
    tid: trade.tid, tid_str: String(trade.tid), status: trade.status, type: 'fixed',
    created: gmt8(trade.createdMs), modified: gmt8(trade.modifiedMs), pay_time: gmt8(trade.payTimeMs),
    consign_time: gmt8(trade.consignTimeMs), end_time: gmt8(trade.endTimeMs),
    payment: formatCents(trade.payTimeMs === null ? 0 : total + trade.postFeeCents), total_fee: formatCents(total),
    post_fee: formatCents(trade.postFeeCents), discount_fee: '0.00', adjust_fee: '0.00',
    buyer_nick: trade.buyer.nick, buyer_open_uid: trade.buyer.openUid, seller_nick: sellerNick,
    buyer_message: trade.buyerMessage ?? undefined, has_buyer_message: trade.buyerMessage !== null, seller_memo: undefined, seller_flag: 0,
    receiver_name: r.name, receiver_state: r.state, receiver_city: r.city, receiver_district: r.district,
    receiver_address: r.address, receiver_zip: r.zip, receiver_mobile: r.mobile, oaid: trade.buyer.oaid,
    num: trade.lines.reduce((sum, l) => sum + l.num, 0), num_iid: first.item.numIid, title: first.item.title,
    price: formatCents(first.priceCents), shipping_type: 'express',
    orders: { order: trade.lines.map((line) => orderJson(trade, line)) },
  };
}

function orderJson(trade: Trade, line: TradeLine): Record<string, unknown> {
  const lineTotal = line.priceCents * line.num;
  return {
    oid: line.oid, oid_str: String(line.oid), num_iid: line.item.numIid,
    // On a trade's order sku_id is a String field (on an item's Sku it is a Number).
    sku_id: line.sku ? String(line.sku.skuId) : undefined,
    outer_iid: line.item.outerId ?? undefined, outer_sku_id: line.sku?.outerId,
    sku_properties_name: line.sku?.propertiesName, num: line.num, price: formatCents(line.priceCents),
    total_fee: formatCents(lineTotal), payment: formatCents(trade.payTimeMs === null ? 0 : lineTotal),
    status: trade.status, refund_status: trade.status === 'TRADE_CLOSED' ? 'SUCCESS' : 'NO_REFUND', title: line.item.title,
    consign_time: gmt8(trade.consignTimeMs), end_time: gmt8(trade.endTimeMs),
    logistics_company: trade.shipping?.companyCode, invoice_no: trade.shipping?.outSid,
    is_oversold: false, adjust_fee: '0.00', discount_fee: '0.00',
  };
}

/**
 * The fields named in "fields" (comma separated). "orders" names every order field; "orders.x"
 * names order field x. Fields outside `allowed` are left out, as TOP leaves out fields an API does not return.
 */
export function projectTrade(trade: Record<string, unknown>, fields: string, allowed: ReadonlySet<string> | null): Record<string, unknown> {
  const names = fields.split(',').map((f) => f.trim()).filter(Boolean);
  const top = names.filter((n) => !n.startsWith('orders.') && (allowed === null || allowed.has(n)));
  const orderFields = names.filter((n) => n.startsWith('orders.')).map((n) => n.slice('orders.'.length));
  if (orderFields.includes('oid')) orderFields.push('oid_str');
  const out: Record<string, unknown> = {};
  for (const name of top) {
    if (trade[name] !== undefined) out[name] = trade[name];
    if (name === 'tid') out.tid_str = trade.tid_str;
  }
  if (orderFields.length > 0 && !top.includes('orders') && (allowed === null || allowed.has('orders'))) {
    const orders = (trade.orders as { order: Record<string, unknown>[] }).order;
    out.orders = { order: orders.map((o) => Object.fromEntries(orderFields.filter((f) => o[f] !== undefined).map((f) => [f, o[f]]))) };
  }
  return out;
}

function skuJson(item: TaobaoItem, sku: TaobaoSku): Record<string, unknown> {
  return {
    sku_id: sku.skuId, num_iid: item.numIid, outer_id: sku.outerId, quantity: sku.quantity, price: formatCents(sku.priceCents),
    properties: sku.propertiesName.split(':').slice(0, 2).join(':'), properties_name: sku.propertiesName,
    modified: gmt8(sku.modifiedMs), status: 'normal',
  };
}

export function itemJson(item: TaobaoItem, sellerNick: string): Record<string, unknown> {
  return {
    num_iid: item.numIid, title: item.title, nick: sellerNick, num: itemNum(item), price: formatCents(item.priceCents),
    outer_id: item.outerId ?? undefined, approve_status: 'onsale', modified: gmt8(item.modifiedMs), has_showcase: false,
    skus: item.skus.length > 0 ? { sku: item.skus.map((sku) => skuJson(item, sku)) } : undefined,
  };
}

/** The fields named in "fields" that an item has; "sku" or "skus" selects its SKU list. */
export function projectItem(item: Record<string, unknown>, fields: string): Record<string, unknown> {
  const names = new Set(fields.split(',').map((f) => f.trim()));
  if (names.has('sku')) names.add('skus');
  return Object.fromEntries(Object.entries(item).filter(([key, value]) => names.has(key) && value !== undefined));
}
