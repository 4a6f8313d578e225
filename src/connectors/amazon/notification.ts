/**
 * ORDER_CHANGE notifications (PLATFORMS.md §3 "Notifications"; the ORDER_CHANGE fixture). Amazon
 * sends them to an SQS queue and signs nothing: trust comes from the queue's policy. The hub gets
 * them from a relay (a queue consumer, or EventBridge Pipes to an API destination) that POSTs the
 * message body unchanged to /webhooks/amazon/{connectionId} with the connection's shared secret in
 * AMAZON_NOTIFICATION_SECRET_HEADER. NotificationId is the delivery id: a redelivery is recorded once.
 *
 * A notification is kept, not interpreted into an order. Its Summary names items, SKUs and
 * quantities but no prices, titles or ASINs, and no LastUpdateDate: an order built from it would be
 * incomplete, and stored beside pulled versions it would claim a version the hub never read. The pull
 * (getOrders + getOrderItems) brings the whole order; the notification is the audit trail that it changed.
 */
import { parseJsonPreservingBigInts } from '../json.ts';
import { isRecord, textOf } from '../payload.ts';
import { headerOf, sameSecretText, type IncomingHeaders } from '../signature.ts';
import type { RawRecord, WebhookVerdict } from '../types.ts';

export const AMAZON_NOTIFICATION_SECRET_HEADER = 'x-relay-secret';


export function verifyAmazonNotification(headers: IncomingHeaders, rawBody: Buffer, credentials: Record<string, string>): WebhookVerdict {
  const secret = credentials.notificationSecret;
  if (!secret) return { ok: false, reason: 'no notificationSecret in the connection credentials' };
  const given = headerOf(headers, AMAZON_NOTIFICATION_SECRET_HEADER);
  if (given === null) return { ok: false, reason: `missing_headers: ${AMAZON_NOTIFICATION_SECRET_HEADER}` };
  if (!sameSecretText(given, secret)) return { ok: false, reason: 'invalid_secret' };
  const notification = notificationOf(rawBody);
  const metadata = isRecord(notification?.NotificationMetadata) ? notification.NotificationMetadata : {};
  const payload = isRecord(notification?.Payload) ? notification.Payload : {};
  const change = isRecord(payload.OrderChangeNotification) ? payload.OrderChangeNotification : {};
  return {
    ok: true,
    topic: textOf(notification?.NotificationType) ?? 'unknown',
    webhookId: textOf(metadata.NotificationId),
    externalId: textOf(change.AmazonOrderId),
    triggeredAt: textOf(notification?.EventTime),
  };
}

function notificationOf(rawBody: Buffer): Record<string, unknown> | null {
  try {
    const body = parseJsonPreservingBigInts(rawBody.toString('utf8'));
    return isRecord(body) ? body : null;
  } catch {
    return null;
  }
}

/** No records: see the module comment. The hub keeps the body under its NotificationId and AmazonOrderId. */
export function parseAmazonNotification(_topic: string, _body: unknown): RawRecord[] {
  return [];
}
