/** Changing a connection's mapping: aliases, status overrides and field rules, each change in one transaction. */
import { setListingProducts, type Listing } from '../channels/index.ts';
import type { CanonicalOrderStatus } from '../connectors/types.ts';
import { failure, ok, type Failure, type Result } from '../errors/index.ts';
import { isUniqueViolation, type Db } from '../store/index.ts';
import type { StatusOverride } from './apply.ts';
import { connectorOfConnection, readSample, type MappingContext } from './context.ts';
import { normaliseSku } from './normalise.ts';
import { compileRule, trialRule, type AttributeValue, type RuleDefinition } from './rules.ts';
import * as store from './store.ts';

/** Orders held for UNMAPPED_SKU on the connection are read again from their stored records (same transaction). */
export async function reinterpretUnmapped(ctx: MappingContext, trx: Db, connectionId: string): Promise<number> {
  const inboxIds = await ctx.unmappedRecords(trx, connectionId);
  // Chunks keep each job insert far below PostgreSQL's 65,535 parameters.
  for (let at = 0; at < inboxIds.length; at += 2_000) await ctx.reinterpret(trx, connectionId, inboxIds.slice(at, at + 2_000));
  return inboxIds.length;
}

/**
 * Unmapped listings (read before the transaction: `listings`) whose seller SKU is one of these
 * normalised codes now sell that product, so their quantity is published. Returns the ids mapped.
 */
export async function mapListingsByCode(trx: Db, connectionId: string, listings: Listing[], productByCode: Map<string, string>): Promise<string[]> {
  const matching = listings.filter((l) => l.productId === null && productByCode.has(normaliseSku(l.sellerSku)));
  return setListingProducts(trx, connectionId, matching.map((l) => ({
    platformItemId: l.platformItemId, platformVariantId: l.platformVariantId ?? '', platformLocationId: l.platformLocationId ?? '',
    productId: productByCode.get(normaliseSku(l.sellerSku))!, onlyIfUnmapped: true,
  })));
}

/** Master SKUs named exactly (trimmed) → product ids; unknown ones refused together. */
export async function productIdsOf(ctx: MappingContext, skus: string[]): Promise<{ ok: true; value: Map<string, string> } | Failure> {
  const wanted = [...new Set(skus.map((s) => s.trim()))];
  const found = await ctx.catalog.resolveSkus(wanted);
  const missing = wanted.filter((s) => !found.has(s));
  if (missing.length > 0) {
    return failure('CATALOG.PRODUCT_NOT_FOUND', `No product has SKU ${missing.map((s) => `"${s}"`).join(', ')}; create it or name an existing master SKU.`, { skus: missing });
  }
  return ok(new Map([...found].map(([sku, p]) => [sku, p.id])));
}

export interface AliasesPut {
  aliases: store.SkuAlias[];
  /** Aliases that are new or now point to another master SKU. */
  changed: number;
  /** Unmapped listings whose seller SKU is one of the codes, now mapped (their stock is pushed). */
  listingsMapped: number;
  /** Orders held for an unmapped SKU queued to be read again. */
  reinterpreted: number;
}

export async function putAliases(ctx: MappingContext, connectionId: string, aliases: { code: string; sku: string }[], actor: string): Promise<Result<AliasesPut>> {
  const connection = await ctx.channels.get(connectionId);
  if (!connection.ok) return connection;
  const byCode = new Map<string, { code: string; sku: string }>();
  const fields: { field: string; message: string }[] = [];
  aliases.forEach((a, i) => {
    const normalised = normaliseSku(a.code);
    const earlier = byCode.get(normalised);
    if (!normalised) fields.push({ field: `aliases.${i}.code`, message: 'is empty after normalisation' });
    else if (earlier && earlier.sku.trim() !== a.sku.trim()) fields.push({ field: `aliases.${i}.code`, message: `means the same code as "${earlier.code}" (${normalised}) but names another SKU` });
    else byCode.set(normalised, a);
  });
  if (fields.length > 0) return failure('REQUEST.INVALID', `Invalid request: check ${fields.map((f) => f.field).join(', ')}.`, { fields });
  const products = await productIdsOf(ctx, [...byCode.values()].map((a) => a.sku));
  if (!products.ok) return products;
  const rows = [...byCode].map(([normalisedCode, a]) => ({ code: a.code.trim(), normalisedCode, productId: products.value.get(a.sku.trim())! }));
  const unmappedListings = (await ctx.channels.listListings(connectionId)).filter((l) => l.productId === null);
  const { changed, listings, reinterpreted } = await ctx.db.transaction().execute(async (trx) => {
    const n = await store.upsertAliases(trx, connectionId, rows, actor);
    const mapped = await mapListingsByCode(trx, connectionId, unmappedListings, new Map(rows.map((r) => [r.normalisedCode, r.productId])));
    return { changed: n, listings: mapped, reinterpreted: n + mapped.length > 0 ? await reinterpretUnmapped(ctx, trx, connectionId) : 0 };
  });
  if (listings.length > 0) await ctx.pushListings?.(listings);
  return ok({ aliases: await store.listAliases(ctx.db, connectionId), changed, listingsMapped: listings.length, reinterpreted });
}

export async function deleteAlias(ctx: MappingContext, connectionId: string, code: string): Promise<Result<{ removed: string }>> {
  const connection = await ctx.channels.get(connectionId);
  if (!connection.ok) return connection;
  const normalised = normaliseSku(code);
  const removed = await ctx.db.transaction().execute((trx) => store.deleteAliases(trx, connectionId, [normalised]));
  if (removed === 0) return failure('MAPPING.ALIAS_NOT_FOUND', `Connection ${connectionId} has no alias for "${code}" (normalised: "${normalised}").`, { connectionId, code, normalisedCode: normalised });
  return ok({ removed: normalised });
}

