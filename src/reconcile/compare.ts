/**
 * Reconciliation's judgement, pure: what the channel says and what the hub holds go in, one item per
 * difference comes out with its cause and the repair it calls for. No clock, no database.
 *
 * Orders (only those the channel lists as updated in the window are looked at; the channel is the
 * authority on its own orders):
 * - matched: the hub holds the channel's version (same or newer update time) in the same platform
 *   status. A version the connector did not read in full (it asked the hub first) carries no status
 *   and matches on its update time alone.
 * - `ingest_pending`: the hub lacks that version but its inbox already holds it, waiting to be
 *   interpreted. In flight: reported, not judged.
 * - `not_yet_pulled`: absent or older in the hub, and the change is newer than the pull cursor while
 *   pulls run (the next pull would bring it), or the platform sends no webhooks and scheduled pulls
 *   are off (only a pull or this pass can bring it).
 * - `missed_webhook`: absent or older in the hub otherwise: a pull window already covered it, or pulls
 *   are off, so the webhook that should have told the hub was lost.
 * - `stale_state`: same update time, other platform status (two changes within one second, and the
 *   second was lost). Repaired by ingesting the channel's version: the state machine takes a forward
 *   move at the same time.
 * - `unmapped`: the hub holds the version but held it for UNMAPPED_SKU: a person must map the SKU.
 *
 * Listings (every listing of the connection):
 * - matched: the channel shows the hub's last acknowledged push and that is what the hub publishes now.
 * - `unmapped`: the listing sells no master SKU; the hub publishes nothing for it.
 * - `push_pending`: the hub's own change is not yet acknowledged. With a push queued or running (or one
 *   acknowledged while the channel was read) it is in flight; with none, a push is queued again.
 * - `changed_on_channel`: the channel shows another quantity than the hub's last acknowledged push
 *   (someone edited it in the shop's admin, an app or the platform changed it). Re-pushed.
 *
 * Items in flight are written to the report but not counted: accuracy = matched / checked, where
 * checked leaves out what is still on its way.
 */

export type DriftCause = 'missed_webhook' | 'not_yet_pulled' | 'unmapped' | 'changed_on_channel' | 'push_pending' | 'stale_state' | 'ingest_pending';
export const DRIFT_CAUSES: readonly DriftCause[] = ['missed_webhook', 'not_yet_pulled', 'unmapped', 'changed_on_channel', 'push_pending', 'stale_state', 'ingest_pending'];

export type Repair = 'ingest' | 'push' | 'none';

export interface DriftItem {
  kind: 'order' | 'listing';
  /** Order: the platform's external id. Listing: the hub's listing id. */
  ref: string;
  cause: DriftCause;
  hubValue: string | null;
  channelValue: string | null;
  repair: Repair;
  inFlight: boolean;
}

export interface Tally {
  checked: number;
  matched: number;
  inFlight: number;
  items: DriftItem[];
}

export interface ChannelOrderVersion {
  externalId: string;
  /** ISO; null when the record carries none. */
  updatedAt: string | null;
  /** The platform's own status words; null when the connector did not read the order in full. */
  platformStatus: string | null;
}

export interface HubOrderVersion {
  externalId: string;
  updatedAt: string;
  platformStatus: string;
  unmapped: boolean;
}

export interface OrderCheckContext {
  /** The connection's pull cursor (ISO) or null before its first pull. */
  pullCursor: string | null;
  pullsScheduled: boolean;
  /** Whether the platform tells the hub of changes by webhook at all (Taobao does not). */
  webhooks: boolean;
  /** External ids whose channel version the inbox already holds (stored, not yet interpreted). */
  inInbox: Set<string>;
}

const time = (iso: string | null) => (iso === null ? Number.NaN : Date.parse(iso));

function describe(o: { updatedAt: string | null; platformStatus: string | null } | undefined): string | null {
  if (!o) return null;
  return `${o.platformStatus ?? '?'} @ ${o.updatedAt ?? '?'}`;
}

