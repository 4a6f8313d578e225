/**
 * Shopify Admin REST calls: {baseUrl}/admin/api/{apiVersion}/{path}, authenticated with
 * X-Shopify-Access-Token, paged with the Link header.
 */
import { credentialOf } from '../credentials.ts';
import { fetchJson, retryingRead, type JsonReply, type JsonRequest } from '../http.ts';
import { arrayOf, recordOf } from '../payload.ts';
import type { ConnectionContext } from '../types.ts';
import { pageQueryOf, parseLinkHeader } from './link.ts';

/** The version the fixtures were taken from; a connection may name another in credentials.apiVersion. */
export const DEFAULT_SHOPIFY_API_VERSION = '2026-07';
/** The largest page Shopify REST serves. */
export const SHOPIFY_PAGE_LIMIT = 250;

export function shopifyUrl(ctx: ConnectionContext, path: string, query?: URLSearchParams): string {
  const version = ctx.credentials.apiVersion || DEFAULT_SHOPIFY_API_VERSION;
  const base = ctx.baseUrl.replace(/\/+$/, '');
  const search = query && query.size > 0 ? `?${query.toString()}` : '';
  return `${base}/admin/api/${version}/${path}${search}`;
}

export function shopifyCall(ctx: ConnectionContext, path: string, request: JsonRequest & { query?: URLSearchParams } = {}): Promise<JsonReply> {
  const { query, ...rest } = request;
  const headers = { 'x-shopify-access-token': credentialOf(ctx, 'accessToken'), ...rest.headers };
  return fetchJson(ctx, shopifyUrl(ctx, path, query), { ...rest, headers });
}

/** The list under `key` in a reply body ({"orders": [...]}). */
export function listIn(reply: JsonReply, key: string): unknown[] {
  return arrayOf(recordOf(reply.body, 'response')[key], key);
}

/**
 * Every page of a list endpoint. The first request carries the filters; each next one only what the
 * Link URL names (page_info, limit, fields), since Shopify refuses other filters beside page_info.
 */
export async function* shopifyPages(ctx: ConnectionContext, path: string, key: string, filters: URLSearchParams): AsyncIterable<unknown[]> {
  let query = filters;
  for (;;) {
    const pageQuery = query;
    const reply = await retryingRead(() => shopifyCall(ctx, path, { query: pageQuery }));
    yield listIn(reply, key);
    const next = parseLinkHeader(reply.headers.get('link')).next;
    if (next === null) return;
    query = pageQueryOf(next);
  }
}
