/** Reading the review queue: held orders with their reasons, "what if" over past orders, holds for alerts and metrics. */
import { sql } from 'kysely';
import type { Db } from '../store/index.ts';
import { keysetPage } from '../store/index.ts';
import { mergeSettings, type FiredRule, type ReviewSettings } from './review-rules.ts';
import { CANDIDATE_COLUMNS, judge, REVIEW_FLAG } from './review.ts';
import { createHistoryCache } from './review-history.ts';
import { settingsOf } from './review-settings.ts';

export interface QueueItem {
  orderId: string;
  connectionId: string;
  number: string;
  status: string;
  total: string;
  currency: string;
  flags: string[];
  /** Per flag: for REVIEW the rules that fired with their values; for a stock or warehouse flag its details. */
  reasons: { flag: string; rules?: FiredRule[]; details?: unknown }[];
  heldAt: string;
}

export interface QueueFilter {
  connectionId?: string | undefined;
  flag?: string | undefined;
  rule?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** Orders that wait for a person, oldest first. */
export async function listQueue(db: Db, filter: QueueFilter): Promise<{ items: QueueItem[]; nextCursor: string | null }> {
  const limit = Math.min(filter.limit ?? 50, 500);
  let q = db.selectFrom('orders as o')
    .leftJoin('review_holds as h', (j) => j.onRef('h.order_id', '=', 'o.id').on('h.resolved_at', 'is', null))
    .select(['o.id', 'o.connection_id', 'o.number', 'o.status', 'o.total', 'o.currency', 'o.flags', 'o.flag_details', 'o.ingested_at', 'h.held_at'])
    .where('o.flags', '!=', sql<string[]>`'{}'::text[]`).where('o.status', 'in', ['pending', 'paid', 'partially_shipped', 'shipped'])
    .orderBy('o.id').limit(limit + 1);
  if (filter.connectionId) q = q.where('o.connection_id', '=', filter.connectionId);
  if (filter.flag) q = q.where(sql<boolean>`${filter.flag} = ANY(o.flags)`);
  if (filter.rule) q = q.where(sql<boolean>`o.flag_details -> ${REVIEW_FLAG} -> 'rules' @> ${JSON.stringify([{ rule: filter.rule }])}::jsonb`);
  if (filter.cursor) q = q.where('o.id', '>', filter.cursor);
  const { page, nextCursor } = keysetPage(await q.execute(), limit);
  return {
    nextCursor,
    items: page.map((r) => {
      const details = r.flag_details as Record<string, { rules?: FiredRule[] } | undefined>;
      return {
        orderId: r.id, connectionId: r.connection_id, number: r.number, status: r.status, total: r.total, currency: r.currency, flags: r.flags,
        reasons: r.flags.map((flag) => (flag === REVIEW_FLAG ? { flag, rules: details[flag]?.rules ?? [] } : { flag, details: details[flag] ?? null })),
        heldAt: (r.held_at ?? r.ingested_at).toISOString(),
      };
    }),
  };
}

export interface WhatIfReport {
  checked: number;
  wouldHold: number;
  /** Held by the rules in force when they arrived. */
  wereHeld: number;
  newlyHeld: number;
  noLongerHeld: number;
  byRule: Record<string, number>;
  orders: { orderId: string; number: string; connectionId: string; rules: FiredRule[]; wasHeld: boolean }[];
}

/** Runs a changed rule set (over the stored settings) across the last `days` of orders; writes nothing. */
export async function whatIf(db: Db, proposed: Partial<Record<keyof ReviewSettings, object>>, days: number, maxOrders = 20_000): Promise<WhatIfReport> {
  const settings = mergeSettings((await settingsOf(db, 'default')).stored, proposed);
  const rows = await db.selectFrom('orders').select(CANDIDATE_COLUMNS).where('ingested_at', '>', new Date(Date.now() - days * 86_400_000))
    .orderBy('id', 'desc').limit(maxOrders).execute();
  const held = new Set((await db.selectFrom('review_holds').select('order_id').distinct().where('order_id', 'in', rows.length ? rows.map((r) => r.id) : ['0']).execute()).map((r) => r.order_id));
  const cache = createHistoryCache(settings.quantity.percentile);
  const report: WhatIfReport = { checked: rows.length, wouldHold: 0, wereHeld: 0, newlyHeld: 0, noLongerHeld: 0, byRule: {}, orders: [] };
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500);
    const verdicts = await judge(db, cache, batch, { for: () => settings }, true);
    for (const [k, v] of verdicts.entries()) {
      const wasHeld = held.has(v.orderId);
      report.wereHeld += wasHeld ? 1 : 0;
      if (v.fired.length === 0) {
        report.noLongerHeld += wasHeld ? 1 : 0;
        continue;
      }
      report.wouldHold++;
      report.newlyHeld += wasHeld ? 0 : 1;
      for (const f of v.fired) report.byRule[f.rule] = (report.byRule[f.rule] ?? 0) + 1;
      if (report.orders.length < 500) report.orders.push({ orderId: v.orderId, number: batch[k]!.number, connectionId: batch[k]!.connection_id, rules: v.fired, wasHeld });
    }
  }
  return report;
}

export interface HoldRecord {
  holdId: string;
  orderId: string;
  connectionId: string;
  heldAt: Date;
  rules: FiredRule[];
}

/** Holds after `afterId`, oldest first (alerts read new ones as they come). */
export async function recentHolds(db: Db, afterId: string | null, limit: number): Promise<HoldRecord[]> {
  let q = db.selectFrom('review_holds as h').innerJoin('orders as o', 'o.id', 'h.order_id')
    .select(['h.id', 'h.order_id', 'o.connection_id', 'h.held_at', 'h.rules']).orderBy('h.id').limit(limit);
  if (afterId) q = q.where('h.id', '>', afterId);
  const rows = await q.execute();
  return rows.map((r) => ({ holdId: r.id, orderId: r.order_id, connectionId: r.connection_id, heldAt: r.held_at, rules: r.rules as FiredRule[] }));
}

/** Open holds and the oldest one's age (metrics). */
export async function reviewQueueStats(db: Db): Promise<{ open: number; oldestAgeMs: number }> {
  const r = await sql<{ n: number; oldest: number | null }>`
    SELECT count(*)::int AS n, (extract(epoch FROM clock_timestamp() - min(held_at)) * 1000)::float8 AS oldest FROM review_holds WHERE resolved_at IS NULL`.execute(db);
  return { open: r.rows[0]?.n ?? 0, oldestAgeMs: Math.round(r.rows[0]?.oldest ?? 0) };
}

/** Every order the rules ever held, with its channel id (the demo's recall and false holds). */
export async function everHeld(db: Db): Promise<{ connectionId: string; externalId: string; rules: string[] }[]> {
  const rows = await db.selectFrom('review_holds as h').innerJoin('orders as o', 'o.id', 'h.order_id')
    .select(['o.connection_id', 'o.external_id', 'h.rules']).execute();
  const byOrder = new Map<string, { connectionId: string; externalId: string; rules: Set<string> }>();
  for (const r of rows) {
    const key = `${r.connection_id}:${r.external_id}`;
    const entry = byOrder.get(key) ?? { connectionId: r.connection_id, externalId: r.external_id, rules: new Set<string>() };
    for (const f of r.rules as FiredRule[]) entry.rules.add(f.rule);
    byOrder.set(key, entry);
  }
  return [...byOrder.values()].map((e) => ({ ...e, rules: [...e.rules] }));
}
