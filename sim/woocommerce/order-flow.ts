/** Orders placed by simulated buyers at checkout, and what happens to them later (payment, cancellation). */
import type { OrderPlan } from '../common/demand.ts';
import { buyerFor, drawCustomerNote, drawHarmlessNote, spoilAddress } from './buyers.ts';
import type { WooOrder } from './store.ts';
import type { WooWorld } from './world.ts';

const SHIPPING_CENTS = 1000;

/**
 * Places the next planned order if the shop lists enough; returns whether one was placed. A paid
 * checkout (card) ends "processing"; an unpaid one is "pending" (card payment not completed) or
 * "on-hold" (direct bank transfer awaiting the money), half and half.
 */
export function placeOrder(world: WooWorld): boolean {
  const { store, stats, prng } = world;
  const plan = world.demand.plan((sku) => store.sellableBySku(sku)?.stock ?? 0);
  if (!plan) {
    stats.ordersSkippedNoStock++;
    return false;
  }
  const buyer = buyerFor(plan.buyerNo);
  const nowMs = Date.now();
  const bankTransfer = !plan.paidAtOnce && prng.chance(0.5);
  const order = store.addOrder(
    {
      status: plan.paidAtOnce ? 'processing' : bankTransfer ? 'on-hold' : 'pending',
      createdMs: Math.floor(nowMs / 1000) * 1000, paidMs: plan.paidAtOnce ? nowMs : null, completedMs: null,
      paymentMethod: bankTransfer ? 'bacs' : 'stripe', buyer,
      shipping: plan.badAddress ? spoilAddress(buyer.billing) : buyer.billing,
      customerNote: plan.hasBuyerMessage ? drawCustomerNote(prng) : plan.hasHarmlessMessage ? drawHarmlessNote(prng) : '', shippingCents: SHIPPING_CENTS, labels: plan.labels,
    },
    plan.lines.map((line) => {
      const sellable = store.sellableBySku(line.sku)!;
      const product = store.product(sellable.productId)!;
      return { sellable, name: sellable.option === null ? product.name : `${product.name} - ${sellable.option}`, qty: line.qty, priceCents: line.unitPriceCents };
    }),
  );
  stats.ordersCreated++;
  // The checkout creates the order (order.created), then payment_complete() saves it again (order.updated).
  world.emit(order, plan.paidAtOnce ? ['order.created', 'order.updated'] : ['order.created']);
  if (plan.later) scheduleLater(world, order, plan.later);
  return true;
}

function scheduleLater(world: WooWorld, order: WooOrder, later: NonNullable<OrderPlan['later']>): void {
  const [minMs, maxMs] = world.settings.lifecycleDelayMs;
  world.lifecycle.after(minMs + world.prng.next() * (maxMs - minMs), () => applyLater(world, order, later));
}

/**
 * The buyer pays, the unpaid order is cancelled when its stock hold runs out, or a paid one is
 * refunded in full, unless the hub has shipped it (a tracking item or "completed") meanwhile.
 */
function applyLater(world: WooWorld, order: WooOrder, later: NonNullable<OrderPlan['later']>): void {
  if (order.tracking.length > 0 || !['pending', 'on-hold', 'processing'].includes(order.status)) return;
  const nowMs = Date.now();
  const unpaid = order.status === 'pending' || order.status === 'on-hold';
  if (later === 'pay' && unpaid) {
    world.store.setStatus(order, 'processing', nowMs);
  } else if (later === 'cancel_unpaid' && unpaid) {
    world.store.setStatus(order, 'cancelled', nowMs);
    world.store.addNote(order, 'Unpaid order cancelled - time limit reached. Order status changed from Pending payment to Cancelled.', false, nowMs);
  } else if (later === 'cancel_paid' && order.status === 'processing') {
    world.store.setStatus(order, 'refunded', nowMs);
  } else {
    return;
  }
  world.emit(order, ['order.updated']);
}
