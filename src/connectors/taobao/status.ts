/**
 * Taobao/Tmall trade status → hub status, as data (PLATFORMS.md §4 "Trade status").
 *
 * PAID_FORBID_CONSIGN ("paid, shipping not allowed yet", e.g. a group buy still forming or a
 * pre-sale before its ship date) is `paid`: the buyer's money is in and the order ships as soon as
 * the platform allows, so its stock must be held now; if the platform closes it instead, it becomes
 * TRADE_CLOSED and the hold is released.
 * TRADE_CLOSED (closed after payment: refunded) and TRADE_CLOSED_BY_TAOBAO (closed before payment)
 * are both `cancelled`; a trade closed after it shipped changes no stock (the state machine keeps
 * shipped), returns come back through their own movements.
 * A status not in this table is an error, not a guess.
 */
import { unreadable } from '../payload.ts';
import type { CanonicalOrderStatus } from '../types.ts';

export const taobaoStatusMap: Readonly<Record<string, CanonicalOrderStatus>> = {
  TRADE_NO_CREATE_PAY: 'pending', // no Alipay transaction created yet
  WAIT_BUYER_PAY: 'pending',
  PAY_PENDING: 'pending', // payment being confirmed (e.g. foreign card)
  WAIT_PRE_AUTH_CONFIRM: 'pending', // pre-authorisation (0-yuan purchase) awaiting confirmation
  WAIT_SELLER_SEND_GOODS: 'paid', // payable-to-ship
  PAID_FORBID_CONSIGN: 'paid',
  SELLER_CONSIGNED_PART: 'partially_shipped',
  WAIT_BUYER_CONFIRM_GOODS: 'shipped',
  TRADE_BUYER_SIGNED: 'shipped', // signed for (cash on delivery)
  TRADE_FINISHED: 'completed',
  TRADE_CLOSED: 'cancelled',
  TRADE_CLOSED_BY_TAOBAO: 'cancelled',
};

/** Sub-order statuses meaning the line was closed (refunded or never paid), not shipped. */
export const closedTaobaoStatuses = new Set(['TRADE_CLOSED', 'TRADE_CLOSED_BY_TAOBAO']);

export function taobaoStatusOf(status: string): CanonicalOrderStatus {
  const mapped = Object.hasOwn(taobaoStatusMap, status) ? taobaoStatusMap[status] : undefined;
  if (mapped === undefined) throw unreadable(`unknown trade status "${status}"`);
  return mapped;
}
