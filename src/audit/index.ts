/**
 * The audit log: every manual action and every configuration change, with who, when, before and
 * after. Written in the transaction that makes the change, so a change and its record commit together.
 */
import { keysetPage, type Db } from '../store/index.ts';

export interface AuditEntry {
  actor: string;
  /** What was done, as `<module>.<verb>`: `review.approve`, `review.settings`, `alerts.ack` … */
  action: string;
  subjectType: string;
  subjectId: string;
  before?: unknown;
  after?: unknown;
  details?: Record<string, unknown>;
}

export interface AuditRecord extends Required<Omit<AuditEntry, 'details'>> {
  id: string;
  at: string;
  details: Record<string, unknown>;
}

export interface AuditFilter {
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  since?: Date | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

export async function recordAudit(trx: Db, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await trx.insertInto('audit_log').values(list.map((e) => ({
    actor: e.actor, action: e.action, subject_type: e.subjectType, subject_id: e.subjectId,
    before: json(e.before), after: json(e.after), details: JSON.stringify(e.details ?? {}),
  }))).execute();
}

/** Newest first, keyset-paged. */
export async function queryAudit(db: Db, filter: AuditFilter): Promise<{ items: AuditRecord[]; nextCursor: string | null }> {
  const limit = Math.min(filter.limit ?? 100, 1000);
  let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit + 1);
  if (filter.subjectType) q = q.where('subject_type', '=', filter.subjectType);
  if (filter.subjectId) q = q.where('subject_id', '=', filter.subjectId);
  if (filter.actor) q = q.where('actor', '=', filter.actor);
  if (filter.action) q = q.where('action', '=', filter.action);
  if (filter.since) q = q.where('at', '>=', filter.since);
  if (filter.cursor) q = q.where('id', '<', filter.cursor);
  const { page, nextCursor } = keysetPage(await q.execute(), limit);
  return {
    nextCursor,
    items: page.map((r) => ({
      id: r.id, at: r.at.toISOString(), actor: r.actor, action: r.action, subjectType: r.subject_type, subjectId: r.subject_id,
      before: r.before, after: r.after, details: r.details as Record<string, unknown>,
    })),
  };
}
