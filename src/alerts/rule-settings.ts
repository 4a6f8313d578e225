/** Which rules run and with which thresholds: stored per rule kind, defaults for the rest; every change audited. */
import { recordAudit } from '../audit/index.ts';
import { failure, ok, type Result } from '../errors/index.ts';
import type { Db } from '../store/index.ts';
import { defaultParams, parseParams, ruleKinds, type RuleKind, type RuleParams } from './params.ts';

export interface RuleSetting<K extends RuleKind = RuleKind> {
  rule: K;
  enabled: boolean;
  params: RuleParams[K];
  updatedBy: string | null;
  updatedAt: string | null;
}

export type RuleSettings = { [K in RuleKind]: RuleSetting<K> };

export async function readRuleSettings(db: Db): Promise<RuleSettings> {
  const rows = await db.selectFrom('alert_rules').selectAll().execute();
  const defaults = defaultParams();
  const settings = Object.fromEntries(ruleKinds.map((rule) => [rule, { rule, enabled: true, params: defaults[rule], updatedBy: null, updatedAt: null }])) as RuleSettings;
  for (const row of rows) {
    if (!(row.rule in settings)) continue;
    const rule = row.rule as RuleKind;
    // Stored parameters were checked when written; a default added since fills in by parsing again.
    const parsed = parseParams(rule, row.params);
    (settings as Record<RuleKind, RuleSetting>)[rule] = {
      rule, enabled: row.enabled, params: parsed.ok ? parsed.value : defaults[rule], updatedBy: row.updated_by, updatedAt: row.updated_at.toISOString(),
    };
  }
  return settings;
}

export interface RulePatch {
  enabled?: boolean | undefined;
  params?: Record<string, unknown> | undefined;
}

/** Merges the change over the current parameters, checks them whole, and records who changed what. */
export async function updateRuleSetting(db: Db, rule: RuleKind, patch: RulePatch, actor: string): Promise<Result<RuleSetting>> {
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom('alert_rules').select('rule').where('rule', '=', rule).forUpdate().execute();
    const before = (await readRuleSettings(trx))[rule] as RuleSetting;
    const parsed = parseParams(rule, { ...before.params, ...patch.params });
    if (!parsed.ok) {
      return failure('ALERTS.RULE_PARAMS_INVALID', `Invalid parameters for rule ${rule}: check ${parsed.fields.map((f) => f.field).join(', ')}.`, { fields: parsed.fields });
    }
    const enabled = patch.enabled ?? before.enabled;
    const params = JSON.stringify(parsed.value);
    const row = await trx.insertInto('alert_rules').values({ rule, enabled, params, updated_by: actor })
      .onConflict((oc) => oc.column('rule').doUpdateSet({ enabled, params, updated_by: actor, updated_at: new Date() }))
      .returningAll().executeTakeFirstOrThrow();
    const after: RuleSetting = { rule, enabled, params: parsed.value, updatedBy: actor, updatedAt: row.updated_at.toISOString() };
    await recordAudit(trx, { actor, action: 'alerts.rule', subjectType: 'alert_rule', subjectId: rule, before: { enabled: before.enabled, params: before.params }, after: { enabled, params: parsed.value } });
    return ok(after);
  });
}
