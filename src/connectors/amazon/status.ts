/**
 * Amazon OrderStatus → hub status, as data. Meanings from ordersV0.json (getOrders OrderStatuses):
 * - PendingAvailability: a pre-order placed, "payment has not been authorized, and the release date
 *   of the item is in the future" → pending, like Pending: no money is secured, nothing is held.
 * - Pending: "placed but payment has not been authorized" → pending.
 * - Unshipped: "Payment has been authorized and the order is ready for shipment" → paid (stock held).
 * - PartiallyShipped → partially_shipped; Shipped → shipped.
 * - InvoiceUnconfirmed: "All items in the order have been shipped. The seller has not yet given
 *   confirmation to Amazon that the invoice has been shipped to the buyer" (Brazil, China) → shipped:
 *   the goods have left; the missing invoice confirmation is paperwork, not stock.
 * - Canceled → cancelled. Unfulfillable: "cannot be fulfilled … applies only to Multi-Channel
 *   Fulfillment orders" → cancelled: it will never ship, so nothing stays held for it.
 * A status not in this table is an error, not a guess.
 */
import { unreadable } from '../payload.ts';
import type { CanonicalOrderStatus } from '../types.ts';

export const amazonStatusMap: Readonly<Record<string, CanonicalOrderStatus>> = {
  PendingAvailability: 'pending',
  Pending: 'pending',
  Unshipped: 'paid',
  PartiallyShipped: 'partially_shipped',
  Shipped: 'shipped',
  InvoiceUnconfirmed: 'shipped',
  Canceled: 'cancelled',
  Unfulfillable: 'cancelled',
};

export function amazonStatusOf(status: string): CanonicalOrderStatus {
  const mapped = Object.hasOwn(amazonStatusMap, status) ? amazonStatusMap[status] : undefined;
  if (mapped === undefined) throw unreadable(`unknown OrderStatus "${status}"`);
  return mapped;
}
