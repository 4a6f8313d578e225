import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startShopifySim } from './index.ts';

const catalog = [{ sku: 'TEA-1', qty: 10, price: '12.00' }];

test('the leaky bucket answers 429 with Retry-After once 40 calls are made at once', async () => {
  // Leaking almost nothing makes the count exact; the default leaks 2 calls a second.
  const sim = await startShopifySim({ catalog, rateLimit: { leakPerSecond: 0.001 } });
  try {
    const headers = { 'x-shopify-access-token': sim.credentials.accessToken };
    const responses = await Promise.all(Array.from({ length: 45 }, () => fetch(`${sim.url}/admin/api/2025-07/orders.json`, { headers })));
    const ok = responses.filter((r) => r.status === 200);
    const throttled = responses.filter((r) => r.status === 429);
    assert.equal(ok.length, 40);
    assert.equal(throttled.length, 5);
    assert.deepEqual(ok.map((r) => r.headers.get('x-shopify-shop-api-call-limit')).sort((a, b) => parseInt(a!) - parseInt(b!)),
      Array.from({ length: 40 }, (_, i) => `${i + 1}/40`));
    for (const r of throttled) {
      assert.equal(r.headers.get('retry-after'), '2.0');
      assert.equal(r.headers.get('x-shopify-shop-api-call-limit'), '40/40');
    }
    assert.equal(sim.state().stats.throttled, 5);
    await Promise.all(responses.map((r) => r.arrayBuffer()));
  } finally {
    await sim.close();
  }
});

test('an outage answers 503 for its duration, then the API answers again', async () => {
  const sim = await startShopifySim({ catalog });
  try {
    const headers = { 'x-shopify-access-token': sim.credentials.accessToken };
    const call = () => fetch(`${sim.url}/admin/api/2025-07/orders.json`, { headers }).then(async (r) => (await r.arrayBuffer(), r.status));
    const set = await fetch(`${sim.url}/_sim/faults`, { method: 'POST', body: JSON.stringify({ outage: { forMs: 200 } }) });
    assert.equal(set.status, 200);
    assert.deepEqual([await call(), await call()], [503, 503]);
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.equal(await call(), 200);
    assert.equal(sim.state().stats.errors, 2);
  } finally {
    await sim.close();
  }
});

test('errorRate answers some calls with 429 or 5xx and the rest normally', async () => {
  const sim = await startShopifySim({ catalog, seed: 9, rateLimit: { leakPerSecond: 1000 } });
  try {
    assert.equal(sim.control.setFaults({ errorRate: 0.5 }), null);
    const headers = { 'x-shopify-access-token': sim.credentials.accessToken };
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const r = await fetch(`${sim.url}/admin/api/2025-07/orders.json`, { headers });
      await r.arrayBuffer();
      statuses.push(r.status);
    }
    const failed = statuses.filter((s) => s !== 200);
    assert.ok(failed.length > 8 && failed.length < 32, `${failed.length} of 40 failed`);
    assert.ok(failed.every((s) => [429, 500, 502, 503].includes(s)));
    const { throttled, errors } = sim.state().stats;
    assert.equal(throttled + errors, failed.length);
  } finally {
    await sim.close();
  }
});

test('the control API refuses unknown faults and bad generate requests', async () => {
  const sim = await startShopifySim({ catalog });
  try {
    const post = (path: string, body: unknown) => fetch(`${sim.url}/_sim/${path}`, { method: 'POST', body: JSON.stringify(body) });
    assert.equal((await post('faults', { webhookDrop: 2 })).status, 400);
    assert.equal((await post('faults', { nonsense: true })).status, 400);
    assert.equal((await post('generate', { count: 0 })).status, 400);
    assert.equal((await post('generate', { count: 1_000_000 })).status, 400);
    assert.equal((await post('webhooks', { address: 'ftp://x' })).status, 400);
  } finally {
    await sim.close();
  }
});

test('a reset starts the shop again from its options, and the same seed places the same orders', async () => {
  const sim = await startShopifySim({ catalog: [{ sku: 'TEA-1', qty: 50, price: '12.00' }, { sku: 'CUP', qty: 50, price: '5.00' }], seed: 4, lifecycleDelayMs: [10, 20] });
  try {
    const run = async () => {
      const generated = await fetch(`${sim.url}/_sim/generate`, { method: 'POST', body: JSON.stringify({ count: 8, perSecond: 1000 }) });
      assert.equal(generated.status, 202);
      const idle = await fetch(`${sim.url}/_sim/idle`, { method: 'POST', body: JSON.stringify({ timeoutMs: 2000 }) });
      assert.deepEqual(await idle.json(), { idle: true });
      return sim.state().orders.map((o) => ({ id: o.id, lines: o.lines.map((l) => [l.sku, l.qty]), labels: o.labels }));
    };
    const first = await run();
    assert.equal((await fetch(`${sim.url}/_sim/reset`, { method: 'POST' })).status, 200);
    const state = await (await fetch(`${sim.url}/_sim/state`)).json();
    assert.deepEqual([state.orders, state.listed.map((l: { qty: number }) => l.qty), state.stats.ordersCreated], [[], [50, 50], 0]);
    assert.deepEqual(await run(), first);
  } finally {
    await sim.close();
  }
});