export async function putStatusOverrides(ctx: MappingContext, connectionId: string, overrides: StatusOverride[], actor: string): Promise<Result<store.StoredOverride[]>> {
  const connection = await ctx.channels.get(connectionId);
  if (!connection.ok) return connection;
  const seen = new Map<string, CanonicalOrderStatus>();
  const fields = overrides.flatMap((o, i) => {
    const earlier = seen.get(o.platformStatus);
    seen.set(o.platformStatus, o.status);
    return earlier !== undefined && earlier !== o.status ? [{ field: `overrides.${i}.platformStatus`, message: `"${o.platformStatus}" is given twice with different statuses` }] : [];
  });
  if (fields.length > 0) return failure('REQUEST.INVALID', `Invalid request: check ${fields.map((f) => f.field).join(', ')}.`, { fields });
  await ctx.db.transaction().execute((trx) => store.replaceStatusOverrides(trx, connectionId, [...seen].map(([platformStatus, status]) => ({ platformStatus, status })), actor));
  return ok(await store.listStatusOverrides(ctx.db, connectionId));
}

export interface RuleInput {
  name: string;
  target: string;
  type: RuleDefinition['type'];
  expression: string;
  enabled?: boolean | undefined;
  position?: number | undefined;
  /** A raw payload to check the rule on (object, or the JSON text to keep big ids exact); else the latest stored record. */
  sample?: unknown;
  sampleTopic?: string | undefined;
}

export interface RuleSaved {
  rule: store.FieldRule;
  /** What the rule gave on the sample it was checked on (null: no sample was given and none is stored yet). */
  sample: { source: 'request' | 'inbox'; fired: boolean; value: AttributeValue | null } | null;
}

/** Compiles the rule and runs it on a sample: a syntax error, a failure or a wrong type is refused with the reason. */
async function checkRule(ctx: MappingContext, connectionId: string, input: RuleInput): Promise<Result<{ definition: RuleDefinition; sample: RuleSaved['sample'] }>> {
  const connector = await connectorOfConnection(ctx, connectionId);
  if (!connector.ok) return connector;
  const definition: RuleDefinition = { name: input.name, target: input.target, type: input.type, expression: input.expression, enabled: input.enabled ?? true, position: input.position ?? 0 };
  const compiled = compileRule(definition);
  if (!compiled.ok) return compiled;
  const stored = input.sample === undefined ? await ctx.latestRecord?.(connectionId) : undefined;
  const source = input.sample !== undefined ? 'request' : stored ? 'inbox' : null;
  if (!source) return ok({ definition, sample: null });
  const read = readSample(connector.value, input.sample ?? stored!.payload, input.sampleTopic ?? stored?.topic);
  // A stored record the connector cannot read (a stray topic) is no sample; a bad sample in the request is the caller's to fix.
  if (!read.ok) return source === 'request' ? read : ok({ definition, sample: null });
  const trial = await trialRule(compiled.value, read.payload, { order: read.order, topic: input.sampleTopic ?? stored?.topic ?? null });
  const on = source === 'request' ? 'the sample payload' : 'the latest stored order record';
  if (trial.kind === 'failed') {
    return failure('MAPPING.RULE_INVALID', `On ${on}, rule "${definition.name}" ${trial.reason}.`, { rule: definition.name, jsonataCode: trial.jsonataCode, position: trial.position, sample: source });
  }
  if (trial.kind === 'wrong') {
    return failure('MAPPING.RULE_WRONG_TYPE', `On ${on}, rule "${definition.name}" ${trial.reason}.`, { rule: definition.name, declared: definition.type, returned: trial.returned, sample: source });
  }
  return ok({ definition, sample: { source, fired: trial.kind === 'value', value: trial.kind === 'value' ? trial.value : null } });
}

const ruleExists = (name: string) => failure('MAPPING.RULE_EXISTS', `This connection already has a rule named "${name}".`, { name });
const ruleNotFound = (connectionId: string, ruleId: string) => failure('MAPPING.RULE_NOT_FOUND', `Connection ${connectionId} has no rule ${ruleId}.`, { connectionId, ruleId });

export async function createRule(ctx: MappingContext, connectionId: string, input: RuleInput, actor: string): Promise<Result<RuleSaved>> {
  const checked = await checkRule(ctx, connectionId, input);
  if (!checked.ok) return checked;
  try {
    const rule = await ctx.db.transaction().execute((trx) => store.insertRule(trx, connectionId, checked.value.definition, actor));
    return ok({ rule, sample: checked.value.sample });
  } catch (err) {
    if (isUniqueViolation(err)) return ruleExists(input.name);
    throw err;
  }
}

export async function updateRule(ctx: MappingContext, connectionId: string, ruleId: string, input: RuleInput, actor: string): Promise<Result<RuleSaved>> {
  const checked = await checkRule(ctx, connectionId, input);
  if (!checked.ok) return checked;
  try {
    const rule = await ctx.db.transaction().execute((trx) => store.updateRule(trx, connectionId, ruleId, checked.value.definition, actor));
    return rule ? ok({ rule, sample: checked.value.sample }) : ruleNotFound(connectionId, ruleId);
  } catch (err) {
    if (isUniqueViolation(err)) return ruleExists(input.name);
    throw err;
  }
}

export async function deleteRule(ctx: MappingContext, connectionId: string, ruleId: string): Promise<Result<{ deleted: string }>> {
  const connection = await ctx.channels.get(connectionId);
  if (!connection.ok) return connection;
  const deleted = await ctx.db.transaction().execute((trx) => store.deleteRule(trx, connectionId, ruleId));
  return deleted ? ok({ deleted: ruleId }) : ruleNotFound(connectionId, ruleId);
}

