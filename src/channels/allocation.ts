import { z } from 'zod';

/** How much of what is available a channel is shown (per connection, or overridden per listing). */
export const allocationRuleSchema = z.object({
  /** Share of available stock shown on this channel, in percent (rounded down). */
  sharePercent: z.number().min(0).max(100).optional(),
  /** Never show more than this. */
  maxShown: z.number().int().min(0).optional(),
  /** Units held back from this channel before the share is taken. */
  buffer: z.number().int().min(0).optional(),
  /** At or below this the channel shows 0, so the last units cannot be oversold by a slow channel. */
  zeroAtOrBelow: z.number().int().min(0).optional(),
});

export type AllocationRule = z.infer<typeof allocationRuleSchema>;

/** The listing's rule wins field by field over the connection's. */
export function effectiveRule(connectionRule: AllocationRule, listingRule: AllocationRule | null | undefined): AllocationRule {
  return { ...connectionRule, ...(listingRule ?? {}) };
}

/** Published quantity = min(max shown, floor((available − buffer) × share)), or 0 at or below the threshold. */
export function publishedQuantity(available: number, rule: AllocationRule): number {
  const afterBuffer = Math.max(0, available - (rule.buffer ?? 0));
  const shared = Math.floor((afterBuffer * (rule.sharePercent ?? 100)) / 100);
  const capped = rule.maxShown === undefined ? shared : Math.min(shared, rule.maxShown);
  return capped <= (rule.zeroAtOrBelow ?? 0) ? 0 : capped;
}
