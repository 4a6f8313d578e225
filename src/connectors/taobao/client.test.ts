import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonResponse, stubContext, stubFetch } from '../fetch-stub.ts';
import { PlatformError } from '../types.ts';
import { callTop, topErrorOf, topResponseKey } from './client.ts';
import { signTopRequest } from './sign.ts';

const credentials = { appKey: '12345678', appSecret: 'helloworld', session: 'seller-session' };
const now = new Date('2025-04-02T16:00:00Z');

test('a call posts the signed common parameters as a form and unwraps the method response', async () => {
  const stub = stubFetch(() => jsonResponse({ item_quantity_update_response: { item: { num_iid: 11223344, num: 5 } } }));
  const ctx = stubContext(stub.fetch, credentials, 'https://gw.example/', now);
  const reply = await callTop(ctx, 'taobao.item.quantity.update', { num_iid: '11223344', quantity: 5, type: 1, sku_id: undefined });
  assert.deepEqual(reply, { item: { num_iid: 11223344, num: 5 } });
  const request = stub.requests[0];
  assert.equal(request?.method, 'POST');
  assert.equal(request?.url.href, 'https://gw.example/router/rest');
  assert.match(request?.headers.get('content-type') ?? '', /^application\/x-www-form-urlencoded/);
  const form = Object.fromEntries(new URLSearchParams(request?.body));
  const { sign, ...signed } = form;
  assert.deepEqual(signed, {
    method: 'taobao.item.quantity.update', app_key: '12345678', session: 'seller-session', timestamp: '2025-04-03 00:00:00',
    v: '2.0', sign_method: 'hmac-sha256', format: 'json', simplify: 'false', num_iid: '11223344', quantity: '5', type: '1',
  });
  assert.equal(sign, signTopRequest(signed, 'helloworld', 'hmac-sha256'));
});

test('the sign method can be md5 for apps set up that way', async () => {
  const stub = stubFetch(() => jsonResponse({ item_seller_get_response: { item: {} } }));
  await callTop(stubContext(stub.fetch, { ...credentials, signMethod: 'md5' }, 'https://gw.example', now), 'taobao.item.seller.get', { num_iid: '1' });
  const { sign, ...signed } = Object.fromEntries(new URLSearchParams(stub.requests[0]?.body));
  assert.equal(signed.sign_method, 'md5');
  assert.equal(sign, signTopRequest(signed, 'helloworld', 'md5'));
});

test('the response key is the method without "taobao." with dots as underscores', () => {
  assert.equal(topResponseKey('taobao.trades.sold.increment.get'), 'trades_sold_increment_get_response');
  assert.equal(topResponseKey('tmall.item.quantity.update'), 'tmall_item_quantity_update_response');
});

test('code 7 "This ban will last for 3 more seconds" is rate_limited for 3000 ms', async () => {
  const stub = stubFetch(() => jsonResponse({ error_response: {
    code: 7, msg: 'App Call Limited', sub_code: 'accesscontrol.limited-by-app-api-access-count', sub_msg: 'This ban will last for 3 more seconds', request_id: 'r',
  } }));
  const err = await callTop(stubContext(stub.fetch, credentials, 'https://gw.example', now), 'taobao.trade.fullinfo.get', { tid: '1' }).catch((e: unknown) => e);
  assert.ok(err instanceof PlatformError);
  assert.equal(err.kind, 'rate_limited');
  assert.equal(err.retryAfterMs, 3000);
  assert.equal(err.platformCode, '7');
});

test('TOP error codes map to what the worker should do', () => {
  const kindOf = (error: Record<string, unknown>) => topErrorOf('taobao.x', error);
  assert.deepEqual([kindOf({ code: 7, msg: 'App Call Limited' }).kind, kindOf({ code: 7 }).retryAfterMs], ['rate_limited', 1000]);
  assert.equal(kindOf({ code: 27, msg: 'Invalid session', sub_code: 'invalid-sessionkey' }).kind, 'auth');
  assert.equal(kindOf({ code: 25, msg: 'Invalid signature' }).kind, 'auth');
  assert.equal(kindOf({ code: 12, msg: 'Insufficient User Permissions' }).kind, 'auth');
  assert.equal(kindOf({ code: 11, msg: 'Insufficient ISV Permissions' }).kind, 'permanent');
  assert.equal(kindOf({ code: 15, msg: 'Remote service error', sub_code: 'isp.top-remote-connection-timeout' }).kind, 'transient');
  assert.equal(kindOf({ code: 15, msg: 'Remote service error', sub_code: 'isv.invalid-parameter' }).kind, 'permanent');
  assert.equal(kindOf({ code: '10', msg: 'Service currently unavailable' }).kind, 'transient');
  assert.match(kindOf({ code: 15, msg: 'Remote service error', sub_code: 'isv.item-not-exist', sub_msg: 'no such item' }).message, /isv\.item-not-exist: no such item/);
});

test('missing credentials are an auth failure before any call', async () => {
  const stub = stubFetch(() => jsonResponse({}));
  const err = await callTop(stubContext(stub.fetch, { appKey: 'k', appSecret: 's' }, 'https://gw.example', now), 'taobao.x.get', {}).catch((e: unknown) => e);
  assert.ok(err instanceof PlatformError && err.kind === 'auth' && /session/.test(err.message));
  assert.equal(stub.requests.length, 0);
});
