/** The Taobao simulator's shop in memory: items with SKUs, listed quantities and trades. */
import { groupCatalog, toCents, type CatalogEntry } from '../common/catalog.ts';
import type { GroundTruth } from '../common/demand.ts';
import type { TaobaoBuyer } from './buyers.ts';

export interface TaobaoSku {
  skuId: bigint;
  /** The seller's SKU code (outer_id on the SKU, outer_sku_id on a trade's order). */
  outerId: string;
  propertiesName: string;
  quantity: number;
  priceCents: number;
  modifiedMs: number;
}

export interface TaobaoItem {
  numIid: bigint;
  title: string;
  /** The seller's code for an item without SKUs (its outer_id); null when the item has SKUs. */
  outerId: string | null;
  /** Listed quantity of an item without SKUs; for an item with SKUs, num is the sum of theirs. */
  ownQuantity: number;
  priceCents: number;
  skus: TaobaoSku[];
  modifiedMs: number;
}

/** The status values of PLATFORMS.md §4 that the simulator's trades go through. */
export type TradeStatus =
  | 'WAIT_BUYER_PAY' | 'WAIT_SELLER_SEND_GOODS' | 'WAIT_BUYER_CONFIRM_GOODS'
  | 'TRADE_FINISHED' | 'TRADE_CLOSED' | 'TRADE_CLOSED_BY_TAOBAO';

export interface TradeLine {
  oid: bigint;
  item: TaobaoItem;
  sku: TaobaoSku | null;
  num: number;
  priceCents: number;
}

export interface Trade {
  tid: bigint;
  status: TradeStatus;
  createdMs: number;
  modifiedMs: number;
  payTimeMs: number | null;
  consignTimeMs: number | null;
  endTimeMs: number | null;
  buyer: TaobaoBuyer;
  buyerMessage: string | null;
  postFeeCents: number;
  lines: TradeLine[];
  shipping: { outSid: string; companyCode: string } | null;
  labels: GroundTruth;
}

// num_iid and sku_id look like real ones (12 and 13 digits); tids and oids are 19 digits, past 2^53,
// as real ones are (hence tid_str / oid_str). Odd strides keep neighbours apart after double rounding.
const NUM_IID_BASE = 612_345_678_901n;
const SKU_ID_BASE = 4_801_234_567_890n;
const TID_BASE = 3_912_345_678_901_234_567n;
const ID_STRIDE = 7919n;

export class TaobaoStore {
  readonly items: TaobaoItem[] = [];
  readonly trades: Trade[] = [];
  private readonly tradesByTid = new Map<bigint, Trade>();
  private nextSeq = 1n;

  constructor(catalog: readonly CatalogEntry[], nowMs: number) {
    let skuCount = 0n;
    groupCatalog(catalog).forEach((group, i) => {
      const skus = group.hasVariants
        ? group.entries.map((entry) => {
            const n = skuCount++;
            // properties_name is "pid:vid:property:value"; 20509 is Taobao's size property.
            const propertiesName = `20509:${28_300n + n}:尺码:${entry.title ?? entry.sku}`;
            return { skuId: SKU_ID_BASE + n * ID_STRIDE, outerId: entry.sku, propertiesName, quantity: entry.qty, priceCents: toCents(entry.price), modifiedMs: nowMs };
          })
        : [];
      const first = group.entries[0]!;
      this.items.push({
        numIid: NUM_IID_BASE + BigInt(i) * ID_STRIDE, title: group.title, outerId: group.hasVariants ? null : first.sku,
        ownQuantity: group.hasVariants ? 0 : first.qty, priceCents: Math.min(...group.entries.map((e) => toCents(e.price))),
        skus, modifiedMs: nowMs,
      });
    });
  }

  /** The listing that carries a seller SKU code: an item's SKU, or an item without SKUs. */
  listing(outerId: string): { item: TaobaoItem; sku: TaobaoSku | null } | undefined {
    for (const item of this.items) {
      if (item.outerId === outerId) return { item, sku: null };
      const sku = item.skus.find((s) => s.outerId === outerId);
      if (sku) return { item, sku };
    }
    return undefined;
  }

  item(numIid: bigint): TaobaoItem | undefined {
    return this.items.find((i) => i.numIid === numIid);
  }

  trade(tid: bigint): Trade | undefined {
    return this.tradesByTid.get(tid);
  }

  /** Records a trade and takes its quantities off the listings (the simulator reduces stock when an order is placed). */
  addTrade(trade: Omit<Trade, 'tid' | 'lines' | 'modifiedMs'>, lines: Omit<TradeLine, 'oid'>[]): Trade {
    const tid = TID_BASE + this.nextSeq++ * ID_STRIDE;
    const created: Trade = { ...trade, tid, modifiedMs: trade.createdMs, lines: lines.map((line, i) => ({ ...line, oid: tid + BigInt(i + 1) })) };
    for (const line of created.lines) changeListed(line, -line.num, trade.createdMs);
    this.trades.push(created);
    this.tradesByTid.set(tid, created);
    return created;
  }

  /** Moves modified to now, in whole seconds as TOP writes it: two changes within a second share it. */
  touch(trade: Trade, nowMs: number): void {
    trade.modifiedMs = Math.max(Math.floor(nowMs / 1000) * 1000, trade.modifiedMs);
  }

  setStatus(trade: Trade, status: TradeStatus, nowMs: number): void {
    trade.status = status;
    if (status === 'WAIT_SELLER_SEND_GOODS') trade.payTimeMs = nowMs;
    if (status === 'WAIT_BUYER_CONFIRM_GOODS') trade.consignTimeMs = nowMs;
    if (status === 'TRADE_FINISHED' || status === 'TRADE_CLOSED' || status === 'TRADE_CLOSED_BY_TAOBAO') trade.endTimeMs = nowMs;
    // A trade closed before shipping gives its quantities back to the listings.
    if (status === 'TRADE_CLOSED' || status === 'TRADE_CLOSED_BY_TAOBAO') for (const line of trade.lines) changeListed(line, line.num, nowMs);
    this.touch(trade, nowMs);
  }
}

export function listedQuantity(listing: { item: TaobaoItem; sku: TaobaoSku | null }): number {
  return listing.sku ? listing.sku.quantity : listing.item.ownQuantity;
}

/** num of an item: its own quantity, or the sum of its SKUs'. */
export function itemNum(item: TaobaoItem): number {
  return item.skus.length === 0 ? item.ownQuantity : item.skus.reduce((sum, s) => sum + s.quantity, 0);
}

export function setListedQuantity(listing: { item: TaobaoItem; sku: TaobaoSku | null }, quantity: number, nowMs: number): void {
  if (listing.sku) {
    listing.sku.quantity = quantity;
    listing.sku.modifiedMs = nowMs;
  } else {
    listing.item.ownQuantity = quantity;
  }
  listing.item.modifiedMs = nowMs;
}

function changeListed(line: TradeLine, delta: number, nowMs: number): void {
  setListedQuantity(line, listedQuantity(line) + delta, nowMs);
}
