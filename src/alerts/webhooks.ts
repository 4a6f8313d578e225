/**
 * Outbound alert webhooks: where alerts are POSTed, signed so the receiver can tell them from forgeries
 * and replays. Each delivery is an outbox job written with the alert, so the outbox's retries with
 * backoff and its dead letter apply.
 */
import { createHmac } from 'node:crypto';
import { recordAudit } from '../audit/index.ts';
import type { SecretBox } from '../channels/index.ts';
import { failure, ok, type Result } from '../errors/index.ts';
import type { Db } from '../store/index.ts';
import type { Job, JobSpec } from '../sync/index.ts';
import type { Notice } from './store.ts';

export interface AlertWebhook {
  id: string;
  url: string;
  enabled: boolean;
  createdBy: string;
  createdAt: string;
}

export const DELIVERY_KIND = 'alert_delivery';

/** A receiver recomputes this over the timestamp header, a dot and the raw body, with the shared secret. */
export function signDelivery(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

type Row = { id: string; url: string; enabled: boolean; created_by: string; created_at: Date };
const toWebhook = (r: Row): AlertWebhook => ({ id: r.id, url: r.url, enabled: r.enabled, createdBy: r.created_by, createdAt: r.created_at.toISOString() });
const columns = ['id', 'url', 'enabled', 'created_by', 'created_at'] as const;

export async function listWebhooks(db: Db): Promise<AlertWebhook[]> {
  return (await db.selectFrom('alert_webhooks').select(columns).orderBy('id').execute()).map(toWebhook);
}

export async function addWebhook(db: Db, secrets: SecretBox, input: { url: string; secret: string; enabled?: boolean | undefined }, actor: string): Promise<AlertWebhook> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('alert_webhooks').values({ url: input.url, secret_sealed: secrets.seal(input.secret), enabled: input.enabled ?? true, created_by: actor })
      .returning(columns).executeTakeFirstOrThrow();
    const hook = toWebhook(row);
    // The secret never goes into the audit log.
    await recordAudit(trx, { actor, action: 'alerts.webhook.add', subjectType: 'alert_webhook', subjectId: hook.id, before: null, after: { url: hook.url, enabled: hook.enabled } });
    return hook;
  });
}

export async function removeWebhook(db: Db, id: string, actor: string): Promise<Result<AlertWebhook>> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.deleteFrom('alert_webhooks').where('id', '=', id).returning(columns).executeTakeFirst();
    if (!row) return failure('ALERTS.WEBHOOK_NOT_FOUND', `No alert webhook has id ${id}.`, { webhookId: id });
    const hook = toWebhook(row);
    await recordAudit(trx, { actor, action: 'alerts.webhook.remove', subjectType: 'alert_webhook', subjectId: id, before: { url: hook.url, enabled: hook.enabled }, after: null });
    return ok(hook);
  });
}

/** One delivery job per enabled webhook and notice, in the transaction that raised the alerts. */
export async function deliveryJobs(trx: Db, notices: Notice[], maxAttempts: number): Promise<JobSpec[]> {
  if (notices.length === 0) return [];
  const hooks = await trx.selectFrom('alert_webhooks').select('id').where('enabled', '=', true).execute();
  return notices.flatMap((n) => hooks.map((h) => {
    const deliveryId = `alert-${n.alert.id}-${n.sequence}-webhook-${h.id}`;
    const body = JSON.stringify({ event: 'alert.raised', deliveryId, alert: n.alert });
    return { kind: DELIVERY_KIND, dedupeKey: `${DELIVERY_KIND}:${deliveryId}`, priority: 40, maxAttempts, payload: { webhookId: h.id, deliveryId, body } };
  }));
}

export interface DeliveryDeps {
  db: Db;
  secrets: SecretBox;
  fetch: typeof fetch;
  now(): Date;
  timeoutMs: number;
}

/** POSTs one delivery; a refusal or no answer throws, and the outbox tries again later. */
export async function deliver(deps: DeliveryDeps, job: Job): Promise<unknown> {
  const { webhookId, deliveryId, body } = job.payload as { webhookId: string; deliveryId: string; body: string };
  const hook = await deps.db.selectFrom('alert_webhooks').select(['url', 'secret_sealed', 'enabled']).where('id', '=', webhookId).executeTakeFirst();
  if (!hook || !hook.enabled) return { skipped: 'the webhook was removed or disabled' };
  // Signed per attempt: the timestamp says when this attempt was sent, so a receiver can refuse old replays.
  const timestamp = String(Math.floor(deps.now().getTime() / 1000));
  const response = await deps.fetch(hook.url, {
    method: 'POST', body, signal: AbortSignal.timeout(deps.timeoutMs),
    headers: {
      'content-type': 'application/json', 'user-agent': 'omnisync-alerts',
      'x-omnisync-signature': signDelivery(deps.secrets.open(hook.secret_sealed), timestamp, body),
      'x-omnisync-timestamp': timestamp, 'x-omnisync-delivery': deliveryId,
    },
  });
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new Error(`alert webhook ${hook.url} answered HTTP ${response.status}`);
  return { status: response.status };
}
