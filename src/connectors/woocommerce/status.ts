/**
 * WooCommerce order status → hub status, as data. WooCommerce's own words (woocommerce.com
 * "Managing orders", order statuses; Automattic\WooCommerce\Enums\OrderStatus):
 * - pending: "Order received, no payment initiated. Awaiting payment (unpaid)." At checkout the
 *   order holds its stock for "Hold stock (minutes)" and is cancelled if still unpaid then.
 * - on-hold: "Awaiting payment – stock is reduced, but you need to confirm payment" (bank transfer,
 *   cheque). Stock has left the listing but nothing may ship yet.
 * - processing: "Payment received (paid) and stock has been reduced; order is awaiting fulfillment."
 * - completed: "Order fulfilled and complete."
 * - cancelled: "Canceled by an admin or the customer – stock is increased."
 * - refunded: "Refunded by an admin." Core puts a fully refunded order here.
 * - failed: "Payment failed or was declined (unpaid)". Core takes no stock for it.
 *
 * Decisions:
 * - pending, checkout-draft (a block-checkout draft) and on-hold are `pending`: the hub holds stock
 *   for a pending order (as WooCommerce has taken or is holding it) but does not release it to the
 *   warehouse until it is paid; on-hold in particular has reduced WooCommerce's stock already, so
 *   holding none would publish those units elsewhere and oversell them.
 * - processing is `paid` (payable-to-ship); completed is `shipped` (WooCommerce has no separate
 *   delivered state; "completed" is what a merchant sets when the parcel leaves).
 * - cancelled, refunded and failed are `cancelled`: nothing will ship, the hold is released. After a
 *   shipment the hub's state machine keeps `shipped` (returns come back through their own
 *   movements). Doubt: WooCommerce lets a buyer retry a failed payment, turning a failed order into
 *   processing later; the hub's cancelled is final, so such an order would need a person.
 * - trash (status=any lists trashed orders) is `cancelled`: the merchant deleted the order.
 * - A status not in this table (a plugin's custom status) is an error, not a guess.
 */
import { unreadable } from '../payload.ts';
import type { CanonicalOrderStatus } from '../types.ts';

export const wooStatusMap: Readonly<Record<string, CanonicalOrderStatus>> = {
  'checkout-draft': 'pending',
  pending: 'pending',
  'on-hold': 'pending',
  processing: 'paid',
  completed: 'shipped',
  cancelled: 'cancelled',
  refunded: 'cancelled',
  failed: 'cancelled',
  trash: 'cancelled',
};

export function wooStatusOf(status: string): CanonicalOrderStatus {
  const mapped = Object.hasOwn(wooStatusMap, status) ? wooStatusMap[status] : undefined;
  if (mapped === undefined) throw unreadable(`unknown order status "${status}"`);
  return mapped;
}
