/** The alerts table: raising, deduplicating, resolving, acknowledging and snoozing. */
import { sql } from 'kysely';
import type { AlertSeverity, AlertStatus, Db } from '../store/index.ts';
import type { RuleKind } from './params.ts';
import { oneOffRules, type Raised } from './rules.ts';

export interface Alert {
  id: string;
  rule: string;
  subject: string;
  status: AlertStatus;
  severity: AlertSeverity;
  message: string;
  values: Record<string, unknown>;
  occurrences: number;
  firstSeenAt: string;
  lastSeenAt: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  snoozedUntil: string | null;
  resolvedAt: string | null;
}

type Row = {
  id: string; rule: string; subject: string; dedupe_key: string; status: AlertStatus; severity: AlertSeverity; message: string; values: unknown;
  occurrences: number; first_seen_at: Date; last_seen_at: Date; notified: number; acknowledged_by: string | null; acknowledged_at: Date | null;
  snoozed_until: Date | null; resolved_at: Date | null;
};

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toAlert(r: Row): Alert {
  return {
    id: r.id, rule: r.rule, subject: r.subject, status: r.status, severity: r.severity, message: r.message, values: (r.values ?? {}) as Record<string, unknown>,
    occurrences: r.occurrences, firstSeenAt: r.first_seen_at.toISOString(), lastSeenAt: r.last_seen_at.toISOString(),
    acknowledgedBy: r.acknowledged_by, acknowledgedAt: iso(r.acknowledged_at), snoozedUntil: iso(r.snoozed_until), resolvedAt: iso(r.resolved_at),
  };
}

export const dedupeKeyOf = (r: Pick<Raised, 'rule' | 'subject'>) => `${r.rule}:${r.subject}`;

/** An alert to send: new, or back from a snooze that ran out; `sequence` tells the sends of one alert apart. */
export interface Notice {
  alert: Alert;
  sequence: number;
}

/**
 * Applies one evaluation inside the caller's transaction. Rules in `judged` were evaluated: their live
 * alerts not raised again have cleared and are resolved (one-off events excepted: a person closes those).
 * Evaluations serialise on an advisory lock, so two processes never raise the same alert twice.
 */
export async function applyRaised(trx: Db, raised: Raised[], judged: RuleKind[], now: Date): Promise<{ notices: Notice[]; resolved: number }> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('omnisync.alerts.evaluate'))`.execute(trx);
  if (judged.length === 0) return { notices: [], resolved: 0 };
  const live = await trx.selectFrom('alerts').selectAll().where('status', '<>', 'resolved').where('rule', 'in', judged).execute();
  const byKey = new Map(live.map((r) => [r.dedupe_key, r]));
  const notices: Notice[] = [];
  for (const r of raised) {
    const key = dedupeKeyOf(r);
    const row = byKey.get(key);
    byKey.delete(key);
    if (!row) {
      const inserted = await trx.insertInto('alerts').values({
        rule: r.rule, subject: r.subject, dedupe_key: key, status: 'open', severity: r.severity, message: r.message,
        values: JSON.stringify(r.values), first_seen_at: now, last_seen_at: now, notified: 1,
      }).returningAll().executeTakeFirstOrThrow();
      notices.push({ alert: toAlert(inserted), sequence: 1 });
      continue;
    }
    const wakes = row.status === 'snoozed' && row.snoozed_until !== null && row.snoozed_until <= now;
    const updated = await trx.updateTable('alerts').set({
      last_seen_at: now, occurrences: row.occurrences + 1, values: JSON.stringify(r.values), message: r.message, severity: r.severity,
      ...(wakes ? { status: 'open' as const, snoozed_until: null, notified: row.notified + 1 } : {}),
    }).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow();
    if (wakes) notices.push({ alert: toAlert(updated), sequence: updated.notified });
  }
  const cleared = [...byKey.values()].filter((r) => !oneOffRules.has(r.rule as RuleKind)).map((r) => r.id);
  if (cleared.length > 0) await trx.updateTable('alerts').set({ status: 'resolved', resolved_at: now, snoozed_until: null }).where('id', 'in', cleared).execute();
  return { notices, resolved: cleared.length };
}

export interface AlertFilter {
  status?: AlertStatus | undefined;
  rule?: string | undefined;
  subject?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export async function listAlerts(db: Db, filter: AlertFilter): Promise<{ items: Alert[]; nextCursor: string | null }> {
  let q = db.selectFrom('alerts').selectAll().orderBy('id', 'desc').limit(filter.limit + 1);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.rule) q = q.where('rule', '=', filter.rule);
  if (filter.subject) q = q.where('subject', '=', filter.subject);
  if (filter.cursor) q = q.where('id', '<', filter.cursor);
  const rows = await q.execute();
  const page = rows.slice(0, filter.limit);
  return { items: page.map(toAlert), nextCursor: rows.length > filter.limit ? page.at(-1)!.id : null };
}

export async function lockAlert(trx: Db, id: string): Promise<Row | undefined> {
  return trx.selectFrom('alerts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateAlert(trx: Db, id: string, patch: { status: AlertStatus; acknowledged_by?: string; acknowledged_at?: Date; snoozed_until?: Date | null }): Promise<Alert> {
  return toAlert(await trx.updateTable('alerts').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow());
}

/** Live alerts per rule and status (the metrics gauge). */
export async function liveCounts(db: Db): Promise<{ rule: string; status: AlertStatus; count: number }[]> {
  const rows = await db.selectFrom('alerts').select(['rule', 'status', sql<number>`count(*)::int`.as('count')])
    .where('status', '<>', 'resolved').groupBy(['rule', 'status']).execute();
  return rows;
}

export async function readState<T>(db: Db, key: string): Promise<T | null> {
  const row = await db.selectFrom('alert_state').select('value').where('key', '=', key).executeTakeFirst();
  return row ? (row.value as T) : null;
}

export async function writeState(trx: Db, key: string, value: unknown): Promise<void> {
  await trx.insertInto('alert_state').values({ key, value: JSON.stringify(value) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: new Date() })).execute();
}
