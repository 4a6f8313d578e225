/** Orders placed by simulated buyers and what happens to them later (payment, cancellation). */
import type { OrderPlan } from '../common/demand.ts';
import type { Prng } from '../common/prng.ts';
import type { AmazonOrder, ShipTo } from './store.ts';
import type { AmazonWorld } from './world.ts';

const DESTINATIONS: ShipTo[] = [
  { city: 'Seattle', stateOrRegion: 'WA', postalCode: '98101', countryCode: 'US' },
  { city: 'Canton', stateOrRegion: 'MI', postalCode: '48817', countryCode: 'US' },
  { city: 'Austin', stateOrRegion: 'TX', postalCode: '78701', countryCode: 'US' },
  { city: 'Denver', stateOrRegion: 'CO', postalCode: '80202', countryCode: 'US' },
  { city: 'Boston', stateOrRegion: 'MA', postalCode: '02108', countryCode: 'US' },
];

/** Amazon orders carry no buyer note; what a buyer asks of the seller comes as a gift message. */
const GIFT_MESSAGES = [
  'Happy birthday Mum! Please leave out the invoice.',
  'For you! Please wrap it in plain paper, it is a surprise.',
  'Congratulations on the new flat - please add a card.',
];

function shipToOf(buyerNo: number, bad: boolean): ShipTo {
  const place = DESTINATIONS[buyerNo % DESTINATIONS.length]!;
  // What a person has to fix before shipping: no city, no postal code.
  return bad ? { ...place, city: '??', postalCode: '' } : place;
}

/** Places the next planned order if the seller lists enough; returns whether one was placed. */
export function placeOrder(world: AmazonWorld): boolean {
  const { store, stats } = world;
  const plan = world.demand.plan((sku) => store.listing(sku)?.qty ?? 0);
  if (!plan) {
    stats.ordersSkippedNoStock++;
    return false;
  }
  const giftMessage = plan.hasBuyerMessage ? world.prng.pick(GIFT_MESSAGES) : null;
  const order = store.addOrder(
    {
      status: plan.paidAtOnce ? 'Unshipped' : 'Pending', createdMs: Math.floor(Date.now() / 1000) * 1000,
      buyerNo: plan.buyerNo, shipTo: shipToOf(plan.buyerNo, plan.badAddress), labels: plan.labels,
    },
    plan.lines.map((line, i) => ({ listing: store.listing(line.sku)!, qty: line.qty, unitPriceCents: line.unitPriceCents, giftMessage: i === 0 ? giftMessage : null })),
  );
  stats.ordersCreated++;
  world.notify(order, 'OrderStatusChange', 'New order');
  if (plan.later) scheduleLater(world, order, plan.later, world.prng);
  return true;
}

function scheduleLater(world: AmazonWorld, order: AmazonOrder, later: NonNullable<OrderPlan['later']>, prng: Prng): void {
  const [minMs, maxMs] = world.settings.lifecycleDelayMs;
  world.lifecycle.after(minMs + prng.next() * (maxMs - minMs), () => applyLater(world, order, later));
}

/** The buyer pays, or the order is cancelled, unless the seller has shipped some of it meanwhile. */
function applyLater(world: AmazonWorld, order: AmazonOrder, later: NonNullable<OrderPlan['later']>): void {
  if (order.status === 'Canceled' || order.items.some((i) => i.shippedQty > 0)) return;
  const nowMs = Date.now();
  if (later === 'pay' && order.status === 'Pending') {
    world.store.setStatus(order, 'Unshipped', nowMs);
    world.notify(order, 'OrderStatusChange', 'Payment authorized');
  } else if (later === 'cancel_unpaid' && order.status === 'Pending') {
    world.store.cancel(order, nowMs);
    world.notify(order, 'OrderStatusChange', 'Payment declined');
  } else if (later === 'cancel_paid' && order.status === 'Unshipped') {
    world.store.cancel(order, nowMs);
    world.notify(order, 'BuyerRequestedChange', 'Buyer Requested Cancel');
  }
}
