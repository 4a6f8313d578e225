/**
 * The rule kinds and their parameters. Every parameter has a default, so a rule nobody configured
 * still runs; a person's change is merged over the current values and checked whole.
 */
import { z } from 'zod';

export const ruleKinds = ['connection_failing', 'dead_jobs', 'drift', 'oversell_risk', 'stock_out', 'low_stock', 'quantity_anomaly', 'sales_drop'] as const;
export type RuleKind = (typeof ruleKinds)[number];

export const paramSchemas = {
  connection_failing: z.strictObject({
    errorStreak: z.number().int().min(1).default(3).describe('Failed calls in a row that mean the connection is failing'),
    silentMinutes: z.number().positive().default(15).describe('Minutes without a successful pull or push that mean it is down'),
  }),
  dead_jobs: z.strictObject({
    maxDead: z.number().int().min(0).default(10).describe('Dead jobs of one connection above which it alerts'),
    minGrowth: z.number().int().min(1).default(1).describe('New dead jobs since the last evaluation that alert even below maxDead'),
  }),
  drift: z.strictObject({
    minAccuracy: z.number().min(0).max(1).default(0.98).describe('Sync accuracy (matched / checked) of the latest reconciliation below which it alerts'),
    minChecked: z.number().int().min(1).default(1).describe('Items a reconciliation must have checked to be judged'),
  }),
  oversell_risk: z.strictObject({
    margin: z.number().int().min(0).default(0).describe('Units a listing may show above the available stock before it alerts'),
  }),
  stock_out: z.strictObject({}),
  low_stock: z.strictObject({
    threshold: z.number().int().min(0).default(5).describe('Available units at or below which a SKU is low'),
    perSku: z.record(z.string(), z.number().int().min(0)).default({}).describe('Thresholds of single SKUs, over the general one'),
  }),
  quantity_anomaly: z.strictObject({}),
  sales_drop: z.strictObject({
    windowSeconds: z.number().positive().default(600).describe('The recent window whose sales are judged'),
    baselineSeconds: z.number().positive().default(7200).describe('The longer period before the window that sets the SKU’s own rate'),
    dropRatio: z.number().gt(0).lt(1).default(0.5).describe('Alert when recent sales are below (1 − dropRatio) × the expected'),
    minBaselineUnits: z.number().int().min(1).default(20).describe('Units the baseline must hold for the SKU to be judged'),
  }),
} satisfies Record<RuleKind, z.ZodType>;

export type RuleParams = { [K in RuleKind]: z.output<(typeof paramSchemas)[K]> };

export const defaultParams = (): RuleParams =>
  Object.fromEntries(ruleKinds.map((k) => [k, paramSchemas[k].parse({})])) as RuleParams;

export function isRuleKind(value: string): value is RuleKind {
  return (ruleKinds as readonly string[]).includes(value);
}

/** Checks a rule's parameters; the fields named as `params.<name>` the way the API names body fields. */
export function parseParams<K extends RuleKind>(rule: K, params: unknown): { ok: true; value: RuleParams[K] } | { ok: false; fields: { field: string; message: string }[] } {
  const parsed = paramSchemas[rule].safeParse(params);
  if (parsed.success) return { ok: true, value: parsed.data as RuleParams[K] };
  return {
    ok: false,
    fields: parsed.error.issues.flatMap((i) => {
      const at = ['params', ...i.path.map(String)];
      // An unknown name is reported as that name, so a typo is found at once.
      if (i.code === 'unrecognized_keys') return i.keys.map((k) => ({ field: [...at, k].join('.'), message: 'not a parameter of this rule' }));
      return [{ field: at.join('.'), message: i.message }];
    }),
  };
}
