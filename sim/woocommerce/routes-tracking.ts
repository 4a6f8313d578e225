/**
 * The Shipment Tracking extension's REST API (woocommerce.com "Shipment Tracking REST API"):
 * /wp-json/wc-shipment-tracking/v3/orders/{id}/shipment-trackings (GET list, POST create → 201),
 * …/shipment-trackings/{tracking_id} (GET), and the public …/shipment-trackings/providers.
 * A predefined provider gets its link from the provider table; a custom one brings its own
 * (custom_tracking_provider + custom_tracking_link, %1$s standing for the number).
 */
import type { Router, SimRequest, SimResponse } from '../common/http.ts';
import { trackingJson, wallTime } from './resource-json.ts';
import type { TrackingItem, WooOrder } from './store.ts';
import { idParam, missingParams, readBody, wpError, wpJson } from './wp-rest.ts';
import type { WooWorld } from './world.ts';

const BASE = '/wp-json/wc-shipment-tracking/v3';

/** A few of the extension's predefined providers, by region (the real list is longer). */
export const PROVIDERS: Record<string, Record<string, string>> = {
  Global: { DHL: 'https://www.dhl.com/en/express/tracking.html?AWB=%1$s', Aramex: 'https://www.aramex.com/track/results?ShipmentNumber=%1$s' },
  'United States': {
    Fedex: 'https://www.fedex.com/apps/fedextrack/?action=track&tracknumbers=%1$s',
    UPS: 'https://www.ups.com/track?loc=en_US&tracknum=%1$s',
    USPS: 'https://tools.usps.com/go/TrackConfirmAction_input?qtc_tLabels1=%1$s',
  },
};

function providerLink(name: string): string | null {
  for (const group of Object.values(PROVIDERS)) {
    const found = Object.entries(group).find(([provider]) => provider.toLowerCase() === name.toLowerCase());
    if (found) return found[1];
  }
  return null;
}

export function addTrackingRoutes(router: Router, world: () => WooWorld): void {
  const withOrder = (handle: (w: WooWorld, order: WooOrder, req: SimRequest) => SimResponse) => (req: SimRequest) => {
    const w = world();
    const order = w.store.order(idParam(req.params.id) ?? -1);
    return order ? handle(w, order, req) : wpError(404, 'woocommerce_rest_order_invalid_id', 'Order ID is invalid.');
  };
  router
    .add('GET', `${BASE}/shipment-trackings/providers`, () => wpJson(200, PROVIDERS))
    .add('GET', `${BASE}/orders/:id/shipment-trackings`, withOrder((_w, order) => wpJson(200, order.tracking.map(trackingJson))))
    .add('GET', `${BASE}/orders/:id/shipment-trackings/:tracking`, withOrder((_w, order, req) => {
      const item = order.tracking.find((t) => t.id === req.params.tracking);
      return item ? wpJson(200, trackingJson(item)) : wpError(404, 'woocommerce_rest_shipment_tracking_invalid_id', 'Invalid tracking ID.');
    }))
    .add('POST', `${BASE}/orders/:id/shipment-trackings`, withOrder(createTracking));
}

/** Adds a tracking item; saving it saves the order (date_modified, order.updated). */
function createTracking(w: WooWorld, order: WooOrder, req: SimRequest): SimResponse {
  const read = readBody(req);
  if ('refused' in read) return read.refused;
  const text = (key: string) => (typeof read.body[key] === 'string' ? (read.body[key] as string).trim() : '');
  const number = text('tracking_number');
  if (number === '') return missingParams(['tracking_number']);
  const custom = text('custom_tracking_provider');
  const provider = custom || text('tracking_provider');
  const template = custom ? text('custom_tracking_link') : providerLink(provider) ?? '';
  const nowMs = Date.now();
  const item: TrackingItem = {
    id: Array.from({ length: 32 }, () => w.trackingIds.int(0, 15).toString(16)).join(''),
    provider, number, link: template.replace('%1$s', encodeURIComponent(number)),
    dateShipped: /^\d{4}-\d{2}-\d{2}$/.test(text('date_shipped')) ? text('date_shipped') : wallTime(nowMs, w.settings.utcOffsetMinutes).slice(0, 10),
  };
  order.tracking.push(item);
  w.store.touch(order, nowMs);
  w.emit(order, ['order.updated']);
  return wpJson(201, trackingJson(item), { location: `${w.site.url}${BASE}/orders/${order.id}/shipment-trackings/${item.id}` });
}
