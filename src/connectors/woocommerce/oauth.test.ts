import officialClient from '@woocommerce/woocommerce-rest-api';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { oauthBaseString, oauthSignature, percentEncode, signUrl } from './oauth.ts';

// The package is Babel-compiled CommonJS: an ES import receives module.exports, whose "default" is the class.
const WooCommerceRestApi = officialClient.default;

test('percent-encoding follows RFC 3986, as PHP rawurlencode (Twitter "Percent encoding parameters" examples)', () => {
  assert.equal(percentEncode('Ladies + Gentlemen'), 'Ladies%20%2B%20Gentlemen');
  assert.equal(percentEncode('An encoded string!'), 'An%20encoded%20string%21');
  assert.equal(percentEncode('Dogs, Cats & Mice'), 'Dogs%2C%20Cats%20%26%20Mice');
  assert.equal(percentEncode('☃'), '%E2%98%83');
  assert.equal(percentEncode("-._~*'()"), "-._~%2A%27%28%29");
});

test('the base string of the RFC 5849 §3.4.1.1 example request is the RFC\'s, repeated keys sorted by value', () => {
  const params: [string, string][] = [
    ['b5', '=%3D'], ['a3', 'a'], ['c@', ''], ['a2', 'r b'], ['oauth_consumer_key', '9djdj82h48djs9d2'], ['oauth_token', 'kkk9d7dh3k39sjv7'],
    ['oauth_signature_method', 'HMAC-SHA1'], ['oauth_timestamp', '137131201'], ['oauth_nonce', '7d8f3e4a'], ['c2', ''], ['a3', '2 q'],
  ];
  assert.equal(oauthBaseString('post', new URL('http://example.com/request?b5=%3D%253D'), params),
    'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26'
    + 'oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7');
});

/** Starts a server that records the URL of each request the official client makes, and answers []. */
async function recorder(): Promise<{ url: string; seen: { method: string; url: URL }[]; close(): Promise<void> }> {
  const seen: { method: string; url: URL }[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: new URL(req.url ?? '/', `http://${req.headers.host}`) });
    req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('[]'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test('our signature of what the official client sent equals the signature the official client computed', async () => {
  const shop = await recorder();
  try {
    const client = new WooCommerceRestApi({ url: shop.url, consumerKey: 'ck_test', consumerSecret: 'cs_6b1f0c2d9e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c', version: 'wc/v3', queryStringAuth: true });
    await client.get('orders', { per_page: 100, page: 2, modified_after: '2025-04-01T00:00:00', status: 'any', search: 'Dogs, Cats & Mice!' });
    await client.put('products/799', { stock_quantity: 7, manage_stock: true });
    assert.equal(shop.seen.length, 2);
    for (const { method, url } of shop.seen) {
      // The client sends its query twice (in the URL and again in axios params); PHP's $_GET keeps one value per key.
      const params = [...new Map(url.searchParams)].filter(([key]) => key !== 'oauth_signature');
      assert.equal(url.searchParams.get('oauth_signature_method'), 'HMAC-SHA256');
      assert.equal(oauthSignature(oauthBaseString(method, url, params), 'cs_6b1f0c2d9e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c'), url.searchParams.get('oauth_signature'), `${method} ${url.pathname}`);
    }
  } finally {
    await shop.close();
  }
});

test('a signed URL keeps its query and adds the oauth parameters, the signature last', () => {
  const signed = new URL(signUrl('GET', 'http://shop.test:8080/wp-json/wc/v3/orders?page=2&per_page=100', {
    consumerKey: 'ck_1', consumerSecret: 'cs_1', timestampSeconds: 1_743_600_000, nonce: 'abc123',
  }));
  assert.deepEqual([...signed.searchParams.keys()], ['page', 'per_page', 'oauth_consumer_key', 'oauth_nonce', 'oauth_signature_method', 'oauth_timestamp', 'oauth_version', 'oauth_signature']);
  const params = [...signed.searchParams].filter(([key]) => key !== 'oauth_signature');
  assert.equal(signed.searchParams.get('oauth_signature'), oauthSignature(oauthBaseString('GET', signed, params), 'cs_1'));
  assert.match(oauthBaseString('GET', signed, params), /^GET&http%3A%2F%2Fshop\.test%3A8080%2Fwp-json%2Fwc%2Fv3%2Forders&/);
});
