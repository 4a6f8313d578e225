import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonResponse, stubContext, stubFetch, type RecordedRequest, type StubHandler } from '../fetch-stub.ts';
import { PlatformError, type CanonicalOrder, type ListingRef } from '../types.ts';
import { taobaoConnector } from './index.ts';

const credentials = { appKey: '12345678', appSecret: 'helloworld', session: 'seller-session' };
const formOf = (r: RecordedRequest | undefined) => Object.fromEntries(new URLSearchParams(r?.body));
const businessOf = (r: RecordedRequest | undefined) => {
  const { method, app_key: _k, session: _s, timestamp: _t, v: _v, sign_method: _m, format: _f, simplify: _p, sign: _g, ...rest } = formOf(r);
  return { method, ...rest };
};

function connect(handler: StubHandler) {
  const stub = stubFetch(handler);
  return { ctx: stubContext(stub.fetch, credentials, 'https://gw.example'), requests: stub.requests };
}

const skuListing: ListingRef = { platformItemId: '600000000001', platformVariantId: '4000000000001', platformLocationId: null, sellerSku: 'TEA-LONGJING-250' };
const itemListing: ListingRef = { platformItemId: '600000000002', platformVariantId: null, platformLocationId: null, sellerSku: 'GIFT-BOX' };
const item1 = { num_iid: 600000000001, outer_id: 'TEA-SET', num: 30, skus: { sku: [
  { sku_id: 4000000000001, outer_id: 'TEA-LONGJING-250', quantity: 12 },
  { sku_id: 4000000000003, outer_id: '', quantity: 18 },
] } };
const item2 = { num_iid: 600000000002, outer_id: 'GIFT-BOX', num: 7 };

test('a stock push is a full update of the SKU, or of the item without SKUs, acknowledged with the new quantity', async () => {
  const { ctx, requests } = connect((r) => jsonResponse({ item_quantity_update_response: {
    item: formOf(r).sku_id ? { ...item1, skus: { sku: [{ sku_id: 4000000000001, quantity: 12 }] } } : { ...item2, num: 5 },
  } }));
  const acks = await taobaoConnector.pushStock(ctx, [{ listing: skuListing, qty: 12 }, { listing: itemListing, qty: 5 }]);
  assert.deepEqual(requests.map(businessOf), [
    { method: 'taobao.item.quantity.update', num_iid: '600000000001', sku_id: '4000000000001', quantity: '12', type: '1' },
    { method: 'taobao.item.quantity.update', num_iid: '600000000002', quantity: '5', type: '1' },
  ]);
  assert.deepEqual(acks.map((a) => a.acknowledgedQty), [12, 5]);
});

test('listings are one per SKU of each item on sale, or one for an item without SKUs', async () => {
  const { ctx, requests } = connect((r) => {
    const form = formOf(r);
    if (form.method === 'taobao.items.onsale.get') return jsonResponse({ items_onsale_get_response: { total_results: 2, items: { item: [{ num_iid: 600000000001 }, { num_iid: 600000000002 }] } } });
    return jsonResponse({ item_seller_get_response: { item: form.num_iid === '600000000001' ? item1 : item2 } });
  });
  const pages: ListingRef[][] = [];
  for await (const page of taobaoConnector.listListings(ctx)) pages.push(page);
  assert.deepEqual(pages, [[
    { platformItemId: '600000000001', platformVariantId: '4000000000001', platformLocationId: null, sellerSku: 'TEA-LONGJING-250' },
    { platformItemId: '600000000001', platformVariantId: '4000000000003', platformLocationId: null, sellerSku: '' },
    { platformItemId: '600000000002', platformVariantId: null, platformLocationId: null, sellerSku: 'GIFT-BOX' },
  ]]);
  assert.deepEqual(businessOf(requests[0]), { method: 'taobao.items.onsale.get', fields: 'num_iid,outer_id', page_no: '1', page_size: '200', order_by: 'list_time:asc' });
  assert.deepEqual(businessOf(requests[1]), { method: 'taobao.item.seller.get', fields: 'num_iid,outer_id,num,sku', num_iid: '600000000001' });
});

test('reading stock asks each item once and reads its SKU quantities', async () => {
  const { ctx, requests } = connect((r) => jsonResponse({ item_seller_get_response: { item: formOf(r).num_iid === '600000000001' ? item1 : item2 } }));
  const other: ListingRef = { ...skuListing, platformVariantId: '4000000000003' };
  const gone: ListingRef = { ...skuListing, platformVariantId: '4000000000009' };
  const levels = await taobaoConnector.readStock(ctx, [skuListing, other, itemListing, gone]);
  assert.deepEqual(levels.map((l) => [l.listing.platformVariantId, l.qty]), [['4000000000001', 12], ['4000000000003', 18], [null, 7]]);
  assert.equal(requests.length, 2);
});

const order = {
  externalId: '3912345678901234567',
  lines: [{ externalLineId: '3912345678901234568' }, { externalLineId: '3912345678901234569' }],
} as unknown as CanonicalOrder;
const shipped = jsonResponse({ logistics_offline_send_response: { shipping: { is_success: true } } });

test('a shipment of the whole trade sends tid, tracking number and carrier code', async () => {
  const { ctx, requests } = connect(() => shipped.clone());
  const result = await taobaoConnector.pushFulfilment(ctx, order, { carrier: 'YTO', trackingNumber: 'YT7512345678901' });
  assert.deepEqual(businessOf(requests[0]), { method: 'taobao.logistics.offline.send', tid: '3912345678901234567', out_sid: 'YT7512345678901', company_code: 'YTO' });
  assert.equal(result.platformShipmentId, null);
});

test('a shipment of some sub-orders is a split shipment naming them', async () => {
  const { ctx, requests } = connect(() => shipped.clone());
  await taobaoConnector.pushFulfilment(ctx, order, { carrier: 'SF', trackingNumber: 'SF100', lines: [{ externalLineId: '3912345678901234569', qty: 1 }] });
  assert.deepEqual(businessOf(requests[0]), {
    method: 'taobao.logistics.offline.send', tid: '3912345678901234567', out_sid: 'SF100', company_code: 'SF', sub_tid: '3912345678901234569', is_split: '1',
  });
});

test('a shipment Taobao does not accept is an error', async () => {
  const { ctx } = connect(() => jsonResponse({ logistics_offline_send_response: { shipping: { is_success: false } } }));
  const err = await taobaoConnector.pushFulfilment(ctx, order, { carrier: 'YTO', trackingNumber: 'x' }).catch((e: unknown) => e);
  assert.ok(err instanceof PlatformError && err.kind === 'permanent');
});
