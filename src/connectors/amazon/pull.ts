/**
 * Incremental order pull: getOrders lists the orders updated in the window (whole orders, no items),
 * NextToken page by page; getOrderItems reads the items of each order the hub does not already hold
 * at that LastUpdateDate. getOrderItems allows 0.5 calls a second, so skipping held versions is what
 * keeps an overlapping window cheap.
 */
import { credentialOf } from '../credentials.ts';
import { retryingRead } from '../http.ts';
import { arrayOf, recordOf, requiredTextOf, textOf } from '../payload.ts';
import type { ConnectionContext, PullWindow, RawRecord } from '../types.ts';
import { spCall } from './client.ts';
import { AMAZON_PULL_TOPIC, amazonOrderRecord } from './order.ts';

/** MaxResultsPerPage allows 1-100. */
export const ORDERS_PAGE_SIZE = 100;
/** Orders read in full per yield: what was read is stored before a later call fails, and a retried pull skips it. */
const DETAIL_BATCH = 10;
/**
 * LastUpdatedBefore "should be … at least 2 minutes before current time" (ordersV0 getOrders). A
 * window ending later is asked without it: Amazon then answers up to what it has, and the next
 * window's overlap reads the last minutes again.
 */
export const UPDATED_BEFORE_MIN_AGE_MS = 2 * 60_000;

/**
 * LastUpdateDate has whole seconds, so an order can change again within the second it was read in,
 * under the same LastUpdateDate; skipping "held" versions would then skip the change for good. A
 * version is read only once its second has passed (with a margin for clock skew); a later pull reads
 * the rest (its window overlaps this one). With Amazon's own two-minute delay this never holds anything back.
 */
export const SETTLE_MS = 2_000;

export async function* pullAmazonOrders(ctx: ConnectionContext, window: PullWindow): AsyncIterable<RawRecord[]> {
  // An order updated while we page moves behind the cursor and is listed twice: read it once.
  const seen = new Set<string>();
  for await (const orders of updatedOrders(ctx, window)) {
    const settledMs = ctx.now().getTime() - SETTLE_MS;
    const versions = orders.map((o) => ({ order: o, externalId: requiredTextOf(o.AmazonOrderId, 'AmazonOrderId'), updatedAt: requiredTextOf(o.LastUpdateDate, 'LastUpdateDate') }))
      .filter((v) => !seen.has(`${v.externalId}@${v.updatedAt}`) && !(Date.parse(v.updatedAt) > settledMs));
    const held = versions.length > 0 && window.alreadyHeld ? await window.alreadyHeld(versions.map(({ externalId, updatedAt }) => ({ externalId, updatedAt }))) : new Set<string>();
    const fresh = versions.filter((v) => !held.has(v.externalId));
    for (let i = 0; i < fresh.length; i += DETAIL_BATCH) {
      const records: RawRecord[] = [];
      for (const v of fresh.slice(i, i + DETAIL_BATCH)) {
        records.push(amazonOrderRecord(AMAZON_PULL_TOPIC, v.order, await orderItems(ctx, v.externalId)));
        seen.add(`${v.externalId}@${v.updatedAt}`);
      }
      yield records;
    }
  }
}

async function* updatedOrders(ctx: ConnectionContext, window: PullWindow): AsyncIterable<Record<string, unknown>[]> {
  const marketplaceId = credentialOf(ctx, 'marketplaceId');
  const first = new URLSearchParams({ MarketplaceIds: marketplaceId, LastUpdatedAfter: window.from.toISOString(), MaxResultsPerPage: String(ORDERS_PAGE_SIZE) });
  if (window.to.getTime() <= ctx.now().getTime() - UPDATED_BEFORE_MIN_AGE_MS) first.set('LastUpdatedBefore', window.to.toISOString());
  let query = first;
  for (;;) {
    const pageQuery = query;
    const reply = await retryingRead(() => spCall(ctx, 'getOrders', '/orders/v0/orders', { query: pageQuery }));
    const payload = recordOf(recordOf(reply.body, 'getOrders response').payload, 'getOrders payload');
    yield arrayOf(payload.Orders, 'Orders').map((o, i) => recordOf(o, `Orders[${i}]`));
    const next = textOf(payload.NextToken);
    if (next === null) return;
    // With NextToken the other criteria are ignored; MarketplaceIds stays (it is a required parameter).
    query = new URLSearchParams({ MarketplaceIds: marketplaceId, NextToken: next });
  }
}

/** Every item of one order, following NextToken. */
export async function orderItems(ctx: ConnectionContext, orderId: string): Promise<unknown[]> {
  const path = `/orders/v0/orders/${encodeURIComponent(orderId)}/orderItems`;
  const items: unknown[] = [];
  let next: string | null = null;
  do {
    const query: URLSearchParams | undefined = next === null ? undefined : new URLSearchParams({ NextToken: next });
    const reply = await retryingRead(() => spCall(ctx, 'getOrderItems', path, query ? { query } : {}));
    const payload = recordOf(recordOf(reply.body, 'getOrderItems response').payload, 'getOrderItems payload');
    items.push(...arrayOf(payload.OrderItems, 'OrderItems'));
    next = textOf(payload.NextToken);
  } while (next !== null);
  return items;
}
