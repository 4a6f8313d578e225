/**
 * Shopify webhook requests (PLATFORMS.md §1 "Webhooks"): the body is the order JSON without the
 * {"order":…} wrapper; X-Shopify-Hmac-Sha256 is base64(HMAC-SHA256(app secret, raw body)); the
 * five headers @shopify/shopify-api requires (Hmac, Topic, Shop-Domain, API-Version, Webhook-Id)
 * are always present, with Triggered-At and Event-Id beside them.
 */
import { createHmac } from 'node:crypto';
import type { Prng } from '../common/prng.ts';
import type { OutgoingWebhook } from '../common/webhooks.ts';

export type OrderTopic = 'orders/create' | 'orders/updated' | 'orders/paid' | 'orders/cancelled' | 'orders/fulfilled';

function shopifyWebhookHmac(rawBody: string, apiSecret: string): string {
  return createHmac('sha256', apiSecret).update(rawBody, 'utf8').digest('base64');
}

export interface WebhookContext {
  shopDomain: string;
  apiVersion: string;
  apiSecret: string;
  /** Draws the webhook and event ids, so they repeat with the seed. */
  ids: Prng;
}

/**
 * One event as sent; retries and duplicates resend this same object, so X-Shopify-Webhook-Id stays
 * the receiver's dedupe key (Shopify: "use X-Shopify-Webhook-Id to dedupe").
 */
export function orderWebhook(context: WebhookContext, topic: OrderTopic, body: string, triggeredMs: number): OutgoingWebhook {
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Shopify-Captain-Hook',
      'x-shopify-hmac-sha256': shopifyWebhookHmac(body, context.apiSecret),
      'x-shopify-topic': topic,
      'x-shopify-shop-domain': context.shopDomain,
      'x-shopify-api-version': context.apiVersion,
      'x-shopify-webhook-id': context.ids.uuid(),
      'x-shopify-triggered-at': new Date(triggeredMs).toISOString(),
      'x-shopify-event-id': context.ids.uuid(),
    },
  };
}
