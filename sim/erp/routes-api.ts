/**
 * The ERP's REST API under /api/v1/: sales orders in (idempotent by Idempotency-Key and by
 * externalRef), product master, stock counts and purchase receipts out, each a feed after a number.
 */
import { jsonResponse, type Router, type SimRequest, type SimResponse } from '../common/http.ts';
import type { ErpOrderLine, SalesOrderInput } from './books.ts';
import { erpError, FieldReader, readJsonObject } from './validate.ts';
import type { ErpWorld } from './world.ts';

const DEFAULT_PAGE_SIZE = 100;

export function addApiRoutes(router: Router, world: () => ErpWorld): void {
  router
    .add('POST', '/api/v1/sales-orders', (req) => postSalesOrder(world(), req))
    .add('GET', '/api/v1/products', (req) => {
      const w = world();
      return listAfter(req, 'updatedAfter', w.settings.maxPageSize, (after, limit) => w.books.productsAfter(after, limit));
    })
    .add('GET', '/api/v1/stock-counts', (req) => {
      const w = world();
      return listAfter(req, 'after', w.settings.maxPageSize, (after, limit) => w.books.countsAfter(after, limit));
    })
    .add('GET', '/api/v1/receipts', (req) => {
      const w = world();
      return listAfter(req, 'after', w.settings.maxPageSize, (after, limit) => w.books.receiptsAfter(after, limit));
    });
}

function postSalesOrder(w: ErpWorld, req: SimRequest): SimResponse {
  const read = readJsonObject(req);
  if ('refused' in read) return read.refused;
  const order = salesOrderOf(read.body);
  if (typeof order === 'string') return erpError(422, 'VALIDATION_FAILED', order);
  const key = headerText(req.headers['idempotency-key']);
  const outcome = w.books.bookOrder(order, 'api', key, Date.now());
  if (outcome.kind === 'key_reused') {
    return erpError(422, 'IDEMPOTENCY_KEY_REUSED', `Idempotency-Key ${key} was used for order ${outcome.order.externalRef}`);
  }
  if (outcome.kind === 'repeat') w.stats.duplicatePosts++;
  else w.stats.ordersBooked++;
  const { id, externalRef, bookedAt } = outcome.order;
  return jsonResponse(outcome.kind === 'booked' ? 201 : 200, { id, externalRef, status: 'booked', bookedAt });
}

/** The order as posted, or what is wrong with it (the first problem found). */
export function salesOrderOf(body: Record<string, unknown>): SalesOrderInput | string {
  const f = new FieldReader(body);
  const order: SalesOrderInput = {
    externalRef: f.text('externalRef'), channel: f.text('channel'), platform: f.text('platform'),
    channelOrderId: f.text('channelOrderId'), number: f.text('number'), orderedAt: f.time('orderedAt'),
    currency: f.text('currency'), total: f.money('total'),
    customer: f.objectOrNull('customer'), shipTo: f.objectOrNull('shipTo'), lines: [],
  };
  if (order.currency && !/^[A-Z]{3}$/.test(order.currency)) f.fail('currency must be an ISO 4217 code such as "USD"');
  const lines = body.lines;
  if (!Array.isArray(lines) || lines.length === 0) return f.problem ?? 'lines must be a non-empty list';
  lines.forEach((line, i) => {
    if (typeof line !== 'object' || line === null || Array.isArray(line)) return f.fail(`lines[${i}] must be an object`);
    order.lines.push(lineOf(new FieldReader(line as Record<string, unknown>, `lines[${i}].`), f));
  });
  return f.problem ?? order;
}

function lineOf(l: FieldReader, order: FieldReader): ErpOrderLine {
  const line = {
    lineNo: l.wholeNumber('lineNo', 1), sku: l.text('sku'), description: l.text('description', { optional: true }),
    qty: l.wholeNumber('qty', 1), unitPrice: l.money('unitPrice'),
  };
  if (l.problem) order.fail(l.problem);
  return line;
}

function listAfter<T>(req: SimRequest, param: string, maxPageSize: number, read: (after: number, limit: number) => T[]): SimResponse {
  const after = numberParam(req.query.get(param), 0);
  const limit = numberParam(req.query.get('limit'), DEFAULT_PAGE_SIZE);
  if (after === null) return erpError(400, 'INVALID_PARAMETER', `${param} must be a whole number >= 0`);
  if (limit === null || limit < 1) return erpError(400, 'INVALID_PARAMETER', 'limit must be a whole number >= 1');
  const pageSize = Math.min(limit, maxPageSize);
  const items = read(after, pageSize + 1);
  return jsonResponse(200, { items: items.slice(0, pageSize), hasMore: items.length > pageSize });
}

function numberParam(value: string | null, fallback: number): number | null {
  if (value === null || value === '') return fallback;
  return /^\d{1,15}$/.test(value) ? Number(value) : null;
}

function headerText(value: string | string[] | undefined): string | null {
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === '' ? null : text;
}
