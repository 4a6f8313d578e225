/**
 * WooCommerce webhook verification (class-wc-webhook.php deliver / generate_signature):
 * X-WC-Webhook-Signature = base64(HMAC-SHA256(key = the webhook's secret, message = the raw body)),
 * compared timing-safe. The topic is X-WC-Webhook-Topic ("order.updated"), the order id the body's "id".
 * X-WC-Webhook-Delivery-ID is wp_hash(webhook id . current unix second) (get_new_delivery_id): it
 * is the same for every delivery of one webhook within one second, whatever the order or change.
 * Alone it would make the inbox drop as a duplicate a second order, or a second change of one order,
 * delivered in the same second; so the dedupe key is the delivery id with a hash of the body: a
 * delivery sent twice (same bytes) counts once, any other content is kept.
 *
 * When a webhook is saved WooCommerce first POSTs a ping (deliver_ping): body "webhook_id=N", no
 * signature, no topic; a reply other than 200 makes saving the webhook fail. Exactly that shape is
 * accepted as topic "ping" so the hub answers 200 and stores it, interpreting nothing.
 */
import { createHash } from 'node:crypto';
import { parseJsonPreservingBigInts } from '../json.ts';
import { isRecord, optionalIdOf } from '../payload.ts';
import { headerOf, hmacSha256Base64, sameSecretText, type IncomingHeaders } from '../signature.ts';
import type { WebhookVerdict } from '../types.ts';

export const WOO_PING_TOPIC = 'ping';
const SIGNATURE = 'x-wc-webhook-signature';
const TOPIC = 'x-wc-webhook-topic';
const PING_BODY = /^webhook_id=\d+$/;


export function wooWebhookSignature(rawBody: Buffer, webhookSecret: string): string {
  return hmacSha256Base64(rawBody, webhookSecret);
}


/** The creation ping and nothing else: no signature, no topic, a body of exactly "webhook_id=N". */
export function isWooCreationPing(headers: IncomingHeaders, rawBody: Buffer): boolean {
  return headerOf(headers, SIGNATURE) === null && headerOf(headers, TOPIC) === null && PING_BODY.test(rawBody.toString('utf8'));
}

export function verifyWooWebhook(headers: IncomingHeaders, rawBody: Buffer, credentials: Record<string, string>): WebhookVerdict {
  if (isWooCreationPing(headers, rawBody)) return { ok: true, topic: WOO_PING_TOPIC, webhookId: null, externalId: null, triggeredAt: null };
  const secret = credentials.webhookSecret;
  if (!secret) return { ok: false, reason: 'no webhookSecret in the connection credentials' };
  const missing = [SIGNATURE, TOPIC].filter((name) => headerOf(headers, name) === null);
  if (missing.length > 0) return { ok: false, reason: `missing_headers: ${missing.join(', ')}` };
  if (!sameSecretText(headerOf(headers, SIGNATURE) ?? '', wooWebhookSignature(rawBody, secret))) return { ok: false, reason: 'invalid_signature' };
  const deliveryId = headerOf(headers, 'x-wc-webhook-delivery-id');
  return {
    ok: true,
    topic: headerOf(headers, TOPIC) ?? '',
    webhookId: deliveryId === null ? null : `${deliveryId}:${createHash('sha256').update(rawBody).digest('hex').slice(0, 16)}`,
    externalId: idInBody(rawBody),
    // WooCommerce sends no event time; date_modified_gmt in the body dates the order.
    triggeredAt: null,
  };
}

function idInBody(rawBody: Buffer): string | null {
  try {
    const body = parseJsonPreservingBigInts(rawBody.toString('utf8'));
    return isRecord(body) ? optionalIdOf(body.id) : null;
  } catch {
    return null;
  }
}
