/**
 * Shopify order status → hub status, as data. Shopify has no single order status: an order carries
 * financial_status, fulfillment_status and cancelled_at. The first row that matches wins.
 *
 * Decisions (each row says why):
 * - What left the shelf decides first: a fulfilled or partly fulfilled order is shipped or partly
 *   shipped even if it was later cancelled or refunded (Shopify will not cancel a fulfilled order
 *   without undoing its fulfilments; if one slips through, the units are gone all the same).
 * - Payable-to-ship (stock is held) = money captured or secured: paid, partially_paid (a deposit
 *   was taken; Shopify lists the order as ready to fulfil), partially_refunded (part was refunded;
 *   the rest still ships) and authorized (funds are held; shops with manual capture ship first and
 *   capture on fulfilment, so holding no stock would oversell).
 * - pending and expired (an authorisation that lapsed uncaptured) are pending: nothing new is held,
 *   and since the state machine never moves back, stock already held for an expired authorisation
 *   stays held until the merchant cancels the order, the safe direction.
 * - Cancelled, refunded or voided before anything shipped is cancelled: the hold is released.
 * - A financial or fulfilment status not in this table is an error, not a guess.
 */
import { unreadable } from '../payload.ts';
import type { CanonicalOrderStatus } from '../types.ts';

export const shopifyFinancialStatuses = ['pending', 'authorized', 'partially_paid', 'paid', 'partially_refunded', 'refunded', 'voided', 'expired'] as const;
export type ShopifyFinancialStatus = (typeof shopifyFinancialStatuses)[number];
/** REST sends null for an unfulfilled order; "restocked" is the deprecated value for refunded-and-restocked. */
export const shopifyFulfillmentStatuses = ['unfulfilled', 'partial', 'fulfilled', 'restocked'] as const;
export type ShopifyFulfillmentStatus = (typeof shopifyFulfillmentStatuses)[number];

type Any = '*';

export interface ShopifyStatusRow {
  fulfillment: ShopifyFulfillmentStatus | Any;
  cancelled: boolean | Any;
  financial: ShopifyFinancialStatus | Any;
  status: CanonicalOrderStatus;
}

export const shopifyStatusMap: readonly ShopifyStatusRow[] = [
  { fulfillment: 'fulfilled', cancelled: '*', financial: '*', status: 'shipped' },
  { fulfillment: 'partial', cancelled: '*', financial: '*', status: 'partially_shipped' },
  { fulfillment: 'restocked', cancelled: '*', financial: '*', status: 'cancelled' },
  { fulfillment: 'unfulfilled', cancelled: true, financial: '*', status: 'cancelled' },
  { fulfillment: 'unfulfilled', cancelled: false, financial: 'refunded', status: 'cancelled' },
  { fulfillment: 'unfulfilled', cancelled: false, financial: 'voided', status: 'cancelled' },
  { fulfillment: 'unfulfilled', cancelled: false, financial: 'paid', status: 'paid' },
  { fulfillment: 'unfulfilled', cancelled: false, financial: 'partially_paid', status: 'paid' },
  { fulfillment: 'unfulfilled', cancelled: false, financial: 'partially_refunded', status: 'paid' },
  { fulfillment: 'unfulfilled', cancelled: false, financial: 'authorized', status: 'paid' },
  { fulfillment: 'unfulfilled', cancelled: false, financial: 'pending', status: 'pending' },
  { fulfillment: 'unfulfilled', cancelled: false, financial: 'expired', status: 'pending' },
];

export interface ShopifyStatusInput {
  financialStatus: string | null;
  fulfillmentStatus: string | null;
  cancelledAt: string | null;
}

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

export function shopifyStatusOf(input: ShopifyStatusInput): CanonicalOrderStatus {
  const fulfillment = input.fulfillmentStatus ?? 'unfulfilled';
  const financial = input.financialStatus ?? '';
  if (!isOneOf(shopifyFulfillmentStatuses, fulfillment)) throw unreadable(`unknown fulfillment_status "${fulfillment}"`);
  if (!isOneOf(shopifyFinancialStatuses, financial)) throw unreadable(`unknown financial_status "${financial}"`);
  const cancelled = input.cancelledAt !== null;
  const row = shopifyStatusMap.find((r) =>
    (r.fulfillment === '*' || r.fulfillment === fulfillment)
    && (r.cancelled === '*' || r.cancelled === cancelled)
    && (r.financial === '*' || r.financial === financial));
  if (!row) throw unreadable(`no status for ${financial}/${fulfillment}${cancelled ? '/cancelled' : ''}`);
  return row.status;
}

/** The platform's words, kept for display and audit. */
export function shopifyPlatformStatus(input: ShopifyStatusInput): string {
  return [input.financialStatus ?? 'none', input.fulfillmentStatus ?? 'unfulfilled', ...(input.cancelledAt ? ['cancelled'] : [])].join('/');
}
