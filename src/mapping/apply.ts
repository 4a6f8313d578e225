/**
 * A connection's mapping applied to one order, pure: no database, so the ingest path, the preview
 * and a benchmark all call the same `applyMapping(order, payload, compiled)`.
 */
import type { CanonicalOrder, CanonicalOrderStatus, OrderMapping } from '../connectors/types.ts';
import { compileRule, parseTarget, runRule, type CompiledRule, type RuleDefinition, type RuleOutcome } from './rules.ts';

export interface StatusOverride {
  /** The platform's status words exactly as the connector reports them (an order's platformStatus). */
  platformStatus: string;
  status: CanonicalOrderStatus;
}

export interface MappingDefinition {
  statusOverrides: StatusOverride[];
  rules: RuleDefinition[];
}

export interface CompiledMapping {
  /** The stored version it was compiled from (the cache compares it before each batch). */
  version: string;
  statusOverrides: ReadonlyMap<string, CanonicalOrderStatus>;
  /** Enabled rules that compile, in position order. */
  rules: CompiledRule[];
  /** Stored rules that no longer compile (saved under another JSONata version): reported on every order. */
  broken: { rule: string; target: string; error: string }[];
}

export const emptyMapping = (version = '0'): CompiledMapping => ({ version, statusOverrides: new Map(), rules: [], broken: [] });

export function compileMapping(definition: MappingDefinition, version: string): CompiledMapping {
  const rules: CompiledRule[] = [];
  const broken: CompiledMapping['broken'] = [];
  const ordered = [...definition.rules].filter((r) => r.enabled).sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
  for (const rule of ordered) {
    const compiled = compileRule(rule);
    if (compiled.ok) rules.push(compiled.value);
    else broken.push({ rule: rule.name, target: rule.target, error: compiled.message });
  }
  return { version, statusOverrides: new Map(definition.statusOverrides.map((o) => [o.platformStatus, o.status])), rules, broken };
}

/** The status override for a platform status, if the connection has one. */
export function overriddenStatus(mapping: Pick<CompiledMapping, 'statusOverrides'>, platformStatus: string): CanonicalOrderStatus | undefined {
  return mapping.statusOverrides.get(platformStatus);
}

export interface MappedOrder {
  order: CanonicalOrder;
  /** Every rule that ran, fired or not (the preview shows them all; the stored trace keeps those that fired or failed). */
  outcomes: RuleOutcome[];
}

/**
 * Status override first (on the connector's platformStatus), then the rules in position order, each
 * on the raw payload with `$order` bound to the connector's reading. A rule that fails or returns
 * the wrong type is recorded in the trace and changes nothing: a merchant's rule never stops an order.
 */
export async function applyMapping(order: CanonicalOrder, payload: unknown, mapping: CompiledMapping, context: { topic?: string } = {}): Promise<MappedOrder> {
  const override = overriddenStatus(mapping, order.platformStatus);
  const status = override && override !== order.status ? { platformStatus: order.platformStatus, from: order.status, to: override } : null;
  const mapped: CanonicalOrder = { ...order, ...(status ? { status: status.to } : {}) };
  const attributes: OrderMapping['attributes'] = {};
  const trace: OrderMapping['rules'] = [...mapping.broken];
  const outcomes: RuleOutcome[] = [];
  const bindings = { order, topic: context.topic ?? null };
  for (const rule of mapping.rules) {
    const outcome = await runRule(rule, payload, bindings);
    outcomes.push(outcome);
    if ('error' in outcome) trace.push({ rule: outcome.rule, target: outcome.target, error: outcome.error });
    if (!outcome.fired) continue;
    trace.push({ rule: outcome.rule, target: outcome.target, value: outcome.value });
    const target = parseTarget(rule.target, rule.type);
    if (!target.ok) continue;
    if (target.value.kind === 'attribute') attributes[target.value.name] = outcome.value;
    else mapped[target.value.field] = String(outcome.value);
  }
  return { order: { ...mapped, mapping: { attributes, rules: trace, status } }, outcomes };
}
