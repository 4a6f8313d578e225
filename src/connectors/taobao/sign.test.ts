import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { md5Sign, signTopRequest, topStringToSign } from './sign.ts';

interface Vector { platform: string; secret: string; params: Record<string, string>; string_to_sign?: string; expected: string }
const vectorsUrl = new URL('../../../../shared/fixtures/platforms/china-gateways/sign-vectors.json', import.meta.url);
const vectors = (JSON.parse(readFileSync(vectorsUrl, 'utf8')) as { vectors: Vector[] }).vectors;
const vector = (platform: string): Vector => {
  const found = vectors.find((v) => v.platform === platform);
  assert.ok(found, platform);
  return found;
};

test('the official TOP md5 example signs to 66987CB115214E59E6EC978214934FB8', () => {
  const top = vector('taobao-top');
  assert.equal(`${top.secret}${topStringToSign(top.params)}${top.secret}`, top.string_to_sign);
  assert.equal(signTopRequest(top.params, top.secret, 'md5'), '66987CB115214E59E6EC978214934FB8');
  assert.equal(top.expected, '66987CB115214E59E6EC978214934FB8');
});

test('the Pinduoduo and JD examples sign with the same md5 scheme', () => {
  assert.equal(md5Sign(vector('pinduoduo').secret, vector('pinduoduo').params), 'E4DE3ED21002510DED352819E7AE6775');
  assert.equal(md5Sign(vector('jd').secret, vector('jd').params), 'D70825340F4084360B9362B60DFD7930');
});

test('hmac and hmac-sha256 key the hash with the secret over the same string, uppercase hex', () => {
  const { params, secret } = vector('taobao-top');
  const text = topStringToSign(params);
  assert.equal(signTopRequest(params, secret, 'hmac-sha256'), createHmac('sha256', secret).update(text).digest('hex').toUpperCase());
  assert.equal(signTopRequest(params, secret, 'hmac'), createHmac('md5', secret).update(text).digest('hex').toUpperCase());
});

test('sign and empty values are left out, and a body is appended', () => {
  assert.equal(topStringToSign({ b: '2', sign: 'XYZ', a: '1', empty: '' }, '{"x":1}'), 'a1b2{"x":1}');
});
