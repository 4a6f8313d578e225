/**
 * Field rules: a JSONata expression (https://docs.jsonata.org) evaluated on the raw platform payload
 * that fills one canonical order field, e.g. a gift-wrap flag from a Shopify note attribute:
 *   target attributes.giftWrap, type boolean, `$boolean(note_attributes[name = "gift wrap"].value)`.
 * The expression sees the payload as `$` and the connector's reading of it as `$order` (the same
 * on every platform), and the record's topic as `$topic`.
 *
 * Evaluation is bounded by JSONata's own guardrails (jsonata ≥ 2.1 `timeout`, `stack`, `sequence`):
 * checked at every evaluation step, so a runaway recursion or a huge generated sequence stops with
 * an error. What they cannot stop is one long built-in call (a 10-million range, a backtracking
 * regular expression): each is a single step. The range is capped by JSONata itself (10^7 items,
 * ~0.1 s); regular expressions are the merchant's own, as in any JSONata host.
 */
import jsonata from 'jsonata';
import { failure, type Failure } from '../errors/index.ts';

export const ATTRIBUTE_TYPES = ['string', 'number', 'boolean', 'date'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];
export type AttributeValue = string | number | boolean;

/** Canonical fields a merchant may fill, besides `attributes.<name>`; both are text. */
export const CANONICAL_TARGETS = ['buyerNote', 'sellerNote'] as const;
export type CanonicalTarget = (typeof CANONICAL_TARGETS)[number];

export const RULE_LIMITS = { timeoutMs: 50, stackDepth: 100, sequenceLength: 10_000, stringLength: 2_000 } as const;
const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;

export interface RuleDefinition {
  name: string;
  /** `attributes.<name>`, `buyerNote` or `sellerNote`. */
  target: string;
  type: AttributeType;
  expression: string;
  enabled: boolean;
  /** Rules run in ascending position; a later rule that fires overwrites the same target. */
  position: number;
}

export interface CompiledRule extends RuleDefinition {
  evaluate(input: unknown, bindings: Record<string, unknown>): Promise<unknown>;
}

export type RuleTarget = { kind: 'attribute'; name: string } | { kind: 'canonical'; field: CanonicalTarget };

/** Where a rule writes; a refusal names what is wrong with the target or its type. */
export function parseTarget(target: string, type: AttributeType): { ok: true; value: RuleTarget } | Failure {
  const canonical = CANONICAL_TARGETS.find((t) => t === target);
  if (canonical) {
    if (type !== 'string') return failure('MAPPING.RULE_INVALID', `Target ${target} holds text: declare the rule's type as string, not ${type}.`, { target, type });
    return { ok: true, value: { kind: 'canonical', field: canonical } };
  }
  const name = target.startsWith('attributes.') ? target.slice('attributes.'.length) : null;
  if (name === null || !ATTRIBUTE_NAME.test(name)) {
    return failure('MAPPING.RULE_INVALID', `Target "${target}" is not one a rule may fill: use attributes.<name> (a letter, then letters, digits or _; 63 at most), buyerNote or sellerNote.`, { target });
  }
  return { ok: true, value: { kind: 'attribute', name } };
}

interface JsonataError { code?: string; position?: number; token?: string; message?: string; value?: unknown }

/** Compiles a rule; a syntax error is refused with JSONata's code, the character position and the token there. */
export function compileRule(rule: RuleDefinition): { ok: true; value: CompiledRule } | Failure {
  const target = parseTarget(rule.target, rule.type);
  if (!target.ok) return target;
  let expression: jsonata.Expression;
  try {
    expression = jsonata(rule.expression, { timeout: RULE_LIMITS.timeoutMs, stack: RULE_LIMITS.stackDepth, sequence: RULE_LIMITS.sequenceLength });
  } catch (err) {
    const e = err as JsonataError;
    const at = e.position !== undefined ? ` at character ${e.position}${e.token !== undefined ? ` (near "${e.token}")` : ''}` : '';
    return failure('MAPPING.RULE_INVALID', `Rule "${rule.name}" does not compile${at}: ${e.message ?? String(err)}.`, {
      rule: rule.name, jsonataCode: e.code ?? null, position: e.position ?? null, token: e.token ?? null,
    });
  }
  return { ok: true, value: { ...rule, evaluate: (input, bindings) => expression.evaluate(input, bindings) } };
}

