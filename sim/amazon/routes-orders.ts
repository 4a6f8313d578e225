/**
 * Orders v0 (ordersV0.json): getOrders with its time filters and NextToken paging, getOrder,
 * getOrderItems (paged too). Orders list sorted by the filtered time, then id, ascending; NextToken
 * remembers the filters and the position, so an order updated while a client pages moves behind the
 * cursor and is listed again, never skipped.
 */
import { type Router, type SimRequest, type SimResponse } from '../common/http.ts';
import { invalidInput, notFound } from './errors.ts';
import { addOperation, jsonResponse } from './gate.ts';
import { amazonTime, orderItemJson, orderJson } from './order-json.ts';
import { addShipmentRoute } from './routes-shipment.ts';
import type { AmazonWorld } from './world.ts';

const MAX_RESULTS = 100;
const STATUSES = ['PendingAvailability', 'Pending', 'Unshipped', 'PartiallyShipped', 'Shipped', 'InvoiceUnconfirmed', 'Canceled', 'Unfulfillable'];

interface OrdersFilter {
  field: 'updatedMs' | 'createdMs';
  afterMs: number;
  beforeMs: number;
  statuses: string[] | null;
  max: number;
}

interface OrdersCursor {
  filter: OrdersFilter;
  /** The last order listed: [time, id]. */
  key: [number, string];
}

export function addOrderRoutes(router: Router, world: () => AmazonWorld): void {
  addOperation(router, 'getOrders', 'GET', '/orders/v0/orders', (req) => listOrders(world(), req));
  addOperation(router, 'getOrder', 'GET', '/orders/v0/orders/:orderId', (req) => {
    const w = world();
    const order = w.store.order(req.params.orderId ?? '');
    return order ? jsonResponse(200, { payload: orderJson(order, w.market) }) : orderNotFound(req.params.orderId);
  });
  addOperation(router, 'getOrderItems', 'GET', '/orders/v0/orders/:orderId/orderItems', (req) => listOrderItems(world(), req));
  addShipmentRoute(router, world);
}

const orderNotFound = (id: string | undefined) => notFound(`Order ${id ?? ''} was not found.`);

function listOrders(w: AmazonWorld, req: SimRequest): SimResponse {
  const marketplaces = req.query.get('MarketplaceIds');
  if (!marketplaces) return invalidInput('MarketplaceIds is required.');
  if (!marketplaces.split(',').includes(w.market.marketplaceId)) return invalidInput(`Invalid MarketplaceIds: ${marketplaces}`);
  const nextToken = req.query.get('NextToken');
  let cursor: OrdersCursor | null = null;
  if (nextToken !== null) {
    // "If NextToken is present, that will be used to retrieve the orders instead of other criteria."
    cursor = decodeToken<OrdersCursor>(nextToken);
    if (!isOrdersCursor(cursor)) return invalidInput('Invalid NextToken.');
  }
  const filter = cursor?.filter ?? readFilter(req.query, Date.now() - w.settings.ordersLagMs);
  if (typeof filter === 'string') return invalidInput(filter);
  const field = filter.field;
  const matching = w.store.orders
    .filter((o) => o[field] >= filter.afterMs && o[field] <= filter.beforeMs && (!filter.statuses || filter.statuses.includes(o.status)))
    .sort((a, b) => a[field] - b[field] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .filter((o) => !cursor || o[field] > cursor.key[0] || (o[field] === cursor.key[0] && o.id > cursor.key[1]));
  const page = matching.slice(0, filter.max);
  const last = page[page.length - 1];
  const more = last !== undefined && matching.length > page.length;
  const bound = field === 'updatedMs' ? 'LastUpdatedBefore' : 'CreatedBefore';
  return jsonResponse(200, { payload: {
    Orders: page.map((o) => orderJson(o, w.market)),
    ...(more ? { NextToken: encodeToken({ filter, key: [last[field], last.id] } satisfies OrdersCursor) } : {}),
    [bound]: amazonTime(filter.beforeMs),
  } });
}

/** The filters of a first request, or what is wrong with them. latestBeforeMs: the latest bound allowed. */
function readFilter(query: URLSearchParams, latestBeforeMs: number): OrdersFilter | string {
  const created = query.get('CreatedAfter');
  const updated = query.get('LastUpdatedAfter');
  if (created === null && updated === null) return 'Either CreatedAfter or LastUpdatedAfter must be specified.';
  if (created !== null && updated !== null) return 'CreatedAfter and LastUpdatedAfter cannot both be specified.';
  const [field, afterName, beforeName] = updated !== null
    ? ['updatedMs', 'LastUpdatedAfter', 'LastUpdatedBefore'] as const
    : ['createdMs', 'CreatedAfter', 'CreatedBefore'] as const;
  const afterMs = Date.parse(query.get(afterName)!);
  if (Number.isNaN(afterMs)) return `${afterName} is not an ISO 8601 date-time.`;
  const beforeText = query.get(beforeName);
  const beforeMs = beforeText === null ? latestBeforeMs : Date.parse(beforeText);
  if (Number.isNaN(beforeMs)) return `${beforeName} is not an ISO 8601 date-time.`;
  if (beforeMs > latestBeforeMs) return `${beforeName} must be at least 2 minutes before the current time.`;
  // Left out, the bound is Amazon's own: a window that starts after it is merely empty.
  if (beforeText !== null && beforeMs < afterMs) return `${beforeName} must be equal to or after ${afterName}.`;
  const statuses = query.get('OrderStatuses')?.split(',') ?? null;
  if (statuses?.some((s) => !STATUSES.includes(s))) return `Invalid OrderStatuses: ${statuses.join(',')}`;
  const max = Number(query.get('MaxResultsPerPage') ?? MAX_RESULTS);
  if (!Number.isInteger(max) || max < 1 || max > MAX_RESULTS) return 'MaxResultsPerPage must be 1 - 100.';
  return { field, afterMs, beforeMs, statuses, max };
}

function isOrdersCursor(value: OrdersCursor | null): value is OrdersCursor {
  const f = value?.filter;
  return !!f && (f.field === 'updatedMs' || f.field === 'createdMs') && typeof f.afterMs === 'number' && typeof f.beforeMs === 'number'
    && typeof f.max === 'number' && Array.isArray(value.key) && typeof value.key[0] === 'number' && typeof value.key[1] === 'string';
}

function listOrderItems(w: AmazonWorld, req: SimRequest): SimResponse {
  const order = w.store.order(req.params.orderId ?? '');
  if (!order) return orderNotFound(req.params.orderId);
  const nextToken = req.query.get('NextToken');
  const cursor = nextToken === null ? { orderId: order.id, offset: 0 } : decodeToken<{ orderId: string; offset: number }>(nextToken);
  if (!cursor || cursor.orderId !== order.id || !Number.isInteger(cursor.offset)) return invalidInput('Invalid NextToken.');
  const size = w.settings.orderItemsPerPage;
  const items = order.items.slice(cursor.offset, cursor.offset + size);
  const more = cursor.offset + size < order.items.length;
  return jsonResponse(200, { payload: {
    AmazonOrderId: order.id,
    OrderItems: items.map((item) => orderItemJson(item, order, w.market)),
    ...(more ? { NextToken: encodeToken({ orderId: order.id, offset: cursor.offset + size }) } : {}),
  } });
}

function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeToken<T>(token: string): T | null {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null ? (value as T) : null;
  } catch {
    return null;
  }
}
