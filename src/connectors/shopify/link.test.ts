import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pageQueryOf, parseLinkHeader } from './link.ts';

const base = 'https://jsmith.myshopify.com/admin/api/2026-07/orders.json';

test('a middle page names both the previous and the next page', () => {
  const links = parseLinkHeader(`<${base}?limit=50&page_info=XYZ>; rel="previous", <${base}?limit=50&page_info=ABC>; rel="next"`);
  assert.deepEqual(links, { previous: `${base}?limit=50&page_info=XYZ`, next: `${base}?limit=50&page_info=ABC` });
});

test('the first page names only the next, the last only the previous', () => {
  assert.deepEqual(parseLinkHeader(`<${base}?page_info=ABC&limit=50>; rel="next"`), { next: `${base}?page_info=ABC&limit=50`, previous: null });
  assert.deepEqual(parseLinkHeader(`<${base}?page_info=XYZ>; rel="previous"`), { next: null, previous: `${base}?page_info=XYZ` });
});

test('a single page has no Link header and no next page', () => {
  assert.deepEqual(parseLinkHeader(null), { next: null, previous: null });
  assert.deepEqual(parseLinkHeader(''), { next: null, previous: null });
});

test('the next request takes only page_info, limit and fields from the link', () => {
  const query = pageQueryOf(`${base}?limit=250&page_info=ABC&fields=id%2Cupdated_at&status=any`);
  assert.equal(query.toString(), 'limit=250&page_info=ABC&fields=id%2Cupdated_at');
});
