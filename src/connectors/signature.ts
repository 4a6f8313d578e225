/** What every signed webhook needs: a header read case-insensitively, an HMAC, a constant-time comparison. */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type IncomingHeaders = Record<string, string | string[] | undefined>;

/** Header names are case-insensitive; a repeated header counts by its first value; empty is absent. */
export function headerOf(headers: IncomingHeaders, name: string): string | null {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined || first === '' ? null : first;
  }
  return null;
}

/** base64(HMAC-SHA256(secret, raw body bytes)): Shopify's, WooCommerce's and the WMS's signature. */
export function hmacSha256Base64(rawBody: Buffer, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

/** Compared as digests, so neither the content nor the length of the expected text leaks through timing. */
export function sameSecretText(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
