/** taobao.trades.sold.increment.get, taobao.trade.fullinfo.get, taobao.logistics.offline.send. */
import { toBigId } from '../common/json.ts';
import { parseWallClock } from '../common/time.ts';
import { topErrors } from './errors.ts';
import { intParam, requireParams, type MethodHandler, type MethodResult, type Params } from './params.ts';
import { fullTrade, projectTrade } from './trade-json.ts';
import { scheduleLater } from './trade-flow.ts';
import type { Trade } from './store.ts';
import type { TaobaoWorld } from './world.ts';

const GMT8_MINUTES = 8 * 60;
const ONE_DAY_MS = 24 * 3600 * 1000;

/**
 * The increment API returns part of each trade (PLATFORMS.md §4: "Returns partial trades; call
 * taobao.trade.fullinfo.get for details"): here buyer_message, seller_memo and the receiver are left out.
 */
const INCREMENT_FIELDS = new Set([
  'tid', 'status', 'type', 'created', 'modified', 'pay_time', 'consign_time', 'end_time', 'payment', 'total_fee',
  'post_fee', 'discount_fee', 'adjust_fee', 'buyer_nick', 'buyer_open_uid', 'seller_nick', 'seller_flag',
  'has_buyer_message', 'num', 'num_iid', 'title', 'price', 'shipping_type', 'orders',
]);

const STATUS_GROUPS: Record<string, string[]> = {
  ALL_WAIT_PAY: ['WAIT_BUYER_PAY', 'TRADE_NO_CREATE_PAY'],
  ALL_CLOSED: ['TRADE_CLOSED', 'TRADE_CLOSED_BY_TAOBAO'],
};

const tradesSoldIncrementGet: MethodHandler<TaobaoWorld> = (world, params) => {
  const missing = requireParams(params, 'fields', 'start_modified', 'end_modified');
  if (missing) return { error: missing };
  const startMs = parseWallClock(params.start_modified!, GMT8_MINUTES);
  const endMs = parseWallClock(params.end_modified!, GMT8_MINUTES);
  if (startMs === null) return { error: topErrors.invalidArgument('start_modified') };
  if (endMs === null) return { error: topErrors.invalidArgument('end_modified') };
  if (endMs < startMs) return { error: topErrors.business('isv.invalid-parameter', 'end_modified must not be earlier than start_modified') };
  // "一次请求只能查询时间跨度为一天的增量交易记录，即end_modified - start_modified <= 1天"
  if (endMs - startMs > ONE_DAY_MS) return { error: topErrors.business('isv.invalid-parameter', 'end_modified - start_modified must not exceed one day') };
  const pageNo = intParam(params, 'page_no', 1, 1, 100_000);
  const pageSize = intParam(params, 'page_size', 40, 1, 100);
  if (typeof pageNo !== 'number') return { error: pageNo };
  if (typeof pageSize !== 'number') return { error: pageSize };
  const statuses = params.status ? (STATUS_GROUPS[params.status] ?? [params.status]) : null;
  // Sorted by modified, newest first: the docs advise paging from the last page backwards so that a
  // trade modified during the walk (it moves to page 1) is not skipped.
  const matching = world.store.trades
    .filter((t) => t.modifiedMs >= startMs && t.modifiedMs <= endMs && (statuses === null || statuses.includes(t.status)))
    .sort((a, b) => b.modifiedMs - a.modifiedMs || (a.tid < b.tid ? 1 : -1));
  const page = matching.slice((pageNo - 1) * pageSize, pageNo * pageSize);
  const trades = page.map((t) => projectTrade(fullTrade(t, world.settings.sellerNick), params.fields!, INCREMENT_FIELDS));
  const result: Record<string, unknown> = params.use_has_next === 'true' ? {} : { total_results: matching.length };
  result.has_next = pageNo * pageSize < matching.length;
  // TOP leaves an empty list out of the answer altogether.
  if (trades.length > 0) result.trades = { trade: trades };
  return { result };
};

const tradeFullinfoGet: MethodHandler<TaobaoWorld> = (world, params) => {
  const missing = requireParams(params, 'fields', 'tid');
  if (missing) return { error: missing };
  const found = findTrade(world, params);
  if ('error' in found) return found;
  return { result: { trade: projectTrade(fullTrade(found.trade, world.settings.sellerNick), params.fields!, null) } };
};

/** Marks the trade shipped (WAIT_BUYER_CONFIRM_GOODS); the buyer confirms receipt some time later. */
const logisticsOfflineSend: MethodHandler<TaobaoWorld> = (world, params) => {
  const missing = requireParams(params, 'tid', 'out_sid', 'company_code');
  if (missing) return { error: missing };
  const found = findTrade(world, params);
  if ('error' in found) return found;
  const { trade } = found;
  if (trade.status !== 'WAIT_SELLER_SEND_GOODS') {
    return { error: topErrors.business('isv.logistics-offline-service-error', `trade ${trade.tid} is ${trade.status}; only WAIT_SELLER_SEND_GOODS can be shipped`) };
  }
  trade.shipping = { outSid: params.out_sid!, companyCode: params.company_code! };
  world.store.setStatus(trade, 'WAIT_BUYER_CONFIRM_GOODS', Date.now());
  scheduleLater(world, trade, 'confirm');
  return { result: { shipping: { is_success: true } } };
};

function findTrade(world: TaobaoWorld, params: Params): { trade: Trade } | Extract<MethodResult, { error: unknown }> {
  const tid = toBigId(params.tid);
  if (tid === null) return { error: topErrors.invalidArgument('tid') };
  const trade = world.store.trade(tid);
  return trade ? { trade } : { error: topErrors.business('isv.trade-not-exist', `trade ${params.tid} does not exist`) };
}

export const TRADE_METHODS: Record<string, MethodHandler<TaobaoWorld>> = {
  'taobao.trades.sold.increment.get': tradesSoldIncrementGet,
  'taobao.trade.fullinfo.get': tradeFullinfoGet,
  'taobao.logistics.offline.send': logisticsOfflineSend,
};
