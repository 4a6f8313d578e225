/** GET orders.json, GET orders/{id}.json (REST Admin "Order" resource). */
import { jsonResponse, type Router, type SimRequest, type SimResponse } from '../common/http.ts';
import { toBigId } from '../common/json.ts';
import { pickFields, requestUrl } from './gate.ts';
import { orderJson } from './order-json.ts';
import { pageOf, readPageRequest } from './pagination.ts';
import type { ShopifyOrder } from './store.ts';
import type { ShopifyWorld } from './world.ts';

const NOT_FOUND = { errors: 'Not Found' };

export function addOrderRoutes(router: Router, world: () => ShopifyWorld): void {
  router
    .add('GET', '/admin/api/:version/orders.json', (req) => listOrders(world(), req))
    .add('GET', '/admin/api/:version/orders/:id.json', (req) => {
      const w = world();
      const order = w.store.order(toBigId(req.params.id) ?? -1n);
      if (!order) return jsonResponse(404, NOT_FOUND);
      return jsonResponse(200, { order: pickFields(orderJson(order, w.shop), req.query.get('fields')) });
    });
}

/** Sorted by updated_at then id, ascending, so a walk in progress sees changed orders again later, not never. */
function listOrders(w: ShopifyWorld, req: SimRequest): SimResponse {
  const read = readPageRequest(req.query);
  if ('refused' in read) return read.refused;
  const matches = orderFilter(read.page.filters);
  if (typeof matches === 'string') return jsonResponse(400, { errors: { [matches]: 'Invalid value.' } });
  const sorted = w.store.orders.filter(matches).sort((a, b) => a.updatedMs - b.updatedMs || (a.id < b.id ? -1 : 1));
  const { items, link } = pageOf(sorted, (o) => [o.updatedMs, o.id], read.page, requestUrl(req));
  const orders = items.map((o) => pickFields(orderJson(o, w.shop), read.page.fields));
  return jsonResponse(200, { orders }, link ? { link } : {});
}

/** The predicate for the list filters, or the name of the filter whose value is invalid. */
function orderFilter(filters: Record<string, string>): ((order: ShopifyOrder) => boolean) | string {
  const tests: ((order: ShopifyOrder) => boolean)[] = [];
  // By default the list holds open orders only (PLATFORMS.md §1), hence clients pass status=any.
  const status = filters.status ?? 'open';
  const byStatus: Record<string, (o: ShopifyOrder) => boolean> = {
    open: (o) => o.closedMs === null && o.cancelledMs === null,
    closed: (o) => o.closedMs !== null,
    cancelled: (o) => o.cancelledMs !== null,
    any: () => true,
  };
  if (!byStatus[status]) return 'status';
  tests.push(byStatus[status]);
  for (const [name, field, bound] of TIME_FILTERS) {
    const value = filters[name];
    if (value === undefined) continue;
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) return name;
    tests.push(bound === 'min' ? (o) => o[field] >= ms : (o) => o[field] <= ms);
  }
  if (filters.since_id !== undefined) {
    const sinceId = toBigId(filters.since_id);
    if (sinceId === null) return 'since_id';
    tests.push((o) => o.id > sinceId);
  }
  if (filters.ids !== undefined) {
    const ids = new Set(filters.ids.split(',').map((id) => toBigId(id)));
    tests.push((o) => ids.has(o.id));
  }
  if (filters.financial_status !== undefined && filters.financial_status !== 'any') {
    tests.push((o) => o.financialStatus === filters.financial_status);
  }
  return (order) => tests.every((test) => test(order));
}

const TIME_FILTERS: [string, 'createdMs' | 'updatedMs', 'min' | 'max'][] = [
  ['created_at_min', 'createdMs', 'min'],
  ['created_at_max', 'createdMs', 'max'],
  ['updated_at_min', 'updatedMs', 'min'],
  ['updated_at_max', 'updatedMs', 'max'],
];
