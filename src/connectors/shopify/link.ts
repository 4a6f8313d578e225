/**
 * Shopify REST cursor paging ("Make paginated requests to the REST Admin API"): the Link header
 * names the previous and next page, e.g.
 *   <https://shop.myshopify.com/admin/api/2026-07/orders.json?limit=50&page_info=XYZ>; rel="previous", <…page_info=ABC>; rel="next"
 * and is absent when there is one page. Parsed as @shopify/shopify-api does: split on ", ", then
 * /<([^<]+)>; rel="([^"]+)"/. Shopify says "previous", never "prev".
 */

const LINK = /<([^<]+)>; rel="([^"]+)"/;

export interface PageLinks {
  next: string | null;
  previous: string | null;
}

export function parseLinkHeader(header: string | null): PageLinks {
  const links: PageLinks = { next: null, previous: null };
  for (const part of (header ?? '').split(', ')) {
    const match = LINK.exec(part);
    if (!match) continue;
    const [, url, rel] = match;
    if (rel === 'next' || rel === 'previous') links[rel] = url ?? null;
  }
  return links;
}

/**
 * The query for the page a Link URL names. A request carrying page_info may add only limit and
 * fields (any other filter is refused), so those three are all that is taken from the URL; the
 * host and path stay ours (the connection's base URL), as the official client does.
 */
export function pageQueryOf(linkUrl: string): URLSearchParams {
  const source = new URL(linkUrl).searchParams;
  const query = new URLSearchParams();
  for (const name of ['limit', 'page_info', 'fields']) {
    const value = source.get(name);
    if (value !== null) query.set(name, value);
  }
  return query;
}
