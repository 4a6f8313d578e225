/**
 * WooCommerce REST calls: {baseUrl}/wp-json/{route}. Over https the consumer key and secret go as
 * HTTP Basic; over plain http WooCommerce ignores Basic (it would expose the secret) and wants
 * OAuth 1.0a in the query string (PLATFORMS.md §2 "Auth"). Errors are WordPress REST errors,
 * {code, message, data: {status}}: the code becomes the PlatformError's platformCode.
 */
import { randomBytes } from 'node:crypto';
import { credentialOf } from '../credentials.ts';
import { fetchJson, httpErrorOf, retryingRead, type JsonReply, type JsonRequest } from '../http.ts';
import { arrayOf, isRecord, textOf } from '../payload.ts';
import { PlatformError, type ConnectionContext } from '../types.ts';
import { signUrl } from './oauth.ts';

/** The core REST API; Shipment Tracking lives beside it under wc-shipment-tracking/v3. */
export const WC_V3 = 'wc/v3';
/** WordPress caps per_page at 100 (a larger value is a 400 rest_invalid_param). */
export const WOO_PAGE_SIZE = 100;

export function wooUrl(ctx: ConnectionContext, route: string, query?: URLSearchParams): string {
  const base = ctx.baseUrl.replace(/\/+$/, '');
  const search = query && query.size > 0 ? `?${query.toString()}` : '';
  return `${base}/wp-json/${route}${search}`;
}

/** The URL and headers of an authenticated call. A retried call signs again: a nonce may be used once. */
function authorised(ctx: ConnectionContext, method: string, url: string): { url: string; headers: Record<string, string> } {
  const consumerKey = credentialOf(ctx, 'consumerKey');
  const consumerSecret = credentialOf(ctx, 'consumerSecret');
  if (new URL(url).protocol === 'https:') {
    return { url, headers: { authorization: `Basic ${Buffer.from(`${consumerKey}:${consumerSecret}`).toString('base64')}` } };
  }
  const timestampSeconds = Math.floor(ctx.now().getTime() / 1000);
  return { url: signUrl(method, url, { consumerKey, consumerSecret, timestampSeconds, nonce: randomBytes(16).toString('hex') }), headers: {} };
}

/** The WordPress error code in an error body ({"code": "woocommerce_rest_…", …}), if there is one. */
export function wooErrorCodeOf(text: string): string | null {
  try {
    const body: unknown = JSON.parse(text);
    return isRecord(body) ? textOf(body.code) : null;
  } catch {
    return null;
  }
}

/**
 * fetch that turns a non-2xx answer into the PlatformError fetchJson would throw, but carrying
 * WooCommerce's error code (fetchJson passes a PlatformError thrown by fetch through unchanged).
 */
function withWooErrors(ctx: ConnectionContext): typeof fetch {
  return async (input, init) => {
    const response = await ctx.fetch(input, init);
    if (response.ok) return response;
    const text = await response.text();
    const label = `${init?.method ?? 'GET'} ${new URL(String(input instanceof Request ? input.url : input)).pathname}`;
    const error = httpErrorOf(label, response.status, response.headers, text, ctx.now());
    throw new PlatformError(error.kind, error.message, error.retryAfterMs, wooErrorCodeOf(text) ?? error.platformCode);
  };
}

export function wooCall(ctx: ConnectionContext, route: string, request: JsonRequest & { query?: URLSearchParams } = {}): Promise<JsonReply> {
  const { query, ...rest } = request;
  const signed = authorised(ctx, rest.method ?? 'GET', wooUrl(ctx, route, query));
  return fetchJson({ ...ctx, fetch: withWooErrors(ctx) }, signed.url, { ...rest, headers: { ...signed.headers, ...rest.headers } });
}

export interface WooPage {
  items: unknown[];
  /** X-WP-Total and X-WP-TotalPages: what the whole list holds at the moment of this call. */
  total: number;
  totalPages: number;
}

/** One page of a list endpoint (a read: retried in place on a transient failure). */
export async function wooPage(ctx: ConnectionContext, route: string, filters: URLSearchParams, page: number): Promise<WooPage> {
  const query = new URLSearchParams(filters);
  query.set('page', String(page));
  query.set('per_page', String(WOO_PAGE_SIZE));
  const reply = await retryingRead(() => wooCall(ctx, route, { query }));
  const headerCount = (name: string) => {
    const value = Number(reply.headers.get(name) ?? NaN);
    return Number.isSafeInteger(value) && value >= 0 ? value : null;
  };
  const items = arrayOf(reply.body, route);
  return { items, total: headerCount('x-wp-total') ?? items.length, totalPages: headerCount('x-wp-totalpages') ?? 1 };
}

/** Every page of a list, first to last, as X-WP-TotalPages counts them. */
export async function* wooPages(ctx: ConnectionContext, route: string, filters: URLSearchParams): AsyncIterable<unknown[]> {
  for (let page = 1, totalPages = 1; page <= totalPages; page += 1) {
    const read = await wooPage(ctx, route, filters, page);
    totalPages = read.totalPages;
    if (read.items.length > 0) yield read.items;
  }
}
