/**
 * REST cursor pagination as shopify.dev "Make paginated requests to the REST Admin API" describes it:
 * the first request carries the filters; each page answers a Link header with rel="previous" and
 * rel="next" URLs whose opaque page_info remembers the filters and the position; a request with
 * page_info may add only limit and fields (anything else is a 400).
 */
import { jsonResponse, type SimResponse } from '../common/http.ts';

/** Position in a list sorted by (time, id), ascending. */
export type SortKey = [number, bigint];

interface Cursor {
  filters: Record<string, string>;
  direction: 'next' | 'previous';
  key: SortKey;
}

export interface PageRequest {
  filters: Record<string, string>;
  limit: number;
  fields: string | null;
  cursor: Cursor | null;
}

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 250;
const PAGINATION_DOC = 'https://shopify.dev/api/usage/pagination-rest';

/** Reads limit, fields, page_info and the filters, or the 400 that refuses them. */
export function readPageRequest(query: URLSearchParams): { page: PageRequest } | { refused: SimResponse } {
  const rawLimit = query.get('limit');
  const limit = rawLimit === null ? DEFAULT_LIMIT : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1) return { refused: jsonResponse(400, { errors: { limit: 'Invalid value.' } }) };
  const pageInfo = query.get('page_info');
  const filters: Record<string, string> = {};
  for (const [name, value] of query) if (!['limit', 'fields', 'page_info'].includes(name)) filters[name] = value;
  // Shopify caps limit at 250 [from docs: "maximum: 250"; whether it caps or refuses is unconfirmed].
  const page = { limit: Math.min(limit, MAX_LIMIT), fields: query.get('fields') };
  if (pageInfo === null) return { page: { ...page, filters, cursor: null } };
  const extra = Object.keys(filters)[0];
  if (extra !== undefined) {
    const message = `${extra} cannot be passed when page_info is present. See ${PAGINATION_DOC} for more information.`;
    return { refused: jsonResponse(400, { errors: { [extra]: message } }) };
  }
  const cursor = decodeCursor(pageInfo);
  if (!cursor) return { refused: jsonResponse(400, { errors: { page_info: 'Invalid value.' } }) };
  return { page: { ...page, filters: cursor.filters, cursor } };
}

/** One page of items already filtered and sorted ascending by keyOf, plus its Link header. */
export function pageOf<T>(sorted: readonly T[], keyOf: (item: T) => SortKey, request: PageRequest, pageUrl: string): { items: T[]; link: string | null } {
  const { cursor, limit } = request;
  let start = 0;
  let end = sorted.length;
  if (cursor?.direction === 'next') start = sorted.findIndex((item) => compareKeys(keyOf(item), cursor.key) > 0);
  if (cursor?.direction === 'previous') end = sorted.findIndex((item) => compareKeys(keyOf(item), cursor.key) >= 0);
  if (start < 0) start = sorted.length;
  if (end < 0) end = sorted.length;
  const [from, to] = cursor?.direction === 'previous' ? [Math.max(start, end - limit), end] : [start, Math.min(end, start + limit)];
  const items = sorted.slice(from, to);
  const links: string[] = [];
  const first = items[0];
  const last = items[items.length - 1];
  if (first !== undefined && from > 0) links.push(linkTo(pageUrl, request, { filters: request.filters, direction: 'previous', key: keyOf(first) }, 'previous'));
  if (last !== undefined && to < sorted.length) links.push(linkTo(pageUrl, request, { filters: request.filters, direction: 'next', key: keyOf(last) }, 'next'));
  return { items, link: links.length > 0 ? links.join(', ') : null };
}

function linkTo(pageUrl: string, request: PageRequest, cursor: Cursor, rel: string): string {
  const query = new URLSearchParams({ limit: String(request.limit) });
  if (request.fields !== null) query.set('fields', request.fields);
  query.set('page_info', encodeCursor(cursor));
  return `<${pageUrl}?${query}>; rel="${rel}"`;
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] === b[1] ? 0 : a[1] < b[1] ? -1 : 1;
}

function encodeCursor(cursor: Cursor): string {
  const wire = { f: cursor.filters, d: cursor.direction, k: [cursor.key[0], String(cursor.key[1])] };
  return Buffer.from(JSON.stringify(wire)).toString('base64url');
}

function decodeCursor(pageInfo: string): Cursor | null {
  try {
    const wire = JSON.parse(Buffer.from(pageInfo, 'base64url').toString('utf8')) as { f: Record<string, string>; d: string; k: [number, string] };
    if ((wire.d !== 'next' && wire.d !== 'previous') || typeof wire.k[0] !== 'number' || typeof wire.f !== 'object') return null;
    return { filters: wire.f, direction: wire.d, key: [wire.k[0], BigInt(wire.k[1])] };
  } catch {
    return null;
  }
}
