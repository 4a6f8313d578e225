/** The partners table: ERPs and warehouses, with sealed credentials and a cursor per feed. */
import { sql } from 'kysely';
import type { SecretBox } from '../channels/index.ts';
import { failure, ok, type Result } from '../errors/index.ts';
import { isUniqueViolation, type ConnectionStatus, type Db, type PartnerAdapterKind, type PartnerKind } from '../store/index.ts';

export interface Partner {
  id: string;
  name: string;
  kind: PartnerKind;
  adapter: PartnerAdapterKind;
  baseUrl: string;
  settings: Record<string, string>;
  /** Location codes a warehouse runs. */
  locations: string[];
  status: ConnectionStatus;
  cursors: Record<string, string>;
  lastSuccessAt: string | null;
  errorStreak: number;
  lastError: string | null;
  createdAt: string;
}

export interface PartnerInput {
  name: string;
  adapter: PartnerAdapterKind;
  baseUrl?: string | undefined;
  credentials: Record<string, string>;
  settings?: Record<string, string> | undefined;
  locations?: string[] | undefined;
}

export interface PartnerPatch {
  status?: ConnectionStatus | undefined;
  baseUrl?: string | undefined;
  credentials?: Record<string, string> | undefined;
  settings?: Record<string, string> | undefined;
  locations?: string[] | undefined;
  /** Read every feed from its start again (a partner system replaced or restored from a backup). */
  resetCursors?: boolean | undefined;
}

const columns = ['id', 'name', 'kind', 'adapter', 'base_url', 'settings', 'locations', 'status', 'cursors', 'last_success_at', 'error_streak', 'last_error', 'created_at'] as const;

type Row = {
  id: string; name: string; kind: PartnerKind; adapter: PartnerAdapterKind; base_url: string; settings: Record<string, string>; locations: string[];
  status: ConnectionStatus; cursors: Record<string, string>; last_success_at: Date | null; error_streak: number; last_error: string | null; created_at: Date;
};

function toPartner(r: Row): Partner {
  return {
    id: r.id, name: r.name, kind: r.kind, adapter: r.adapter, baseUrl: r.base_url, settings: r.settings ?? {}, locations: r.locations,
    status: r.status, cursors: r.cursors ?? {}, lastSuccessAt: r.last_success_at?.toISOString() ?? null,
    errorStreak: r.error_streak, lastError: r.last_error, createdAt: r.created_at.toISOString(),
  };
}

export const kindOfAdapter = (adapter: PartnerAdapterKind): PartnerKind => (adapter === 'wms-rest' ? 'wms' : 'erp');

export function partnerNotFound(id: string) {
  return failure('PARTNER.NOT_FOUND', `No ERP or warehouse partner has id ${id}.`, { partnerId: id });
}

/** A location is run by one warehouse system at most: two would both ship its orders. */
async function locationTaken(db: Db, locations: string[], exceptId: string | null): Promise<string | undefined> {
  if (locations.length === 0) return undefined;
  let q = db.selectFrom('partners').select(['name', 'locations']).where('kind', '=', 'wms').where(sql<boolean>`locations && ${sql.val(locations)}::text[]`);
  if (exceptId) q = q.where('id', '!=', exceptId);
  const clash = await q.executeTakeFirst();
  return clash ? `${clash.locations.filter((l) => locations.includes(l)).join(', ')} (run by "${clash.name}")` : undefined;
}

export async function createPartner(db: Db, secrets: SecretBox, input: PartnerInput): Promise<Result<Partner>> {
  const kind = kindOfAdapter(input.adapter);
  const locations = kind === 'wms' ? (input.locations ?? []) : [];
  const taken = await locationTaken(db, locations, null);
  if (taken) return failure('PARTNER.LOCATION_TAKEN', `Location ${taken} already has a warehouse system.`, { locations });
  try {
    const row = await db.insertInto('partners').values({
      name: input.name, kind, adapter: input.adapter, base_url: (input.baseUrl ?? '').replace(/\/+$/, ''),
      credentials_enc: secrets.seal(JSON.stringify(input.credentials)), settings: JSON.stringify(input.settings ?? {}), locations,
    }).returning(columns).executeTakeFirstOrThrow();
    return ok(toPartner(row));
  } catch (err) {
    if (isUniqueViolation(err)) return failure('PARTNER.EXISTS', `A partner named "${input.name}" already exists.`, { name: input.name });
    throw err;
  }
}

export async function updatePartner(db: Db, secrets: SecretBox, id: string, patch: PartnerPatch): Promise<Result<Partner>> {
  if (patch.locations) {
    const taken = await locationTaken(db, patch.locations, id);
    if (taken) return failure('PARTNER.LOCATION_TAKEN', `Location ${taken} already has a warehouse system.`, { locations: patch.locations });
  }
  const row = await db.updateTable('partners').set({
    ...(patch.status ? { status: patch.status } : {}),
    ...(patch.baseUrl !== undefined ? { base_url: patch.baseUrl.replace(/\/+$/, '') } : {}),
    ...(patch.credentials ? { credentials_enc: secrets.seal(JSON.stringify(patch.credentials)) } : {}),
    ...(patch.settings ? { settings: JSON.stringify(patch.settings) } : {}),
    ...(patch.locations ? { locations: patch.locations } : {}),
    // A new epoch: the replaced system numbers its events from 1 again, so keys of applied events
    // (and the ledger's idempotency keys made from them) must not meet the old ones.
    ...(patch.resetCursors ? { cursors: sql`jsonb_build_object('epoch', (coalesce((cursors->>'epoch')::int, 0) + 1)::text)` } : {}),
    updated_at: new Date(),
  }).where('id', '=', id).returning(columns).executeTakeFirst();
  return row ? ok(toPartner(row)) : partnerNotFound(id);
}

export async function getPartner(db: Db, id: string): Promise<Partner | undefined> {
  const row = await db.selectFrom('partners').select(columns).where('id', '=', id).executeTakeFirst();
  return row ? toPartner(row) : undefined;
}

export async function listPartners(db: Db): Promise<Partner[]> {
  return (await db.selectFrom('partners').select(columns).orderBy('id').execute()).map(toPartner);
}

export async function credentialsOf(db: Db, secrets: SecretBox, id: string): Promise<Record<string, string>> {
  const row = await db.selectFrom('partners').select('credentials_enc').where('id', '=', id).executeTakeFirstOrThrow();
  return JSON.parse(secrets.open(row.credentials_enc)) as Record<string, string>;
}

/** Moves one feed's cursor (only after what it covers was applied). */
export async function saveCursor(db: Db, id: string, feed: string, cursor: string): Promise<void> {
  await db.updateTable('partners').set({ cursors: sql`cursors || jsonb_build_object(${feed}::text, ${cursor}::text)`, updated_at: new Date() }).where('id', '=', id).execute();
}

export async function recordPartnerCall(db: Db, id: string, error: string | null): Promise<void> {
  await db.updateTable('partners').set(error
    ? { error_streak: sql<number>`error_streak + 1`, last_error: error.slice(0, 1000), updated_at: new Date() }
    : { error_streak: 0, last_error: null, last_success_at: new Date(), updated_at: new Date() }).where('id', '=', id).execute();
}
