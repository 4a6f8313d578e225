/**
 * WMS webhooks: a POST of {seq, type} that only says "there is news" (the events are pulled by seq),
 * signed X-WMS-Signature = base64(HMAC-SHA256(webhookSecret, raw body bytes)).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isRecord } from '../../connectors/payload.ts';

type IncomingHeaders = Record<string, string | string[] | undefined>;

const SIGNATURE = 'x-wms-signature';

export function wmsWebhookSignature(rawBody: Buffer, webhookSecret: string): string {
  return createHmac('sha256', webhookSecret).update(rawBody).digest('base64');
}

export function verifyWmsWebhook(headers: IncomingHeaders, rawBody: Buffer, credentials: Record<string, string>): boolean {
  const secret = credentials.webhookSecret;
  const given = headerOf(headers, SIGNATURE);
  if (!secret || given === null) return false;
  const expected = Buffer.from(wmsWebhookSignature(rawBody, secret), 'utf8');
  const received = Buffer.from(given, 'utf8');
  return received.length === expected.length && timingSafeEqual(received, expected);
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

/** Header names are case-insensitive; a repeated header counts by its first value. */
function headerOf(headers: IncomingHeaders, name: string): string | null {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined || first === '' ? null : first;
  }
  return null;
}
