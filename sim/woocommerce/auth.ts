/**
 * WooCommerce REST authentication as class-wc-rest-authentication.php does it. Over https (here: a
 * request carrying X-Forwarded-Proto: https, as behind a TLS-terminating proxy that sets is_ssl())
 * HTTP Basic or the consumer_key/consumer_secret query parameters; otherwise, and as a fallback,
 * OAuth 1.0a one-legged with its parameters in the query string:
 * - the base string is METHOD & rawurlencode(home URL + path) & the parameters sorted by key
 *   (strcmp), each key and value rawurlencoded, each "key=value" rawurlencoded again, joined by %26;
 * - HMAC-SHA1 or HMAC-SHA256 with the key consumer_secret + "&", base64;
 * - the timestamp within 15 minutes of the server clock, the nonce unused within those 15 minutes.
 * A request with no credentials at all is anonymous (its route then refuses it); wrong credentials
 * are refused with woocommerce_rest_authentication_error, whatever the route.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SimRequest } from '../common/http.ts';
import type { WooCredentials } from './options.ts';

export type AuthOutcome = { kind: 'authenticated' } | { kind: 'anonymous' } | { kind: 'refused'; message: string };

const WINDOW_S = 15 * 60;
const OAUTH_REQUIRED = ['oauth_consumer_key', 'oauth_timestamp', 'oauth_nonce', 'oauth_signature', 'oauth_signature_method'];

/** PHP rawurlencode (RFC 3986). */
export function rawUrlEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Nonces seen per timestamp window, as WooCommerce keeps them on the API key. */
export class NonceBook {
  private readonly seen = new Map<string, number>();

  /** False when the nonce was used within the window; records it otherwise. */
  use(nonce: string, nowS: number): boolean {
    for (const [seenNonce, at] of this.seen) if (at < nowS - WINDOW_S) this.seen.delete(seenNonce);
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, nowS);
    return true;
  }
}

/** The signature WooCommerce expects for these (decoded) query parameters, oauth_signature left out. */
export function expectedOAuthSignature(method: string, homeUrlAndPath: string, params: Record<string, string>, consumerSecret: string): string | null {
  const algorithm = params.oauth_signature_method === 'HMAC-SHA1' ? 'sha1' : params.oauth_signature_method === 'HMAC-SHA256' ? 'sha256' : null;
  if (!algorithm) return null;
  const keys = Object.keys(params).filter((k) => k !== 'oauth_signature').sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const query = keys.map((k) => rawUrlEncode(`${rawUrlEncode(k)}=${rawUrlEncode(params[k]!)}`)).join('%26');
  const stringToSign = `${method.toUpperCase()}&${rawUrlEncode(homeUrlAndPath)}&${query}`;
  return createHmac(algorithm, `${consumerSecret}&`).update(stringToSign, 'utf8').digest('base64');
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function authenticate(request: SimRequest, credentials: WooCredentials, nonces: NonceBook, nowMs: number): AuthOutcome {
  if (request.headers['x-forwarded-proto'] === 'https') {
    const basic = basicAuthentication(request, credentials);
    if (basic.kind !== 'anonymous') return basic;
  }
  return oauthAuthentication(request, credentials, nonces, nowMs);
}

function basicAuthentication(request: SimRequest, credentials: WooCredentials): AuthOutcome {
  const header = request.headers.authorization ?? '';
  let key: string | null = null;
  let secret: string | null = null;
  if (/^basic /i.test(header)) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    [key, secret] = colon < 0 ? [decoded, ''] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
  } else if (request.query.has('consumer_key') && request.query.has('consumer_secret')) {
    [key, secret] = [request.query.get('consumer_key'), request.query.get('consumer_secret')];
  }
  if (key === null || secret === null) return { kind: 'anonymous' };
  if (key !== credentials.consumerKey) return { kind: 'refused', message: 'Consumer key is invalid.' };
  if (!sameText(secret, credentials.consumerSecret)) return { kind: 'refused', message: 'Consumer secret is invalid.' };
  return { kind: 'authenticated' };
}

function oauthAuthentication(request: SimRequest, credentials: WooCredentials, nonces: NonceBook, nowMs: number): AuthOutcome {
  // PHP's $_GET: a repeated parameter keeps its last value.
  const params = Object.fromEntries(request.query);
  if (!OAUTH_REQUIRED.some((name) => name in params)) return { kind: 'anonymous' };
  const missing = OAUTH_REQUIRED.filter((name) => !params[name]);
  if (missing.length > 0) return { kind: 'refused', message: `Missing OAuth parameter ${missing.join(', ')}` };
  if (params.oauth_consumer_key !== credentials.consumerKey) return { kind: 'refused', message: 'Consumer key is invalid.' };
  const scheme = request.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
  const homeUrlAndPath = `${scheme}://${request.headers.host ?? '127.0.0.1'}${request.path}`;
  const expected = expectedOAuthSignature(request.method, homeUrlAndPath, params, credentials.consumerSecret);
  if (expected === null) return { kind: 'refused', message: 'Invalid signature - signature method is invalid.' };
  // A "+" in a signature sent unescaped arrives as a space (WooCommerce puts it back the same way).
  if (!sameText(params.oauth_signature!.replace(/ /g, '+'), expected)) return { kind: 'refused', message: 'Invalid signature - provided signature does not match.' };
  const nowS = Math.floor(nowMs / 1000);
  const timestamp = Number(params.oauth_timestamp);
  if (!Number.isInteger(timestamp) || timestamp < nowS - WINDOW_S || timestamp > nowS + WINDOW_S) return { kind: 'refused', message: 'Invalid timestamp.' };
  if (!nonces.use(params.oauth_nonce!, nowS)) return { kind: 'refused', message: 'Invalid nonce - nonce has already been used.' };
  return { kind: 'authenticated' };
}
