/** Trades placed by simulated buyers and what happens to them later (payment, close, confirmation). */
import type { OrderPlan } from '../common/demand.ts';
import { drawTaobaoBuyerMessage, drawTaobaoHarmlessMessage, spoilReceiver, taobaoBuyerFor } from './buyers.ts';
import { listedQuantity, type Trade, type TradeStatus } from './store.ts';
import type { TaobaoWorld } from './world.ts';

/** Places the next planned trade if the shop lists enough; returns whether one was placed. */
export function placeTrade(world: TaobaoWorld): boolean {
  const { store, stats } = world;
  const listedOf = (sku: string) => {
    const listing = store.listing(sku);
    return listing ? listedQuantity(listing) : 0;
  };
  const plan = world.demand.plan(listedOf);
  if (!plan) {
    stats.ordersSkippedNoStock++;
    return false;
  }
  const nowMs = Math.floor(Date.now() / 1000) * 1000;
  const buyer = taobaoBuyerFor(plan.buyerNo);
  const trade = store.addTrade(
    {
      status: plan.paidAtOnce ? 'WAIT_SELLER_SEND_GOODS' : 'WAIT_BUYER_PAY',
      createdMs: nowMs, payTimeMs: plan.paidAtOnce ? nowMs : null, consignTimeMs: null, endTimeMs: null,
      buyer: plan.badAddress ? spoilReceiver(buyer) : buyer,
      buyerMessage: plan.hasBuyerMessage ? drawTaobaoBuyerMessage(world.prng) : plan.hasHarmlessMessage ? drawTaobaoHarmlessMessage(world.prng) : null,
      postFeeCents: 0, shipping: null, labels: plan.labels,
    },
    plan.lines.map((line) => ({ ...store.listing(line.sku)!, num: line.qty, priceCents: line.unitPriceCents })),
  );
  stats.ordersCreated++;
  if (plan.later) scheduleLater(world, trade, plan.later);
  return true;
}

type Later = NonNullable<OrderPlan['later']> | 'confirm';

export function scheduleLater(world: TaobaoWorld, trade: Trade, later: Later): void {
  const [minMs, maxMs] = world.settings.lifecycleDelayMs;
  world.lifecycle.after(minMs + world.prng.next() * (maxMs - minMs), () => applyLater(world, trade, later));
}

/** Each change applies only if the trade is still in the status it expects (the hub may have shipped it). */
const TRANSITIONS: Record<Later, [TradeStatus, TradeStatus]> = {
  pay: ['WAIT_BUYER_PAY', 'WAIT_SELLER_SEND_GOODS'],
  // Unpaid trades are closed by Taobao when the payment window runs out.
  cancel_unpaid: ['WAIT_BUYER_PAY', 'TRADE_CLOSED_BY_TAOBAO'],
  // A paid trade refunded before shipping is closed.
  cancel_paid: ['WAIT_SELLER_SEND_GOODS', 'TRADE_CLOSED'],
  confirm: ['WAIT_BUYER_CONFIRM_GOODS', 'TRADE_FINISHED'],
};

function applyLater(world: TaobaoWorld, trade: Trade, later: Later): void {
  const [from, to] = TRANSITIONS[later];
  if (trade.status === from) world.store.setStatus(trade, to, Date.now());
}
