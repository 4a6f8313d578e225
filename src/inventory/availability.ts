/**
 * Pure availability arithmetic. Balances come from the ledger; safety stock is configuration.
 * A bundle has no stock of its own: it is as available as its scarcest component allows.
 */

export interface BalanceFigures {
  onHand: number;
  reserved: number;
  safetyStock: number;
}

/** What channels may sell at one location: never negative, safety stock held back. */
export function sellable(b: BalanceFigures): number {
  return Math.max(0, b.onHand - b.reserved - b.safetyStock);
}

/** Unreserved physical stock: what a reservation may still take (safety stock is for channels, not for sold orders). */
export function unreserved(b: BalanceFigures): number {
  return Math.max(0, b.onHand - b.reserved);
}

export interface ComponentNeed {
  productId: string;
  qty: number;
}

/** How many whole bundles the figures allow: min over components of floor(figure / qty). */
export function bundleUnits(components: ComponentNeed[], figureOf: (productId: string) => number): number {
  if (components.length === 0) return 0;
  let units = Number.POSITIVE_INFINITY;
  for (const c of components) units = Math.min(units, Math.floor(figureOf(c.productId) / c.qty));
  return Math.max(0, units);
}

/**
 * Location preference for a reservation line without a location: the one with the most
 * unreserved stock first, so a line is more often served whole from one place.
 */
export function rankLocations(freeByLocation: Map<string, number>): string[] {
  return [...freeByLocation.entries()]
    .filter(([, free]) => free > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([id]) => id);
}
