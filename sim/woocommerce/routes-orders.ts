/** Orders (REST v3 "Orders" and "Order notes"): list, read, update, notes. */
import type { Router, SimRequest, SimResponse } from '../common/http.ts';
import { dateParam, filterIds, pagedResponse, readListParams, sortFor } from './paging.ts';
import { noteJson, orderJson } from './resource-json.ts';
import { WOO_STATUSES, type WooOrder, type WooStatus } from './store.ts';
import { boolParam, idParam, invalidParams, missingParams, readBody, wpError, wpJson } from './wp-rest.ts';
import type { WooWorld } from './world.ts';

const V3 = '/wp-json/wc/v3';
const invalidOrder = () => wpError(404, 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.');
const LIST_STATUSES = ['any', 'trash', ...WOO_STATUSES];
const STATUS_LIST_TEXT = `${WOO_STATUSES.slice(0, -1).join(', ')}, and ${WOO_STATUSES.at(-1)}`;

export function addOrderRoutes(router: Router, world: () => WooWorld): void {
  const withOrder = (handle: (w: WooWorld, order: WooOrder, req: SimRequest) => SimResponse) => (req: SimRequest) => {
    const w = world();
    const order = w.store.order(idParam(req.params.id) ?? -1);
    return order ? handle(w, order, req) : invalidOrder();
  };
  router
    .add('GET', `${V3}/orders`, (req) => listOrders(world(), req))
    .add('GET', `${V3}/orders/:id`, withOrder((w, order) => wpJson(200, orderJson(order, w.site))))
    .add('GET', `${V3}/orders/:id/notes`, withOrder((w, order) => wpJson(200, [...order.notes].reverse().map((n) => noteJson(n, w.site)))))
    .add('POST', `${V3}/orders/:id/notes`, withOrder(addNote));
  // WordPress registers an item's update for POST, PUT and PATCH alike (WP_REST_Server::EDITABLE).
  for (const method of ['POST', 'PUT', 'PATCH']) router.add(method, `${V3}/orders/:id`, withOrder(updateOrder));
}

/** GET orders: status (default any, or a comma list), the date filters, include/exclude, customer. */
function listOrders(w: WooWorld, req: SimRequest): SimResponse {
  const params = readListParams(req.query);
  if ('status' in params) return params;
  const statuses = (req.query.get('status') ?? 'any').split(',').map((s) => s.trim());
  const wrong = statuses.findIndex((s) => !LIST_STATUSES.includes(s));
  if (wrong >= 0) return invalidParams({ status: `status[${wrong}] is not one of ${LIST_STATUSES.join(', ')}.` });
  const bounds: Record<string, number | undefined> = {};
  for (const name of ['after', 'before', 'modified_after', 'modified_before']) {
    const value = dateParam(req.query, name, w.settings.utcOffsetMinutes);
    if (typeof value === 'string') return invalidParams({ [name]: value });
    // WordPress compares whole seconds: the fraction of a bound is dropped.
    bounds[name] = value === undefined ? undefined : Math.floor(value / 1000) * 1000;
  }
  const customer = idParam(req.query.get('customer'));
  const matching = filterIds(w.store.orders, params).filter((o) =>
    (statuses.includes('any') || statuses.includes(o.status))
    && (bounds.after === undefined || o.createdMs > bounds.after) && (bounds.before === undefined || o.createdMs < bounds.before)
    && (bounds.modified_after === undefined || o.modifiedMs > bounds.modified_after)
    && (bounds.modified_before === undefined || o.modifiedMs < bounds.modified_before)
    && (customer === null || o.buyer.customerId === customer));
  const sorted = sortFor(matching, params, { date: (o) => o.createdMs, modified: (o) => o.modifiedMs, id: (o) => o.id, title: (o) => o.id, slug: (o) => o.id });
  return pagedResponse(sorted, params, req, (o) => orderJson(o, w.site));
}

/** status, customer_note and meta_data; any save is an order.updated. */
function updateOrder(w: WooWorld, order: WooOrder, req: SimRequest): SimResponse {
  const read = readBody(req);
  if ('refused' in read) return read.refused;
  const { status, customer_note: customerNote, meta_data: meta } = read.body;
  if (status !== undefined && !WOO_STATUSES.includes(status as WooStatus)) return invalidParams({ status: `status is not one of ${STATUS_LIST_TEXT}.` });
  if (meta !== undefined && (!Array.isArray(meta) || meta.some((m) => typeof m !== 'object' || m === null || typeof (m as { key?: unknown }).key !== 'string'))) {
    return invalidParams({ meta_data: 'meta_data[0][key] is not of type string.' });
  }
  const nowMs = Date.now();
  if (typeof customerNote === 'string') order.customerNote = customerNote;
  for (const row of (meta ?? []) as { key: string; value?: unknown; id?: unknown }[]) w.store.setMeta(order, row.key, row.value ?? '', idParam(row.id));
  if (status !== undefined) w.store.setStatus(order, status as WooStatus, nowMs);
  w.store.touch(order, nowMs);
  w.emit(order, ['order.updated']);
  return wpJson(200, orderJson(order, w.site));
}

function addNote(w: WooWorld, order: WooOrder, req: SimRequest): SimResponse {
  const read = readBody(req);
  if ('refused' in read) return read.refused;
  const text = read.body.note;
  if (typeof text !== 'string' || text.trim() === '') return missingParams(['note']);
  const note = w.store.addNote(order, text, boolParam(read.body.customer_note) ?? false, Date.now());
  return wpJson(201, noteJson(note, w.site), { location: `${w.site.url}${V3}/orders/${order.id}/notes/${note.id}` });
}
