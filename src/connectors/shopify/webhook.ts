/**
 * Shopify webhook verification, as @shopify/shopify-api's webhooks.validate() does it:
 * base64(HMAC-SHA256(key = app client secret, message = the raw body bytes)) compared timing-safe
 * with X-Shopify-Hmac-Sha256, and the delivery refused (missing_headers) unless Hmac, Topic,
 * Shop-Domain, API-Version and Webhook-Id are all present.
 */
import { parseJsonPreservingBigInts } from '../json.ts';
import { isRecord, optionalIdOf } from '../payload.ts';
import { headerOf, hmacSha256Base64, sameSecretText, type IncomingHeaders } from '../signature.ts';
import type { WebhookVerdict } from '../types.ts';

const HMAC = 'x-shopify-hmac-sha256';
const TOPIC = 'x-shopify-topic';
const REQUIRED = [HMAC, TOPIC, 'x-shopify-shop-domain', 'x-shopify-api-version', 'x-shopify-webhook-id'];


export function shopifyWebhookHmac(rawBody: Buffer, apiSecret: string): string {
  return hmacSha256Base64(rawBody, apiSecret);
}


export function verifyShopifyWebhook(headers: IncomingHeaders, rawBody: Buffer, credentials: Record<string, string>): WebhookVerdict {
  const secret = credentials.apiSecret;
  if (!secret) return { ok: false, reason: 'no apiSecret in the connection credentials' };
  const missing = REQUIRED.filter((name) => headerOf(headers, name) === null);
  if (missing.length > 0) return { ok: false, reason: `missing_headers: ${missing.join(', ')}` };
  if (!sameSecretText(headerOf(headers, HMAC) ?? '', shopifyWebhookHmac(rawBody, secret))) return { ok: false, reason: 'invalid_hmac' };
  return {
    ok: true,
    topic: headerOf(headers, TOPIC) ?? '',
    webhookId: headerOf(headers, 'x-shopify-webhook-id'),
    externalId: idInBody(rawBody),
    triggeredAt: headerOf(headers, 'x-shopify-triggered-at'),
  };
}

/** The order (or other resource) id in the body, read big-int safe; null when the body has none. */
function idInBody(rawBody: Buffer): string | null {
  try {
    const body = parseJsonPreservingBigInts(rawBody.toString('utf8'));
    return isRecord(body) ? optionalIdOf(body.id) : null;
  } catch {
    return null;
  }
}
