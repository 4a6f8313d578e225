/**
 * WooCommerce webhook requests (class-wc-webhook.php deliver / deliver_ping): the body is the REST
 * order as wp_json_encode writes it; X-WC-Webhook-Signature = base64(HMAC-SHA256(secret, body));
 * Source, Topic, Resource, Event, ID and Delivery-ID headers beside it. The delivery id is
 * wp_hash(webhook id . current unix second) (get_new_delivery_id): two deliveries of one webhook
 * within the same second, for different orders, carry the same delivery id, as on a real shop. A
 * saved webhook is first pinged with the unsigned form body "webhook_id=N".
 */
import { createHmac } from 'node:crypto';
import type { OutgoingWebhook } from '../common/webhooks.ts';

export type OrderTopic = 'order.created' | 'order.updated';

const USER_AGENT = 'WooCommerce/9.8.5 Hookshot (WordPress/6.8.1)';
/** The simulated shop has one webhook per topic, with these ids. */
export const WEBHOOK_IDS: Record<OrderTopic, number> = { 'order.created': 1, 'order.updated': 2 };

export interface WebhookContext {
  siteUrl: string;
  secret: string;
  /** wp_hash's key (the site's salt). */
  salt: string;
}

export function wooWebhookSignature(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('base64');
}

export function orderWebhook(context: WebhookContext, topic: OrderTopic, body: string, nowMs: number): OutgoingWebhook {
  const deliveryId = createHmac('md5', context.salt).update(`${WEBHOOK_IDS[topic]}${Math.floor(nowMs / 1000)}`).digest('hex');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'x-wc-webhook-source': `${context.siteUrl}/`,
      'x-wc-webhook-topic': topic,
      'x-wc-webhook-resource': 'order',
      'x-wc-webhook-event': topic.slice('order.'.length),
      'x-wc-webhook-signature': wooWebhookSignature(body, context.secret),
      'x-wc-webhook-id': String(WEBHOOK_IDS[topic]),
      'x-wc-webhook-delivery-id': deliveryId,
    },
  };
}

/** wp_safe_remote_post with a string body: curl sends it form-encoded; nothing is signed. */
export function pingWebhook(webhookId: number): OutgoingWebhook {
  return { body: `webhook_id=${webhookId}`, headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': USER_AGENT } };
}
