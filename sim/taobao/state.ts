/** GET /_sim/state: the simulator as a witness sees it, ground truth included. Ids are strings. */
import type { GroundTruth } from '../common/demand.ts';
import type { FaultSettings } from '../common/faults.ts';
import { listedQuantity, type Trade, type TradeStatus } from './store.ts';
import { gmt8 } from './trade-json.ts';
import type { TaobaoStats, TaobaoWorld } from './world.ts';

export interface TaobaoOrderTruth {
  /** The tid, under the name every simulator's state uses. */
  id: string;
  tid: string;
  status: TradeStatus;
  lines: { sku: string; qty: number; oid: string; numIid: string; skuId: string | null }[];
  createdAt: string;
  /** As the API shows it (modified, GMT+8). */
  modified: string;
  /** The same instant in ISO 8601 (UTC). */
  updatedAt: string;
  buyerMessage: string | null;
  shipping: { outSid: string; companyCode: string } | null;
  labels: GroundTruth;
}

export interface TaobaoListedTruth {
  sku: string;
  itemId: string;
  /** null for an item without SKUs. */
  skuId: string | null;
  qty: number;
}

export interface TaobaoSimState {
  platform: 'taobao';
  /** True when generation has finished and no later payment, close or confirmation is due. */
  idle: boolean;
  generating: boolean;
  orders: TaobaoOrderTruth[];
  listed: TaobaoListedTruth[];
  stats: TaobaoStats;
  faults: FaultSettings;
}

export function taobaoState(world: TaobaoWorld): TaobaoSimState {
  return {
    platform: 'taobao',
    idle: world.isIdle(),
    generating: world.pacer.running,
    orders: world.store.trades.map(tradeTruth),
    listed: world.store.items.flatMap((item): TaobaoListedTruth[] =>
      item.skus.length === 0
        ? [{ sku: item.outerId!, itemId: String(item.numIid), skuId: null, qty: listedQuantity({ item, sku: null }) }]
        : item.skus.map((sku) => ({ sku: sku.outerId, itemId: String(item.numIid), skuId: String(sku.skuId), qty: sku.quantity })),
    ),
    stats: { ...world.stats },
    faults: { ...world.faults.settings },
  };
}

function tradeTruth(trade: Trade): TaobaoOrderTruth {
  return {
    id: String(trade.tid),
    tid: String(trade.tid),
    status: trade.status,
    lines: trade.lines.map((line) => ({
      sku: line.sku?.outerId ?? line.item.outerId!, qty: line.num, oid: String(line.oid),
      numIid: String(line.item.numIid), skuId: line.sku ? String(line.sku.skuId) : null,
    })),
    createdAt: gmt8(trade.createdMs)!,
    modified: gmt8(trade.modifiedMs)!,
    updatedAt: new Date(trade.modifiedMs).toISOString(),
    buyerMessage: trade.buyerMessage,
    shipping: trade.shipping,
    labels: trade.labels,
  };
}
