import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { checkSignature } from './gateway.ts';
import { startTaobaoSim, type TaobaoSim } from './index.ts';

const vectors = JSON.parse(readFileSync(new URL('../../../shared/fixtures/platforms/china-gateways/sign-vectors.json', import.meta.url), 'utf8'));
const official = vectors.vectors.find((v: { platform: string }) => v.platform === 'taobao-top') as { secret: string; params: Record<string, string>; expected: string };

test('the signature check accepts the official TOP md5 vector and rejects a wrong sign with code 25', () => {
  assert.equal(official.expected, '66987CB115214E59E6EC978214934FB8');
  assert.equal(checkSignature(official.secret, { ...official.params, sign: official.expected }), null);
  assert.equal(checkSignature(official.secret, { ...official.params, sign: official.expected.toLowerCase() }), null);
  assert.equal(checkSignature(official.secret, { ...official.params, sign: '66987CB115214E59E6EC978214934FB9' })?.code, 25);
  assert.equal(checkSignature(official.secret, { ...official.params, num_iid: '11223345', sign: official.expected })?.code, 25);
  assert.equal(checkSignature(official.secret, official.params)?.code, 24);
});

/** The test's own signer, written apart from sim/taobao/sign.ts from the same doc. */
function sign(params: Record<string, string>, secret: string): string {
  const text = Object.keys(params).sort().filter((k) => params[k] !== '').map((k) => k + params[k]).join('');
  const method = params.sign_method;
  const hex = method === 'md5'
    ? createHash('md5').update(secret + text + secret).digest('hex')
    : createHmac(method === 'hmac' ? 'md5' : 'sha256', secret).update(text).digest('hex');
  return hex.toUpperCase();
}

const gmt8Now = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

let sim: TaobaoSim;
before(async () => {
  sim = await startTaobaoSim({ catalog: [{ sku: 'TEA-1', qty: 5, price: '12.00' }] });
});
after(() => sim.close());

async function call(signMethod: string, overrides: Record<string, string> = {}) {
  const { appKey, appSecret, session } = sim.credentials;
  const params: Record<string, string> = {
    method: 'taobao.items.onsale.get', app_key: appKey, session, timestamp: gmt8Now(), format: 'json', v: '2.0',
    sign_method: signMethod, fields: 'num_iid,title,num', page_no: '1', empty: '',
  };
  params.sign = sign(params, appSecret);
  Object.assign(params, overrides);
  const response = await fetch(sim.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' }, body: new URLSearchParams(params) });
  return response.json();
}

test('signed calls are accepted with md5, hmac and hmac-sha256', async () => {
  for (const method of ['md5', 'hmac', 'hmac-sha256']) {
    const answer = await call(method);
    assert.equal(answer.items_onsale_get_response?.total_results, 1, `${method}: ${JSON.stringify(answer)}`);
  }
});

test('a wrong sign is code 25, a wrong session 27, a stale timestamp 31, an unknown method 22', async () => {
  const wrongSign = await call('md5', { sign: '0'.repeat(32) });
  assert.equal(wrongSign.error_response.code, 25);
  assert.equal(wrongSign.error_response.msg, 'Invalid signature');
  assert.match(wrongSign.error_response.request_id, /^[0-9a-z]{13}$/);
  assert.equal((await call('md5', { session: 'someone-else' })).error_response.code, 25, 'the session is signed too');
  const { appSecret } = sim.credentials;
  const signedWith = async (changes: Record<string, string>) => {
    const { appKey, session } = sim.credentials;
    const params: Record<string, string> = { method: 'taobao.items.onsale.get', app_key: appKey, session, timestamp: gmt8Now(), format: 'json', v: '2.0', sign_method: 'md5', fields: 'num_iid', ...changes };
    params.sign = sign(params, appSecret);
    return (await fetch(`${sim.gatewayUrl}?${new URLSearchParams(params)}`)).json();
  };
  assert.deepEqual((await signedWith({ session: 'someone-else' })).error_response.sub_code, 'invalid-sessionkey');
  assert.equal((await signedWith({ timestamp: '2016-01-01 12:00:00' })).error_response.code, 31);
  assert.equal((await signedWith({ method: 'taobao.no.such.method' })).error_response.code, 22);
});
