import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Faults } from './faults.ts';
import { Prng } from './prng.ts';
import { TimerSet } from './timers.ts';
import { WebhookDeliverer, type OutgoingWebhook, type PostWebhook } from './webhooks.ts';

function deliverer(post: PostWebhook, faultsBody: Record<string, unknown>, seed = 42) {
  const timers = new TimerSet();
  const faults = new Faults(new Prng(seed).fork('faults'));
  assert.equal(faults.update(faultsBody, Date.now()), null);
  const d = new WebhookDeliverer({ prng: new Prng(seed).fork('webhooks'), faults, timers, post, retryBaseMs: 5 });
  d.address = 'http://127.0.0.1:9/hooks';
  return { d, timers };
}

async function settled(d: WebhookDeliverer): Promise<void> {
  for (let i = 0; i < 200 && d.pending > 0; i++) await new Promise((r) => setTimeout(r, 5));
  assert.equal(d.pending, 0, 'deliveries still pending');
}

const event = (n: number): OutgoingWebhook => ({ headers: { 'x-shopify-webhook-id': `id-${n}` }, body: `{"n":${n}}` });

test('drop and duplicate rates are honoured over 1,000 events (exact counts for seed 42)', async () => {
  const received: string[] = [];
  const { d, timers } = deliverer(async (_address, webhook) => {
    received.push(webhook.headers['x-shopify-webhook-id']!);
    return 200;
  }, { webhookDrop: 0.1, webhookDuplicate: 0.05 });
  for (let n = 0; n < 1000; n++) d.enqueue(event(n));
  await settled(d);
  timers.close();
  // Expected about 100 dropped and 0.05 × 900 ≈ 45 duplicated; these are the exact draws for seed 42.
  assert.equal(d.stats.dropped, 108);
  assert.equal(d.stats.duplicated, 42);
  assert.equal(received.length, 1000 - 108 + 42);
  assert.equal(new Set(received).size, 1000 - 108, 'a duplicate repeats its webhook id');
});

test('a failed delivery is retried with the same payload, a bounded number of times', async () => {
  const attempts: OutgoingWebhook[] = [];
  const flaky = deliverer(async (_address, webhook) => {
    attempts.push(webhook);
    return attempts.length < 3 ? 500 : 200;
  }, {});
  flaky.d.enqueue(event(1));
  await settled(flaky.d);
  const failing = deliverer(async () => 503, {});
  failing.d.enqueue(event(2));
  await settled(failing.d);
  flaky.timers.close();
  failing.timers.close();
  assert.equal(attempts.length, 3);
  assert.ok(attempts.every((a) => a === attempts[0]), 'each retry resends the original request');
  assert.deepEqual(flaky.d.stats, { sent: 3, delivered: 1, dropped: 0, duplicated: 0, retried: 2, failed: 0 });
  assert.deepEqual(failing.d.stats, { sent: 4, delivered: 0, dropped: 0, duplicated: 0, retried: 3, failed: 1 });
});

test('reordering sends a batch of events in another order, none lost', async () => {
  const received: number[] = [];
  const { d, timers } = deliverer(async (_address, webhook) => {
    received.push(JSON.parse(webhook.body).n);
    return 200;
  }, { webhookReorder: true });
  for (let n = 0; n < 20; n++) d.enqueue(event(n));
  await settled(d);
  timers.close();
  assert.deepEqual([...received].sort((a, b) => a - b), Array.from({ length: 20 }, (_, n) => n));
  assert.notDeepEqual(received, Array.from({ length: 20 }, (_, n) => n));
});

test('nothing is sent while no address is set', async () => {
  let posts = 0;
  const { d, timers } = deliverer(async () => {
    posts++;
    return 200;
  }, {});
  d.address = null;
  d.enqueue(event(1));
  await settled(d);
  timers.close();
  assert.equal(posts, 0);
});
