/** taobao.items.onsale.get, taobao.item.seller.get, taobao.item.quantity.update. */
import { toBigId } from '../common/json.ts';
import { topErrors } from './errors.ts';
import { intParam, requireParams, type MethodHandler, type MethodResult, type Params } from './params.ts';
import { itemNum, listedQuantity, setListedQuantity, type TaobaoItem, type TaobaoSku } from './store.ts';
import { gmt8, itemJson, projectItem } from './trade-json.ts';
import type { TaobaoWorld } from './world.ts';

/** Items on sale, without their SKUs (those come from item.seller.get, one item at a time). */
const itemsOnsaleGet: MethodHandler<TaobaoWorld> = (world, params) => {
  const missing = requireParams(params, 'fields');
  if (missing) return { error: missing };
  const pageNo = intParam(params, 'page_no', 1, 1, 100_000);
  const pageSize = intParam(params, 'page_size', 40, 1, 200);
  if (typeof pageNo !== 'number') return { error: pageNo };
  if (typeof pageSize !== 'number') return { error: pageSize };
  const items = world.store.items.slice((pageNo - 1) * pageSize, pageNo * pageSize).map((item) => {
    const json = itemJson(item, world.settings.sellerNick);
    delete json.skus;
    return projectItem(json, params.fields!);
  });
  const result: Record<string, unknown> = { total_results: world.store.items.length };
  if (items.length > 0) result.items = { item: items };
  return { result };
};

const itemSellerGet: MethodHandler<TaobaoWorld> = (world, params) => {
  const missing = requireParams(params, 'fields', 'num_iid');
  if (missing) return { error: missing };
  const found = findItem(world, params);
  if ('error' in found) return found;
  return { result: { item: projectItem(itemJson(found.item, world.settings.sellerNick), params.fields!) } };
};

/**
 * type 1 (default) sets the quantity; type 2 adds to it. An increment may be negative, but the
 * quantity after it may not be below 0: such a call is refused and changes nothing (PLATFORMS.md §4).
 */
const itemQuantityUpdate: MethodHandler<TaobaoWorld> = (world, params) => {
  const missing = requireParams(params, 'num_iid', 'quantity');
  if (missing) return { error: missing };
  const type = intParam(params, 'type', 1, 1, 2);
  if (typeof type !== 'number') return { error: type };
  const quantity = intParam(params, 'quantity', 0, type === 1 ? 0 : -1_000_000_000, 1_000_000_000);
  if (typeof quantity !== 'number') return { error: quantity };
  const found = findItem(world, params);
  if ('error' in found) return found;
  const listing = findListing(found.item, params);
  if ('error' in listing) return listing;
  const next = type === 1 ? quantity : listedQuantity(listing) + quantity;
  if (next < 0) return { error: topErrors.business('isv.invalid-parameter', `the quantity after the increment would be ${next}; it may not be below 0`) };
  const nowMs = Date.now();
  setListedQuantity(listing, next, nowMs);
  const { item, sku } = listing;
  const answer: Record<string, unknown> = { num_iid: item.numIid, num: itemNum(item), modified: gmt8(nowMs) };
  if (sku) answer.skus = { sku: [{ sku_id: sku.skuId, quantity: sku.quantity, modified: gmt8(sku.modifiedMs) }] };
  return { result: { item: answer } };
};

function findItem(world: TaobaoWorld, params: Params): { item: TaobaoItem } | Extract<MethodResult, { error: unknown }> {
  const numIid = toBigId(params.num_iid);
  if (numIid === null) return { error: topErrors.invalidArgument('num_iid') };
  const item = world.store.item(numIid);
  return item ? { item } : { error: topErrors.business('isv.item-not-exist', `item ${params.num_iid} does not exist`) };
}

/** The SKU named by sku_id (preferred) or outer_id, or the item itself when it has no SKUs and none is named. */
function findListing(item: TaobaoItem, params: Params): { item: TaobaoItem; sku: TaobaoSku | null } | Extract<MethodResult, { error: unknown }> {
  if (!params.sku_id && !params.outer_id) {
    if (item.skus.length === 0) return { item, sku: null };
    return { error: topErrors.business('isv.invalid-parameter', `item ${item.numIid} has SKUs: name sku_id or outer_id`) };
  }
  const skuId = params.sku_id ? toBigId(params.sku_id) : null;
  const sku = item.skus.find((s) => (skuId !== null ? s.skuId === skuId : s.outerId === params.outer_id));
  return sku ? { item, sku } : { error: topErrors.business('isv.sku-not-exist', `item ${item.numIid} has no such SKU`) };
}

export const ITEM_METHODS: Record<string, MethodHandler<TaobaoWorld>> = {
  'taobao.items.onsale.get': itemsOnsaleGet,
  'taobao.item.seller.get': itemSellerGet,
  'taobao.item.quantity.update': itemQuantityUpdate,
};
