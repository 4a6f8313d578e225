/**
 * Alerts: rules with thresholds judged on a schedule and on demand; an alert per condition and subject,
 * deduplicated while it lasts, resolved when it clears, acknowledged or snoozed by a person, and sent
 * to the log and to signed outbound webhooks through the job outbox.
 */
import { sql } from 'kysely';
import type { Logger } from 'pino';

/** The advisory lock key alert evaluations serialise on ('ALRT'). */
const ALERTS_LOCK = 0x414c5254;
import { recordAudit } from '../audit/index.ts';
import type { SecretBox } from '../channels/index.ts';
import { failure, ok, type Result } from '../errors/index.ts';
import type { AlertStatus, Db } from '../store/index.ts';
import type { Job, JobSpec, WorkerExtension } from '../sync/index.ts';
import { judge, type AlertSources } from './inputs.ts';
import { isRuleKind, type RuleKind } from './params.ts';
import { readRuleSettings, updateRuleSetting, type RulePatch, type RuleSetting } from './rule-settings.ts';
import { applyRaised, listAlerts, liveCounts, lockAlert, toAlert, updateAlert, writeState, type Alert, type AlertFilter, type Notice } from './store.ts';
import { addWebhook, deliver, deliveryJobs, DELIVERY_KIND, listWebhooks, removeWebhook, type AlertWebhook } from './webhooks.ts';

export type { Alert, AlertFilter } from './store.ts';
export type { AlertWebhook } from './webhooks.ts';
export type { RuleSetting, RulePatch } from './rule-settings.ts';
export type { AlertSources } from './inputs.ts';
export type { AccuracyReport, Hold, Raised } from './rules.ts';
export { ruleKinds, type RuleKind } from './params.ts';
export { signDelivery } from './webhooks.ts';

export interface AlertDeps extends AlertSources {
  db: Db;
  log: Logger;
  secrets: SecretBox;
  /** Writes jobs in the caller's transaction and wakes the workers (sync.enqueue). */
  enqueue(trx: Db, specs: JobSpec[]): Promise<void>;
  fetch?: typeof fetch;
  now?: () => Date;
  /** Attempts of a webhook delivery before it goes dead (default 8: about a minute of backoff). */
  deliveryAttempts?: number;
  deliveryTimeoutMs?: number;
}

export interface EvaluationReport {
  raised: number;
  notified: number;
  resolved: number;
  judged: RuleKind[];
}

export interface AlertService {
  /** Judges every enabled rule now: raises, updates and resolves alerts, and queues their deliveries. */
  evaluate(): Promise<EvaluationReport>;
  list(filter: AlertFilter): Promise<{ items: Alert[]; nextCursor: string | null }>;
  get(id: string): Promise<Result<Alert>>;
  acknowledge(id: string, actor: string): Promise<Result<Alert>>;
  snooze(id: string, minutes: number, actor: string): Promise<Result<Alert>>;
  rules(): Promise<RuleSetting[]>;
  rule(rule: string): Promise<Result<RuleSetting>>;
  updateRule(rule: string, patch: RulePatch, actor: string): Promise<Result<RuleSetting>>;
  webhooks(): Promise<AlertWebhook[]>;
  addWebhook(input: { url: string; secret: string; enabled?: boolean | undefined }, actor: string): Promise<AlertWebhook>;
  removeWebhook(id: string, actor: string): Promise<Result<AlertWebhook>>;
  /** Live alerts per rule and status, for the metrics gauge. */
  liveCounts(): Promise<{ rule: string; status: AlertStatus; count: number }[]>;
  /** The delivery job kind and the periodic evaluation, to run on the sync workers. */
  workerExtension(options?: { evaluateEveryMs?: number }): WorkerExtension;
}

