import { keysetPage, type Db, type MovementKind } from '../store/index.ts';
import type { LocationDirectory } from './locations.ts';
import type { Movement, Page } from './types.ts';

export interface MovementFilter {
  productId?: string | undefined;
  locationId?: string | undefined;
  kind?: MovementKind | undefined;
  reference?: string | undefined;
  limit: number;
  /** Newest first: the cursor is the id of the last movement of the previous page. */
  cursor?: string | undefined;
}

const movementColumns = [
  'm.id', 'm.kind', 'p.sku', 'm.location_id', 'm.on_hand_delta', 'm.reserved_delta', 'm.on_hand_after',
  'm.reserved_after', 'm.reason', 'm.reference', 'm.actor', 'm.reservation_id', 'm.note', 'm.created_at',
] as const;

type MovementRow = {
  id: string; kind: MovementKind; sku: string; location_id: string; on_hand_delta: number; reserved_delta: number;
  on_hand_after: number; reserved_after: number; reason: string; reference: string | null; actor: string;
  reservation_id: string | null; note: string | null; created_at: Date;
};

async function toMovements(rows: MovementRow[], locations: LocationDirectory): Promise<Movement[]> {
  const codes = await locations.codesOf(rows.map((r) => r.location_id));
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    sku: r.sku,
    location: codes.get(r.location_id) ?? r.location_id,
    onHandDelta: r.on_hand_delta,
    reservedDelta: r.reserved_delta,
    onHandAfter: r.on_hand_after,
    reservedAfter: r.reserved_after,
    reason: r.reason,
    reference: r.reference,
    actor: r.actor,
    reservationId: r.reservation_id,
    note: r.note,
    createdAt: r.created_at.toISOString(),
  }));
}

export async function movementsOfOperation(db: Db, locations: LocationDirectory, operationId: string): Promise<Movement[]> {
  const rows = await db
    .selectFrom('stock_movements as m')
    .innerJoin('products as p', 'p.id', 'm.product_id')
    .select(movementColumns)
    .where('m.operation_id', '=', operationId)
    .orderBy('m.id')
    .execute();
  return toMovements(rows, locations);
}

export async function listMovements(db: Db, locations: LocationDirectory, filter: MovementFilter): Promise<Page<Movement>> {
  let query = db
    .selectFrom('stock_movements as m')
    .innerJoin('products as p', 'p.id', 'm.product_id')
    .select(movementColumns)
    .orderBy('m.id', 'desc')
    .limit(filter.limit + 1);
  if (filter.productId) query = query.where('m.product_id', '=', filter.productId);
  if (filter.locationId) query = query.where('m.location_id', '=', filter.locationId);
  if (filter.kind) query = query.where('m.kind', '=', filter.kind);
  if (filter.reference) query = query.where('m.reference', '=', filter.reference);
  if (filter.cursor) query = query.where('m.id', '<', filter.cursor);
  const { page, nextCursor } = keysetPage(await query.execute(), filter.limit);
  return { items: await toMovements(page, locations), nextCursor };
}
