/**
 * Mapping per connection: which master SKU each order line sells (listing, alias, normalised code),
 * status overrides over the connector's defaults, JSONata field rules that fill canonical order
 * fields from the raw payload, a preview of all of it on a sample payload, the SKU map as CSV, and
 * re-interpretation of the orders held for UNMAPPED_SKU once their mapping exists.
 */
import type { CanonicalOrder } from '../connectors/types.ts';
import { ok, type Result } from '../errors/index.ts';
import type { Db } from '../store/index.ts';
import { applyMapping, type StatusOverride } from './apply.ts';
import { MappingCache, type MappingCacheStats } from './cache.ts';
import type { MappingContext, MappingDeps } from './context.ts';
import * as edit from './edit.ts';
import { mastersForCodes, resolveLinesIn } from './lines.ts';
import { previewMapping, type Preview } from './preview.ts';
import type { LineKeys, LineResolution } from './resolve.ts';
import { exportSkuMap, importSkuMap, type SkuMapImport } from './sku-map.ts';
import * as store from './store.ts';

export { normaliseSku } from './normalise.ts';
export { resolveLine, emptySkuMaps, type LineResolution, type LineVia, type MasterRef, type SkuMaps, type LineKeys } from './resolve.ts';
export { applyMapping, compileMapping, emptyMapping, type CompiledMapping, type MappedOrder, type MappingDefinition, type StatusOverride } from './apply.ts';
export { ATTRIBUTE_TYPES, CANONICAL_TARGETS, RULE_LIMITS, checkRuleValue, compileRule, type AttributeType, type AttributeValue, type RuleDefinition } from './rules.ts';
export { readSkuMapCsv, skuMapCsv, SKU_MAP_COLUMNS, type SkuMapRow } from './csv.ts';
export { resolveLinesIn } from './lines.ts';
export type { MappingDeps } from './context.ts';
export type { AliasesPut, RuleInput, RuleSaved } from './edit.ts';
export type { Preview, LineTrace } from './preview.ts';
export type { SkuMapImport } from './sku-map.ts';
export type { FieldRule, SkuAlias, StoredOverride } from './store.ts';

export interface ConnectionMapping {
  connectionId: string;
  /** Bumped by every change (the ingest cache compares it before each batch). */
  version: string;
  aliases: store.SkuAlias[];
  statusOverrides: store.StoredOverride[];
  rules: store.FieldRule[];
}

/** Reads one stored record into its mapped canonical order (ingest: the connector has already read it). */
export type OrderMapper = (connectionId: string, order: CanonicalOrder, payload: unknown, topic: string) => Promise<CanonicalOrder>;

export interface MappingService {
  get(connectionId: string): Promise<Result<ConnectionMapping>>;
  /** Upserts aliases (by normalised code); any new or changed one re-reads the connection's UNMAPPED_SKU orders. */
  putAliases(connectionId: string, aliases: { code: string; sku: string }[], actor: string): Promise<Result<edit.AliasesPut>>;
  deleteAlias(connectionId: string, code: string): Promise<Result<{ removed: string }>>;
  /** The connection's overrides become exactly these. */
  putStatusOverrides(connectionId: string, overrides: StatusOverride[], actor: string): Promise<Result<store.StoredOverride[]>>;
  createRule(connectionId: string, input: edit.RuleInput, actor: string): Promise<Result<edit.RuleSaved>>;
  updateRule(connectionId: string, ruleId: string, input: edit.RuleInput, actor: string): Promise<Result<edit.RuleSaved>>;
  deleteRule(connectionId: string, ruleId: string): Promise<Result<{ deleted: string }>>;
  /** The canonical order a payload would become, the rules that fire and how each line maps; writes nothing. */
  preview(connectionId: string, payload: unknown, topic?: string): Promise<Result<Preview>>;
  exportCsv(connectionId: string): Promise<Result<string>>;
  importCsv(connectionId: string, csv: string, actor: string): Promise<Result<SkuMapImport>>;
  /** For a batch of records: one version query, then each order mapped with its connection's current mapping. */
  orderMapper(connectionIds: string[]): Promise<OrderMapper>;
  /** The master SKU of each line, in the caller's transaction (orders apply calls it). */
  resolveLines(db: Db, connectionId: string, lines: LineKeys[]): Promise<LineResolution[]>;
  /** The product each seller SKU code means on a connection (alias, or normalised master SKU): listings are mapped by it. */
  mastersForCodes(connectionId: string, codes: string[]): Promise<Map<string, string>>;
  /** In the caller's transaction: queue the stored records of the connection's UNMAPPED_SKU orders again. */
  reinterpretUnmapped(trx: Db, connectionId: string): Promise<number>;
  cacheStats(): MappingCacheStats;
}

export function createMappingService(deps: MappingDeps): MappingService {
  const ctx: MappingContext = { ...deps, cache: new MappingCache(deps.db) };
  return {
    async get(connectionId) {
      const connection = await deps.channels.get(connectionId);
      if (!connection.ok) return connection;
      const [versions, aliases, statusOverrides, rules] = await Promise.all([
        store.versionsOf(deps.db, [connectionId]), store.listAliases(deps.db, connectionId),
        store.listStatusOverrides(deps.db, connectionId), store.listRules(deps.db, connectionId),
      ]);
      return ok({ connectionId, version: versions.get(connectionId)!, aliases, statusOverrides, rules });
    },
    putAliases: (connectionId, aliases, actor) => edit.putAliases(ctx, connectionId, aliases, actor),
    deleteAlias: (connectionId, code) => edit.deleteAlias(ctx, connectionId, code),
    putStatusOverrides: (connectionId, overrides, actor) => edit.putStatusOverrides(ctx, connectionId, overrides, actor),
    createRule: (connectionId, input, actor) => edit.createRule(ctx, connectionId, input, actor),
    updateRule: (connectionId, ruleId, input, actor) => edit.updateRule(ctx, connectionId, ruleId, input, actor),
    deleteRule: (connectionId, ruleId) => edit.deleteRule(ctx, connectionId, ruleId),
    preview: (connectionId, payload, topic) => previewMapping(ctx, connectionId, payload, topic),
    exportCsv: (connectionId) => exportSkuMap(ctx, connectionId),
    importCsv: (connectionId, csv, actor) => importSkuMap(ctx, connectionId, csv, actor),
    async orderMapper(connectionIds) {
      const compiled = await ctx.cache.forConnections(connectionIds);
      return async (connectionId, order, payload, topic) => {
        const mapping = compiled.get(connectionId);
        return mapping ? (await applyMapping(order, payload, mapping, { topic })).order : order;
      };
    },
    resolveLines: (db, connectionId, lines) => resolveLinesIn(db, connectionId, lines),
    mastersForCodes: (connectionId, codes) => mastersForCodes(deps.db, connectionId, codes),
    reinterpretUnmapped: (trx, connectionId) => edit.reinterpretUnmapped(ctx, trx, connectionId),
    cacheStats: () => ctx.cache.stats(),
  };
}
