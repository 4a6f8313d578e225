/**
 * WMS webhooks: a POST of {seq, type} that only says "there is news" (the events are pulled by seq),
 * signed X-WMS-Signature = base64(HMAC-SHA256(webhookSecret, raw body bytes)).
 */
import { isRecord } from '../../connectors/payload.ts';
import { headerOf, hmacSha256Base64, sameSecretText, type IncomingHeaders } from '../../connectors/signature.ts';

const SIGNATURE = 'x-wms-signature';

export function wmsWebhookSignature(rawBody: Buffer, webhookSecret: string): string {
  return hmacSha256Base64(rawBody, webhookSecret);
}

export function verifyWmsWebhook(headers: IncomingHeaders, rawBody: Buffer, credentials: Record<string, string>): boolean {
  const secret = credentials.webhookSecret;
  const given = headerOf(headers, SIGNATURE);
  if (!secret || given === null) return false;
  return sameSecretText(given, wmsWebhookSignature(rawBody, secret));
}

/** The news a (verified) webhook carries, or null when its body is not {seq, type}. */
export function wmsWebhookNews(rawBody: Buffer): { seq: number; type: string } | null {
  try {
    const body: unknown = JSON.parse(rawBody.toString('utf8'));
    if (isRecord(body) && Number.isSafeInteger(body.seq) && typeof body.type === 'string') return { seq: body.seq as number, type: body.type };
  } catch {
    // not JSON
  }
  return null;
}

