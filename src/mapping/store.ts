/** The mapping tables (migrations/0005_mapping.sql). Every change bumps the connection's version in its transaction. */
import { sql } from 'kysely';
import type { CanonicalOrderStatus } from '../connectors/types.ts';
import type { Db } from '../store/index.ts';
import type { MappingDefinition, StatusOverride } from './apply.ts';
import type { MasterRef } from './resolve.ts';
import type { AttributeType, RuleDefinition } from './rules.ts';

export interface SkuAlias {
  /** As typed; matching uses `normalisedCode`. */
  code: string;
  normalisedCode: string;
  sku: string;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

export interface FieldRule extends RuleDefinition {
  id: string;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface StoredOverride extends StatusOverride {
  updatedBy: string;
  updatedAt: string;
}

export async function bumpVersion(trx: Db, connectionId: string): Promise<void> {
  await trx.insertInto('mapping_versions').values({ connection_id: connectionId, version: 1 })
    .onConflict((oc) => oc.column('connection_id').doUpdateSet({ version: sql`mapping_versions.version + 1`, updated_at: new Date() }))
    .execute();
}

/** The stored version of each connection's mapping; a connection never changed has none ('0'). */
export async function versionsOf(db: Db, connectionIds: string[]): Promise<Map<string, string>> {
  const rows = connectionIds.length === 0 ? [] : await db.selectFrom('mapping_versions').select(['connection_id', 'version']).where('connection_id', 'in', connectionIds).execute();
  const found = new Map(rows.map((r) => [String(r.connection_id), String(r.version)]));
  return new Map(connectionIds.map((id) => [id, found.get(id) ?? '0']));
}

type RuleRow = { id: string; connection_id: string; name: string; target: string; value_type: AttributeType; expression: string; enabled: boolean; position: number; updated_by: string; created_at: Date; updated_at: Date };

const toRule = (r: RuleRow): FieldRule => ({
  id: r.id, name: r.name, target: r.target, type: r.value_type, expression: r.expression, enabled: r.enabled, position: r.position,
  updatedBy: r.updated_by, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
});

/** Status overrides and rules of several connections, two queries. */
export async function loadDefinitions(db: Db, connectionIds: string[]): Promise<Map<string, MappingDefinition>> {
  const definitions = new Map<string, MappingDefinition>(connectionIds.map((id) => [id, { statusOverrides: [], rules: [] }]));
  if (connectionIds.length === 0) return definitions;
  const [overrides, rules] = await Promise.all([
    db.selectFrom('status_overrides').select(['connection_id', 'platform_status', 'status']).where('connection_id', 'in', connectionIds).execute(),
    db.selectFrom('field_rules').selectAll().where('connection_id', 'in', connectionIds).execute(),
  ]);
  for (const o of overrides) definitions.get(String(o.connection_id))?.statusOverrides.push({ platformStatus: o.platform_status, status: o.status as CanonicalOrderStatus });
  for (const r of rules) definitions.get(String(r.connection_id))?.rules.push(toRule(r));
  return definitions;
}

export async function listRules(db: Db, connectionId: string): Promise<FieldRule[]> {
  return (await db.selectFrom('field_rules').selectAll().where('connection_id', '=', connectionId).orderBy('position').orderBy('name').execute()).map(toRule);
}

export async function getRule(db: Db, connectionId: string, ruleId: string): Promise<FieldRule | undefined> {
  const row = await db.selectFrom('field_rules').selectAll().where('connection_id', '=', connectionId).where('id', '=', ruleId).executeTakeFirst();
  return row ? toRule(row) : undefined;
}

const ruleColumns = (rule: RuleDefinition, actor: string) => ({
  name: rule.name, target: rule.target, value_type: rule.type, expression: rule.expression, enabled: rule.enabled, position: rule.position, updated_by: actor,
});

export async function insertRule(trx: Db, connectionId: string, rule: RuleDefinition, actor: string): Promise<FieldRule> {
  const row = await trx.insertInto('field_rules').values({ ...ruleColumns(rule, actor), connection_id: connectionId }).returningAll().executeTakeFirstOrThrow();
  await bumpVersion(trx, connectionId);
  return toRule(row);
}

export async function updateRule(trx: Db, connectionId: string, ruleId: string, rule: RuleDefinition, actor: string): Promise<FieldRule | undefined> {
  const row = await trx.updateTable('field_rules').set({ ...ruleColumns(rule, actor), updated_at: new Date() })
    .where('connection_id', '=', connectionId).where('id', '=', ruleId).returningAll().executeTakeFirst();
  if (row) await bumpVersion(trx, connectionId);
  return row ? toRule(row) : undefined;
}

export async function deleteRule(trx: Db, connectionId: string, ruleId: string): Promise<boolean> {
  const row = await trx.deleteFrom('field_rules').where('connection_id', '=', connectionId).where('id', '=', ruleId).returning('id').executeTakeFirst();
  if (row) await bumpVersion(trx, connectionId);
  return !!row;
}

export async function listStatusOverrides(db: Db, connectionId: string): Promise<StoredOverride[]> {
  const rows = await db.selectFrom('status_overrides').selectAll().where('connection_id', '=', connectionId).orderBy('platform_status').execute();
  return rows.map((r) => ({ platformStatus: r.platform_status, status: r.status as CanonicalOrderStatus, updatedBy: r.updated_by, updatedAt: r.updated_at.toISOString() }));
}

/** PUT semantics: the connection's overrides become exactly these. */
export async function replaceStatusOverrides(trx: Db, connectionId: string, overrides: StatusOverride[], actor: string): Promise<void> {
  await trx.deleteFrom('status_overrides').where('connection_id', '=', connectionId).execute();
  if (overrides.length > 0) {
    await trx.insertInto('status_overrides').values(overrides.map((o) => ({ connection_id: connectionId, platform_status: o.platformStatus, status: o.status, updated_by: actor }))).execute();
  }
  await bumpVersion(trx, connectionId);
}

function selectAliases(db: Db, connectionId: string) {
  return db.selectFrom('sku_aliases as a').innerJoin('products as p', 'p.id', 'a.product_id')
    .select(['a.code', 'a.code_normalised', 'a.product_id', 'p.sku', 'a.created_by', 'a.created_at', 'a.updated_by', 'a.updated_at'])
    .where('a.connection_id', '=', connectionId);
}

export async function listAliases(db: Db, connectionId: string): Promise<SkuAlias[]> {
  const rows = await selectAliases(db, connectionId).orderBy('a.code_normalised').execute();
  return rows.map((r) => ({
    code: r.code, normalisedCode: r.code_normalised, sku: r.sku, createdBy: r.created_by, createdAt: r.created_at.toISOString(),
    updatedBy: r.updated_by, updatedAt: r.updated_at.toISOString(),
  }));
}

/** The connection's aliases among these normalised codes (the resolver's second step), one query. */
export async function aliasesFor(db: Db, connectionId: string, normalisedCodes: string[]): Promise<Map<string, MasterRef>> {
  if (normalisedCodes.length === 0) return new Map();
  const rows = await selectAliases(db, connectionId).where('a.code_normalised', 'in', [...new Set(normalisedCodes)]).execute();
  return new Map(rows.map((r) => [r.code_normalised, { productId: r.product_id, sku: r.sku }]));
}

/** Upserts by normalised code; returns how many rows were new or pointed elsewhere before. */
export async function upsertAliases(trx: Db, connectionId: string, aliases: { code: string; normalisedCode: string; productId: string }[], actor: string): Promise<number> {
  if (aliases.length === 0) return 0;
  const rows = await trx.insertInto('sku_aliases')
    .values(aliases.map((a) => ({ connection_id: connectionId, code: a.code, code_normalised: a.normalisedCode, product_id: a.productId, created_by: actor, updated_by: actor })))
    .onConflict((oc) => oc.columns(['connection_id', 'code_normalised']).doUpdateSet((eb) => ({
      code: eb.ref('excluded.code'), product_id: eb.ref('excluded.product_id'), updated_by: eb.ref('excluded.updated_by'), updated_at: new Date(),
    })).whereRef('sku_aliases.product_id', '!=', 'excluded.product_id'))
    .returning('id').execute();
  await bumpVersion(trx, connectionId);
  return rows.length;
}

export async function deleteAliases(trx: Db, connectionId: string, normalisedCodes: string[]): Promise<number> {
  if (normalisedCodes.length === 0) return 0;
  const rows = await trx.deleteFrom('sku_aliases').where('connection_id', '=', connectionId).where('code_normalised', 'in', normalisedCodes).returning('id').execute();
  if (rows.length > 0) await bumpVersion(trx, connectionId);
  return rows.length;
}
