import { sql } from 'kysely';
import type { Db, MovementKind } from '../store/index.ts';

export interface MovementWrite {
  kind: MovementKind;
  productId: string;
  locationId: string;
  onHandDelta: number;
  reservedDelta: number;
  reason: string;
  reference: string | null;
  actor: string;
  operationId: string;
  reservationId?: string | null;
  note?: string | null;
}

export interface WrittenMovement {
  id: string;
  on_hand_after: number;
  reserved_after: number;
  created_at: Date;
}

/**
 * Changes one balance and appends its movement in a single statement, so the balance and the
 * ledger cannot disagree. Anything that lowers free stock (on_hand − reserved) or touches `reserved`
 * is a conditional UPDATE: it writes nothing and returns undefined when the result would break
 * 0 <= reserved <= on_hand. A plain increase of on_hand may create the balance row.
 */
export async function writeMovement(trx: Db, m: MovementWrite): Promise<WrittenMovement | undefined> {
  const guarded = m.onHandDelta < 0 || m.reservedDelta !== 0;
  const balance = guarded
    ? sql`UPDATE stock_balances
             SET on_hand = on_hand + ${m.onHandDelta}, reserved = reserved + ${m.reservedDelta}, updated_at = now()
           WHERE product_id = ${m.productId} AND location_id = ${m.locationId}
             AND on_hand + ${m.onHandDelta} >= reserved + ${m.reservedDelta}
             AND reserved + ${m.reservedDelta} >= 0
       RETURNING on_hand, reserved`
    : sql`INSERT INTO stock_balances AS s (product_id, location_id, on_hand, reserved)
          VALUES (${m.productId}, ${m.locationId}, ${m.onHandDelta}, 0)
          ON CONFLICT (product_id, location_id)
          DO UPDATE SET on_hand = s.on_hand + excluded.on_hand, updated_at = now()
       RETURNING on_hand, reserved`;
  const result = await sql<WrittenMovement>`
    WITH b AS (${balance})
    INSERT INTO stock_movements (kind, product_id, location_id, on_hand_delta, reserved_delta, on_hand_after,
                                 reserved_after, reason, reference, actor, operation_id, reservation_id, note)
    SELECT ${m.kind}, ${m.productId}, ${m.locationId}, ${m.onHandDelta}, ${m.reservedDelta}, b.on_hand, b.reserved,
           ${m.reason}, ${m.reference}, ${m.actor}, ${m.operationId}, ${m.reservationId ?? null}, ${m.note ?? null}
      FROM b
    RETURNING id, on_hand_after, reserved_after, created_at`.execute(trx);
  return result.rows[0];
}

/**
 * A physical count sets on_hand absolutely; the ledger records the difference as a delta. The old
 * value is read under the row lock in the same statement, so a concurrent movement cannot slip between.
 * Returns undefined when the count is below what is reserved.
 */
export async function writeCount(
  trx: Db,
  m: Omit<MovementWrite, 'kind' | 'onHandDelta' | 'reservedDelta'> & { counted: number },
): Promise<(WrittenMovement & { on_hand_delta: number }) | undefined> {
  await sql`INSERT INTO stock_balances (product_id, location_id) VALUES (${m.productId}, ${m.locationId})
            ON CONFLICT (product_id, location_id) DO NOTHING`.execute(trx);
  const result = await sql<WrittenMovement & { on_hand_delta: number }>`
    WITH old AS (
      SELECT on_hand FROM stock_balances WHERE product_id = ${m.productId} AND location_id = ${m.locationId} FOR UPDATE
    ), b AS (
      UPDATE stock_balances s SET on_hand = ${m.counted}, updated_at = now()
        FROM old
       WHERE s.product_id = ${m.productId} AND s.location_id = ${m.locationId} AND ${m.counted} >= s.reserved
      RETURNING s.on_hand, s.reserved, old.on_hand AS before
    )
    INSERT INTO stock_movements (kind, product_id, location_id, on_hand_delta, reserved_delta, on_hand_after,
                                 reserved_after, reason, reference, actor, operation_id, note)
    SELECT 'count', ${m.productId}, ${m.locationId}, b.on_hand - b.before, 0, b.on_hand, b.reserved,
           ${m.reason}, ${m.reference}, ${m.actor}, ${m.operationId}, ${m.note ?? null}
      FROM b
    RETURNING id, on_hand_after, reserved_after, created_at, on_hand_delta`.execute(trx);
  return result.rows[0];
}

export async function readBalance(db: Db, productId: string, locationId: string): Promise<{ onHand: number; reserved: number }> {
  const row = await db
    .selectFrom('stock_balances')
    .select(['on_hand', 'reserved'])
    .where('product_id', '=', productId)
    .where('location_id', '=', locationId)
    .executeTakeFirst();
  return { onHand: row?.on_hand ?? 0, reserved: row?.reserved ?? 0 };
}
