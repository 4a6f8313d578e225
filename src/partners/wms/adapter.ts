/**
 * The WMS / 3PL REST adapter: shipment requests and inbound notices (idempotent by the hub's ids:
 * 201 new, 200 seen before), cancellation (409 ALREADY_SHIPPED means it left the building), the
 * event log pulled by seq, and stock on hand. Credentials {apiKey, webhookSecret}.
 */
import { retryingRead } from '../../connectors/http.ts';
import { arrayOf, countOf, recordOf, requiredTextOf } from '../../connectors/payload.ts';
import { PlatformError } from '../../connectors/types.ts';
import type { WmsAdapter, WmsInboundNotice, WmsShipmentRequest } from '../types.ts';
import { wmsCall } from './client.ts';
import { eventsFeedOf, seqOfCursor, WMS_EVENTS_PAGE } from './events.ts';
import { verifyWmsWebhook } from './webhook.ts';

export const wmsRestAdapter: WmsAdapter = {
  kind: 'wms-rest',

  async requestShipment(ctx, request) {
    const reply = await wmsCall(ctx, '/shipment-requests', { method: 'POST', json: shipmentBody(request) });
    return { wmsRequestId: idIn(reply.body, 'shipment request'), created: reply.status === 201 };
  },

  async cancelShipment(ctx, requestId) {
    const reply = await wmsCall(ctx, `/shipment-requests/${encodeURIComponent(requestId)}/cancel`, { method: 'POST', answers: [409] });
    if (reply.status === 200) return { cancelled: recordOf(reply.body, 'cancel response').cancelled === true };
    if (reply.code === 'ALREADY_SHIPPED') return { cancelled: false };
    throw new PlatformError('permanent', `POST /shipment-requests/…/cancel: HTTP ${reply.status} ${reply.code ?? ''}`.trim(), null, reply.code ?? String(reply.status));
  },

  async expectInbound(ctx, notice) {
    const reply = await wmsCall(ctx, '/inbound-notices', { method: 'POST', json: noticeBody(notice) });
    return { wmsNoticeId: idIn(reply.body, 'inbound notice'), created: reply.status === 201 };
  },

  async events(ctx, cursor) {
    const after = String(seqOfCursor(cursor));
    const reply = await retryingRead(() => wmsCall(ctx, '/events', { query: { after, limit: String(WMS_EVENTS_PAGE) } }));
    return eventsFeedOf(reply.body, cursor);
  },

  verifyWebhook: verifyWmsWebhook,

  async stockOnHand(ctx, warehouse) {
    const reply = await retryingRead(() => wmsCall(ctx, '/stock', { query: { warehouse } }));
    return arrayOf(recordOf(reply.body, 'stock response').items, 'items').map((value) => {
      const item = recordOf(value, 'stock item');
      return { sku: requiredTextOf(item.sku, 'stock item sku'), qty: countOf(item.qty, 'stock item qty') };
    });
  },
};

/** Only the fields of the wire format, whatever else the caller's object carries. */
function shipmentBody(request: WmsShipmentRequest): unknown {
  return {
    requestId: request.requestId, orderNumber: request.orderNumber, warehouse: request.warehouse, shipTo: request.shipTo,
    lines: request.lines.map((l) => ({ lineRef: l.lineRef, sku: l.sku, qty: l.qty })),
  };
}

function noticeBody(notice: WmsInboundNotice): unknown {
  return { noticeId: notice.noticeId, warehouse: notice.warehouse, reference: notice.reference, lines: notice.lines.map((l) => ({ sku: l.sku, qty: l.qty })) };
}

function idIn(body: unknown, what: string): string {
  return requiredTextOf(recordOf(body, `${what} response`).id, `${what} id`);
}
