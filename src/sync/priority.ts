/**
 * Which job runs first when there is more to do than a platform lets us call. Ingest comes before
 * everything (a sale not yet seen is the oversell risk), then pushes by how close the listing is to
 * running out: a listing showing 3 that may now be 0 matters more than one showing 300 that is now 297.
 */
export const INGEST_PRIORITY = 100;
export const PULL_PRIORITY = 90;
export const FULFILMENT_PRIORITY = 60;

/** A listing never pushed: the channel shows something the hub never said. */
const FIRST_PUSH_PRIORITY = 80;
/** A listing shown as 0: stock coming back is turnover, not oversell. */
const BACK_IN_STOCK_PRIORITY = 40;

export function pushPriority(lastPushedQty: number | null): number {
  if (lastPushedQty === null) return FIRST_PUSH_PRIORITY;
  if (lastPushedQty <= 0) return BACK_IN_STOCK_PRIORITY;
  // 1 → 79 … 78 and above → 1: the fewer units shown, the sooner a change must reach the channel.
  return Math.max(1, FIRST_PUSH_PRIORITY - lastPushedQty);
}
