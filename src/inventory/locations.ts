import { failure, ok, type Result } from '../errors/index.ts';
import { isUniqueViolation, type Db, type LocationKind } from '../store/index.ts';
import type { Location } from './types.ts';

interface LocationRow {
  id: string; code: string; name: string; kind: LocationKind; created_at: Date; updated_at: Date;
}

function toLocation(row: LocationRow): Location {
  return { code: row.code, name: row.name, kind: row.kind, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString() };
}

export interface LocationDirectory {
  create(input: { code: string; name: string; kind: LocationKind }): Promise<Result<Location>>;
  update(code: string, patch: { name?: string | undefined; kind?: LocationKind | undefined }): Promise<Result<Location>>;
  get(code: string): Promise<Result<Location>>;
  list(): Promise<Location[]>;
  /** code → id for the codes that exist. Ids never change, so found codes are cached; misses ask again. */
  resolve(codes: Iterable<string>): Promise<Map<string, string>>;
  /** id → code, for showing movements and reservations. */
  codesOf(ids: Iterable<string>): Promise<Map<string, string>>;
}

export function createLocationDirectory(db: Db): LocationDirectory {
  const idByCode = new Map<string, string>();
  const codeById = new Map<string, string>();
  const remember = (id: string, code: string) => {
    idByCode.set(code, id);
    codeById.set(id, code);
  };
  const notFound = (code: string) => failure('INVENTORY.LOCATION_NOT_FOUND', `No location has code "${code}". Create it first (POST /api/v1/locations).`, { location: code });

  return {
    async create(input) {
      try {
        const row = await db.insertInto('locations').values(input).returningAll().executeTakeFirstOrThrow();
        remember(row.id, row.code);
        return ok(toLocation(row));
      } catch (err) {
        if (isUniqueViolation(err)) return failure('INVENTORY.LOCATION_EXISTS', `A location with code "${input.code}" already exists.`, { location: input.code });
        throw err;
      }
    },

    async update(code, patch) {
      const row = await db.updateTable('locations').set({ ...patch, updated_at: new Date() }).where('code', '=', code).returningAll().executeTakeFirst();
      return row ? ok(toLocation(row)) : notFound(code);
    },

    async get(code) {
      const row = await db.selectFrom('locations').selectAll().where('code', '=', code).executeTakeFirst();
      return row ? ok(toLocation(row)) : notFound(code);
    },

    async list() {
      const rows = await db.selectFrom('locations').selectAll().orderBy('code').execute();
      for (const r of rows) remember(r.id, r.code);
      return rows.map(toLocation);
    },

    async resolve(codes) {
      const wanted = [...new Set(codes)];
      const missing = wanted.filter((c) => !idByCode.has(c));
      if (missing.length > 0) {
        const rows = await db.selectFrom('locations').select(['id', 'code']).where('code', 'in', missing).execute();
        for (const r of rows) remember(r.id, r.code);
      }
      const found = new Map<string, string>();
      for (const c of wanted) {
        const id = idByCode.get(c);
        if (id !== undefined) found.set(c, id);
      }
      return found;
    },

    async codesOf(ids) {
      const wanted = [...new Set(ids)];
      const missing = wanted.filter((id) => !codeById.has(id));
      if (missing.length > 0) {
        const rows = await db.selectFrom('locations').select(['id', 'code']).where('id', 'in', missing).execute();
        for (const r of rows) remember(r.id, r.code);
      }
      return new Map(wanted.flatMap((id) => (codeById.has(id) ? [[id, codeById.get(id)!] as const] : [])));
    },
  };
}
