/**
 * OAuth 1.0a one-legged request signing, as WooCommerce checks it over plain http
 * (class-wc-rest-authentication.php check_oauth_signature; PLATFORMS.md §2 "Auth"): no token, so the
 * signing key is the consumer secret followed by "&"; the base string is
 * METHOD & enc(URL without query) & enc(the sorted "enc(key)=enc(value)" pairs joined by "&"); the
 * parameters are those of the query plus the oauth_* ones, and all of them travel in the query
 * string (WooCommerce does not read an Authorization header for OAuth). The body is not signed.
 * WooCommerce appends "&" to the secret as it is, where RFC 5849 (and the oauth-1.0a package the
 * official JS client uses) percent-encodes it first; WooCommerce's secrets ("cs_" + hex) read the same
 * either way, and the server's rule is the one that counts.
 */
import { createHmac } from 'node:crypto';

export type OAuthSignatureMethod = 'HMAC-SHA1' | 'HMAC-SHA256';

export interface OAuthRequest {
  consumerKey: string;
  consumerSecret: string;
  /** Unix seconds; WooCommerce refuses a timestamp more than 15 minutes from its clock. */
  timestampSeconds: number;
  /** Unique per request: WooCommerce refuses a nonce it has seen from the key within 15 minutes. */
  nonce: string;
  /** WooCommerce accepts both; the official JS client sends HMAC-SHA256. */
  signatureMethod?: OAuthSignatureMethod;
}

/** RFC 3986 encoding, as PHP's rawurlencode: encodeURIComponent leaves !'()* unescaped. */
export function percentEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const byKeyThenValue = ([ka, va]: [string, string], [kb, vb]: [string, string]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0);

/** The signature base string of a request whose parameters (decoded) are `params`. */
export function oauthBaseString(method: string, url: URL, params: [string, string][]): string {
  const pairs = params.map(([k, v]): [string, string] => [percentEncode(k), percentEncode(v)]).sort(byKeyThenValue);
  const baseUrl = `${url.protocol}//${url.host}${url.pathname}`;
  return [method.toUpperCase(), percentEncode(baseUrl), percentEncode(pairs.map(([k, v]) => `${k}=${v}`).join('&'))].join('&');
}

export function oauthSignature(baseString: string, consumerSecret: string, signatureMethod: OAuthSignatureMethod = 'HMAC-SHA256'): string {
  const algorithm = signatureMethod === 'HMAC-SHA1' ? 'sha1' : 'sha256';
  return createHmac(algorithm, `${consumerSecret}&`).update(baseString, 'utf8').digest('base64');
}

/** The URL with the oauth_* parameters, the signature last, added to its query. */
export function signUrl(method: string, url: string, request: OAuthRequest): string {
  const target = new URL(url);
  const oauth: [string, string][] = [
    ['oauth_consumer_key', request.consumerKey],
    ['oauth_nonce', request.nonce],
    ['oauth_signature_method', request.signatureMethod ?? 'HMAC-SHA256'],
    ['oauth_timestamp', String(request.timestampSeconds)],
    ['oauth_version', '1.0'],
  ];
  const base = oauthBaseString(method, target, [...target.searchParams.entries(), ...oauth]);
  for (const [key, value] of oauth) target.searchParams.append(key, value);
  target.searchParams.append('oauth_signature', oauthSignature(base, request.consumerSecret, request.signatureMethod));
  return target.toString();
}