/** A short, readable account of what an expression returned, for refusals and traces. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `${value.length} values (an array)`;
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return `the ${typeof value} ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** What a rule's result means: nothing (the rule did not fire), a value of the declared type, or a wrong one. */
export type RuleValue = { kind: 'none' } | { kind: 'value'; value: AttributeValue } | { kind: 'wrong'; reason: string; returned: string };

export function checkRuleValue(type: AttributeType, raw: unknown): RuleValue {
  if (raw === undefined || raw === null) return { kind: 'none' };
  const returned = describeValue(raw);
  const wrong = (hint: string): RuleValue => ({ kind: 'wrong', returned, reason: `returned ${returned} where a ${type} was declared${hint ? `; ${hint}` : ''}` });
  if (Array.isArray(raw)) return wrong('pick one value, e.g. with [0] or $join()');
  switch (type) {
    case 'string':
      if (typeof raw !== 'string') return wrong(typeof raw === 'object' ? '' : 'wrap the expression in $string()');
      return raw.length > RULE_LIMITS.stringLength ? { kind: 'wrong', returned, reason: `returned ${raw.length} characters; at most ${RULE_LIMITS.stringLength} are kept` } : { kind: 'value', value: raw };
    case 'number':
      if (typeof raw === 'number' && Number.isFinite(raw)) return { kind: 'value', value: raw };
      return wrong(typeof raw === 'string' ? 'wrap the expression in $number()' : '');
    case 'boolean':
      return typeof raw === 'boolean' ? { kind: 'value', value: raw } : wrong(typeof raw === 'object' ? '' : 'compare it (= "yes") or wrap it in $boolean()');
    case 'date':
      return dateValue(raw) ?? wrong(typeof raw === 'number' ? 'turn milliseconds into a date with $fromMillis()' : 'give an ISO date such as "2026-05-01" or "2026-05-01T10:00:00Z"');
  }
}

/** A date-only value stays a date (a delivery day has no time zone); a timestamp is stored in UTC. */
function dateValue(raw: unknown): RuleValue | undefined {
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim();
  if (DATE_ONLY.test(text)) {
    const parsed = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(text) ? { kind: 'value', value: text } : undefined;
  }
  if (!DATE_TIME.test(text)) return undefined;
  const parsed = new Date(text);
  return Number.isNaN(parsed.getTime()) ? undefined : { kind: 'value', value: parsed.toISOString() };
}

export type RuleOutcome =
  | { rule: string; target: string; fired: false }
  | { rule: string; target: string; fired: true; value: AttributeValue }
  | { rule: string; target: string; fired: false; error: string };

/** One rule on one payload: its value, nothing, a value of the wrong type, or a failure (thrown by JSONata). */
export type RuleTrial = RuleValue | { kind: 'failed'; reason: string; jsonataCode: string | null; position: number | null };

export async function trialRule(rule: CompiledRule, input: unknown, bindings: Record<string, unknown>): Promise<RuleTrial> {
  let raw: unknown;
  try {
    raw = await rule.evaluate(input, bindings);
  } catch (err) {
    const e = err as JsonataError;
    return { kind: 'failed', reason: evaluationError(err), jsonataCode: e.code ?? null, position: e.position ?? null };
  }
  return checkRuleValue(rule.type, raw);
}

/** Runs one rule; an expression that fails or returns the wrong type is an outcome with its reason, never a throw. */
export async function runRule(rule: CompiledRule, input: unknown, bindings: Record<string, unknown>): Promise<RuleOutcome> {
  const base = { rule: rule.name, target: rule.target };
  const trial = await trialRule(rule, input, bindings);
  if (trial.kind === 'none') return { ...base, fired: false };
  if (trial.kind === 'value') return { ...base, fired: true, value: trial.value };
  return { ...base, fired: false, error: trial.reason };
}

export function evaluationError(err: unknown): string {
  const e = err as JsonataError;
  const at = e.position !== undefined ? ` at character ${e.position}` : '';
  if (e.code === 'D1012') return `ran longer than ${RULE_LIMITS.timeoutMs} ms${at} (a loop without end?)`;
  if (e.code === 'D1011') return `recursed deeper than ${RULE_LIMITS.stackDepth} calls${at}`;
  if (e.code === 'D2015') return `built a sequence longer than ${RULE_LIMITS.sequenceLength} items${at}`;
  return `failed${at}: ${e.message ?? String(err)}${e.code ? ` (JSONata ${e.code})` : ''}`;
}
