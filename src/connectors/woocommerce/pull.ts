/**
 * Incremental order pull: GET orders?modified_after&modified_before&dates_are_gmt=true, any status
 * (the list's default status is "any"), 100 a page, paged by X-WP-TotalPages.
 */
import type { ConnectionContext, PullWindow, RawRecord } from '../types.ts';
import { wooOrderRecord } from './order.ts';
import { wooPage, WC_V3 } from './rest.ts';

export const WOO_PULL_TOPIC = 'order.pull';

const SECOND_MS = 1000;

/** UTC wall clock without an offset, whole seconds: what dates_are_gmt=true expects. */
export function gmtText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/**
 * The list filters of a window. WordPress date queries are exclusive at both ends and compare whole
 * seconds (date_modified has no fraction), so the bounds are widened to whole seconds around the
 * window: one second before its start, the first whole second at or after its end. A record seen in
 * two adjacent windows is stored once (the inbox keys a pulled record by id and modified time).
 */
export function pullFilters(window: PullWindow): URLSearchParams {
  return new URLSearchParams({
    modified_after: gmtText(Math.floor(window.from.getTime() / SECOND_MS) * SECOND_MS - SECOND_MS),
    modified_before: gmtText(Math.ceil(window.to.getTime() / SECOND_MS) * SECOND_MS),
    dates_are_gmt: 'true',
    // By id, not by modified: WordPress adds no tie-breaker to "ORDER BY post_modified", so orders
    // modified in the same second may swap places between two page requests; ids are unique.
    orderby: 'id',
    order: 'asc',
  });
}

/**
 * Pages are read from the LAST one back to the first. An order modified while we page gets a
 * modified time past the window and leaves the list, moving every later order one place towards
 * page 1. Read forwards, the order that moves from page k+1 onto page k after page k was read would
 * never be seen; read backwards, orders only move onto pages still to be read. Page 1 is read
 * first for X-WP-TotalPages (and yielded at once), then again last; versions seen twice are skipped.
 */
export async function* pullWooOrders(ctx: ConnectionContext, window: PullWindow): AsyncIterable<RawRecord[]> {
  const filters = pullFilters(window);
  const seen = new Set<string>();
  const fresh = (items: unknown[]) => items.map((order) => wooOrderRecord(WOO_PULL_TOPIC, order)).filter((record) => {
    const version = `${record.externalId}@${record.updatedAt ?? ''}`;
    if (seen.has(version)) return false;
    seen.add(version);
    return true;
  });
  const first = await wooPage(ctx, `${WC_V3}/orders`, filters, 1);
  const firstRecords = fresh(first.items);
  if (firstRecords.length > 0) yield firstRecords;
  if (first.totalPages <= 1) return;
  for (let page = first.totalPages; page >= 1; page -= 1) {
    const records = fresh((await wooPage(ctx, `${WC_V3}/orders`, filters, page)).items);
    if (records.length > 0) yield records;
  }
}
