import { z } from 'zod';

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string().describe('Stable error code, e.g. INVENTORY.INSUFFICIENT_STOCK (docs/errors.md)'),
    message: z.string(),
    details: z.record(z.string(), z.unknown()),
  }),
});

/** Keyset paging: `cursor` is opaque to clients; pass back `nextCursor` to get the next page. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().regex(/^\d+$/, 'must be a cursor returned by the previous page').optional(),
});

export const skuSchema = z.string().trim().min(1).max(100);
export const locationCodeSchema = z.string().trim().min(1).max(100);
export const quantitySchema = z.number().int().positive().max(1_000_000_000);
export const idempotencyKeySchema = z.string().trim().min(1).max(200);
