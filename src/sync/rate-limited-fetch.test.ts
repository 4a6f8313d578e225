import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { startAmazonSim, type AmazonSim } from '../../sim/amazon/index.ts';
import { openTestStore, type TestStore } from '../../test/helpers/store.ts';
import { amazonConnector } from '../connectors/amazon/index.ts';
import { PlatformError } from '../connectors/types.ts';
import { drainBucket, OperationRateLimited } from './rate-limit.ts';
import { rateLimitedFetch } from './rate-limited-fetch.ts';

let store: TestStore;
let sim: AmazonSim;
let token: string;

const catalog = [{ sku: 'A', qty: 5, price: '1.00' }];

async function tokenOf(target: AmazonSim): Promise<string> {
  const { clientId, clientSecret, refreshToken, lwaUrl } = target.credentials;
  const reply = await fetch(lwaUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId, client_secret: clientSecret }) });
  return (await reply.json()).access_token;
}

before(async () => {
  store = await openTestStore();
  sim = await startAmazonSim({ catalog, seed: 1, ordersLagMs: 0 });
  token = await tokenOf(sim);
});
after(async () => {
  await sim.close();
  await store.dispose();
});

const getOrders = (target: AmazonSim, f: typeof fetch, accessToken = token) =>
  f(`${target.url}/orders/v0/orders?MarketplaceIds=${target.credentials.marketplaceId}&LastUpdatedAfter=2020-01-01T00:00:00Z`, { headers: { 'x-amz-access-token': accessToken } });

async function buckets(prefix: string): Promise<Record<string, number>> {
  const rows = await sql<{ key: string; tokens: number }>`SELECT key, tokens FROM rate_buckets WHERE key LIKE ${`${prefix}%`} ORDER BY key`.execute(store.db);
  return Object.fromEntries(rows.rows.map((r) => [r.key, Math.round(r.tokens)]));
}

test('a call of an operation with its own bucket takes from that bucket only; a stock push takes from the connection bucket', async () => {
  const limited = rateLimitedFetch(store.db, 'rate:c1', amazonConnector, fetch);
  assert.equal((await getOrders(sim, limited)).status, 200);
  assert.deepEqual(await buckets('rate:c1'), { 'rate:c1:getOrders': 19 });
  const patch = await limited(`${sim.url}/listings/2021-08-01/items/${sim.credentials.sellerId}/A?marketplaceIds=${sim.credentials.marketplaceId}`, {
    method: 'PATCH', headers: { 'x-amz-access-token': token, 'content-type': 'application/json' },
    body: JSON.stringify({ productType: 'PRODUCT', patches: [{ op: 'replace', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 3 }] }] }),
  });
  assert.equal(patch.status, 200);
  assert.deepEqual(await buckets('rate:c1'), { 'rate:c1': 4, 'rate:c1:getOrders': 19 });
});

test('an empty operation bucket is waited for in place up to one refill, however short the usual sleep limit', async () => {
  const limits = { rateLimit: { capacity: 5, refillPerSecond: 5 }, operationRateLimit: () => ({ name: 'slow', capacity: 1, refillPerSecond: 4 }) };
  const limited = rateLimitedFetch(store.db, 'rate:c2', limits, fetch, 50);
  const started = Date.now();
  assert.equal((await getOrders(sim, limited)).status, 200);
  assert.equal((await getOrders(sim, limited)).status, 200);
  const elapsedMs = Date.now() - started;
  assert.ok(elapsedMs >= 200, `the second call waited for the next token (${elapsedMs} ms)`);
});

test('a wait longer than one refill gives the job back without calling the platform, and leaves the connection bucket alone', async () => {
  const slow = { name: 'slow', capacity: 1, refillPerSecond: 4 };
  await drainBucket(store.db, 'rate:c5:slow', 5000, slow);
  const limited = rateLimitedFetch(store.db, 'rate:c5', { rateLimit: { capacity: 5, refillPerSecond: 5 }, operationRateLimit: () => slow }, fetch, 50);
  const callsBefore = sim.state().stats.apiCalls;
  const held = await getOrders(sim, limited).catch((e: unknown) => e);
  assert.ok(held instanceof OperationRateLimited && held.retryAfterMs! > 4000, String(held));
  assert.equal(sim.state().stats.apiCalls, callsBefore);
  assert.deepEqual(Object.keys(await buckets('rate:c5')), ['rate:c5:slow']);
});

test('a 429 empties only that operation\'s bucket and is thrown as OperationRateLimited with one token\'s wait', async () => {
  const tight = await startAmazonSim({ catalog, seed: 2, ordersLagMs: 0, rateLimits: { getOrders: { rate: 0.01, burst: 1 } } });
  try {
    const tightToken = await tokenOf(tight);
    const limited = rateLimitedFetch(store.db, 'rate:c3', amazonConnector, fetch);
    assert.equal((await getOrders(tight, limited, tightToken)).status, 200);
    const refused = await getOrders(tight, limited, tightToken).catch((e: unknown) => e);
    assert.ok(refused instanceof OperationRateLimited, String(refused));
    assert.ok(refused instanceof PlatformError && refused.kind === 'rate_limited');
    assert.equal(refused.operation, 'getOrders');
    // No Retry-After from Amazon: one token of getOrders' published rate (0.0167/s).
    assert.equal(refused.retryAfterMs, Math.ceil(1000 / 0.0167));
    assert.match(refused.message, /QuotaExceeded/);
    // Emptied: the next getOrders token is one refill (about a minute) away, for every process.
    assert.deepEqual(await buckets('rate:c3'), { 'rate:c3:getOrders': 0 });
  } finally {
    await tight.close();
  }
});

test('a connector without operation buckets keeps one bucket per connection, as before', async () => {
  const limited = rateLimitedFetch(store.db, 'rate:c4', { capacity: 2, refillPerSecond: 1 }, fetch, 100);
  for (let i = 0; i < 2; i++) assert.equal((await limited(`${sim.url}/_sim/state`)).status, 200);
  const refused = await limited(`${sim.url}/_sim/state`).catch((e: unknown) => e);
  assert.ok(refused instanceof PlatformError && refused.kind === 'rate_limited' && !(refused instanceof OperationRateLimited));
  assert.deepEqual(Object.keys(await buckets('rate:c4')), ['rate:c4']);
});
