import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonResponse, stubContext, stubFetch } from './fetch-stub.ts';
import { fetchJson, retryAfterMsOf, retryingRead } from './http.ts';
import { PlatformError } from './types.ts';

const now = new Date('2025-04-02T16:00:00Z');

function contextAnswering(response: () => Response | Promise<Response>) {
  return stubContext(stubFetch(response).fetch, {}, 'https://shop.example', now);
}

async function failureOf(promise: Promise<unknown>): Promise<PlatformError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  assert.ok(err instanceof PlatformError, `expected a PlatformError, got ${String(err)}`);
  return err;
}

test('a 429 with Retry-After "2.0" is rate_limited for 2000 ms', async () => {
  const ctx = contextAnswering(() => jsonResponse({ errors: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' }, { status: 429, headers: { 'retry-after': '2.0' } }));
  const err = await failureOf(fetchJson(ctx, 'https://shop.example/admin/api/2026-07/orders.json'));
  assert.equal(err.kind, 'rate_limited');
  assert.equal(err.retryAfterMs, 2000);
  assert.match(err.message, /Exceeded 2 calls per second/);
});

test('Retry-After is read as float seconds or an HTTP date, else one second', () => {
  assert.equal(retryAfterMsOf('0.5', now), 500);
  assert.equal(retryAfterMsOf('Wed, 02 Apr 2025 16:00:03 GMT', now), 3000);
  assert.equal(retryAfterMsOf(null, now), 1000);
});

test('5xx is transient, 401/403 auth, other 4xx permanent with the platform error text', async () => {
  const cases: [number, unknown, PlatformError['kind']][] = [
    [503, { errors: 'Service unavailable' }, 'transient'],
    [401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' }, 'auth'],
    [403, { errors: 'Forbidden' }, 'auth'],
    [422, { errors: { line_items: ['is invalid'] } }, 'permanent'],
  ];
  for (const [status, body, kind] of cases) {
    const err = await failureOf(fetchJson(contextAnswering(() => jsonResponse(body, { status })), 'https://shop.example/x.json'));
    assert.equal(err.kind, kind, `HTTP ${status}`);
    assert.equal(err.platformCode, String(status));
    assert.match(err.message, status === 422 ? /line_items.*is invalid/ : new RegExp(`HTTP ${status}`));
  }
});

test('a network error and a timeout are transient', async () => {
  const refused = await failureOf(fetchJson(contextAnswering(() => { throw new TypeError('fetch failed'); }), 'https://shop.example/x.json'));
  assert.equal(refused.kind, 'transient');
  const neverAnswers: typeof fetch = (_input, init) =>
    new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
  const slow = stubContext(neverAnswers, {}, 'https://shop.example', now);
  const keepAlive = setTimeout(() => {}, 1_000); // AbortSignal.timeout's timer does not hold the event loop open
  const timedOut = await failureOf(fetchJson(slow, 'https://shop.example/x.json', { timeoutMs: 20 }));
  assert.equal(timedOut.kind, 'transient');
  assert.match(timedOut.message, /timed out/);
  clearTimeout(keepAlive);
});

test('a JSON body is sent with bigint ids as bare integers and the reply parsed big-int safe', async () => {
  const stub = stubFetch(() => jsonResponse('{"id":820982911946154508}'));
  const reply = await fetchJson(stubContext(stub.fetch, {}, 'https://shop.example', now), 'https://shop.example/x.json', { method: 'POST', json: { id: 820982911946154508n } });
  assert.deepEqual(reply.body, { id: '820982911946154508' });
  assert.equal(stub.requests[0]?.body, '{"id":820982911946154508}');
  assert.equal(stub.requests[0]?.headers.get('content-type'), 'application/json');
});

test('a read is retried in place after a 5xx and succeeds on the next attempt', async () => {
  let calls = 0;
  const value = await retryingRead(async () => {
    calls++;
    if (calls === 1) throw new PlatformError('transient', 'HTTP 503');
    return 'page';
  }, { pauseMs: 1 });
  assert.deepEqual([value, calls], ['page', 2]);
});

test('a read gives up after its last attempt, and at once on an error retrying cannot fix', async () => {
  let calls = 0;
  const failing = () => retryingRead(async () => {
    calls++;
    throw new PlatformError('transient', 'HTTP 502');
  }, { attempts: 3, pauseMs: 1 });
  assert.equal((await failureOf(failing())).kind, 'transient');
  assert.equal(calls, 3);
  calls = 0;
  await failureOf(retryingRead(async () => {
    calls++;
    throw new PlatformError('auth', 'HTTP 401');
  }));
  assert.equal(calls, 1);
});

test('a rate-limit wait longer than the read may sleep goes back to the caller', async () => {
  const err = await failureOf(retryingRead(async () => {
    throw new PlatformError('rate_limited', 'code 7', 60_000);
  }, { maxWaitMs: 3_000 }));
  assert.equal(err.retryAfterMs, 60_000);
});
