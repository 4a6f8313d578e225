/**
 * WooCommerce list endpoints (WC_REST_CRUD_Controller get_items): page / per_page (1-100, default
 * 10), order / orderby, include / exclude, and the answer's X-WP-Total, X-WP-TotalPages and Link
 * (rel="prev" / rel="next", the request's own query with another page). A page past the last is an
 * empty list, not an error. Date filters are exclusive at both ends (WP_Date_Query "after" / "before").
 */
import type { SimRequest, SimResponse } from '../common/http.ts';
import { invalidParams, wpJson } from './wp-rest.ts';

export interface ListParams {
  page: number;
  perPage: number;
  order: 'asc' | 'desc';
  orderby: string;
  include: number[] | null;
  exclude: Set<number>;
}

const ORDERBY = ['date', 'id', 'include', 'title', 'slug', 'modified'];
const idList = (text: string | null) => (text === null || text.trim() === '' ? [] : text.split(',').map((s) => Number(s.trim())));

/** Reads the common list parameters, or the 400 WordPress answers for an invalid one. */
export function readListParams(query: URLSearchParams, extraOrderby: string[] = []): ListParams | SimResponse {
  const problems: Record<string, string> = {};
  const integer = (name: string, fallback: number, min: number, max: number) => {
    const text = query.get(name);
    if (text === null) return fallback;
    const n = Number(text);
    if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(n)) problems[name] = `${name} is not of type integer.`;
    else if (n < min || n > max) problems[name] = max === Infinity ? `${name} must be greater than or equal to ${min}` : `${name} must be between ${min} (inclusive) and ${max} (inclusive)`;
    return n;
  };
  const page = integer('page', 1, 1, Infinity);
  const perPage = integer('per_page', 10, 1, 100);
  const order = query.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') problems.order = 'order is not one of asc and desc.';
  const allowed = [...ORDERBY, ...extraOrderby];
  const orderby = query.get('orderby') ?? 'date';
  if (!allowed.includes(orderby)) problems.orderby = `orderby is not one of ${allowed.slice(0, -1).join(', ')}, and ${allowed.at(-1)}.`;
  const include = idList(query.get('include'));
  const exclude = idList(query.get('exclude'));
  if ([...include, ...exclude].some((n) => !Number.isSafeInteger(n) || n < 0)) problems[include.some((n) => !Number.isSafeInteger(n)) ? 'include' : 'exclude'] = 'Invalid ID list.';
  if (Object.keys(problems).length > 0) return invalidParams(problems);
  return { page, perPage, order: order as 'asc' | 'desc', orderby, include: include.length > 0 ? include : null, exclude: new Set(exclude) };
}

/** Sorts by the key of `orderby`, ties by id, in the asked direction; "include" keeps the include list's order. */
export function sortFor<T extends { id: number }>(items: T[], params: ListParams, keys: Record<string, (item: T) => number | string>): T[] {
  const key = params.orderby === 'include' && params.include
    ? (item: T) => params.include!.indexOf(item.id)
    : keys[params.orderby] ?? ((item: T) => item.id);
  const sign = params.order === 'asc' ? 1 : -1;
  return [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return sign * (ka < kb ? -1 : ka > kb ? 1 : a.id - b.id);
  });
}

/** Keeps what include / exclude let through. */
export function filterIds<T extends { id: number }>(items: T[], params: ListParams): T[] {
  const include = params.include ? new Set(params.include) : null;
  return items.filter((item) => (include === null || include.has(item.id)) && !params.exclude.has(item.id));
}

/** One page of an already filtered and sorted list, with WordPress's paging headers. */
export function pagedResponse<T>(sorted: T[], params: ListParams, request: SimRequest, toJson: (item: T) => unknown): SimResponse {
  const total = sorted.length;
  const totalPages = Math.ceil(total / params.perPage);
  const items = sorted.slice((params.page - 1) * params.perPage, params.page * params.perPage);
  const base = new URLSearchParams(request.query);
  base.delete('page');
  const url = (page: number) => `<http://${request.headers.host ?? '127.0.0.1'}${request.path}?${new URLSearchParams([...base, ['page', String(page)]])}>`;
  const links: string[] = [];
  if (params.page > 1) links.push(`${url(Math.min(params.page - 1, Math.max(totalPages, 1)))}; rel="prev"`);
  if (totalPages > params.page) links.push(`${url(params.page + 1)}; rel="next"`);
  return wpJson(200, items.map(toJson), {
    'x-wp-total': String(total), 'x-wp-totalpages': String(totalPages), ...(links.length > 0 ? { link: links.join(', ') } : {}),
  });
}

/**
 * A date filter's value as epoch ms, truncated to the second as WordPress compares it. A text
 * without an offset is UTC when dates_are_gmt is true, else the site's wall clock. Undefined when
 * the filter is absent; a string when it is not a date.
 */
export function dateParam(query: URLSearchParams, name: string, utcOffsetMinutes: number): number | undefined | string {
  const text = query.get(name);
  if (text === null) return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(text.trim());
  if (!match) return 'Invalid date.';
  const gmt = query.get('dates_are_gmt') === 'true' || query.get('dates_are_gmt') === '1';
  const zone = match[4] ? match[4].replace(/^([+-]\d{2}):?(\d{2})?$/, (_, h: string, m?: string) => `${h}:${m ?? '00'}`) : gmt ? 'Z' : null;
  const ms = Date.parse(`${match[1]}T${match[2]}${zone ?? 'Z'}`);
  if (Number.isNaN(ms)) return 'Invalid date.';
  return zone === null ? ms - utcOffsetMinutes * 60_000 : ms;
}
