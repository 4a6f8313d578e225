/**
 * The WMS event log on the wire (GET /api/v1/events?after=<seq>&limit=<n> → {events: […]}, in seq
 * order) read into the hub's WmsEvent union. Strict: an event the hub does not know how to apply
 * throws, because skipping it would move the cursor past a change to the warehouse's books.
 */
import { arrayOf, countOf, recordOf, requiredTextOf, textOf, unreadable, type JsonRecord } from '../../connectors/payload.ts';
import { PlatformError } from '../../connectors/types.ts';
import type { Feed, WmsEvent } from '../types.ts';

export const WMS_EVENTS_PAGE = 200;

/** A page of the log after `cursor` (a seq as a string); the cursor stays put when the page is empty. */
export function eventsFeedOf(body: unknown, cursor: string | null, pageSize = WMS_EVENTS_PAGE): Feed<WmsEvent> {
  const raw = arrayOf(recordOf(body, 'events response').events, 'events');
  let lastSeq = seqOfCursor(cursor);
  const items = raw.map((entry) => {
    const event = parseWmsEvent(entry);
    // The cursor is only safe if the log comes after it, in order, without repeats.
    if (event.seq <= lastSeq) throw unreadable(`event seq ${event.seq} is not after ${lastSeq}: the log is out of order`);
    lastSeq = event.seq;
    return event;
  });
  return { items, cursor: items.length > 0 ? String(lastSeq) : cursor, more: raw.length >= pageSize };
}

export function seqOfCursor(cursor: string | null): number {
  if (cursor === null || cursor === '') return 0;
  if (!/^\d{1,15}$/.test(cursor)) throw new PlatformError('permanent', `WMS event cursor "${cursor}" is not a seq`);
  return Number(cursor);
}

export function parseWmsEvent(value: unknown): WmsEvent {
  const e = recordOf(value, 'WMS event');
  const type = requiredTextOf(e.type, 'event type');
  const seq = countOf(e.seq, 'event seq');
  const base = { seq, eventId: requiredTextOf(e.eventId, `event ${seq} eventId`), warehouse: requiredTextOf(e.warehouse, `event ${seq} warehouse`) };
  const at = timeOf(e.occurredAt, seq);
  const text = (field: string) => requiredTextOf(e[field], `event ${seq} ${field}`);
  const qty = (field: string) => quantityOf(e[field], `event ${seq} ${field}`);
  switch (type) {
    case 'shipment_confirmed':
      return {
        type, ...base, requestId: text('requestId'), carrier: text('carrier'), trackingNumber: text('trackingNumber'), shippedAt: at,
        lines: linesOf(e.lines, seq).map((line) => ({
          lineRef: requiredTextOf(line.lineRef, `event ${seq} lineRef`), sku: requiredTextOf(line.sku, `event ${seq} sku`),
          qtyShipped: quantityOf(line.qtyShipped, `event ${seq} qtyShipped`),
        })),
      };
    case 'cycle_count':
      return { type, ...base, sku: text('sku'), qty: qty('qty'), countedAt: at };
    case 'return_received':
      return { type, ...base, requestId: textOf(e.requestId), sku: text('sku'), qty: qty('qty'), receivedAt: at };
    case 'inbound_received':
      return {
        type, ...base, noticeId: text('noticeId'), receivedAt: at,
        lines: linesOf(e.lines, seq).map((line) => ({ sku: requiredTextOf(line.sku, `event ${seq} sku`), qty: quantityOf(line.qty, `event ${seq} qty`) })),
      };
    case 'request_cancelled':
      return { type, ...base, requestId: text('requestId') };
    default:
      throw new PlatformError('permanent', `unknown WMS event type "${type}" (seq ${seq}): the hub cannot apply it`, null, 'UNKNOWN_EVENT_TYPE');
  }
}

function linesOf(value: unknown, seq: number): JsonRecord[] {
  const lines = arrayOf(value, `event ${seq} lines`).map((line) => recordOf(line, `event ${seq} line`));
  if (lines.length === 0) throw unreadable(`event ${seq} has no lines`);
  return lines;
}

function quantityOf(value: unknown, what: string): number {
  const qty = countOf(value, what);
  if (qty < 0) throw unreadable(`${what} is negative (${qty})`);
  return qty;
}

function timeOf(value: unknown, seq: number): string {
  const text = requiredTextOf(value, `event ${seq} occurredAt`);
  if (Number.isNaN(Date.parse(text))) throw unreadable(`event ${seq} occurredAt is not a time (${text})`);
  return new Date(text).toISOString();
}
