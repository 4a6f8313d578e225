/** What a raw payload would become on a connection, with nothing written: the merchant tries a mapping before it meets real orders. */
import type { CanonicalOrder, OrderMapping } from '../connectors/types.ts';
import { ok, type Result } from '../errors/index.ts';
import { applyMapping } from './apply.ts';
import { connectorOfConnection, readSample, type MappingContext } from './context.ts';
import { resolveLinesIn } from './lines.ts';
import type { LineVia } from './resolve.ts';
import type { AttributeValue } from './rules.ts';

export interface LineTrace {
  externalLineId: string;
  /** The seller SKU code the platform sent. */
  code: string;
  masterSku: string | null;
  via: LineVia | null;
  note?: string;
}

export interface Preview {
  order: CanonicalOrder;
  firedRules: { rule: string; target: string; value: AttributeValue }[];
  /** Rules that failed or returned the wrong type on this payload (stored orders keep the same in their trace). */
  failedRules: { rule: string; target: string; error: string }[];
  status: OrderMapping['status'];
  lines: LineTrace[];
  /** UNMAPPED_SKU when a line maps to nothing: the order would be kept and held, nothing reserved. */
  flags: string[];
}

export async function previewMapping(ctx: MappingContext, connectionId: string, payload: unknown, topic?: string): Promise<Result<Preview>> {
  const connector = await connectorOfConnection(ctx, connectionId);
  if (!connector.ok) return connector;
  const read = readSample(connector.value, payload, topic);
  if (!read.ok) return read;
  const mapping = (await ctx.cache.forConnections([connectionId])).get(connectionId)!;
  const mapped = await applyMapping(read.order, read.payload, mapping, topic ? { topic } : {});
  const resolved = await resolveLinesIn(ctx.db, connectionId, mapped.order.lines);
  const lines = mapped.order.lines.map((l, i): LineTrace => {
    const r = resolved[i]!;
    return { externalLineId: l.externalLineId, code: l.sku, masterSku: r.masterSku, via: r.via, ...(r.note ? { note: r.note } : {}) };
  });
  const trace = mapped.order.mapping!;
  return ok({
    order: mapped.order,
    firedRules: trace.rules.flatMap((r) => ('value' in r ? [r] : [])),
    failedRules: trace.rules.flatMap((r) => ('error' in r ? [r] : [])),
    status: trace.status,
    lines,
    flags: lines.some((l) => l.masterSku === null) ? ['UNMAPPED_SKU'] : [],
  });
}