export function createAlertService(deps: AlertDeps): AlertService {
  const { db, log } = deps;
  const now = deps.now ?? (() => new Date());
  const notFound = (id: string) => failure('ALERTS.ALERT_NOT_FOUND', `No alert has id ${id}.`, { alertId: id });
  const unknownRule = (rule: string) => failure('ALERTS.RULE_NOT_FOUND', `No alert rule is called "${rule}".`, { rule });

  function announce(notices: Notice[]): void {
    for (const { alert } of notices) {
      log.warn({ alertId: alert.id, rule: alert.rule, subject: alert.subject, severity: alert.severity, values: alert.values }, `alert: ${alert.message}`);
    }
  }

  /** A person's change of one alert, with its before and after in the audit log. */
  async function change(id: string, actor: string, action: string, decide: (a: Alert) => Result<Parameters<typeof updateAlert>[2]>): Promise<Result<Alert>> {
    return db.transaction().execute(async (trx) => {
      const row = await lockAlert(trx, id);
      if (!row) return notFound(id);
      const before = toAlert(row);
      const patch = decide(before);
      if (!patch.ok) return patch;
      const after = await updateAlert(trx, id, patch.value);
      await recordAudit(trx, {
        actor, action, subjectType: 'alert', subjectId: id,
        before: { status: before.status, snoozedUntil: before.snoozedUntil, acknowledgedBy: before.acknowledgedBy },
        after: { status: after.status, snoozedUntil: after.snoozedUntil, acknowledgedBy: after.acknowledgedBy },
      });
      return ok(after);
    });
  }
  const closed = (a: Alert) => failure('ALERTS.ALERT_RESOLVED', `Alert ${a.id} was resolved at ${a.resolvedAt}: the condition has cleared.`, { alertId: a.id });

  const service: AlertService = {
    async evaluate() {
      const at = now();
      const settings = await readRuleSettings(db);
      const judgement = await judge(db, deps, settings, at);
      const { notices, resolved } = await db.transaction().execute(async (trx) => {
        // Two evaluations at once (a periodic one and one on demand, or two worker processes) would
        // both find no live alert for a key and both insert it: they take turns here.
        await sql`SELECT pg_advisory_xact_lock(${ALERTS_LOCK})`.execute(trx);
        const applied = await applyRaised(trx, judgement.raised, judgement.judged, at);
        for (const [key, value] of Object.entries(judgement.state)) await writeState(trx, key, value);
        await deps.enqueue(trx, await deliveryJobs(trx, applied.notices, deps.deliveryAttempts ?? 8));
        return applied;
      });
      announce(notices);
      return { raised: judgement.raised.length, notified: notices.length, resolved, judged: judgement.judged };
    },
    list: (filter) => listAlerts(db, filter),
    async get(id) {
      const row = await db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? ok(toAlert(row)) : notFound(id);
    },
    acknowledge: (id, actor) => change(id, actor, 'alerts.ack', (a) => {
      if (a.status === 'resolved') return closed(a);
      return ok({ status: 'acknowledged' as const, acknowledged_by: actor, acknowledged_at: now(), snoozed_until: null });
    }),
    snooze: (id, minutes, actor) => change(id, actor, 'alerts.snooze', (a) => {
      if (a.status === 'resolved') return closed(a);
      return ok({ status: 'snoozed' as const, snoozed_until: new Date(now().getTime() + minutes * 60_000) });
    }),
    async rules() {
      return Object.values(await readRuleSettings(db));
    },
    async rule(rule) {
      return isRuleKind(rule) ? ok((await readRuleSettings(db))[rule] as RuleSetting) : unknownRule(rule);
    },
    updateRule: (rule, patch, actor) => (isRuleKind(rule) ? updateRuleSetting(db, rule, patch, actor) : Promise.resolve(unknownRule(rule))),
    webhooks: () => listWebhooks(db),
    addWebhook: (input, actor) => addWebhook(db, deps.secrets, input, actor),
    removeWebhook: (id, actor) => removeWebhook(db, id, actor),
    liveCounts: () => liveCounts(db),
    workerExtension(options = {}) {
      const delivery = { db, secrets: deps.secrets, fetch: deps.fetch ?? fetch, now, timeoutMs: deps.deliveryTimeoutMs ?? 10_000 };
      return {
        handlers: { [DELIVERY_KIND]: (job: Job) => deliver(delivery, job) },
        periodic: [{ name: 'alerts', everyMs: options.evaluateEveryMs ?? 15_000, run: async () => void (await service.evaluate()) }],
      };
    },
  };
  return service;
}
