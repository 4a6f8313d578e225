/**
 * The WMS REST API under /api/v1: shipment requests (idempotent by the client's requestId) and their
 * cancellation, inbound notices (idempotent by noticeId), the event log by seq, and stock on hand.
 */
import { jsonResponse, type Router, type SimRequest, type SimResponse } from '../common/http.ts';
import { readJsonObject, wmsError } from './gate.ts';
import type { WireAddress } from './store.ts';
import { acceptInboundNotice, acceptShipmentRequest, cancelRequest } from './warehouse.ts';
import type { WmsWorld } from './world.ts';

const MAX_EVENTS_PAGE = 500;
const DEFAULT_EVENTS_PAGE = 100;

export function addApiRoutes(router: Router, world: () => WmsWorld): void {
  router
    .add('POST', '/api/v1/shipment-requests', (req) => createShipmentRequest(world(), req))
    .add('GET', '/api/v1/shipment-requests/:requestId', (req) => {
      const request = world().store.requests.get(decodeURIComponent(req.params.requestId ?? ''));
      if (!request) return wmsError(404, 'NOT_FOUND', 'No such shipment request');
      const { shippedMs, shipTo: _shipTo, ...shown } = request;
      return jsonResponse(200, { ...shown, shippedAt: shippedMs === null ? null : new Date(shippedMs).toISOString() });
    })
    .add('POST', '/api/v1/shipment-requests/:requestId/cancel', (req) => cancelShipmentRequest(world(), decodeURIComponent(req.params.requestId ?? '')))
    .add('POST', '/api/v1/inbound-notices', (req) => createInboundNotice(world(), req))
    .add('GET', '/api/v1/events', (req) => listEvents(world(), req))
    .add('GET', '/api/v1/stock', (req) => {
      const w = world();
      const warehouse = req.query.get('warehouse') ?? '';
      const book = w.store.books.get(warehouse);
      if (!book) return wmsError(404, 'UNKNOWN_WAREHOUSE', `No warehouse "${warehouse}"`);
      const items = [...book].map(([sku, qty]) => ({ sku, qty })).sort((a, b) => (a.sku < b.sku ? -1 : 1));
      return jsonResponse(200, { warehouse, asOfSeq: w.store.lastSeq, items });
    });
}

function createShipmentRequest(w: WmsWorld, req: SimRequest): SimResponse {
  const read = readJsonObject(req);
  if ('refused' in read) return read.refused;
  const { requestId, orderNumber, warehouse, shipTo } = read.body;
  if (!isText(requestId) || !isText(orderNumber) || !isText(warehouse)) return invalid('requestId, orderNumber and warehouse are required strings');
  const seen = w.store.requests.get(requestId);
  // A repeat answers with the first request's id, whatever its body (the first one stands).
  if (seen) return jsonResponse(200, { id: seen.id, requestId, status: seen.status });
  if (shipTo !== undefined && shipTo !== null && (typeof shipTo !== 'object' || Array.isArray(shipTo))) return invalid('shipTo must be an address object or null');
  const lines = linesOf(read.body.lines, true);
  if (typeof lines === 'string') return invalid(lines);
  if (!w.store.hasWarehouse(warehouse)) return wmsError(422, 'UNKNOWN_WAREHOUSE', `No warehouse "${warehouse}"`);
  const refs = new Set(lines.map((l) => l.lineRef));
  if (refs.size !== lines.length) return invalid('lineRef must be unique within a request');
  const stored = acceptShipmentRequest(w, {
    requestId, orderNumber, warehouse, shipTo: (shipTo ?? null) as WireAddress | null,
    lines: lines.map((l) => ({ lineRef: l.lineRef!, sku: l.sku, qty: l.qty, qtyShipped: 0 })),
  });
  return jsonResponse(201, { id: stored.id, requestId, status: stored.status });
}

function cancelShipmentRequest(w: WmsWorld, requestId: string): SimResponse {
  const request = w.store.requests.get(requestId);
  if (!request) return wmsError(404, 'NOT_FOUND', `No shipment request "${requestId}"`);
  if (cancelRequest(w, request) === 'shipped') return wmsError(409, 'ALREADY_SHIPPED', `Shipment request "${requestId}" has already shipped`);
  return jsonResponse(200, { id: request.id, requestId, cancelled: true });
}

function createInboundNotice(w: WmsWorld, req: SimRequest): SimResponse {
  const read = readJsonObject(req);
  if ('refused' in read) return read.refused;
  const { noticeId, warehouse, reference } = read.body;
  if (!isText(noticeId) || !isText(warehouse)) return invalid('noticeId and warehouse are required strings');
  const seen = w.store.notices.get(noticeId);
  if (seen) return jsonResponse(200, { id: seen.id, noticeId, status: seen.status });
  if (reference !== undefined && reference !== null && typeof reference !== 'string') return invalid('reference must be a string or null');
  const lines = linesOf(read.body.lines, false);
  if (typeof lines === 'string') return invalid(lines);
  if (!w.store.hasWarehouse(warehouse)) return wmsError(422, 'UNKNOWN_WAREHOUSE', `No warehouse "${warehouse}"`);
  const stored = acceptInboundNotice(w, { noticeId, warehouse, reference: reference ?? null, lines: lines.map((l) => ({ sku: l.sku, qty: l.qty })) });
  return jsonResponse(201, { id: stored.id, noticeId, status: stored.status });
}

function listEvents(w: WmsWorld, req: SimRequest): SimResponse {
  const after = wholeNumber(req.query.get('after') ?? '0');
  const limit = wholeNumber(req.query.get('limit') ?? String(DEFAULT_EVENTS_PAGE));
  if (after === null) return invalid('after must be a whole number >= 0');
  if (limit === null || limit < 1 || limit > MAX_EVENTS_PAGE) return invalid(`limit must be 1 to ${MAX_EVENTS_PAGE}`);
  return jsonResponse(200, { events: w.store.eventsAfter(after, limit), lastSeq: w.store.lastSeq });
}

interface LineInput { lineRef?: string; sku: string; qty: number }

function linesOf(value: unknown, withRef: boolean): LineInput[] | string {
  if (!Array.isArray(value) || value.length === 0) return 'lines must be a non-empty list';
  const lines: LineInput[] = [];
  for (const [i, raw] of (value as Record<string, unknown>[]).entries()) {
    const line = raw ?? {};
    if (withRef && !isText(line.lineRef)) return `lines[${i}].lineRef is required`;
    if (!isText(line.sku)) return `lines[${i}].sku is required`;
    if (typeof line.qty !== 'number' || !Number.isInteger(line.qty) || line.qty < 1) return `lines[${i}].qty must be a whole number >= 1`;
    lines.push({ sku: line.sku, qty: line.qty, ...(withRef ? { lineRef: line.lineRef as string } : {}) });
  }
  return lines;
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function wholeNumber(text: string): number | null {
  return /^\d{1,15}$/.test(text) ? Number(text) : null;
}

function invalid(message: string): SimResponse {
  return wmsError(400, 'INVALID_REQUEST', message);
}
