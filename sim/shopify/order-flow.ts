/** Orders placed by simulated buyers and what happens to them later (payment, cancellation). */
import type { OrderPlan } from '../common/demand.ts';
import { buyerFor, drawBuyerMessage, drawHarmlessMessage, drawNoteAttributes, spoilAddress } from './buyers.ts';
import type { ShopifyOrder } from './store.ts';
import type { ShopifyWorld } from './world.ts';

const SHIPPING_CENTS = 500;

/** Places the next planned order if the shop lists enough; returns whether one was placed. */
export function placeOrder(world: ShopifyWorld): boolean {
  const { store, stats } = world;
  const plan = world.demand.plan((sku) => store.variantBySku(sku)?.available ?? 0);
  if (!plan) {
    stats.ordersSkippedNoStock++;
    return false;
  }
  const buyer = buyerFor(plan.buyerNo);
  const order = store.addOrder(
    {
      createdMs: Math.floor(Date.now() / 1000) * 1000, closedMs: null, cancelledMs: null, cancelReason: null,
      financialStatus: plan.paidAtOnce ? 'paid' : 'pending',
      buyer, shippingAddress: plan.badAddress ? spoilAddress(buyer.address) : buyer.address,
      note: plan.hasBuyerMessage ? drawBuyerMessage(world.prng) : plan.hasHarmlessMessage ? drawHarmlessMessage(world.prng) : null,
      noteAttributes: drawNoteAttributes(world.prng),
      shippingCents: SHIPPING_CENTS, labels: plan.labels,
    },
    plan.lines.map((line) => ({ variant: store.variantBySku(line.sku)!, qty: line.qty, priceCents: line.unitPriceCents })),
  );
  stats.ordersCreated++;
  // Shopify sends orders/paid beside orders/create for an order paid at checkout.
  world.emit(order, plan.paidAtOnce ? ['orders/create', 'orders/paid'] : ['orders/create']);
  if (plan.later) scheduleLater(world, order, plan.later);
  return true;
}

function scheduleLater(world: ShopifyWorld, order: ShopifyOrder, later: NonNullable<OrderPlan['later']>): void {
  const [minMs, maxMs] = world.settings.lifecycleDelayMs;
  world.lifecycle.after(minMs + world.prng.next() * (maxMs - minMs), () => applyLater(world, order, later));
}

/** The buyer pays, or the order is cancelled, unless the hub has shipped some of it meanwhile. */
function applyLater(world: ShopifyWorld, order: ShopifyOrder, later: NonNullable<OrderPlan['later']>): void {
  if (order.cancelledMs !== null || order.lines.some((l) => l.fulfilledQty > 0)) return;
  const nowMs = Date.now();
  if (later === 'pay' && order.financialStatus === 'pending') {
    world.store.markPaid(order, nowMs);
    world.emit(order, ['orders/paid', 'orders/updated']);
  } else if (later === 'cancel_unpaid' && order.financialStatus === 'pending') {
    world.store.cancel(order, 'declined', nowMs);
    world.emit(order, ['orders/cancelled', 'orders/updated']);
  } else if (later === 'cancel_paid' && order.financialStatus === 'paid') {
    world.store.cancel(order, 'customer', nowMs);
    world.emit(order, ['orders/cancelled', 'orders/updated']);
  }
}