function missingCause(channel: ChannelOrderVersion, context: OrderCheckContext): DriftCause {
  if (context.inInbox.has(channel.externalId)) return 'ingest_pending';
  const newerThanCursor = context.pullCursor === null || !(time(channel.updatedAt) <= time(context.pullCursor));
  if (context.pullsScheduled && newerThanCursor) return 'not_yet_pulled';
  if (!context.webhooks && !context.pullsScheduled) return 'not_yet_pulled';
  return 'missed_webhook';
}

/** One item per order the channel and the hub disagree on (see the module comment for the causes). */
export function compareOrders(channel: ChannelOrderVersion[], hub: Map<string, HubOrderVersion>, context: OrderCheckContext): Tally {
  const tally: Tally = { checked: 0, matched: 0, inFlight: 0, items: [] };
  for (const c of channel) {
    const h = hub.get(c.externalId);
    const behind = !h || time(c.updatedAt) > time(h.updatedAt);
    let cause: DriftCause | null = null;
    if (behind) cause = missingCause(c, context);
    else if (c.platformStatus !== null && time(c.updatedAt) === time(h.updatedAt) && c.platformStatus !== h.platformStatus) cause = 'stale_state';
    else if (h.unmapped) cause = 'unmapped';
    record(tally, cause, () => ({
      kind: 'order', ref: c.externalId, hubValue: describe(h), channelValue: describe(c),
      repair: cause === 'unmapped' || cause === 'ingest_pending' ? 'none' : 'ingest', inFlight: cause === 'ingest_pending',
    }));
  }
  return tally;
}

export interface HubListingView {
  listingId: string;
  mapped: boolean;
  /** The hub's last acknowledged push, null if never pushed. */
  lastPushedQty: number | null;
  /** What the hub would publish now (the push formula), null when unmapped or unknown. */
  publishes: number | null;
  /** A push is queued or running, or one was acknowledged while the channel was being read. */
  pushInFlight: boolean;
}

/** One item per listing whose channel quantity is not the hub's (see the module comment). */
export function compareListings(channel: Map<string, number>, hub: HubListingView[]): Tally {
  const tally: Tally = { checked: 0, matched: 0, inFlight: 0, items: [] };
  for (const h of hub) {
    const shown = channel.get(h.listingId);
    if (shown === undefined) continue; // the channel no longer lists it: nothing to compare
    let cause: DriftCause | null = null;
    if (!h.mapped) cause = 'unmapped';
    else if (shown === h.lastPushedQty && shown === h.publishes) cause = null;
    // The hub's own change not acknowledged yet: in flight, never pushed, or pushed before the hub's figure moved.
    else if (h.pushInFlight || h.lastPushedQty === null || shown === h.lastPushedQty) cause = 'push_pending';
    else cause = 'changed_on_channel';
    const inFlight = cause === 'push_pending' && h.pushInFlight;
    record(tally, cause, () => ({
      kind: 'listing', ref: h.listingId, hubValue: h.publishes === null ? null : String(h.publishes), channelValue: String(shown),
      repair: cause === 'unmapped' || inFlight ? 'none' : 'push', inFlight,
    }));
  }
  return tally;
}

function record(tally: Tally, cause: DriftCause | null, item: () => Omit<DriftItem, 'cause'>): void {
  if (cause === null) {
    tally.checked++;
    tally.matched++;
    return;
  }
  const built = { ...item(), cause };
  tally.items.push(built);
  if (built.inFlight) tally.inFlight++;
  else tally.checked++;
}

/** Matched over checked; a pass that judged nothing found nothing wrong. */
export function accuracyOf(t: { checked: number; matched: number }): number {
  return t.checked === 0 ? 1 : t.matched / t.checked;
}

export function merge(a: Tally, b: Tally): Tally {
  return { checked: a.checked + b.checked, matched: a.matched + b.matched, inFlight: a.inFlight + b.inFlight, items: [...a.items, ...b.items] };
}
